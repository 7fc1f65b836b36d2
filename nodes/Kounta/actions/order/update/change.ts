import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { companyIdParam, getOne, path } from '../../../api';

/** The call one change makes: `sub` is a sub-resource of the order (…/lines, …/payments). */
export interface OrderRequest {
	method: 'POST' | 'PUT';
	sub?: string;
	body: IDataObject;
	idempotent?: boolean;
}

/** One value of Order → Update's Change: its parameters, and the call it makes for item `i`. */
export interface OrderChange {
	properties: INodeProperties[];
	request(
		ctx: IExecuteFunctions,
		i: number,
		orderId: string,
		notAfter: number | undefined,
	): Promise<OrderRequest>;
}

/** How Add Line and Add Payment reach Kounta (the PUT's array semantics are not published). */
export const arrayUpdateField: INodeProperties = {
	displayName: 'Send Lines and Payments As',
	name: 'arrayUpdate',
	type: 'options',
	options: [
		{
			name: 'Whole Order Arrays (PUT Order, Replace)',
			value: 'putReplace',
			description:
				"Documented route: PUT …/orders/{ID} with the order's current lines (or payments) plus the new one. Right if Kounta replaces the arrays on PUT (unpublished).",
		},
		{
			name: 'New Entry Only (PUT Order, Append)',
			value: 'putAppend',
			description:
				'PUT …/orders/{ID} with only the new line (or payment). Right if Kounta appends the arrays on PUT (unpublished).',
		},
		{
			name: 'Sub-Resource (POST …/Lines or …/Payments)',
			value: 'subResource',
			description:
				"POST …/orders/{ID}/lines or …/payments: seen in one client library, not in Kounta's docs",
		},
	],
	default: 'putReplace',
	description:
		'How a line or payment reaches Kounta. Only PUT …/orders/{ID} is documented; whether it replaces or appends the lines and payments arrays is not, so check on a test order first. Never retried automatically unless the call is a full replacement.',
	displayOptions: { show: { change: ['addLine', 'addPayment'] } },
};

/** What a current line looks like in a PUT body (the fields Kounta accepts on create). */
function lineInput(line: IDataObject): IDataObject {
	const out: IDataObject = {};
	for (const key of [
		'product_id',
		'quantity',
		'unit_price',
		'price_variation',
		'notes',
		'modifiers',
	]) {
		if (line[key] !== undefined && line[key] !== null) out[key] = line[key];
	}
	if (out.product_id === undefined && typeof line.product === 'object' && line.product !== null)
		out.product_id = (line.product as IDataObject).id;
	return out;
}

/** What a current payment looks like in a PUT body: responses carry `method{id,name}`, requests `method_id`. */
function paymentInput(payment: IDataObject): IDataObject {
	const method = payment.method as IDataObject | undefined;
	const out: IDataObject = { method_id: payment.method_id ?? method?.id, amount: payment.amount };
	if (payment.ref !== undefined && payment.ref !== null && payment.ref !== '')
		out.ref = payment.ref;
	return out;
}

/** The request that adds `entry` to the order's `key` array, in the chosen Send Lines and Payments As mode. */
export async function arrayChange(
	ctx: IExecuteFunctions,
	i: number,
	orderId: string,
	key: 'lines' | 'payments',
	entry: IDataObject,
	notAfter: number | undefined,
): Promise<OrderRequest> {
	const mode = ctx.getNodeParameter('arrayUpdate', i, 'putReplace') as string;
	if (mode === 'subResource') return { method: 'POST', sub: key, body: entry, idempotent: false };
	if (mode === 'putAppend') return { method: 'PUT', body: { [key]: [entry] }, idempotent: false };
	const companyId = await companyIdParam(ctx, i, notAfter);
	const order = await getOne.call(ctx, path('companies', companyId, 'orders', orderId), {
		itemIndex: i,
		notAfter,
	});
	const current = Array.isArray(order[key]) ? (order[key] as IDataObject[]) : [];
	const kept = current.map((existing) =>
		key === 'lines' ? lineInput(existing) : paymentInput(existing),
	);
	return { method: 'PUT', body: { [key]: [...kept, entry] }, idempotent: true };
}
