import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { mapItems } from '../../../shared/items';
import { locator, locatorValue } from '../../../shared/listSearch';
import { validateInput } from '../../../shared/validation';
import { createOrder } from '../../api';
import { orderCreateBodySchema } from '../../schemas';

const properties: INodeProperties[] = [
	{
		displayName: 'Recipient Email',
		name: 'email',
		type: 'string',
		placeholder: 'e.g. nathan@example.com',
		required: true,
		default: '',
		description: 'Where Kotis sends shipment notifications',
	},
	{
		displayName: 'Line Items',
		name: 'lineItems',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true },
		placeholder: 'Add Line Item',
		required: true,
		default: { item: [{ sku: { __rl: true, mode: 'list', value: '' }, quantity: 1 }] },
		options: [
			{
				displayName: 'Item',
				name: 'item',
				values: [
					locator({
						displayName: 'SKU',
						name: 'sku',
						searchListMethod: 'searchSkus',
						idDisplayName: 'By SKU',
						idPlaceholder: 'e.g. 107529-1-S',
						description:
							'The exact Kotis SKU, size code included: pick it from the inventory (one entry per size) or enter it',
					}),
					{
						displayName: 'Quantity',
						name: 'quantity',
						type: 'number',
						typeOptions: { minValue: 1 },
						default: 1,
					},
				],
			},
		],
	},
	{
		displayName: 'Recipient Name',
		name: 'name',
		type: 'string',
		required: true,
		default: '',
	},
	{
		displayName: 'Address Line 1',
		name: 'address1',
		type: 'string',
		required: true,
		default: '',
	},
	{
		displayName: 'City',
		name: 'city',
		type: 'string',
		required: true,
		default: '',
	},
	{
		displayName: 'State',
		name: 'state',
		type: 'string',
		default: '',
		placeholder: 'e.g. WA',
	},
	{
		displayName: 'ZIP / Postal Code',
		name: 'zip',
		type: 'string',
		required: true,
		default: '',
	},
	{
		displayName: 'Shipping Method',
		name: 'shippingMethod',
		type: 'string',
		default: 'Economy',
		description:
			'Kotis publishes only "Economy" as an example value. Ask your Kotis contact which other methods your program allows.',
	},
	{
		displayName: 'Your Reference',
		name: 'orderId',
		type: 'string',
		default: '',
		placeholder: 'e.g. the redemption ID',
		description:
			"Sent as Kotis's order_id. Kotis does not document whether it rejects a repeated reference, so it does not protect against duplicate orders: deduplicate before this node.",
	},
	{
		displayName: 'Additional Fields',
		name: 'additionalFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		options: [
			{ displayName: 'Address Line 2', name: 'address2', type: 'string', default: '' },
			{
				displayName: 'Address Type',
				name: 'addressType',
				type: 'string',
				default: '',
				description: 'Kotis does not publish the allowed values (empty in its example)',
			},
			{ displayName: 'Attention', name: 'attention', type: 'string', default: '' },
			{
				displayName: 'Country',
				name: 'country',
				type: 'string',
				default: '',
				description:
					'Empty in the Kotis example (US). The expected format (ISO code or name) is not published.',
			},
			{ displayName: 'Phone', name: 'phone', type: 'string', default: '' },
		],
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['order'], operation: ['create'] } },
	properties,
);

const LABELS: Record<string, string> = {
	email: 'Recipient Email',
	shipping_method: 'Shipping Method',
	'address.name': 'Recipient Name',
	'address.address1': 'Address Line 1',
	'address.city': 'City',
	'address.zip': 'ZIP / Postal Code',
	skus: 'Line Items',
};

const text = (value: unknown) => (value === undefined || value === null ? '' : String(value));

export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
	return await mapItems(this, items, async (i) => {
		const extra = this.getNodeParameter('additionalFields', i, {}) as IDataObject;
		const lines =
			(this.getNodeParameter('lineItems.item', i, []) as Array<{
				sku?: unknown;
				quantity?: unknown;
			}>) ?? [];
		const candidate = {
			email: text(this.getNodeParameter('email', i)),
			shipping_method: text(this.getNodeParameter('shippingMethod', i)),
			order_id: text(this.getNodeParameter('orderId', i, '')),
			// Kotis's example sends quantities as strings.
			skus: lines.map((line) => ({
				sku: locatorValue(line.sku),
				quantity: text(line.quantity).trim(),
			})),
			address: {
				name: text(this.getNodeParameter('name', i)),
				attention: text(extra.attention),
				address1: text(this.getNodeParameter('address1', i)),
				address2: text(extra.address2),
				city: text(this.getNodeParameter('city', i)),
				state: text(this.getNodeParameter('state', i, '')),
				zip: text(this.getNodeParameter('zip', i)),
				country: text(extra.country),
				phone: text(extra.phone),
				address_type: text(extra.addressType),
			},
		};
		const labels = { ...LABELS };
		candidate.skus.forEach((_, n) => {
			labels[`skus.${n}.sku`] = `Line ${n + 1} SKU`;
			labels[`skus.${n}.quantity`] = `Line ${n + 1} Quantity`;
		});
		const body = validateInput(this.getNode(), orderCreateBodySchema, candidate, {
			itemIndex: i,
			what: 'Kotis order',
			labels,
		});
		const created = await createOrder.call(this, body, i);
		return {
			order_num: created.order_num,
			status: created.status,
			order_id: body.order_id,
			email: body.email,
			skus: body.skus,
		};
	});
}
