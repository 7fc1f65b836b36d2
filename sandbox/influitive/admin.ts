import { Router, type Response } from 'express';

import { parseOr400 } from '../core/admin';
import type { RateLimiter } from './api';
import {
	adminDeliverSchema,
	adminPointsSchema,
	adminRedemptionSchema,
	adminRewardSchema,
	adminSubscriptionSchema,
} from './schemas';
import { isoSeconds, type InfluitiveState } from './state';
import type { WebhookSender } from './webhooks';

function unknownMember(res: Response, key: string): void {
	res.status(404).json({ error: `no Influitive member "${key}"` });
}

/**
 * `/__admin/influitive` routes (JSON in and out, no auth, not rate limited, not recorded):
 * - `POST /redemptions` `{member|memberId|email, reward|rewardId|rewardUuid, size?, answers?, quantity?, shippingAddress?}`:
 *   an advocate redeems (points deducted, ledger) → 201 `{redemption, event}`; subscriptions get the event
 * - `GET  /redemptions[?status=]`, `GET /redemptions/:idOrUuid`: records with status, decision and message
 * - `POST /redemptions/:idOrUuid/approve`: an admin's "Approve Without Fulfilling" (awaiting_approval → approved;
 *   409 otherwise)
 * - `POST /webhooks/deliver` `{url, event | redemptionId, copies?, concurrent?, headers?, query?, timeoutMs?}`
 *   → `{event, deliveries: [{status, body, error?, durationMs}]}`
 * - `POST /webhooks/subscriptions` `{url, events?, headers?, query?}` → 201 subscription; `GET` lists them;
 *   `DELETE /webhooks/subscriptions[/:id]`
 * - `GET  /webhooks/deliveries`: every delivery (manual and automatic), oldest first
 * - `GET  /members`, `GET /members/:idOrUuidOrEmail`; `POST /members/:key/points` `{points}` (set) or `{delta, reason?}`
 * - `GET  /ledger`, `GET /events`, `GET /rewards`, `POST /rewards`, `GET /referrals`, `GET /messages`, `GET /perks`
 * - `POST /rate-limit/reset`: forget every client's request window
 */
export function createInfluitiveAdminRouter(
	state: InfluitiveState,
	sender: WebhookSender,
	limiter: RateLimiter,
): Router {
	const router = Router();
	redemptionAdmin(router, state, sender);
	webhookAdmin(router, state, sender);
	memberAdmin(router, state);
	// Read-only views of the rest of the state.
	const records = {
		ledger: () => state.ledger,
		events: () => state.events,
		rewards: () => state.rewards,
		referrals: () => state.referrals,
		messages: () => state.messages,
		perks: () => state.perks,
	};
	for (const [name, read] of Object.entries(records)) {
		router.get(`/${name}`, (_req, res) => {
			res.json(read());
		});
	}
	router.post('/rewards', (req, res) => {
		const input = parseOr400(adminRewardSchema, req.body, res);
		if (!input) return;
		try {
			res.status(201).json(state.addReward(input));
		} catch (e) {
			res.status(409).json({ error: e instanceof Error ? e.message : String(e) });
		}
	});

	router.post('/rate-limit/reset', (_req, res) => {
		limiter.clear();
		res.json({ ok: true });
	});

	return router;
}

/** An advocate redeems; redemptions listed, read and approved. */
function redemptionAdmin(router: Router, state: InfluitiveState, sender: WebhookSender): void {
	router.post('/redemptions', (req, res) => {
		const input = parseOr400(adminRedemptionSchema, req.body, res);
		if (!input) return;
		const memberKey = String(input.member ?? input.memberId ?? input.email);
		const rewardKey = String(input.reward ?? input.rewardId ?? input.rewardUuid);
		const member = state.member(memberKey);
		if (!member) {
			unknownMember(res, memberKey);
			return;
		}
		const reward = state.reward(rewardKey);
		if (!reward) {
			res.status(404).json({ error: `no Influitive reward "${rewardKey}"` });
			return;
		}
		const result = state.redeem(member, reward, input);
		if (!result.ok) {
			res.status(422).json({ error: result.error });
			return;
		}
		sender.publish(result.event);
		res.status(201).json({ redemption: result.redemption, event: result.event });
	});

	router.get('/redemptions', (req, res) => {
		const status = typeof req.query.status === 'string' ? req.query.status : undefined;
		res.json(status ? state.redemptions.filter((r) => r.status === status) : state.redemptions);
	});

	router.get('/redemptions/:id', (req, res) => {
		const redemption = state.redemption(req.params.id);
		if (redemption) res.json(redemption);
		else res.status(404).json({ error: `no Influitive redemption "${req.params.id}"` });
	});

	router.post('/redemptions/:id/approve', (req, res) => {
		const result = state.approve(req.params.id);
		if (result.ok) res.json(result.redemption);
		else res.status(result.status).json({ error: result.error });
	});
}

/** Webhook deliveries by hand, subscriptions (automatic deliveries) and the delivery log. */
function webhookAdmin(router: Router, state: InfluitiveState, sender: WebhookSender): void {
	router.post('/webhooks/deliver', async (req, res) => {
		const input = parseOr400(adminDeliverSchema, req.body, res);
		if (!input) return;
		let event: unknown = input.event;
		if (input.redemptionId !== undefined) {
			const redemption = state.redemption(input.redemptionId);
			if (!redemption) {
				res.status(404).json({ error: `no Influitive redemption "${input.redemptionId}"` });
				return;
			}
			event = state.redemptionEvent(redemption);
		}
		const deliveries = await sender.deliverCopies(
			input.url,
			event,
			input.copies,
			input.concurrent,
			{
				headers: input.headers,
				query: input.query,
				timeoutMs: input.timeoutMs,
			},
		);
		res.json({ event, deliveries });
	});

	router.post('/webhooks/subscriptions', (req, res) => {
		const input = parseOr400(adminSubscriptionSchema, req.body, res);
		if (!input) return;
		const subscription = {
			id: state.next('subscription'),
			...input,
			created_at: isoSeconds(state.now()),
		};
		state.subscriptions.push(subscription);
		res.status(201).json(subscription);
	});

	router.get('/webhooks/subscriptions', (_req, res) => {
		res.json(state.subscriptions);
	});

	router.delete('/webhooks/subscriptions', (_req, res) => {
		const cleared = state.subscriptions.length;
		state.subscriptions = [];
		res.json({ cleared });
	});

	router.delete('/webhooks/subscriptions/:id', (req, res) => {
		const before = state.subscriptions.length;
		state.subscriptions = state.subscriptions.filter((s) => String(s.id) !== req.params.id);
		if (state.subscriptions.length < before) res.json({ cleared: 1 });
		else res.status(404).json({ error: `no subscription "${req.params.id}"` });
	});

	router.get('/webhooks/deliveries', (_req, res) => {
		res.json(state.deliveries);
	});
}

/** Members and their points. */
function memberAdmin(router: Router, state: InfluitiveState): void {
	router.get('/members', (_req, res) => {
		res.json(state.members);
	});

	router.get('/members/:key', (req, res) => {
		const member = state.member(req.params.key);
		if (member) res.json(member);
		else unknownMember(res, req.params.key);
	});

	router.post('/members/:key/points', (req, res) => {
		const member = state.member(req.params.key);
		if (!member) {
			unknownMember(res, req.params.key);
			return;
		}
		const input = parseOr400(adminPointsSchema, req.body, res);
		if (!input) return;
		const delta = 'points' in input ? input.points - member.current_points : input.delta;
		const reason = input.reason ?? ('points' in input ? 'admin set balance' : 'admin adjustment');
		state.adjustPoints(member, delta, reason, { earned: delta > 0 });
		res.json(member);
	});
}
