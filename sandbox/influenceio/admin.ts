import { Router, type Response } from 'express';

import { parseOr400 } from '../core/admin';
import type { KeyRateLimiter } from './api';
import { objectId } from './seed';
import {
	adminBulkSeedSchema,
	customerPutSchema,
	adminDeliverSchema,
	adminPointsSchema,
	adminRedeemSchema,
	adminWebhookSchema,
} from './schemas';
import type { InfluenceIoState } from './state';
import type { InfluenceIoWebhookSender } from './webhooks';

function unknownCustomer(res: Response, key: string): void {
	res.status(404).json({ error: `no Influence.io customer "${key}"` });
}

/**
 * `/__admin/influenceio` routes (JSON in and out, no auth, not rate limited, not recorded):
 * - `GET  /customers[?offset=&limit=]` → `{total, customers}`; `GET /customers/:key` (external id, id or email)
 * - `POST /customers/seed` `{count, prefix?, pointBalance?}`: bulk-create cheap customers (no webhooks)
 * - `POST /customers/:key/points` `{points}` (set) or `{delta, reason?}` → customer
 * - `POST /redeem` `{customer, ruleId?, couponCode?}`: a widget redemption → 201 `{payload, coupon, rule}`,
 *   `payload` being the `points/redeemed` body (also sent to registered webhooks)
 * - `GET  /ledger[?customer=]`, `GET /orders`, `GET /products`, `GET /coupons`, `GET /coupons/:code`,
 *   `GET /rules` (`{redeem, earn}`), `GET /webhooks`, `POST /webhooks` `{topic, url}`, `DELETE /webhooks`
 * - `POST /webhooks/deliver` `{url, topic, payload, webhookId?, copies?, concurrent?, headers?, query?, timeoutMs?}`
 *   → `{webhookId, deliveries}`; `GET /deliveries`: every delivery, oldest first
 * - `POST /rate-limit/reset`
 */
export function createInfluenceIoAdminRouter(
	state: InfluenceIoState,
	sender: InfluenceIoWebhookSender,
	limiter: KeyRateLimiter,
): Router {
	const router = Router();
	customerAdmin(router, state);
	pointsAdmin(router, state);
	storeAdmin(router, state);
	webhookAdmin(router, state, sender);
	router.post('/rate-limit/reset', (_req, res) => {
		limiter.clear();
		res.json({ ok: true });
	});
	return router;
}

/** Customers as the dashboard sees them: list, bulk seed, read, edit, delete, set points. */
function customerAdmin(router: Router, state: InfluenceIoState): void {
	router.get('/customers', (req, res) => {
		const offset = Math.max(0, Number(req.query.offset ?? 0) || 0);
		const limit =
			req.query.limit === undefined
				? state.customers.length
				: Math.max(0, Number(req.query.limit) || 0);
		res.json({
			total: state.customers.length,
			customers: state.customers.slice(offset, offset + limit).map((c) => state.view(c)),
		});
	});

	router.post('/customers/seed', (req, res) => {
		const input = parseOr400(adminBulkSeedSchema, req.body, res);
		if (input) res.status(201).json(state.bulkSeed(input.count, input.prefix, input.pointBalance));
	});

	router.get('/customers/:key', (req, res) => {
		const customer = state.customer(req.params.key);
		if (customer) res.json(state.view(customer));
		else unknownCustomer(res, req.params.key);
	});

	// A dashboard edit: creates or updates by external id and sends `customers/updated`, as the API's PUT does.
	router.put('/customers/:externalId', (req, res) => {
		const input = parseOr400(customerPutSchema, req.body, res);
		if (!input) return;
		const outcome = state.upsertCustomer(req.params.externalId, input);
		if ('error' in outcome) res.status(409).json({ error: outcome.error });
		else res.status(outcome.created ? 201 : 200).json(state.view(outcome.customer));
	});

	// A dashboard deletion: no API call or webhook exists for it; API reads answer 404 from now on.
	router.delete('/customers/:key', (req, res) => {
		const customer = state.customer(req.params.key);
		if (!customer) {
			unknownCustomer(res, req.params.key);
			return;
		}
		state.removeCustomer(customer);
		res.json({ removed: customer.externalId });
	});

	router.post('/customers/:key/points', (req, res) => {
		const customer = state.customer(req.params.key);
		if (!customer) {
			unknownCustomer(res, req.params.key);
			return;
		}
		const input = parseOr400(adminPointsSchema, req.body, res);
		if (!input) return;
		const delta = 'points' in input ? input.points - customer.pointBalance : input.delta;
		state.adminAdjust(
			customer,
			delta,
			input.reason ?? ('points' in input ? 'admin set balance' : 'admin adjustment'),
		);
		res.json(state.view(customer));
	});
}

/** A widget redemption, the points ledger and the rules. */
function pointsAdmin(router: Router, state: InfluenceIoState): void {
	router.post('/redeem', (req, res) => {
		const input = parseOr400(adminRedeemSchema, req.body, res);
		if (!input) return;
		const customer = state.customer(input.customer);
		if (!customer) {
			unknownCustomer(res, input.customer);
			return;
		}
		const rule =
			input.ruleId !== undefined
				? state.redeemRule(input.ruleId)
				: state.options.redeemRules.find((r) => r.status === 'active');
		if (!rule) {
			res
				.status(404)
				.json({ error: `no Influence.io redeem rule "${input.ruleId ?? '(active)'}"` });
			return;
		}
		const outcome = state.redeem(customer, rule, input.couponCode);
		if (outcome.ok) res.status(201).json(outcome.result);
		else res.status(422).json({ error: outcome.message });
	});

	router.get('/ledger', (req, res) => {
		const key = typeof req.query.customer === 'string' ? req.query.customer : undefined;
		if (key === undefined) {
			res.json(state.ledger);
			return;
		}
		const customer = state.customer(key);
		res.json(customer ? state.ledger.filter((e) => e.customerId === customer.id) : []);
	});

	router.get('/rules', (_req, res) => {
		res.json({ redeem: state.options.redeemRules, earn: state.options.earnRules });
	});
}

/** Orders, products and coupons as recorded. */
function storeAdmin(router: Router, state: InfluenceIoState): void {
	router.get('/orders', (_req, res) => {
		res.json([...state.orders.values()]);
	});

	router.get('/products', (_req, res) => {
		res.json([...state.products.values()].map((p) => state.productView(p)));
	});

	router.get('/coupons', (_req, res) => {
		res.json([...state.coupons.values()]);
	});

	router.get('/coupons/:code', (req, res) => {
		const coupon = state.coupon(req.params.code);
		if (coupon) res.json(coupon);
		else res.status(404).json({ error: `no Influence.io coupon "${req.params.code}"` });
	});
}

/** Webhook registrations, deliveries by hand and the delivery log. */
function webhookAdmin(
	router: Router,
	state: InfluenceIoState,
	sender: InfluenceIoWebhookSender,
): void {
	router.get('/webhooks', (_req, res) => {
		res.json(state.webhooks);
	});

	/** Same effect as `POST /v1/webhooks`, without auth or rate limit (test setup). */
	router.post('/webhooks', (req, res) => {
		const input = parseOr400(adminWebhookSchema, req.body, res);
		if (!input) return;
		const now = state.now();
		const webhook = {
			id: objectId('webhook', state.next('webhook')),
			topic: input.topic,
			url: input.url,
			createdAt: now,
			updatedAt: now,
		};
		state.webhooks.push(webhook);
		res.status(201).json(webhook);
	});

	router.delete('/webhooks', (_req, res) => {
		const cleared = state.webhooks.length;
		state.webhooks = [];
		res.json({ cleared });
	});

	router.post('/webhooks/deliver', async (req, res) => {
		const input = parseOr400(adminDeliverSchema, req.body, res);
		if (!input) return;
		const out = await sender.deliverCopies(
			input.url,
			input.topic,
			input.payload,
			input.copies,
			input.concurrent,
			{
				webhookIdHeader: input.webhookId,
				headers: input.headers,
				query: input.query,
				timeoutMs: input.timeoutMs,
			},
		);
		res.json(out);
	});

	router.get('/deliveries', (_req, res) => {
		res.json(state.deliveries);
	});
}
