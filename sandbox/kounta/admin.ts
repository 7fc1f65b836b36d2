import { Router, type Response } from 'express';
import { z } from 'zod';

import { parseOr400 } from '../core/admin';
import { repeat } from '../core/outbound';
import type { KountaRateLimiter } from './api';
import type { KountaPos } from './pos';
import {
	adminCustomerSchema,
	adminDeliverSchema,
	adminLoyaltySchema,
	adminOrderSchema,
} from './schemas';
import type { KountaState } from './state';
import type { KountaOrder } from './types';
import type { KountaWebhookSender } from './webhooks';

const callOptions = {
	method: z.enum(['GET', 'POST']).optional(),
	signatureSecret: z.union([z.string().min(1), z.literal(false)]).optional(),
	timeoutMs: z.number().int().min(1).max(120_000).optional(),
};
const placeholder = z.string().regex(/^\d+$/, 'must be digits').optional();
const layout = z.enum(['members', 'obsolete']).optional();

const posSearchSchema = z
	.object({
		...callOptions,
		searchUrl: z.string().url().optional(),
		keyword: z.string(),
		siteId: z.number().int().optional(),
		placeholderOrderId: placeholder,
	})
	.strict();
const posLookupSchema = z
	.object({
		...callOptions,
		rewardsUrl: z.string().url().optional(),
		customerId: z.union([z.number().int(), z.string()]).optional(),
		referenceId: z.string(),
		siteId: z.number().int().optional(),
		placeholderOrderId: placeholder,
		layout,
	})
	.strict();
const posRedeemSchema = z
	.object({
		...callOptions,
		redeemUrl: z.string().url(),
		orderId: z.number().int(),
		placeholderOrderId: z.string().min(1),
		quantity: z.number().positive().optional(),
	})
	.strict();
const posCheckoutSchema = z
	.object({
		...callOptions,
		keyword: z.string(),
		orderId: z.number().int().optional(),
		siteId: z.number().int().optional(),
		memberId: z.string().optional(),
		rewardId: z.string().optional(),
		quantity: z.number().positive().optional(),
		placeholderOrderId: placeholder,
		layout,
	})
	.strict();

/**
 * `/__admin/kounta` routes (JSON, no auth, not rate limited, not recorded):
 * - `GET  /state`: company, sites, products, customers, orders (full), webhooks, loyalty config, token counts
 * - `POST /seed`: back to the seed (like `POST /__admin/reset` for Kounta only, calls stay recorded)
 * - `POST /customers` `{first_name, last_name?, email?, phone?, reference_id?, tags?}` → 201 customer
 * - `POST /orders` `{site_id?, customer_id?, status?, notes?, lines?}` → 201 order (a till rings it up)
 * - `GET  /orders/:id`; `POST /orders/:id/complete` → `{order, deliveries}` (fires `orders/completed`, waits for the deliveries)
 * - `GET  /webhooks/deliveries`; `POST /webhooks/deliver` `{url, orderId|payload, topic?, headers?, sign?, copies?, concurrent?}`
 * - `POST /tokens/expire`: every access token issued so far expires (refresh tokens keep working)
 * - `POST /rate-limit/reset`
 * - `GET|PUT /loyalty` `{searchUrl?, rewardsUrl?, signatureSecret?}`: the add-on's Loyalty tab
 * - `POST /pos/search|lookup|redeem|checkout`: the POS simulator (see pos.ts), replies `KountaPosResult`s
 */
export function createKountaAdminRouter(
	state: KountaState,
	sender: KountaWebhookSender,
	limiter: KountaRateLimiter,
	pos: KountaPos,
): Router {
	const router = Router();
	router.get('/state', (_req, res) => {
		res.json({
			company: state.company,
			sites: state.sites,
			products: state.products,
			customers: state.customers,
			orders: state.orders,
			webhooks: state.webhooks,
			loyalty: {
				...state.loyalty,
				signatureSecret: state.loyalty.signatureSecret ? '(set)' : undefined,
			},
			tokens: {
				access: state.accessTokens.size,
				refresh: state.refreshTokens.size,
				codes: state.codes.size,
			},
		});
	});

	router.post('/seed', (_req, res) => {
		state.reset();
		limiter.clear();
		res.json({ ok: true });
	});

	router.post('/customers', (req, res) => {
		const input = parseOr400(adminCustomerSchema, req.body, res);
		if (input) res.status(201).json(state.createCustomer(input));
	});

	orderAdmin(router, state, sender);
	router.post('/tokens/expire', (_req, res) => {
		res.json({ expired: state.expireAccessTokens() });
	});

	router.post('/rate-limit/reset', (_req, res) => {
		limiter.clear();
		res.json({ ok: true });
	});

	loyaltyAdmin(router, state, pos);
	return router;
}

function withOrder(state: KountaState, id: string, res: Response): KountaOrder | undefined {
	const order = state.order(id);
	if (!order) res.status(404).json({ error: `no Kounta order "${id}"` });
	return order;
}

/** Orders as a till rings them up and completes them, and the `orders/*` webhooks they fire. */
function orderAdmin(router: Router, state: KountaState, sender: KountaWebhookSender): void {
	router.post('/orders', (req, res) => {
		const input = parseOr400(adminOrderSchema, req.body ?? {}, res);
		if (!input) return;
		const order = state.createOrder(input);
		if (typeof order === 'string') res.status(400).json({ error: order });
		else res.status(201).json(order);
	});

	router.get('/orders/:id', (req, res) => {
		const order = withOrder(state, req.params.id, res);
		if (order) res.json(order);
	});

	router.post('/orders/:id/complete', async (req, res) => {
		const order = withOrder(state, req.params.id, res);
		if (!order) return;
		const wasComplete = order.status === 'COMPLETE';
		if (!wasComplete) {
			const due = Math.round((order.total - order.paid) * 100) / 100;
			if (due > 0) {
				const payment = state.payment({ method_id: 1, amount: due, ref: 'till' });
				if (typeof payment !== 'string') order.payments.push(payment);
			}
			state.setStatus(order, 'COMPLETE');
			state.recompute(order);
		}
		const deliveries = wasComplete ? [] : await sender.publish('orders/completed', order);
		res.json({ order, deliveries });
	});

	router.get('/webhooks/deliveries', (_req, res) => {
		res.json(state.deliveries);
	});

	router.post('/webhooks/deliver', async (req, res) => {
		const input = parseOr400(adminDeliverSchema, req.body, res);
		if (!input) return;
		let body = input.payload;
		if (input.orderId !== undefined) {
			const order = withOrder(state, String(input.orderId), res);
			if (!order) return;
			body = sender.payload(input.topic, order);
		}
		const send = () =>
			sender.deliver(input.url, input.topic, body, {
				headers: input.headers,
				sign: input.sign,
				timeoutMs: input.timeoutMs,
			});
		const deliveries = await repeat(input.copies, input.concurrent, send);
		res.json({ payload: body, deliveries });
	});
}

/** POS errors (no URL configured, unknown order) are the caller's mistake: 400 with the reason. */
async function run(res: Response, work: () => Promise<unknown>): Promise<void> {
	try {
		res.json(await work());
	} catch (e) {
		res.status(400).json({ error: e instanceof Error ? e.message : String(e) });
	}
}

/** The add-on's Loyalty tab and the POS simulator calling it. */
function loyaltyAdmin(router: Router, state: KountaState, pos: KountaPos): void {
	router.get('/loyalty', (_req, res) => {
		res.json({
			...state.loyalty,
			signatureSecret: state.loyalty.signatureSecret ? '(set)' : undefined,
		});
	});

	router.put('/loyalty', (req, res) => {
		const input = parseOr400(adminLoyaltySchema, req.body, res);
		if (!input) return;
		state.loyalty = input;
		res.json({ ...input, signatureSecret: input.signatureSecret ? '(set)' : undefined });
	});

	router.post('/pos/search', async (req, res) => {
		const input = parseOr400(posSearchSchema, req.body, res);
		if (input) await run(res, () => pos.search(input));
	});

	router.post('/pos/lookup', async (req, res) => {
		const input = parseOr400(posLookupSchema, req.body, res);
		if (input) await run(res, () => pos.lookup(input));
	});

	router.post('/pos/redeem', async (req, res) => {
		const input = parseOr400(posRedeemSchema, req.body, res);
		if (input) await run(res, () => pos.redeem(input));
	});

	router.post('/pos/checkout', async (req, res) => {
		const input = parseOr400(posCheckoutSchema, req.body, res);
		if (input) await run(res, () => pos.checkout(input));
	});
}
