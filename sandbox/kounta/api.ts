import { Router, type Request, type RequestHandler, type Response } from 'express';
import type { z } from 'zod';

import { requestContext } from '../core/vendor';
import { basicCredentials, handleToken, sameSecret } from './oauth';
import type { ResolvedKountaOptions } from './options';
import {
	customerCreateSchema,
	customerUpdateSchema,
	issueText,
	lineSchema,
	orderCreateSchema,
	orderUpdateSchema,
	paymentSchema,
	webhookCreateSchema,
	webhookUpdateSchema,
} from './schemas';
import type { KountaState, LineInput, PaymentInput } from './state';
import type { KountaCustomer, KountaOrder, KountaOrderStatus } from './types';
import type { KountaWebhookSender } from './webhooks';

/**
 * Fixed one-minute windows per credential (3.3: 2ND numbers, 60 Basic / 180 OAuth). Real time.
 */
export class KountaRateLimiter {
	private readonly windows = new Map<string, { start: number; count: number }>();

	constructor(private readonly options: ResolvedKountaOptions) {}

	hit(key: string, limit: number, now = Date.now()): { ok: boolean; limit: number; remaining: number; resetEpoch: number; retryAfterSeconds: number } {
		const windowMs = this.options.rateLimit.windowMs;
		let w = this.windows.get(key);
		if (!w || now >= w.start + windowMs) {
			w = { start: now, count: 0 };
			this.windows.set(key, w);
		}
		const ok = w.count < limit;
		if (ok) w.count += 1;
		const reset = w.start + windowMs;
		return { ok, limit, remaining: Math.max(0, limit - w.count), resetEpoch: Math.ceil(reset / 1000), retryAfterSeconds: Math.max(1, Math.ceil((reset - now) / 1000)) };
	}

	clear(): void {
		this.windows.clear();
	}
}

interface Caller {
	kind: 'basic' | 'oauth';
	key: string;
}

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

function isRecord(v: unknown): v is Record<string, unknown> {
	return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** Abridged list view of a customer (4: TandaHQ `customers.json`). */
function customerSummary(c: KountaCustomer): Record<string, unknown> {
	return { id: c.id, company_id: c.company_id, first_name: c.first_name, last_name: c.last_name, primary_email_address: c.primary_email_address, image: c.image };
}

/** Abridged list view of an order (3.2: 2ND says lists are abridged; GET by id for lines and payments). */
function orderSummary(o: KountaOrder): Record<string, unknown> {
	const { lines: _lines, payments: _payments, ...rest } = o;
	return rest;
}

/** The REST API under `/kounta/v1` (replaces `https://api.kounta.com/v1`). */
export function createKountaApiRouter(state: KountaState, sender: KountaWebhookSender, limiter: KountaRateLimiter, options: ResolvedKountaOptions): Router {
	const router = Router();

	/** Error body per `errorShape` (3.4: no official format). */
	const fail = (res: Response, status: number, error: string, description: string): void => {
		res.status(status).json(options.errorShape === 'message' ? { message: description } : { error, error_description: description });
	};

	// 3.1: the format comes from the `.json` extension or the Accept header. Strip the extension so the
	// routes below see one path; remember it for Location and next-page URLs.
	router.use((req, res, next) => {
		const [path, query] = [req.url.split('?')[0], req.url.includes('?') ? req.url.slice(req.url.indexOf('?')) : ''];
		const ext = /\.(json|xml)$/i.exec(path);
		res.locals.kountaExt = '';
		if (ext) {
			if (ext[1].toLowerCase() === 'xml') {
				fail(res, 406, 'not_acceptable', 'XML is no longer supported; use .json or Accept: application/json');
				return;
			}
			res.locals.kountaExt = '.json';
			req.url = path.slice(0, -ext[0].length) + query;
		}
		next();
	});

	router.post('/token', handleToken(state, options));

	router.use((req, res, next) => {
		const accept = (req.headers.accept ?? '').toLowerCase();
		const wantsJson = accept.includes('application/json') || (options.acceptWildcard && accept.includes('*/*'));
		if (res.locals.kountaExt !== '.json' && !wantsJson) {
			fail(res, 406, 'not_acceptable', 'Send Accept: application/json or add .json to the path');
			return;
		}
		next();
	});

	// Auth: Basic client id/secret (own company) or an OAuth2 Bearer token.
	router.use((req, res, next) => {
		const header = req.headers.authorization ?? '';
		const basic = basicCredentials(header);
		let caller: Caller | undefined;
		if (basic) {
			if (sameSecret(basic[0], options.clientId) && sameSecret(basic[1], options.clientSecret)) caller = { kind: 'basic', key: `basic:${basic[0]}` };
		} else {
			const bearer = /^Bearer\s+(\S+)$/i.exec(header)?.[1];
			const status = bearer ? state.tokenStatus(bearer) : 'unknown';
			if (status === 'expired') {
				res.set('WWW-Authenticate', 'Bearer error="invalid_token"');
				fail(res, options.expiredTokenStatus, 'invalid_token', 'The access token provided has expired');
				return;
			}
			if (status === 'valid' && bearer) caller = { kind: 'oauth', key: `oauth:${options.clientId}:${state.company.id}` };
		}
		if (!caller) {
			res.set('WWW-Authenticate', 'Bearer realm="Kounta"');
			fail(res, 401, 'invalid_token', 'The access token provided is invalid');
			return;
		}
		const verdict = limiter.hit(caller.key, caller.kind === 'basic' ? options.rateLimit.basic : options.rateLimit.oauth);
		res.set({ 'X-Ratelimit-Limit': String(verdict.limit), 'X-Ratelimit-Remaining': String(verdict.remaining), 'X-Ratelimit-Reset': String(verdict.resetEpoch) });
		if (!verdict.ok) {
			res.set('Retry-After', String(verdict.retryAfterSeconds));
			fail(res, 429, 'rate_limit_exceeded', `Too many requests; retry after ${verdict.retryAfterSeconds} seconds`);
			return;
		}
		next();
	});

	// 3.1: POST/PUT bodies must be application/json, else 400.
	router.use((req, res, next) => {
		if (req.method !== 'POST' && req.method !== 'PUT') {
			next();
			return;
		}
		if (!req.is(['json', '+json'])) {
			fail(res, 400, 'invalid_request', 'Content-Type must be application/json');
			return;
		}
		if (requestContext(res).jsonError !== undefined || !isRecord(req.body)) {
			fail(res, 400, 'invalid_request', 'The request body is not a JSON object');
			return;
		}
		next();
	});

	const company = Router({ mergeParams: true });
	router.use('/companies/:cid', (req, res, next) => {
		const cid = String(req.params.cid);
		if (cid !== 'me' && cid !== String(state.company.id)) {
			fail(res, 403, 'forbidden', `This credential has no access to company ${cid}`);
			return;
		}
		next();
	}, company);

	const parse = <S extends z.ZodTypeAny>(schema: S, res: Response, body: unknown): z.output<S> | undefined => {
		const result = schema.safeParse(body);
		if (result.success) return result.data as z.output<S>;
		fail(res, 400, 'invalid_request', issueText(result.error));
		return undefined;
	};

	/** `https://host/kounta/v1/companies/<cid>/<rest>` keeping the caller's `me` and `.json`. */
	const resourceUrl = (req: Request, res: Response, rest: string): string =>
		`${req.protocol}://${req.get('host') ?? 'localhost'}${req.baseUrl.replace(/\/companies\/[^/]+$/, '')}/companies/${String(req.params.cid)}${rest}${String(res.locals.kountaExt)}`;

	const created = (req: Request, res: Response, rest: string, resource: unknown): void => {
		res.status(201).set('Location', resourceUrl(req, res, rest));
		if (options.createdBody === 'resource') res.json(resource);
		else res.end();
	};

	/**
	 * One page of `items` (ascending ids) with the paging headers of `options.paging`. The page is
	 * the `X-Page` request header (0-based) or the `page` query parameter (1-based, what `X-Next-Page`
	 * carries); `start=<id>` keeps only items after that id (the `start` cursor of gokounta and brewhq).
	 */
	const sendPage = <T extends { id: number }>(req: Request, res: Response, all: T[], view: (item: T) => unknown = (i) => i): void => {
		const params = new URL(req.originalUrl, 'http://sandbox.invalid').searchParams;
		const start = Number(params.get('start'));
		const items = [...all].sort((a, b) => a.id - b.id).filter((i) => !params.has('start') || !Number.isFinite(start) || i.id > start);
		const headerPage = Number(req.headers['x-page']);
		const queryPage = Number(params.get('page'));
		let page = req.headers['x-page'] !== undefined && Number.isInteger(headerPage) ? headerPage : Number.isInteger(queryPage) && queryPage >= 1 ? queryPage - 1 : 0;
		if (page < 0) page = 0;
		const size = options.pageSize;
		const pages = Math.max(1, Math.ceil(items.length / size));
		if (options.paging !== 'nextPage') res.set('X-Pages', String(pages));
		if (options.paging !== 'pages' && page + 1 < pages) {
			const next = new URL(`${req.protocol}://${req.get('host') ?? 'localhost'}${req.originalUrl}`);
			next.searchParams.set('page', String(page + 2));
			res.set('X-Next-Page', next.toString());
		}
		res.json(items.slice(page * size, (page + 1) * size).map(view));
	};

	const notFound = (res: Response, what: string): void => fail(res, 404, 'not_found', `${what} not found`);

	const numeric: RequestHandler = (req, _res, next) => {
		// `/orders/complete` and friends are list filters, not ids.
		if (Object.entries(req.params).every(([k, v]) => k === 'cid' || typeof v !== 'string' || /^\d+$/.test(v))) next();
		else next('route');
	};

	// ----- company, sites, products -----

	company.get('/', (_req, res) => {
		res.json(state.company);
	});

	company.get('/sites', (req, res) => sendPage(req, res, state.sites));

	company.get('/sites/:sid', numeric, (req, res) => {
		const site = state.site(String(req.params.sid));
		if (site) res.json(site);
		else notFound(res, 'Site');
	});

	company.get('/products', (req, res) => sendPage(req, res, state.products));

	company.get('/sites/:sid/products', numeric, (req, res) => {
		const sid = Number(req.params.sid);
		if (!state.site(sid)) notFound(res, 'Site');
		else sendPage(req, res, state.products.filter((p) => p.sites.includes(sid)));
	});

	company.get('/products/:id', numeric, (req, res) => {
		const product = state.product(String(req.params.id));
		if (product) res.json(product);
		else notFound(res, 'Product');
	});

	// ----- customers -----

	company.get('/customers', (req, res) => {
		const params = new URL(req.originalUrl, 'http://sandbox.invalid').searchParams;
		if (params.has('reference_id')) {
			// 4/5.7: always a 200 array, possibly empty; several customers may share a reference_id.
			const ref = params.get('reference_id');
			res.json(state.customers.filter((c) => c.reference_id !== '' && c.reference_id === ref).map(customerSummary));
			return;
		}
		let match: KountaCustomer | undefined;
		if (params.has('email')) {
			const email = (params.get('email') ?? '').toLowerCase();
			match = state.customers.find((c) => c.primary_email_address.toLowerCase() === email || c.email_addresses.some((e) => e.toLowerCase() === email));
		} else if (params.has('first_name') || params.has('last_name') || params.has('phone')) {
			const [first, last, phone] = ['first_name', 'last_name', 'phone'].map((k) => params.get(k));
			if (!first || !last || !phone) {
				fail(res, 400, 'invalid_request', 'first_name, last_name and phone are all required to find a customer by name');
				return;
			}
			match = state.customers.find(
				(c) => c.first_name.toLowerCase() === first.toLowerCase() && c.last_name.toLowerCase() === last.toLowerCase() && (c.phone === phone || c.mobile === phone),
			);
		} else {
			sendPage(req, res, state.customers, customerSummary);
			return;
		}
		// 4: a single match answers 302 to the customer, none 404.
		if (match) res.redirect(302, resourceUrl(req, res, `/customers/${match.id}`));
		else notFound(res, 'Customer');
	});

	company.get('/customers/:id', numeric, (req, res) => {
		const c = state.customer(String(req.params.id));
		if (c) res.json(c);
		else notFound(res, 'Customer');
	});

	company.post('/customers', (req, res) => {
		const input = parse(customerCreateSchema, res, req.body);
		if (!input) return;
		const c = state.createCustomer(input);
		if (input.mobile) c.mobile = input.mobile;
		created(req, res, `/customers/${c.id}`, c);
	});

	company.put('/customers/:id', numeric, (req, res) => {
		const c = state.customer(String(req.params.id));
		if (!c) {
			notFound(res, 'Customer');
			return;
		}
		const input = parse(customerUpdateSchema, res, req.body);
		if (!input) return;
		if (input.first_name !== undefined) c.first_name = input.first_name;
		if (input.last_name !== undefined) c.last_name = input.last_name;
		if (input.phone !== undefined) c.phone = input.phone;
		if (input.mobile !== undefined) c.mobile = input.mobile;
		if (input.tags !== undefined) c.tags = input.tags;
		if (input.image !== undefined) c.image = input.image;
		if (input.reference_id !== undefined) c.reference_id = input.reference_id;
		if (input.email !== undefined) {
			c.primary_email_address = input.email;
			if (!c.email_addresses.includes(input.email)) c.email_addresses.unshift(input.email);
		}
		c.updated_at = state.stamp();
		res.json(c);
	});

	// ----- orders -----

	/** 4: path filters after `/orders` (statuses in lower case, `discounted`, `linkedcustomer`, `accounts`) and `created_*`/`value_*` queries. */
	const listOrders = (scope: (o: KountaOrder) => boolean): RequestHandler => (req, res) => {
		const filters = ([] as string[]).concat((req.params as Record<string, string | string[] | undefined>).filters ?? []).filter(Boolean);
		let orders = state.orders.filter(scope);
		for (const f of filters.map((s) => s.toLowerCase())) {
			if (f in STATUS_FILTERS) orders = orders.filter((o) => o.status === STATUS_FILTERS[f]);
			else if (f === 'discounted') orders = orders.filter((o) => o.price_variation < 1 || o.lines.some((l) => l.price_variation < 1));
			else if (f === 'linkedcustomer') orders = orders.filter((o) => o.customer !== null);
			else if (f === 'accounts') orders = orders.filter((o) => o.paid < o.total);
			else {
				notFound(res, `Order filter "${f}"`);
				return;
			}
		}
		const params = new URL(req.originalUrl, 'http://sandbox.invalid').searchParams;
		for (const [key, value] of params) {
			const m = /^(created|value)(?:_(lt|lte|gt|gte))?$/.exec(key);
			if (!m) continue;
			const [, field, op] = m;
			const bound = field === 'created' ? Date.parse(value) : Number(value);
			if (Number.isNaN(bound)) {
				fail(res, 400, 'invalid_request', `${key} must be ${field === 'created' ? 'a date (YYYY-MM-DD or ISO 8601)' : 'a number'}`);
				return;
			}
			const of = (o: KountaOrder): number => (field === 'created' ? Date.parse(o.created_at) : o.total);
			if (!op) {
				orders = field === 'created' ? orders.filter((o) => o.created_at.slice(0, 10) === value.slice(0, 10)) : orders.filter((o) => o.total === bound);
				continue;
			}
			// `created_lte=2026-03-03` includes that whole day.
			const upper = field === 'created' && /^\d{4}-\d{2}-\d{2}$/.test(value) && op === 'lte' ? bound + 86_400_000 - 1 : bound;
			const lower = field === 'created' && /^\d{4}-\d{2}-\d{2}$/.test(value) && op === 'gt' ? bound + 86_400_000 - 1 : bound;
			orders = orders.filter((o) => (op === 'lt' ? of(o) < bound : op === 'lte' ? of(o) <= upper : op === 'gt' ? of(o) > lower : of(o) >= bound));
		}
		sendPage(req, res, orders, orderSummary);
	};

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

	company.get('/orders{/*filters}', listOrders(() => true));
	company.get('/sites/:sid/orders{/*filters}', (req, res, next) => {
		const sid = Number(req.params.sid);
		if (!state.site(sid)) notFound(res, 'Site');
		else listOrders((o) => o.site_id === sid)(req, res, next);
	});
	company.get('/registers/:rid/orders{/*filters}', (req, res, next) => listOrders((o) => String(o.register_id) === req.params.rid)(req, res, next));
	company.get('/customers/:id/orders{/*filters}', (req, res, next) => {
		const c = state.customer(String(req.params.id));
		if (!c) notFound(res, 'Customer');
		else listOrders((o) => o.customer?.id === c.id)(req, res, next);
	});

	/** Fires `orders/completed` when an order becomes COMPLETE (fire and forget). */
	const afterStatus = (order: KountaOrder, before: KountaOrderStatus | undefined): void => {
		if (order.status === 'COMPLETE' && before !== 'COMPLETE') void sender.publish('orders/completed', order);
		if (order.status === 'DELETED' && before !== 'DELETED') void sender.publish('orders/deleted', order);
	};

	company.post('/orders', (req, res) => {
		const input = parse(orderCreateSchema, res, req.body);
		if (!input) return;
		const order = state.createOrder(input);
		if (typeof order === 'string') {
			fail(res, 400, 'invalid_request', order);
			return;
		}
		afterStatus(order, undefined);
		created(req, res, `/orders/${order.id}`, order);
	});

	/** Builds lines/payments first so a bad product or method changes nothing (no partial update). */
	const applyArrays = (order: KountaOrder, lines: LineInput[] | undefined, payments: PaymentInput[] | undefined, mode: 'replace' | 'append'): string | undefined => {
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
		if (payments) order.payments = mode === 'append' ? [...order.payments, ...newPayments] : newPayments;
		return undefined;
	};

	company.put('/orders/:id', numeric, (req, res) => {
		const order = state.order(String(req.params.id));
		if (!order) {
			notFound(res, 'Order');
			return;
		}
		const input = parse(orderUpdateSchema, res, req.body);
		if (!input) return;
		if (input.customer_id !== undefined && input.customer_id !== null && !state.customer(input.customer_id)) {
			fail(res, 400, 'invalid_request', `customer_id ${input.customer_id} does not exist`);
			return;
		}
		const problem = applyArrays(order, input.lines, input.payments, options.orderArrayUpdate);
		if (problem) {
			fail(res, 400, 'invalid_request', problem);
			return;
		}
		const before = order.status;
		if (input.notes !== undefined) order.notes = input.notes;
		if (input.price_variation !== undefined) order.price_variation = input.price_variation;
		if (input.customer_id !== undefined) order.customer = input.customer_id === null ? null : state.customerRef(input.customer_id);
		if (input.status !== undefined) order.status = input.status;
		order.updated_at = state.stamp();
		state.recompute(order);
		afterStatus(order, before);
		res.json(order);
	});

	if (options.orderSubresources) {
		const withOrder = (req: Request, res: Response): KountaOrder | undefined => {
			const order = state.order(String(req.params.id));
			if (!order) notFound(res, 'Order');
			return order;
		};
		company.post('/orders/:id/lines', numeric, (req, res) => {
			const order = withOrder(req, res);
			const input = order && parse(lineSchema, res, req.body);
			if (!order || !input) return;
			const problem = applyArrays(order, [input], undefined, 'append');
			if (problem) return fail(res, 400, 'invalid_request', problem);
			state.recompute(order);
			created(req, res, `/orders/${order.id}/lines/${order.lines.length}`, order.lines[order.lines.length - 1]);
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
			const problem = applyArrays(order, undefined, [input], 'append');
			if (problem) return fail(res, 400, 'invalid_request', problem);
			state.recompute(order);
			const payment = order.payments[order.payments.length - 1];
			created(req, res, `/orders/${order.id}/payments/${payment.id}`, payment);
		});
	}

	// ----- webhooks -----

	company.get('/webhooks', (req, res) => sendPage(req, res, state.webhooks));

	company.get('/webhooks/:id', numeric, (req, res) => {
		const hook = state.webhooks.find((w) => String(w.id) === req.params.id);
		if (hook) res.json(hook);
		else notFound(res, 'Webhook');
	});

	const checkTopic = (res: Response, topic: string | undefined): boolean => {
		if (topic === undefined || options.webhookTopics.includes(topic)) return true;
		fail(res, 400, 'invalid_request', `topic must be a supported topic (${options.webhookTopics.join(', ')})`);
		return false;
	};

	company.post('/webhooks', (req, res) => {
		const input = parse(webhookCreateSchema, res, req.body);
		if (!input || !checkTopic(res, input.topic)) return;
		const at = state.stamp();
		const hook = { id: state.next('webhook'), topic: input.topic, address: input.address, format: input.format, filter: input.filter, headers: input.headers, created_at: at, updated_at: at };
		state.webhooks.push(hook);
		created(req, res, `/webhooks/${hook.id}`, hook);
	});

	company.put('/webhooks/:id', numeric, (req, res) => {
		const hook = state.webhooks.find((w) => String(w.id) === req.params.id);
		if (!hook) {
			notFound(res, 'Webhook');
			return;
		}
		const input = parse(webhookUpdateSchema, res, req.body);
		if (!input || !checkTopic(res, input.topic)) return;
		if (input.topic !== undefined) hook.topic = input.topic;
		if (input.address !== undefined) hook.address = input.address;
		if (input.format !== undefined) hook.format = input.format;
		if (input.filter !== undefined) hook.filter = input.filter;
		if (input.headers !== undefined) hook.headers = input.headers;
		hook.updated_at = state.stamp();
		res.json(hook);
	});

	company.delete('/webhooks/:id', numeric, (req, res) => {
		const before = state.webhooks.length;
		state.webhooks = state.webhooks.filter((w) => String(w.id) !== req.params.id);
		if (state.webhooks.length < before) res.status(204).end();
		else notFound(res, 'Webhook');
	});

	router.use((req, res) => notFound(res, `Route ${req.method} ${req.baseUrl}${req.path}`));
	return router;
}
