import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { validateInput } from '../../../shared/validation';
import { jsonParameter } from '../../helpers/body';
import { FINANCIAL_STATUSES, orderInputSchema } from '../../schemas';

const STATUS_NAMES: Record<(typeof FINANCIAL_STATUSES)[number], string> = {
	authorized: 'Authorized',
	pending: 'Pending',
	paid: 'Paid',
	partially_paid: 'Partially Paid',
	refunded: 'Refunded',
	partially_refunded: 'Partially Refunded',
	voided: 'Voided',
	expired: 'Expired',
};

export const financialStatusField: INodeProperties = {
	displayName: 'Financial Status',
	name: 'financialStatus',
	type: 'options',
	default: 'paid',
	description:
		'Sent as "financialStatus". Points are awarded by the place-order earn rule depending on this status, once per order; a change to Refunded deducts them again.',
	options: FINANCIAL_STATUSES.map((value) => ({ name: STATUS_NAMES[value], value })).sort((a, b) =>
		a.name.localeCompare(b.name),
	),
};

/** Order fields other than the id and status, all keys inferred except lineItems and discountCodes (docs/vendor-facts.md). */
export const orderFields: INodeProperties[] = [
	{
		displayName: 'Created At',
		name: 'createdAt',
		type: 'dateTime',
		default: '',
		description: 'Sent as "createdAt" (inferred key)',
	},
	{
		displayName: 'Currency',
		name: 'currency',
		type: 'string',
		default: '',
		placeholder: 'e.g. USD',
		description: 'Sent as "currency" (inferred key)',
	},
	{
		displayName: 'Customer Email',
		name: 'email',
		type: 'string',
		placeholder: 'name@email.com',
		default: '',
		description: 'Sent as "email" (inferred key)',
	},
	{
		displayName: 'Customer ID',
		name: 'customerId',
		type: 'string',
		default: '',
		description: 'Your own customer ID, sent as "customerId" (inferred key)',
	},
	{
		displayName: 'Discount Codes',
		name: 'discountCodes',
		type: 'string',
		default: '',
		placeholder: 'e.g. LOYALTY-20OFF, FRIEND10',
		description:
			'Codes used on the order, separated by commas; sent as "discountCodes": [{"code": …}] (the list key is published, the item key is inferred)',
	},
	{
		displayName: 'Line Items (JSON)',
		name: 'lineItems',
		type: 'json',
		default: '[]',
		description:
			'Sent as "lineItems" (published key), a JSON array of objects. Item keys are unpublished; e.g. [{"productId": "p1", "variantId": "v1", "quantity": 1, "price": 19.99}].',
	},
	{
		displayName: 'Total Price',
		name: 'totalPrice',
		type: 'number',
		typeOptions: { minValue: 0, numberPrecision: 2 },
		default: 0,
		description: 'Sent as "totalPrice" (inferred key)',
	},
];

const ORDER_LABELS = {
	orderId: 'Order ID',
	financialStatus: 'Financial Status',
	lineItems: 'Line Items (JSON)',
};

/** The order body from the fields above (unset ones left out) and the validated id. */
export function readOrder(
	ctx: IExecuteFunctions,
	itemIndex: number,
	fields: IDataObject,
	financialStatus: unknown,
) {
	const lineItems =
		fields.lineItems === undefined
			? undefined
			: jsonParameter(ctx, 'additionalFields.lineItems', itemIndex, 'Line Items (JSON)', 'array');
	const input = validateInput(
		ctx.getNode(),
		orderInputSchema,
		{
			orderId: String(ctx.getNodeParameter('orderId', itemIndex, '') ?? ''),
			financialStatus:
				financialStatus === undefined || financialStatus === '' ? undefined : financialStatus,
			lineItems: Array.isArray(lineItems) && lineItems.length === 0 ? undefined : lineItems,
		},
		{ itemIndex, what: 'Influence.io order', labels: ORDER_LABELS },
	);
	const codes = String(fields.discountCodes ?? '')
		.split(',')
		.map((code) => code.trim())
		.filter(Boolean);
	const body: IDataObject = {
		financialStatus: input.financialStatus,
		customerId: fields.customerId,
		email: fields.email,
		currency: fields.currency,
		totalPrice: fields.totalPrice,
		createdAt: fields.createdAt ? new Date(String(fields.createdAt)).toISOString() : undefined,
		lineItems: input.lineItems as IDataObject[] | undefined,
		discountCodes: codes.length > 0 ? codes.map((code) => ({ code })) : undefined,
	};
	return { orderId: input.orderId, body };
}

export const orderIdField: INodeProperties = {
	displayName: 'Order ID',
	name: 'orderId',
	type: 'string',
	required: true,
	default: '',
	placeholder: 'e.g. 1001',
	description: "Your own (store's) order ID",
};
