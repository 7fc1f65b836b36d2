import { timingSafeEqual } from 'node:crypto';

import { Router, type Request, type RequestHandler, type Response } from 'express';
import type { z } from 'zod';

import { requestContext } from '../core/vendor';
import { CUSTOMER_FILTERS, type CustomerFilter, type ResolvedInfluenceIoOptions } from './options';
import {
	customerPutSchema,
	issuesMessage,
	membershipEnrollSchema,
	orderSchema,
	pointsSchema,
	productPutSchema,
	variantsSchema,
	webhookCreateSchema,
	webhookUpdateSchema,
} from './schemas';
import type { InfluenceIoState } from './state';
import type { InfluenceIoCustomer, InfluenceIoFinancialStatus, InfluenceIoWebhook } from './types';
import { objectId } from './seed';

/** Sliding-window request counter per API key (usage-plan style). Real time, not the state clock. */
export class KeyRateLimiter {
	private readonly hits = new Map<string, number[]>();

	constructor(private readonly limit: { requests: number; windowMs: number } | null) {}

	hit(key: string, now = Date.now()): { ok: true } | { ok: false; retryAfterSeconds: number } {
		if (!this.limit) return { ok: true };
		const { requests, windowMs } = this.limit;
		const recent = (this.hits.get(key) ?? []).filter((t) => t > now - windowMs);
		if (recent.length < requests) {
			recent.push(now);
			this.hits.set(key, recent);
			return { ok: true };
		}
		this.hits.set(key, recent);
		return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil((recent[0] + windowMs - now) / 1000)) };
	}

	clear(): void {
		this.hits.clear();
	}
}

function sameSecret(given: string, expected: string): boolean {
	const a = Buffer.from(given);
	const b = Buffer.from(expected);
	return a.length === b.length && timingSafeEqual(a, b);
}

/** The only error shape the docs imply: `{"message": "..."}` (C1). */
function fail(res: Response, status: number, message: string): void {
	res.status(status).json({ message });
}

function parse400<S extends z.ZodTypeAny>(schema: S, body: unknown, res: Response): z.output<S> | undefined {
	const result = schema.safeParse(body ?? {});
	if (result.success) return result.data as z.output<S>;
	fail(res, 400, issuesMessage(result.error));
	return undefined;
}

function searchParams(req: Request): URLSearchParams {
	return new URL(req.originalUrl, 'http://sandbox.invalid').searchParams;
}

type Filters = Partial<Record<CustomerFilter, number>>;

/** Opaque to clients: where to continue and the filters of the first request (D4: later params are ignored). */
function encodeCursor(position: number, filters: Filters): string {
	return Buffer.from(JSON.stringify({ p: position, f: filters })).toString('base64url');
}

function decodeCursor(cursor: string): { position: number; filters: Filters } | undefined {
	try {
		const raw = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as { p?: unknown; f?: unknown };
		if (typeof raw.p !== 'number' || !Number.isInteger(raw.p) || raw.p < 0 || typeof raw.f !== 'object' || raw.f === null) return undefined;
		return { position: raw.p, filters: raw.f as Filters };
	} catch {
		return undefined;
	}
}

function matches(customer: InfluenceIoCustomer, f: Filters): boolean {
	const time = (iso: string | null): number | undefined => (iso === null ? undefined : Date.parse(iso));
	const within = (value: number | undefined, min?: number, max?: number): boolean => {
		if (min === undefined && max === undefined) return true;
		if (value === undefined) return false;
		return (min === undefined || value >= min) && (max === undefined || value <= max);
	};
	return (
		within(customer.pointBalance, f.pointBalanceMin, f.pointBalanceMax) &&
		within(time(customer.createdAt), f.createdAtMin, f.createdAtMax) &&
		within(time(customer.updatedAt), f.updatedAtMin, f.updatedAtMax) &&
		within(time(customer.lastSeenAt), f.lastSeenAtMin, f.lastSeenAtMax)
	);
}

function toNumber(value: unknown): number | undefined {
	if (value === undefined) return undefined;
	return typeof value === 'number' ? value : Number(value);
}

/** The Influence.io Platform API under `/influenceio` (paths `/v1/...` like `https://platform.api.influence.io`). */
export function createInfluenceIoApiRouter(state: InfluenceIoState, limiter: KeyRateLimiter, options: ResolvedInfluenceIoOptions): Router {
	const router = Router();

	// The key first (x-api-key gateways reject unknown keys before any usage plan applies).
	router.use((req, res, next) => {
		const key = req.headers['x-api-key'];
		if (typeof key !== 'string' || !sameSecret(key, options.apiKey)) {
			fail(res, options.authFailureStatus, options.authFailureStatus === 403 ? 'Forbidden' : 'Unauthorized');
			return;
		}
		const verdict = limiter.hit(key);
		if (!verdict.ok) {
			if (options.retryAfterHeader) res.set('Retry-After', String(verdict.retryAfterSeconds));
			fail(res, 429, 'Too Many Requests');
			return;
		}
		next();
	});

	const rejectBadJson: RequestHandler = (_req, res, next) => {
		if (requestContext(res).jsonError !== undefined) {
			fail(res, 400, 'Request body is not valid JSON');
			return;
		}
		next();
	};
	router.use(rejectBadJson);

	const customerOr404 = (req: Request, res: Response): InfluenceIoCustomer | undefined => {
		const customer = state.customerByExternalId(String(req.params.customerId));
		if (!customer) fail(res, 404, 'Customer not found');
		return customer;
	};

	// ----- customers -----

	router.get('/v1/customers', (req, res) => {
		const params = searchParams(req);
		const cursor = params.get('cursor');
		let position = 0;
		let filters: Filters = {};
		if (cursor !== null) {
			const decoded = decodeCursor(cursor);
			if (!decoded) {
				fail(res, 400, 'cursor: is not a cursor returned by this API');
				return;
			}
			({ position, filters } = decoded);
		} else {
			const problems: string[] = [];
			for (const filter of CUSTOMER_FILTERS) {
				const name = options.filterParams[filter];
				const value = params.get(name);
				if (value === null) continue;
				if (filter.startsWith('pointBalance')) {
					const n = Number(value);
					if (value.trim() === '' || !Number.isFinite(n) || n < 0) problems.push(`${name}: must be a number greater than or equal to 0`);
					else filters[filter] = n;
				} else {
					const ms = Date.parse(value);
					if (Number.isNaN(ms)) problems.push(`${name}: must be an ISO 8601 date`);
					else filters[filter] = ms;
				}
			}
			if (problems.length > 0) {
				fail(res, 400, problems.join('; '));
				return;
			}
		}
		const page: InfluenceIoCustomer[] = [];
		let i = position;
		for (; i < state.customers.length && page.length < options.pageSize; i++) {
			if (!state.isRemoved(state.customers[i]) && matches(state.customers[i], filters)) page.push(state.customers[i]);
		}
		// Peek for one more match, so the last page never points at an empty one.
		while (i < state.customers.length && (state.isRemoved(state.customers[i]) || !matches(state.customers[i], filters))) i++;
		const body: Record<string, unknown> = { [options.customersKey]: page.map((c) => state.view(c)) };
		if (i < state.customers.length) body[options.cursorKey] = encodeCursor(i, filters);
		else if (options.lastPageCursor === 'null') body[options.cursorKey] = null;
		else if (options.lastPageCursor === 'empty') body[options.cursorKey] = '';
		res.json(body);
	});

	router.get('/v1/customers/:customerId', (req, res) => {
		const customer = customerOr404(req, res);
		if (customer) res.json(state.view(customer));
	});

	router.put('/v1/customers/:customerId', (req, res) => {
		const input = parse400(customerPutSchema, req.body, res);
		if (!input) return;
		const externalId = String(req.params.customerId);
		if (options.requireEmailOnCreate && input.email === undefined && !state.customerByExternalId(externalId)) {
			fail(res, 400, 'email: is required to create a customer');
			return;
		}
		const result = state.upsertCustomer(externalId, input);
		if ('error' in result) {
			fail(res, 409, result.error);
			return;
		}
		res.status(200).json(state.view(result.customer));
	});

	router.post('/v1/customers/:customerId/points', (req, res) => {
		const customer = customerOr404(req, res);
		if (!customer) return;
		const keys = options.pointsKeys;
		const body = parse400(pointsSchema(keys, true), req.body, res) as Record<string, unknown> | undefined;
		if (!body) return;
		const ruleId = body[keys.earnRuleId] as string | undefined;
		const rule = ruleId !== undefined ? options.earnRules.find((r) => r.id === ruleId) : undefined;
		if (ruleId !== undefined && !rule) {
			fail(res, 404, 'Earn rule not found');
			return;
		}
		// D5: the points field overrides what the earn rule would award.
		const points = (body[keys.points] as number | undefined) ?? (rule as { points: number }).points;
		state.move(customer, points, {
			source: 'award',
			reason: (body[keys.reason] as string | undefined) ?? rule?.title ?? '',
			ruleId: ruleId ?? '',
			earned: true,
			// D5: defaults to true without an earn rule; the sandbox's earn rules all default to true too.
			touchLastSeen: (body[keys.updateLastSeenAt] as boolean | undefined) ?? true,
			earnedEvent: { action: ruleId !== undefined ? 'earn_rule' : 'api', type: 'earn' },
		});
		res.json({ customer: state.view(customer) });
	});

	router.post(`/v1/customers/:customerId${options.deductPath}`, (req, res) => {
		const customer = customerOr404(req, res);
		if (!customer) return;
		const keys = options.pointsKeys;
		const body = parse400(pointsSchema(keys, false), req.body, res) as Record<string, unknown> | undefined;
		if (!body) return;
		const points = body[keys.points] as number;
		if (points > customer.pointBalance) {
			fail(res, options.insufficientPointsStatus, `Insufficient points: customer has ${customer.pointBalance}, cannot deduct ${points}`);
			return;
		}
		state.move(customer, -points, { source: 'deduct', reason: (body[keys.reason] as string | undefined) ?? '', ruleId: '', touchLastSeen: body[keys.updateLastSeenAt] === true });
		res.json({ customer: state.view(customer) });
	});

	router.post('/v1/customers/:customerId/membership/enroll', (req, res) => {
		const customer = customerOr404(req, res);
		if (!customer) return;
		const input = parse400(membershipEnrollSchema, req.body, res);
		if (!input) return;
		state.setMembership(customer, input.membershipId ?? 'default');
		res.json({ customer: state.view(customer) });
	});

	router.post('/v1/customers/:customerId/membership/remove', (req, res) => {
		const customer = customerOr404(req, res);
		if (!customer) return;
		state.setMembership(customer, null);
		res.json({ customer: state.view(customer) });
	});

	// ----- orders -----

	const orderInput = (body: Record<string, unknown>) => {
		const k = options.orderKeys;
		const input: Parameters<InfluenceIoState['applyOrder']>[1] = { fields: body };
		if (body[k.customerId] !== undefined) input.customerId = String(body[k.customerId]);
		if (body[k.email] !== undefined) input.email = String(body[k.email]);
		if (body[k.total] !== undefined) input.total = toNumber(body[k.total]);
		if (body[k.currency] !== undefined) input.currency = String(body[k.currency]);
		if (body[k.financialStatus] !== undefined) input.financialStatus = body[k.financialStatus] as InfluenceIoFinancialStatus;
		if (body[k.lineItems] !== undefined) input.lineItems = body[k.lineItems] as unknown[];
		if (body[k.discountCodes] !== undefined) input.discountCodes = body[k.discountCodes] as unknown[];
		return input;
	};

	router.post('/v1/orders', (req, res) => {
		const body = parse400(orderSchema(options.orderKeys, 'create'), req.body, res) as Record<string, unknown> | undefined;
		if (!body) return;
		const result = state.applyOrder(String(body[options.orderKeys.id]), orderInput(body), 'create');
		if (!result.ok) fail(res, result.status, result.message);
		else res.status(result.created ? 201 : 200).json(result.order);
	});

	router.patch('/v1/orders/:orderId', (req, res) => {
		const body = parse400(orderSchema(options.orderKeys, 'update'), req.body, res) as Record<string, unknown> | undefined;
		if (!body) return;
		const result = state.applyOrder(String(req.params.orderId), orderInput(body), 'update');
		if (!result.ok) fail(res, result.status, result.message);
		else res.json(result.order);
	});

	router.get('/v1/orders/:orderId', (req, res) => {
		const order = state.order(String(req.params.orderId));
		if (order) res.json(order);
		else fail(res, 404, 'Order not found');
	});

	// ----- products -----

	router.put('/v1/products/:productId', (req, res) => {
		const body = parse400(productPutSchema, req.body, res);
		if (!body) return;
		const { product } = state.upsertProduct(String(req.params.productId), body as Record<string, unknown>);
		res.json(state.productView(product));
	});

	router.get('/v1/products/:productId', (req, res) => {
		const product = state.product(String(req.params.productId));
		if (product) res.json(state.productView(product));
		else fail(res, 404, 'Product not found');
	});

	router.post('/v1/products/:productId/variants', (req, res) => {
		const product = state.product(String(req.params.productId));
		if (!product) {
			fail(res, 404, 'Product not found');
			return;
		}
		const variants = parse400(variantsSchema(options.variantIdKey), req.body, res);
		if (!variants) return;
		state.replaceVariants(product, variants as Array<Record<string, unknown>>);
		res.json(state.productView(product));
	});

	// ----- rewards -----

	router.post('/v1/rewards/:couponCode/use', (req, res) => {
		const coupon = state.coupon(String(req.params.couponCode));
		if (!coupon) {
			fail(res, 404, 'Reward not found');
			return;
		}
		if (coupon.couponCodeStatus === 'used' && options.reuseCoupon === 'error') {
			fail(res, 400, `Reward ${coupon.couponCode} has already been used`);
			return;
		}
		if (coupon.couponCodeStatus === 'unused') {
			coupon.couponCodeStatus = 'used';
			coupon.usedAt = state.now();
		}
		res.json({ ...coupon });
	});

	// ----- webhooks (paths and keys INFERRED: C2 counts five webhook endpoints) -----

	const urlKey = options.webhookUrlKey;
	const webhookView = (w: InfluenceIoWebhook): Record<string, unknown> => ({ id: w.id, topic: w.topic, [urlKey]: w.url, createdAt: w.createdAt, updatedAt: w.updatedAt });
	const webhookOr404 = (req: Request, res: Response): InfluenceIoWebhook | undefined => {
		const webhook = state.webhook(String(req.params.webhookId));
		if (!webhook) fail(res, 404, 'Webhook not found');
		return webhook;
	};
	const duplicate = (topic: string, url: string, except?: InfluenceIoWebhook): boolean =>
		options.duplicateWebhook === 'reject' && state.webhooks.some((w) => w !== except && w.topic === topic && w.url === url);

	router.get('/v1/webhooks', (_req, res) => {
		const list = state.webhooks.map(webhookView);
		res.json(options.webhookListShape === 'array' ? list : { webhooks: list });
	});

	router.post('/v1/webhooks', (req, res) => {
		const body = parse400(webhookCreateSchema(urlKey), req.body, res) as Record<string, unknown> | undefined;
		if (!body) return;
		const topic = String(body.topic);
		const url = String(body[urlKey]);
		if (duplicate(topic, url)) {
			fail(res, 422, `${urlKey}: a webhook for ${topic} at this ${urlKey} already exists`);
			return;
		}
		const now = state.now();
		const webhook: InfluenceIoWebhook = { id: objectId('webhook', state.next('webhook')), topic, url, createdAt: now, updatedAt: now };
		state.webhooks.push(webhook);
		res.status(201).json(webhookView(webhook));
	});

	router.get('/v1/webhooks/:webhookId', (req, res) => {
		const webhook = webhookOr404(req, res);
		if (webhook) res.json(webhookView(webhook));
	});

	const update: RequestHandler = (req, res) => {
		const webhook = webhookOr404(req, res);
		if (!webhook) return;
		const body = parse400(webhookUpdateSchema(urlKey), req.body, res) as Record<string, unknown> | undefined;
		if (!body) return;
		const topic = body.topic !== undefined ? String(body.topic) : webhook.topic;
		const url = body[urlKey] !== undefined ? String(body[urlKey]) : webhook.url;
		if (duplicate(topic, url, webhook)) {
			fail(res, 422, `${urlKey}: a webhook for ${topic} at this ${urlKey} already exists`);
			return;
		}
		webhook.topic = topic;
		webhook.url = url;
		webhook.updatedAt = state.now();
		res.json(webhookView(webhook));
	};
	router.put('/v1/webhooks/:webhookId', update);
	router.patch('/v1/webhooks/:webhookId', update);

	router.delete('/v1/webhooks/:webhookId', (req, res) => {
		const webhook = webhookOr404(req, res);
		if (!webhook) return;
		state.webhooks = state.webhooks.filter((w) => w !== webhook);
		res.json(webhookView(webhook));
	});

	router.use((_req, res) => {
		fail(res, 404, 'Not Found');
	});
	return router;
}
