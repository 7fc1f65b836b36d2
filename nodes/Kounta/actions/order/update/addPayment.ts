import type { IDataObject } from 'n8n-workflow';

import { validateInput } from '../../../../shared/validation';
import { paymentSchema } from '../../../schemas';
import { arrayChange, type OrderChange } from './change';

/** Change → Add Payment: a payment (the array mode decides how it is sent). */
export const addPayment: OrderChange = {
	properties: [
		{
			displayName: 'Payment Method ID',
			name: 'methodId',
			type: 'string',
			default: '',
			required: true,
			displayOptions: { show: { change: ['addPayment'] } },
		},
		{
			displayName: 'Amount',
			name: 'amount',
			type: 'number',
			typeOptions: { numberPrecision: 2 },
			default: 0,
			displayOptions: { show: { change: ['addPayment'] } },
		},
		{
			displayName: 'Reference',
			name: 'ref',
			type: 'string',
			default: '',
			description: 'Payment reference, e.g. the reward or voucher ID',
			displayOptions: { show: { change: ['addPayment'] } },
		},
	],
	async request(ctx, i, orderId, notAfter) {
		const payment = validateInput(
			ctx.getNode(),
			paymentSchema,
			{
				method_id: String(ctx.getNodeParameter('methodId', i, '')).trim(),
				amount: ctx.getNodeParameter('amount', i, 0),
				ref: String(ctx.getNodeParameter('ref', i, '')).trim() || undefined,
			},
			{
				itemIndex: i,
				what: 'order payment',
				labels: { method_id: 'Payment Method ID', amount: 'Amount' },
			},
		);
		return await arrayChange(ctx, i, orderId, 'payments', payment as IDataObject, notAfter);
	},
};
