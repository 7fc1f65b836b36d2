import { randomUUID, timingSafeEqual } from 'node:crypto';
import { performance } from 'node:perf_hooks';

import { Router, type Request, type RequestHandler, type Response } from 'express';
import type { z } from 'zod';

import { requestContext } from '../core/vendor';
import type { ResolvedInfluitiveOptions } from './options';
import {
	errorMessages,
	eventCreateSchema,
	memberCreateSchema,
	messageSendSchema,
	milestoneSchema,
	perkSchema,
	referralCreateSchema,
} from './schemas';
import { isOutstanding, isoSeconds, REFERRAL_MILESTONES, type InfluitiveState } from './state';
import type { InfluitiveMember } from './types';
import type { WebhookSender } from './webhooks';

/**
 * Sliding-window request counter per client IP (published: 200 requests from one IP in any 5 minutes).
 * Real time, not the state clock.
 */
export class RateLimiter {
	private readonly hits = new Map<string, number[]>();

	constructor(private readonly options: ResolvedInfluitiveOptions) {}

	/** Counts a request; returns the seconds to wait when it is over the limit. */
	hit(ip: string, now = Date.now()): { ok: true } | { ok: false; retryAfterSeconds: number } {
		const { requests, windowMs } = this.options.rateLimit;
		const recent = (this.hits.get(ip) ?? []).filter((t) => t > now - windowMs);
		const throttled = recent.length >= requests;
		if (!throttled || this.options.countThrottled) recent.push(now);
		this.hits.set(ip, recent);
		if (!throttled) return { ok: true };
		// The next request passes once all but `requests - 1` of the counted ones have left the window.
		const mustExpire = recent[recent.length - requests];
		return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil((mustExpire + windowMs - now) / 1000)) };
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

/** Rails answers routing misses and missing records on JSON requests with this shape. */
function notFound(res: Response): void {
	res.status(404).json({ status: 404, error: 'Not Found' });
}

/** Validation failures: 422 `{"errors": [...]}` (shape inferred; Influitive publishes no error envelope). */
function unprocessable(res: Response, errors: string[]): void {
	res.status(422).json({ errors });
}

function parse422<S extends z.ZodTypeAny>(schema: S, body: unknown, res: Response): z.output<S> | undefined {
	const result = schema.safeParse(body ?? {});
	if (result.success) return result.data as z.output<S>;
	unprocessable(res, errorMessages(result.error));
	return undefined;
}

/** The parsed query string (`q[status]` stays a flat key, whatever express's query parser does). */
function searchParams(req: Request): URLSearchParams {
	return new URL(req.originalUrl, 'http://sandbox.invalid').searchParams;
}

/**
 * One page of `items` plus `links` (C3's `{"links": {"self", "next"}}`): full URLs keeping the other
 * query parameters, with a `page` parameter (1-based). Page size and parameter name are UNDOCUMENTED.
 */
function paginate<T>(req: Request, items: T[], options: ResolvedInfluitiveOptions): { items: T[]; links: Record<string, string | null> } {
	const requested = Number(searchParams(req).get('page') ?? '1');
	const page = Number.isInteger(requested) && requested >= 1 ? requested : 1;
	const size = options.pageSize;
	const url = new URL(`${req.protocol}://${req.get('host') ?? 'localhost'}${req.originalUrl}`);
	const at = (n: number): string => {
		url.searchParams.set('page', String(n));
		return url.toString();
	};
	const links: Record<string, string | null> = { self: at(page) };
	if (page * size < items.length) links.next = at(page + 1);
	else if (options.lastPageNext === 'null') links.next = null;
	else if (options.lastPageNext === 'empty') links.next = '';
	return { items: items.slice((page - 1) * size, page * size), links };
}

/** `active` (joined), `nominee` (not joined yet) or `locked`: what `q[status]` filters on (inferred). */
function memberStatus(member: InfluitiveMember): string {
	if (member.locked_at) return 'locked';
	return member.type === 'Nominee' || !member.joined_at ? 'nominee' : 'active';
}

/** The Influitive API under `/influitive` (like `https://api.influitive.com`, no version segment). */
export function createInfluitiveApiRouter(
	state: InfluitiveState,
	sender: WebhookSender,
	limiter: RateLimiter,
	options: ResolvedInfluitiveOptions,
): Router {
	const router = Router();

	// Documented on every response (R1).
	router.use((_req, res, next) => {
		const started = performance.now();
		res.setHeader('X-Request-Id', randomUUID());
		const writeHead = res.writeHead.bind(res) as (...args: unknown[]) => Response;
		res.writeHead = ((...args: unknown[]) => {
			if (!res.headersSent) res.setHeader('X-Runtime', ((performance.now() - started) / 1000).toFixed(6));
			return writeHead(...args);
		}) as typeof res.writeHead;
		next();
	});

	// Throttling first: the AWS WAF sits in front of the application.
	router.use((req, res, next) => {
		const verdict = limiter.hit(req.socket.remoteAddress ?? 'unknown');
		if (verdict.ok) {
			next();
			return;
		}
		res.status(options.throttleStatus).set('Retry-After', String(verdict.retryAfterSeconds));
		// Bodies inferred: a WAF block page for 403, a plain reason for 429.
		if (options.throttleStatus === 403) {
			res.type('text/html').send('<html><head><title>403 Forbidden</title></head><body><center><h1>403 Forbidden</h1></center></body></html>\n');
		} else {
			res.type('text/plain').send('Rate limit exceeded\n');
		}
	});

	// Auth exactly as documented: `Authorization: Token <token>` and `X_ORG_ID`, else 401, empty text/plain.
	router.use((req, res, next) => {
		const authorization = req.headers.authorization;
		// Node lower-cases header names and keeps the underscores: `X_ORG_ID` arrives as `x_org_id`.
		let orgId = req.headers['x_org_id'];
		if (orgId === undefined && options.acceptDashedOrgHeader) orgId = req.headers['x-org-id'];
		const tokenOk = typeof authorization === 'string' && sameSecret(authorization, `Token ${options.token}`);
		const orgOk = typeof orgId === 'string' && sameSecret(orgId, options.orgId);
		if (!tokenOk || !orgOk) {
			// setHeader, not express's set()/send(): those add "; charset=utf-8", which the example does not have.
			res.status(401);
			res.setHeader('WWW-Authenticate', 'Token realm=Api');
			res.setHeader('Content-Type', 'text/plain');
			res.setHeader('Content-Length', '0');
			res.end();
			return;
		}
		next();
	});

	// A JSON body that does not parse: Rails answers 400 before the action runs.
	const rejectBadJson: RequestHandler = (_req, res, next) => {
		if (requestContext(res).jsonError !== undefined) {
			res.status(400).json({ status: 400, error: 'Bad Request' });
			return;
		}
		next();
	};

	// ----- members -----

	router.get('/members/me', (_req, res) => {
		res.json(state.member(1));
	});

	/** An ARRAY, as the Go client (C3) decodes it; empty when nobody has that email. */
	router.get('/members', (req, res) => {
		const email = (searchParams(req).get('email') ?? '').toLowerCase();
		res.json(email === '' ? [] : state.members.filter((m) => m.email.toLowerCase() === email));
	});

	router.get('/members/:idOrUuid', (req, res) => {
		const member = state.memberByIdOrUuid(String(req.params.idOrUuid));
		if (member) res.json(member);
		else notFound(res);
	});

	router.post('/members', rejectBadJson, (req, res) => {
		const input = parse422(memberCreateSchema, req.body, res);
		if (!input) return;
		if (state.member(input.email)) {
			unprocessable(res, ['Email has already been taken']); // inferred
			return;
		}
		const { email, name, first_name, last_name, source, title, company, salesforce_id, crm_contact_id, type } = input;
		const member = state.createMember({
			email,
			...(name !== undefined ? { name } : {}),
			...(first_name !== undefined ? { first_name } : {}),
			...(last_name !== undefined ? { last_name } : {}),
			...(source !== undefined ? { source } : {}),
			...(title !== undefined ? { title } : {}),
			...(company !== undefined ? { company } : {}),
			...(type !== undefined ? { type } : {}),
			salesforce_id: salesforce_id ?? null,
			crm_contact_id: crm_contact_id ?? salesforce_id ?? null,
			match_categories: input.match_criteria ?? {},
		});
		res.status(201).json(member);
	});

	/**
	 * `q[status]=all` lists everyone; without it only joined, unlocked advocates (inferred: why else
	 * would clients send `q[status]=all`). Other `q[<field>]=<value>` filter on equality
	 * (case-insensitive); unknown fields are ignored, as Ransack does by default.
	 */
	router.get('/contacts', (req, res) => {
		const params = searchParams(req);
		const status = params.get('q[status]') ?? 'active';
		let members = status === 'all' ? state.members : state.members.filter((m) => memberStatus(m) === status);
		for (const [key, value] of params) {
			const field = /^q\[(\w+)\]$/.exec(key)?.[1];
			if (!field || field === 'status' || !(field in (state.members[0] ?? {}))) continue;
			members = members.filter((m) => String((m as unknown as Record<string, unknown>)[field] ?? '').toLowerCase() === value.toLowerCase());
		}
		const page = paginate(req, members, options);
		res.json({ links: page.links, contacts: page.items });
	});

	// ----- reward redemptions -----

	/**
	 * Only the outstanding queue ("redemptions that require fulfillment or refusal": pending, awaiting
	 * approval or approved), oldest first, with the advocates side-loaded as `contacts`.
	 */
	router.get('/reward_redemptions', (req, res) => {
		const pending = state.redemptions.filter(isOutstanding).sort((a, b) => a.id - b.id);
		const page = paginate(req, pending, options);
		const contactIds = [...new Set(page.items.map((r) => r.contact_id))];
		res.json({
			reward_redemptions: page.items.map((r) => state.redemptionView(r)),
			contacts: contactIds.flatMap((id) => {
				const member = state.member(id);
				return member ? [state.contactView(member)] : [];
			}),
			links: page.links,
		});
	});

	router.post('/reward_redemptions/:id/decision/:decision', rejectBadJson, (req, res) => {
		const name = String(req.params.decision);
		const decision = name === 'fulfill' ? 'fulfill' : name === options.refusePath ? 'refuse' : undefined;
		if (!decision) {
			notFound(res); // the refuse spelling not configured does not exist
			return;
		}
		const body = req.body !== null && typeof req.body === 'object' && !Array.isArray(req.body) ? (req.body as Record<string, unknown>) : {};
		const result = state.decide(String(req.params.id), decision, body[options.messageKey], options.messageKey);
		if (!result.ok) {
			if (result.status === 404) notFound(res);
			else unprocessable(res, result.errors);
			return;
		}
		const { id, uuid, status } = result.redemption;
		res.json({ id, uuid, status }); // shape inferred
	});

	// ----- events -----

	router.post('/events', rejectBadJson, (req, res) => {
		const input = parse422(eventCreateSchema, req.body, res);
		if (!input) return;
		const { contact } = input;
		let member: InfluitiveMember | undefined;
		if (contact.id !== undefined) member = state.memberByIdOrUuid(contact.id);
		else if (contact.email !== undefined) member = state.member(contact.email) ?? state.createMember({ email: contact.email });
		else member = state.members.find((m) => m.crm_contact_id !== null && m.crm_contact_id === String(contact.crm_contact_id));
		if (!member) {
			unprocessable(res, ['contact not found']); // inferred
			return;
		}
		// With a stage code the challenge's configured points apply instead (R1); the sandbox has no
		// challenges, so a stage event awards nothing.
		const points = input.stage ? 0 : Number(input.points ?? 0);
		const parameters: Record<string, unknown> = {};
		if (input.stage) parameters.stage = input.stage;
		if (input.advocacy) parameters.advocacy = { occurred_at: isoSeconds(state.now()).slice(0, 10), ...input.advocacy };
		const event = state.logEvent(input.type, member, points, parameters, req.body);
		const reply = {
			id: event.id,
			event_type_code: event.event_type_code,
			points: event.points,
			contact: state.eventContactView(member),
			parameters: event.parameters,
		};
		res.status(201);
		// As documented: JSON content under exactly `text/plain` (setHeader: express's set() would add a charset).
		if (options.eventsContentType === 'text/plain') {
			res.setHeader('Content-Type', 'text/plain');
			res.end(JSON.stringify(reply));
		} else res.json(reply);
	});

	/** `{"events": [...]}` (C2), filtered by `types` (comma list), `start_at`, `end_at` (ISO 8601). Not paged (unknown). */
	router.get('/events', (req, res) => {
		const params = searchParams(req);
		const types = (params.get('types') ?? '')
			.split(',')
			.map((t) => t.trim())
			.filter(Boolean);
		const bound = (name: string): number | undefined => {
			const value = params.get(name);
			const ms = value ? Date.parse(value) : NaN;
			return Number.isNaN(ms) ? undefined : Math.floor(ms / 1000);
		};
		const start = bound('start_at');
		const end = bound('end_at');
		const events = state.events.filter(
			(e) => (types.length === 0 || types.includes(e.type)) && (start === undefined || e.created >= start) && (end === undefined || e.created <= end),
		);
		res.json({ events: events.map(({ body: _body, ...event }) => event) });
	});

	// ----- rewards and perks -----

	router.get('/external/rewards', (_req, res) => {
		res.json(state.rewards.map((r) => state.rewardView(r)));
	});

	router.post('/external/rewards/:idOrUuid/:action', (req, res) => {
		const action = String(req.params.action);
		const reward = state.reward(String(req.params.idOrUuid));
		if ((action !== 'publish' && action !== 'unpublish') || !reward) {
			notFound(res);
			return;
		}
		reward.published = action === 'publish';
		res.json({ status: 'ok', id: reward.id, uuid: reward.uuid, published: String(reward.published) }); // shape inferred
	});

	router.post('/perks/reward/:rewardUuid', rejectBadJson, (req, res) => {
		const reward = state.rewards.find((r) => r.uuid === req.params.rewardUuid);
		if (!reward) {
			notFound(res);
			return;
		}
		const input = parse422(perkSchema, req.body, res);
		if (!input) return;
		const member = state.memberByIdOrUuid(input.contact_id);
		if (!member) {
			unprocessable(res, ['contact not found']); // inferred
			return;
		}
		const auto = input['send automatically'];
		const perk = {
			id: state.next('perk'),
			reward_uuid: reward.uuid,
			contact_id: member.id,
			send_automatically: auto === true || auto === 'true',
			shipping: input.shipping ?? {},
			message: input.message ?? null,
			sender_id: input.sender_id ?? null,
			body: req.body as unknown,
			sent_at: isoSeconds(state.now()),
		};
		state.perks.push(perk);
		// R2 documents only the 200; the body is inferred.
		res.json({ status: 'ok', id: perk.id, reward_uuid: perk.reward_uuid, contact_id: perk.contact_id, send_automatically: perk.send_automatically });
	});

	// ----- referrals -----

	router.post('/referrals', rejectBadJson, (req, res) => {
		const input = parse422(referralCreateSchema, req.body, res);
		if (!input) return;
		const { contact, prospect, campaign_id } = input.referral;
		const member = contact.id !== undefined ? state.memberByIdOrUuid(contact.id) : contact.email ? state.member(contact.email) : undefined;
		if (!member) {
			unprocessable(res, ['contact not found']); // inferred
			return;
		}
		const referral = state.createReferral(member, campaign_id, prospect);
		sender.publish(state.referralEvent(referral, null));
		res.status(201).json(state.referralView(referral)); // "a confirmation including the referral ID": shape inferred
	});

	router.get('/referrals', (req, res) => {
		const wanted = searchParams(req).get('status_type');
		const referrals = state.referrals.filter((r) => !wanted || r.status.type === wanted || r.status.code === wanted);
		res.json({ referrals: referrals.map((r) => state.referralView(r)) }); // shape inferred
	});

	router.get('/referrals/:id', (req, res) => {
		const referral = state.referrals.find((r) => r.id === req.params.id);
		if (referral) res.json(state.referralView(referral));
		else notFound(res);
	});

	router.put('/referrals/:id/milestones/:milestone', rejectBadJson, (req, res) => {
		const referral = state.referrals.find((r) => r.id === req.params.id);
		if (!referral) {
			notFound(res);
			return;
		}
		const milestone = String(req.params.milestone);
		if (!(milestone in REFERRAL_MILESTONES)) {
			unprocessable(res, [`milestone must be one of ${Object.keys(REFERRAL_MILESTONES).join(', ')}`]); // inferred
			return;
		}
		const input = parse422(milestoneSchema, req.body, res);
		if (!input) return;
		const event = state.advanceReferral(referral, milestone, input.feedback ?? null);
		sender.publish(event);
		res.json(state.referralView(referral)); // shape inferred
	});

	// ----- messages -----

	router.post('/messages/send', rejectBadJson, (req, res) => {
		const input = parse422(messageSendSchema, req.body, res);
		if (!input) return;
		const unknown = [input.sender_uuid, input.recipient_uuid].filter((uuid) => !state.members.some((m) => m.uuid === uuid));
		if (unknown.length > 0) {
			unprocessable(res, unknown.map((uuid) => `member ${uuid} not found`)); // inferred
			return;
		}
		const message = {
			id: state.next('message'),
			message: input.message,
			sender_uuid: input.sender_uuid,
			recipient_uuid: input.recipient_uuid,
			sent_at: isoSeconds(state.now()),
		};
		state.messages.push(message);
		res.json({ status: 'sent', id: message.id }); // shape inferred
	});

	return router;
}
