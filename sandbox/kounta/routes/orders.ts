import type { Request, RequestHandler, Response, Router } from 'express';

import { lineSchema, orderCreateSchema, orderUpdateSchema, paymentSchema } from '../schemas';
import type { LineInput, PaymentInput } from '../state';
import type { KountaOrder, KountaOrderStatus } from '../types';
import { searchParams, type KountaKit } from './kit';

const STATUS_FILTERS: Record<string, KountaOrderStatus> = {
	submitted: 'SUBMITTED',
	on_hold: 'ON_HOLD',
	pending: 'PENDING',
	accepted: 'ACCEPTED',
	rejected: 'REJECTED',
	complete: 'COMPLETE',
	completed: 'COMPLETE',
	deleted: 'DELETED',
};

/** Abridged list view of an order (3.2: 2ND says lists are abridged; GET by id for lines and payments). */
function orderSummary(o: KountaOrder): Record<string, unknown> {
	const { lines: _lines, payments: _payments, ...rest } = o;
	return rest;
}

export function orderRoutes(company: Router, kit: KountaKit): void {
	const { state, notFound, numeric } = kit;
	const listOrders =
		(scope: (o: KountaOrder) => boolean): RequestHandler =>
		(req, res) =>
			sendOrders(kit, scope, req, res);

	company.get('/orders/saleid/:saleId', (req, res) => {
		const order = state.orders.find((o) => o.sale_number === req.params.saleId);
		if (order) res.json(order);
		else notFound(res, 'Order');
	});

	company.get('/orders/:id', numeric, (req, res) => {
		const order = state.order(String(req.params.id));
		if (order) res.json(order);
		else notFound(res, 'Order');
	});

	company.get(
		'/orders{/*filters}',
		listOrders(() => true),
	);
	company.get('/sites/:sid/orders{/*filters}', (req, res, next) => {
		const sid = Number(req.params.sid);
		if (!state.site(sid)) notFound(res, 'Site');
		else listOrders((o) => o.site_id === sid)(req, res, next);
	});
	company.get('/registers/:rid/orders{/*filters}', (req, res, next) =>
		listOrders((o) => String(o.register_id) === req.params.rid)(req, res, next),
	);
	company.get('/customers/:id/orders{/*filters}', (req, res, next) => {
		const c = state.customer(String(req.params.id));
		if (!c) notFound(res, 'Customer');
		else listOrders((o) => o.customer?.id === c.id)(req, res, next);
	});

	company.post('/orders', (req, res) => createOrder(kit, req, res));
	company.put('/orders/:id', numeric, (req, res) => updateOrder(kit, req, res));
	if (kit.options.orderSubresources) orderSubresourceRoutes(company, kit);
}

/** 4: path filters after `/orders` (statuses in lower case, `discounted`, `linkedcustomer`, `accounts`) and `created_*`/`value_*` queries. */
function sendOrders(
	kit: KountaKit,
	scope: (o: KountaOrder) => boolean,
	req: Request,
	res: Response,
): void {
	const filters = ([] as string[])
		.concat((req.params as Record<string, string | string[] | undefined>).filters ?? [])
		.filter(Boolean);
	let orders = kit.state.orders.filter(scope);
	for (const f of filters.map((s) => s.toLowerCase())) {
		if (f in STATUS_FILTERS) orders = orders.filter((o) => o.status === STATUS_FILTERS[f]);
		else if (f === 'discounted')
			orders = orders.filter(
				(o) => o.price_variation < 1 || o.lines.some((l) => l.price_variation < 1),
			);
		else if (f === 'linkedcustomer') orders = orders.filter((o) => o.customer !== null);
		else if (f === 'accounts') orders = orders.filter((o) => o.paid < o.total);
		else {
			kit.notFound(res, `Order filter "${f}"`);
			return;
		}
	}
	for (const [key, value] of searchParams(req)) {
		const filtered = filterByQuery(orders, key, value);
		if (typeof filtered === 'string') {
			kit.fail(res, 400, 'invalid_request', filtered);
			return;
		}
		orders = filtered;
	}
	kit.sendPage(req, res, orders, orderSummary);
}

/** One `created[_op]` / `value[_op]` query parameter applied (others pass through), or why it is invalid. */
function filterByQuery(orders: KountaOrder[], key: string, value: string): KountaOrder[] | string {
	const m = /^(created|value)(?:_(lt|lte|gt|gte))?$/.exec(key);
	if (!m) return orders;
	const [, field, op] = m;
	const bound = field === 'created' ? Date.parse(value) : Number(value);
	if (Number.isNaN(bound))
		return `${key} must be ${field === 'created' ? 'a date (YYYY-MM-DD or ISO 8601)' : 'a number'}`;
	const of = (o: KountaOrder): number => (field === 'created' ? Date.parse(o.created_at) : o.total);
	if (!op) {
		return field === 'created'
			? orders.filter((o) => o.created_at.slice(0, 10) === value.slice(0, 10))
			: orders.filter((o) => o.total === bound);
	}
	// `created_lte=2026-03-03` includes that whole day.
	const upper =
		field === 'created' && /^\d{4}-\d{2}-\d{2}$/.test(value) && op === 'lte'
			? bound + 86_400_000 - 1
			: bound;
	const lower =
		field === 'created' && /^\d{4}-\d{2}-\d{2}$/.test(value) && op === 'gt'
			? bound + 86_400_000 - 1
			: bound;
	return orders.filter((o) =>
		op === 'lt'
			? of(o) < bound
			: op === 'lte'
				? of(o) <= upper
				: op === 'gt'
					? of(o) > lower
					: of(o) >= bound,
	);
}

/** Fires `orders/completed` when an order becomes COMPLETE (fire and forget). */
function afterStatus(
	{ sender }: KountaKit,
	order: KountaOrder,
	before: KountaOrderStatus | undefined,
): void {
	if (order.status === 'COMPLETE' && before !== 'COMPLETE')
		void sender.publish('orders/completed', order);
	if (order.status === 'DELETED' && before !== 'DELETED')
		void sender.publish('orders/deleted', order);
}

function createOrder(kit: KountaKit, req: Request, res: Response): void {
	const input = kit.parse(orderCreateSchema, res, req.body);
	if (!input) return;
	const order = kit.state.createOrder(input);
	if (typeof order === 'string') {
		kit.fail(res, 400, 'invalid_request', order);
		return;
	}
	afterStatus(kit, order, undefined);
	kit.created(req, res, `/orders/${order.id}`, order);
}

function updateOrder(kit: KountaKit, req: Request, res: Response): void {
	const { state, fail } = kit;
	const order = state.order(String(req.params.id));
	if (!order) {
		kit.notFound(res, 'Order');
		return;
	}
	const input = kit.parse(orderUpdateSchema, res, req.body);
	if (!input) return;
	if (
		input.customer_id !== undefined &&
		input.customer_id !== null &&
		!state.customer(input.customer_id)
	) {
		fail(res, 400, 'invalid_request', `customer_id ${input.customer_id} does not exist`);
		return;
	}
	const problem = applyArrays(
		kit,
		order,
		input.lines,
		input.payments,
		kit.options.orderArrayUpdate,
	);
	if (problem) {
		fail(res, 400, 'invalid_request', problem);
		return;
	}
	const before = order.status;
	if (input.notes !== undefined) order.notes = input.notes;
	if (input.price_variation !== undefined) order.price_variation = input.price_variation;
	if (input.customer_id !== undefined)
		order.customer = input.customer_id === null ? null : state.customerRef(input.customer_id);
	if (input.status !== undefined) order.status = input.status;
	order.updated_at = state.stamp();
	state.recompute(order);
	afterStatus(kit, order, before);
	res.json(order);
}

/** Builds lines/payments first so a bad product or method changes nothing (no partial update). */
function applyArrays(
	{ state }: KountaKit,
	order: KountaOrder,
	lines: LineInput[] | undefined,
	payments: PaymentInput[] | undefined,
	mode: 'replace' | 'append',
): string | undefined {
	const base = mode === 'append' ? order.lines.length : 0;
	const newLines = [];
	for (const [i, l] of (lines ?? []).entries()) {
		const line = state.line(l, base + i + 1);
		if (typeof line === 'string') return `lines.${i}: ${line}`;
		newLines.push(line);
	}
	const newPayments = [];
	for (const [i, p] of (payments ?? []).entries()) {
		const payment = state.payment(p);
		if (typeof payment === 'string') return `payments.${i}: ${payment}`;
		newPayments.push(payment);
	}
	if (lines) order.lines = mode === 'append' ? [...order.lines, ...newLines] : newLines;
	if (payments)
		order.payments = mode === 'append' ? [...order.payments, ...newPayments] : newPayments;
	return undefined;
}

/** `options.orderSubresources`: lines and payments of an order as resources of their own. */
function orderSubresourceRoutes(company: Router, kit: KountaKit): void {
	const { state, fail, parse, created, notFound, numeric } = kit;
	const withOrder = (req: Request, res: Response): KountaOrder | undefined => {
		const order = state.order(String(req.params.id));
		if (!order) notFound(res, 'Order');
		return order;
	};
	company.post('/orders/:id/lines', numeric, (req, res) => {
		const order = withOrder(req, res);
		const input = order && parse(lineSchema, res, req.body);
		if (!order || !input) return;
		const problem = applyArrays(kit, order, [input], undefined, 'append');
		if (problem) return fail(res, 400, 'invalid_request', problem);
		state.recompute(order);
		created(
			req,
			res,
			`/orders/${order.id}/lines/${order.lines.length}`,
			order.lines[order.lines.length - 1],
		);
	});
	company.put('/orders/:id/lines/:number', numeric, (req, res) => {
		const order = withOrder(req, res);
		const input = order && parse(lineSchema.partial(), res, req.body);
		if (!order || !input) return;
		const line = order.lines.find((l) => String(l.number) === req.params.number);
		if (!line) return notFound(res, 'Line');
		const merged = state.line({ ...line, ...input }, line.number);
		if (typeof merged === 'string') return fail(res, 400, 'invalid_request', merged);
		order.lines[order.lines.indexOf(line)] = merged;
		state.recompute(order);
		res.json(merged);
	});
	company.post('/orders/:id/payments', numeric, (req, res) => {
		const order = withOrder(req, res);
		const input = order && parse(paymentSchema, res, req.body);
		if (!order || !input) return;
		const problem = applyArrays(kit, order, undefined, [input], 'append');
		if (problem) return fail(res, 400, 'invalid_request', problem);
		state.recompute(order);
		const payment = order.payments[order.payments.length - 1];
		created(req, res, `/orders/${order.id}/payments/${payment.id}`, payment);
	});
}
