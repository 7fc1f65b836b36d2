import type { IDataObject } from 'n8n-workflow';

import { locator } from '../../../../shared/listSearch';
import { validateInput } from '../../../../shared/validation';
import { lineSchema } from '../../../schemas';
import { arrayChange, type OrderChange } from './change';

/** Change → Add Line: a product line (the array mode decides how it is sent). */
export const addLine: OrderChange = {
	properties: [
		{
			...locator({
				displayName: 'Product',
				name: 'productId',
				searchListMethod: 'searchProducts',
				required: true,
				idPlaceholder: 'e.g. 1003',
				description:
					'The product the line adds: search the catalogue by name, code or barcode, or enter its ID',
			}),
			displayOptions: { show: { change: ['addLine'] } },
		},
		{
			displayName: 'Quantity',
			name: 'quantity',
			type: 'number',
			default: 1,
			displayOptions: { show: { change: ['addLine'] } },
		},
		{
			displayName: 'Line Options',
			name: 'lineOptions',
			type: 'collection',
			placeholder: 'Add Option',
			default: {},
			displayOptions: { show: { change: ['addLine'] } },
			options: [
				{ displayName: 'Notes', name: 'notes', type: 'string', default: '' },
				{
					displayName: 'Price Variation',
					name: 'priceVariation',
					type: 'number',
					typeOptions: { numberPrecision: 4 },
					default: 1,
					description: 'Multiplier on the line: 0 makes it free, 0.9 is 10% off',
				},
				{
					displayName: 'Unit Price',
					name: 'unitPrice',
					type: 'number',
					typeOptions: { numberPrecision: 2 },
					default: 0,
				},
			],
		},
	],
	async request(ctx, i, orderId, notAfter) {
		const options = ctx.getNodeParameter('lineOptions', i, {}) as IDataObject;
		const line = validateInput(
			ctx.getNode(),
			lineSchema,
			{
				// A plain string (workflows saved before the picker) passes through extractValue unchanged.
				product_id: String(
					ctx.getNodeParameter('productId', i, '', { extractValue: true }) ?? '',
				).trim(),
				quantity: ctx.getNodeParameter('quantity', i, 1),
				unit_price: options.unitPrice,
				price_variation: options.priceVariation,
				notes: options.notes || undefined,
			},
			{
				itemIndex: i,
				what: 'order line',
				labels: {
					product_id: 'Product ID',
					quantity: 'Quantity',
					price_variation: 'Price Variation',
				},
			},
		);
		return await arrayChange(ctx, i, orderId, 'lines', line as IDataObject, notAfter);
	},
};
