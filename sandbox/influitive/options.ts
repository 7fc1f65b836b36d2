/**
 * Start options of the Influitive stand-in. Influitive publishes little beyond auth, the rate limit and
 * `POST /events`; every option covering an unpublished fact defaults to the behaviour that is hardest
 * on the client (or, where two variants are equally plausible, the best-evidenced one), so a node
 * that passes against the defaults copes with the friendlier possibilities too.
 */
export interface InfluitiveOptions {
	/** Expected in `Authorization: Token <token>`. Default `influitive-test-token`. */
	token?: string;
	/** Expected in the `X_ORG_ID` header (with underscores). Default a fixed UUID. */
	orgId?: string;
	/**
	 * Also accept the org id as `X-Org-Id` (dashes). UNDOCUMENTED (Rack would map both spellings to
	 * `HTTP_X_ORG_ID`, but a proxy may drop the underscore form); default false: only `X_ORG_ID` counts.
	 */
	acceptDashedOrgHeader?: boolean;
	/** Published: 200 requests from one IP in any 5 minutes (sliding window). */
	rateLimit?: { requests: number; windowMs: number };
	/**
	 * Status of a throttled request. UNDOCUMENTED: AWS WAF blocks with 403 by default, a rate limiter
	 * would answer 429. Default 429. Both come with `Retry-After` (seconds).
	 */
	throttleStatus?: 429 | 403;
	/**
	 * Throttled requests count towards the window too, as in a WAF rate rule (a client that keeps
	 * hammering stays blocked). UNDOCUMENTED; default true.
	 */
	countThrottled?: boolean;
	/** Refuse decision path: `refuse` (C1, 2023) or `reject` (C2, 2017); the other answers 404. Default `refuse`. */
	refusePath?: 'refuse' | 'reject';
	/** Body key of the decision message: `message` (C2) or `feedback` (challenge approvals). Default `message`. */
	messageKey?: 'message' | 'feedback';
	/** Items per page of `GET /contacts` and `GET /reward_redemptions`. UNDOCUMENTED; default 25. */
	pageSize?: number;
	/**
	 * `links.next` on the last page. UNDOCUMENTED ("follow links.next until it is empty"); default
	 * `omit` (no `next` key at all). `null` and `empty` (`""`) are the alternatives.
	 */
	lastPageNext?: 'omit' | 'null' | 'empty';
	/**
	 * Content-Type of the `POST /events` 201 body. The readme documents it as exactly `text/plain`
	 * (JSON content), so that is the default; `application/json` for a friendlier server.
	 */
	eventsContentType?: 'application/json' | 'text/plain';
	/**
	 * `type` of the referral webhook. Published: the Referral Won page says it fires on any milestone
	 * change, and its example (for `submitted`) has type `referral_won`, so `as-published` (default)
	 * sends `referral_won` / "Referral Won" for every milestone, `parameters.status` telling which.
	 * `per-milestone` sends `referral_<code>` (inferred naming) instead.
	 */
	referralEventType?: 'as-published' | 'per-milestone';
	/** Clock for timestamps (not for the rate limit, which uses real time). */
	now?: () => Date;
}

export type ResolvedInfluitiveOptions = Required<InfluitiveOptions>;

export const INFLUITIVE_DEFAULT_TOKEN = 'influitive-test-token';
export const INFLUITIVE_DEFAULT_ORG_ID = '5b0c2a47-3f1e-4d8a-9c61-2e7f4b9d0a11';

export function resolveInfluitiveOptions(
	options: InfluitiveOptions = {},
): ResolvedInfluitiveOptions {
	const rateLimit = options.rateLimit ?? { requests: 200, windowMs: 5 * 60_000 };
	if (!(rateLimit.requests > 0 && rateLimit.windowMs > 0))
		throw new Error('influitive.rateLimit needs positive requests and windowMs');
	const pageSize = options.pageSize ?? 25;
	if (!(Number.isInteger(pageSize) && pageSize > 0))
		throw new Error('influitive.pageSize must be a positive integer');
	return {
		token: options.token ?? INFLUITIVE_DEFAULT_TOKEN,
		orgId: options.orgId ?? INFLUITIVE_DEFAULT_ORG_ID,
		acceptDashedOrgHeader: options.acceptDashedOrgHeader ?? false,
		rateLimit,
		throttleStatus: options.throttleStatus ?? 429,
		countThrottled: options.countThrottled ?? true,
		refusePath: options.refusePath ?? 'refuse',
		messageKey: options.messageKey ?? 'message',
		pageSize,
		lastPageNext: options.lastPageNext ?? 'omit',
		eventsContentType: options.eventsContentType ?? 'text/plain',
		referralEventType: options.referralEventType ?? 'as-published',
		now: options.now ?? (() => new Date()),
	};
}
