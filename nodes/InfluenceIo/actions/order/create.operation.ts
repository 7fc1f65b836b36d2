import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { mapItems } from '../../../shared/items';
import { createOrder } from '../../api';
import { bodyJsonOption, withBodyJson } from '../../helpers/body';
import { financialStatusField, orderFields, orderIdField, readOrder } from './fields';

const properties: INodeProperties[] = [
	{
		displayName:
			'Influence.io publishes only lineItems and discountCodes as keys of an order; this node also sends orderId, customerId, email, financialStatus, totalPrice, currency and createdAt (best guesses). Correct keys under Options → Body (JSON). Create each order once: it is never retried once it may have arrived, and status changes (paid, refunded) go through Order → Update.',
		name: 'keysNotice',
		type: 'notice',
		default: '',
	},
	{
		...orderIdField,
		description:
			'Your own (store\'s) order ID, sent as "orderId" (inferred key). Later updates use it in the URL.',
	},
	financialStatusField,
	{
		displayName: 'Additional Fields',
		name: 'additionalFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		options: orderFields,
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [bodyJsonOption('order')],
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['order'], operation: ['create'] } },
	properties,
);

export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
	return await mapItems(this, items, async (i) => {
		const fields = this.getNodeParameter('additionalFields', i, {}) as IDataObject;
		const { orderId, body } = readOrder(
			this,
			i,
			fields,
			this.getNodeParameter('financialStatus', i, 'paid'),
		);
		const response = await createOrder.call(this, withBodyJson(this, { orderId, ...body }, i), {
			itemIndex: i,
		});
		return { orderId, created: true, ...response };
	});
}
