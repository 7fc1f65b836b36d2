import type { Router } from 'express';

import type { ResolvedInfluenceIoOptions } from '../options';
import { orderSchema } from '../schemas';
import type { OrderInput } from '../state';
import type { InfluenceIoFinancialStatus } from '../types';
import { fail, parse400, type InfluenceIoKit } from './kit';

function toNumber(value: unknown): number | undefined {
	if (value === undefined) return undefined;
	return typeof value === 'number' ? value : Number(value);
}

/** An order body, read through the configured key names, as the state takes it. */
function orderInput(
	options: ResolvedInfluenceIoOptions,
	body: Record<string, unknown>,
): OrderInput {
	const k = options.orderKeys;
	const input: OrderInput = { fields: body };
	if (body[k.customerId] !== undefined) input.customerId = String(body[k.customerId]);
	if (body[k.email] !== undefined) input.email = String(body[k.email]);
	if (body[k.total] !== undefined) input.total = toNumber(body[k.total]);
	if (body[k.currency] !== undefined) input.currency = String(body[k.currency]);
	if (body[k.financialStatus] !== undefined)
		input.financialStatus = body[k.financialStatus] as InfluenceIoFinancialStatus;
	if (body[k.lineItems] !== undefined) input.lineItems = body[k.lineItems] as unknown[];
	if (body[k.discountCodes] !== undefined) input.discountCodes = body[k.discountCodes] as unknown[];
	return input;
}

/** Orders: paid ones earn points once, refunded ones deduct them once (the state decides). */
export function orderRoutes(router: Router, { state, options }: InfluenceIoKit): void {
	router.post('/v1/orders', (req, res) => {
		const body = parse400(orderSchema(options.orderKeys, 'create'), req.body, res) as
			Record<string, unknown> | undefined;
		if (!body) return;
		const result = state.applyOrder(
			String(body[options.orderKeys.id]),
			orderInput(options, body),
			'create',
		);
		if (!result.ok) fail(res, result.status, result.message);
		else res.status(result.created ? 201 : 200).json(result.order);
	});

	router.patch('/v1/orders/:orderId', (req, res) => {
		const body = parse400(orderSchema(options.orderKeys, 'update'), req.body, res) as
			Record<string, unknown> | undefined;
		if (!body) return;
		const result = state.applyOrder(
			String(req.params.orderId),
			orderInput(options, body),
			'update',
		);
		if (!result.ok) fail(res, result.status, result.message);
		else res.json(result.order);
	});

	router.get('/v1/orders/:orderId', (req, res) => {
		const order = state.order(String(req.params.orderId));
		if (order) res.json(order);
		else fail(res, 404, 'Order not found');
	});
}
