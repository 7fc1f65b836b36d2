import axios from 'axios';
import { Router, type Request, type Response } from 'express';
import { z } from 'zod';

import { parseOr400 } from '../core/admin';
import type { VendorModule } from '../core/vendor';
import { InfluitiveState } from './state';

export const INFLUITIVE_BASE = '/influitive';
export const INFLUITIVE_DEFAULT_TOKEN = 'influitive-test-token';
export const INFLUITIVE_DEFAULT_ORG_ID = '00000000-0000-4000-8000-000000000001';

export interface InfluitiveOptions {
	token?: string;
	orgId?: string;
	/** Published: 200 requests per IP in any 5 minutes. */
	rateLimit?: { requests: number; windowMs: number };
	/** AWS WAF blocks with 403 by default; the status Influitive really uses is not documented. */
	throttleStatus?: 429 | 403;
	/** Which path refuses: the public docs do not settle `refuse` vs `reject`; the other one is 404. */
	refusePath?: 'refuse' | 'reject';
	/** Body key of the decision message (`message` vs `feedback`: not published). */
	messageKey?: 'message' | 'feedback';
	/** Items per page of the redemption queue (not published). */
	pageSize?: number;
}

export interface InfluitiveInfo {
	baseUrl: string;
	token: string;
	orgId: string;
}

/** The Influitive AdvocateHub stand-in under `/influitive`, admin under `/__admin/influitive`. */
export function createInfluitiveVendor(options: InfluitiveOptions = {}): VendorModule<InfluitiveInfo> {
	const config = {
		token: options.token ?? INFLUITIVE_DEFAULT_TOKEN,
		orgId: options.orgId ?? INFLUITIVE_DEFAULT_ORG_ID,
		rateLimit: options.rateLimit ?? { requests: 200, windowMs: 5 * 60_000 },
		throttleStatus: options.throttleStatus ?? 429,
		refusePath: options.refusePath ?? 'refuse',
		messageKey: options.messageKey ?? 'message',
		pageSize: options.pageSize ?? 25,
	};
	const state = new InfluitiveState();
	const hits = new Map<string, number[]>();
	return {
		name: 'influitive',
		mounts: [{ name: 'api', basePath: INFLUITIVE_BASE, router: apiRouter(state, config, hits) }],
		adminRouter: adminRouter(state, hits),
		reset: () => {
			state.reset();
			hits.clear();
		},
		info: (serverUrl) => ({ baseUrl: `${serverUrl}${INFLUITIVE_BASE}`, token: config.token, orgId: config.orgId }),
	};
}

type Config = Required<InfluitiveOptions>;

function apiRouter(state: InfluitiveState, config: Config, hits: Map<string, number[]>): Router {
	const router = Router();

	// Throttling first (the WAF sits in front of the app), then auth exactly as documented.
	router.use((req, res, next) => {
		const ip = req.socket.remoteAddress ?? 'unknown';
		const now = Date.now();
		const recent = (hits.get(ip) ?? []).filter((t) => t > now - config.rateLimit.windowMs);
		if (recent.length >= config.rateLimit.requests) {
			const retryAfter = Math.max(1, Math.ceil((recent[0] + config.rateLimit.windowMs - now) / 1000));
			res.status(config.throttleStatus).set('Retry-After', String(retryAfter)).type('text/plain').send('');
			return;
		}
		recent.push(now);
		hits.set(ip, recent);
		next();
	});
	router.use((req, res, next) => {
		// Node lower-cases header names; the underscore survives (`x_org_id`).
		if (req.headers.authorization !== `Token ${config.token}` || req.headers['x_org_id'] !== config.orgId) {
			res.status(401).set('WWW-Authenticate', 'Token realm=Api').type('text/plain').send('');
			return;
		}
		next();
	});

	router.get('/members/me', (_req, res) => {
		res.json(state.member(1));
	});
	router.get('/members', (req, res) => {
		const email = String(req.query.email ?? '');
		res.json(state.members.filter((m) => m.email === email));
	});
	router.get('/members/:id', (req, res) => {
		const member = state.member(req.params.id);
		if (member) res.json(member);
		else res.status(404).json({ message: 'Not found' });
	});

	router.get('/reward_redemptions', (req, res) => {
		const pending = state.redemptions.filter((r) => r.status === 'pending');
		const page = Math.max(1, Number(req.query.page ?? 1) || 1);
		const slice = pending.slice((page - 1) * config.pageSize, page * config.pageSize);
		const self = `${req.protocol}://${req.get('host')}${req.baseUrl}/reward_redemptions`;
		const contactIds = [...new Set(slice.map((r) => r.contact_id))];
		res.json({
			reward_redemptions: slice.map((r) => state.redemptionView(r)),
			contacts: contactIds.map((id) => state.contactView(state.member(id) as NonNullable<ReturnType<typeof state.member>>)),
			links: { self: `${self}?page=${page}`, next: page * config.pageSize < pending.length ? `${self}?page=${page + 1}` : null },
		});
	});

	router.post('/reward_redemptions/:id/decision/:decision', (req: Request, res: Response) => {
		const decision = req.params.decision === 'fulfill' ? 'fulfill' : req.params.decision === config.refusePath ? 'refuse' : undefined;
		const redemption = state.redemption(String(req.params.id));
		if (!decision || !redemption) {
			res.status(404).json({ message: 'Not found' });
			return;
		}
		redemption.decisions++;
		const body = (req.body ?? {}) as Record<string, unknown>;
		const message = body[config.messageKey];
		// Shapes of these errors are inferred; Influitive publishes none.
		if (typeof message !== 'string') {
			res.status(422).json({ errors: [`${config.messageKey} is required`] });
			return;
		}
		if (redemption.status !== 'pending') {
			res.status(422).json({ errors: ['Reward redemption has already been decided'] });
			return;
		}
		redemption.status = decision === 'fulfill' ? 'fulfilled' : 'refused';
		redemption.decision = { decision, message, at: new Date().toISOString() };
		if (decision === 'refuse') {
			state.adjustPoints(state.member(redemption.contact_id) as NonNullable<ReturnType<typeof state.member>>, redemption.points, `refused redemption ${redemption.id}`);
		}
		res.json({ id: redemption.id, status: redemption.status });
	});

	router.post('/events', (req, res) => {
		const body = (req.body ?? {}) as { type?: string; contact?: { id?: string | number; email?: string }; points?: string; stage?: unknown; advocacy?: unknown };
		if (!body.type || !body.contact || (body.stage && body.advocacy)) {
			res.status(422).json({ errors: ['type and contact are required; stage and advocacy cannot be sent together'] });
			return;
		}
		const member =
			(body.contact.id !== undefined ? state.member(body.contact.id) : undefined) ??
			(body.contact.email ? (state.member(body.contact.email) ?? state.createMember(body.contact.email)) : undefined);
		if (!member) {
			res.status(422).json({ errors: ['contact not found'] });
			return;
		}
		// Not idempotent: every request awards the points again, as the real API does.
		const event = state.logEvent(body.type, member, Number(body.points ?? 0) || 0, body);
		res.status(201).json({ id: event.id, event_type_code: event.event_type_code, points: event.points, contact: state.contactView(member), parameters: {} });
	});

	return router;
}

const redeemSchema = z.object({
	member: z.union([z.string(), z.number()]),
	reward: z.union([z.string(), z.number()]),
	size: z.string().optional(),
	quantity: z.number().int().positive().optional(),
	shippingAddress: z.record(z.string()).optional(),
});

const deliverSchema = z.object({
	url: z.string().url(),
	redemptionId: z.union([z.string(), z.number()]).optional(),
	event: z.record(z.unknown()).optional(),
	copies: z.number().int().min(1).max(50).default(1),
	concurrent: z.boolean().default(false),
	query: z.record(z.string()).optional(),
});

/**
 * `/__admin/influitive` routes:
 * - `POST /redemptions` `{member, reward, size?, quantity?, shippingAddress?}`: an advocate redeems (points deducted) → `{redemption, event}`
 * - `GET  /redemptions`: every redemption with its status, decision and message
 * - `POST /webhooks/deliver` `{url, redemptionId | event, copies?, concurrent?, query?}`: POSTs the webhook → `[{status, body}]`
 * - `POST /members/:idOrEmail/points` `{points}`: set a balance (benchmarks)
 * - `GET  /members/:idOrEmail`, `GET /ledger`, `GET /events`, `POST /rate-limit/reset`
 */
function adminRouter(state: InfluitiveState, hits: Map<string, number[]>): Router {
	const router = Router();
	router.post('/redemptions', (req, res) => {
		const input = parseOr400(redeemSchema, req.body, res);
		if (!input) return;
		const member = state.member(input.member);
		const reward = state.reward(input.reward);
		if (!member || !reward) {
			res.status(404).json({ error: `unknown ${member ? 'reward' : 'member'}` });
			return;
		}
		const result = state.redeem(member, reward, input);
		if ('error' in result) {
			res.status(422).json({ error: result.error });
			return;
		}
		res.status(201).json({ redemption: state.redemptionView(result.redemption), event: state.webhookEvent(result.redemption) });
	});
	router.get('/redemptions', (_req, res) => {
		res.json(state.redemptions);
	});
	router.post('/webhooks/deliver', async (req, res) => {
		const input = parseOr400(deliverSchema, req.body, res);
		if (!input) return;
		const redemption = input.redemptionId !== undefined ? state.redemption(input.redemptionId) : undefined;
		const event = input.event ?? (redemption ? state.webhookEvent(redemption) : undefined);
		if (!event) {
			res.status(400).json({ error: 'give an event or the id of an existing redemption' });
			return;
		}
		const send = async () => {
			const reply = await axios.post(input.url, event, { params: input.query, validateStatus: () => true, timeout: 30_000 });
			return { status: reply.status, body: reply.data as unknown };
		};
		const copies = Array.from({ length: input.copies }, () => send);
		const results = input.concurrent ? await Promise.all(copies.map((f) => f())) : [];
		if (!input.concurrent) for (const f of copies) results.push(await f());
		res.json({ event, deliveries: results });
	});
	router.get('/members/:id', (req, res) => {
		const member = state.member(req.params.id);
		if (member) res.json(member);
		else res.status(404).json({ error: 'unknown member' });
	});
	router.post('/members/:id/points', (req, res) => {
		const member = state.member(req.params.id);
		const points = Number((req.body as { points?: unknown })?.points);
		if (!member || !Number.isFinite(points)) {
			res.status(400).json({ error: 'give a known member and a numeric points balance' });
			return;
		}
		state.adjustPoints(member, points - member.current_points, 'admin set balance');
		res.json(member);
	});
	router.get('/ledger', (_req, res) => {
		res.json(state.ledger);
	});
	router.get('/events', (_req, res) => {
		res.json(state.events);
	});
	router.post('/rate-limit/reset', (_req, res) => {
		hits.clear();
		res.json({ ok: true });
	});
	return router;
}
