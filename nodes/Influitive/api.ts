import type { IDataObject } from 'n8n-workflow';

import { validateInput } from '../shared/validation';
import {
	emptyBodyError,
	firstError,
	jsonApiErrors,
	messageField,
	parseVendorResponse,
	vendorCollect,
	vendorPaginate,
	vendorRequest,
	type ErrorExtractor,
	type PaginationStrategy,
	type TransportContext,
	type VendorProfile,
	type VendorResponse,
	asObject,
	isRecord,
	pathOf,
	processShare,
} from '../transport';
import {
	contactsPageSchema,
	decisionInputSchema,
	membersByEmailSchema,
	redemptionPageSchema,
	referralsPageSchema,
	rewardsSchema,
	type EventLogBody,
	type MemberCreateBody,
	type MESSAGE_KEYS,
	type REFUSE_PATHS,
	type Redemption,
	type RedemptionPage,
} from './schemas';

export type { Redemption } from './schemas';

// ---------------------------------------------------------------------------------------------
// Errors. Influitive publishes no JSON error envelope; 401 is an empty text/plain body.
// ---------------------------------------------------------------------------------------------

/** Rails' default error JSON (`{"status":404,"error":"Not Found"}`) says nothing the status does not. */
const REASON_PHRASES = new Set([
	'bad request',
	'unauthorized',
	'forbidden',
	'not found',
	'unprocessable entity',
	'unprocessable content',
	'too many requests',
	'internal server error',
	'bad gateway',
	'service unavailable',
	'gateway timeout',
]);

/**
 * The error bodies a Rails API like Influitive's answers, on an error status only (no source shows
 * errors on a 2xx, and a record could carry an `errors` field):
 *  - `{"errors": ["Email has already been taken", …]}` (strings) or `[{"title","detail"}]` entries;
 *  - `{"errors": {"email": ["has already been taken"]}}` (field map) → `email has already been taken`;
 *  - `{"error": "…"}` unless it is just the status's reason phrase.
 * `{"message": "…"}` and empty bodies are left to `messageField` and `emptyBodyError`.
 * @internal exported for the unit tests
 */
export const influitiveErrors: ErrorExtractor = (response) => {
	const { statusCode, body } = response;
	if (statusCode < 400 || !isRecord(body)) return undefined;
	const { errors, error } = body;
	if (Array.isArray(errors) && errors.length > 0) return jsonApiErrors(response);
	if (isRecord(errors)) {
		const parts = Object.entries(errors).flatMap(([field, problems]) =>
			(Array.isArray(problems) ? problems : [problems])
				.filter((problem) => typeof problem === 'string' && problem.trim() !== '')
				.map((problem) => `${field.replace(/_/g, ' ')} ${String(problem).trim()}`),
		);
		if (parts.length > 0) return { message: parts.join('; ').slice(0, 500), details: errors };
	}
	if (typeof errors === 'string' && errors.trim() !== '')
		return { message: errors.trim().slice(0, 500) };
	const said =
		typeof error === 'string'
			? error.trim()
			: isRecord(error) && typeof error.message === 'string'
				? error.message.trim()
				: '';
	if (said && !REASON_PHRASES.has(said.toLowerCase())) return { message: said.slice(0, 500) };
	return undefined;
};

/**
 * Influitive sits behind AWS WAF, which blocks (and so throttles) with 403 by default
 * (https://docs.aws.amazon.com/waf/latest/developerguide/waf-rule-action.html): an HTML page or an
 * empty body, an `x-amzn-waf-action` header, or API Gateway's bare `{"message":"Forbidden"}`.
 * Influitive's own 403 is a JSON error saying what is not allowed: a permission refusal, not
 * retried. 429 is throttling too.
 */
function wafThrottled({ statusCode, headers, body }: VendorResponse): boolean {
	if (statusCode === 429) return true;
	if (statusCode !== 403) return false;
	if (headers['x-amzn-waf-action'] !== undefined) return true;
	if (!isRecord(body)) return body === undefined || body === null || typeof body === 'string';
	const keys = Object.keys(body);
	return (
		keys.length === 1 &&
		typeof body.message === 'string' &&
		/^(forbidden|request blocked)\.?$/i.test(body.message.trim())
	);
}

/** @internal exported for the unit tests */
export const influitiveVendor: VendorProfile = {
	displayName: 'Influitive',
	credentialType: 'influitiveApi',
	credentialDisplayName: 'Influitive API',
	credentialHint: 'the API token and X_ORG_ID',
	baseUrl: (credentials) =>
		String(credentials.baseUrl || 'https://api.influitive.com').replace(/\/+$/, ''),
	// The trigger's shared secret lives in the same credential; neither may appear in an error or log.
	secretFields: ['apiToken', 'webhookSecret'],
	// 429, or AWS WAF's 403 block page; a 403 with a JSON error is a permission refusal (see `wafThrottled`).
	isThrottled: (response) => wafThrottled(response),
	// Published (support article "API Rate Limitation"): at most 200 requests from one IP in any 5 minutes.
	// The credential may lower it (a shared IP) or raise it (a raised account limit, or the sandbox bench).
	// In queue mode several processes spend it together: each takes its share (processShare).
	rateLimit: (credentials) => ({
		requests: processShare(
			Number(credentials.requestsPer5Minutes) || 200,
			credentials.processesSharingLimit ?? 1,
		),
		windowMs: 300_000,
	}),
	extractError: firstError(influitiveErrors, messageField, emptyBodyError),
};

// ---------------------------------------------------------------------------------------------
// Shared helpers
// ---------------------------------------------------------------------------------------------

export interface CallOptions {
	/** The input item the call is for: errors name it. */
	itemIndex?: number;
}

export interface ListOptions extends CallOptions {
	/** Stop after this many items; no further page is fetched. Omit for all. */
	limit?: number;
}

/** Each segment URL-encoded and checked (an id `..` would call another URL). */
const path = pathOf;

/** `links.next`: a full URL, followed until empty (Go client; the transport refuses other hosts). */
const nextLinkOf = (body: unknown): string | undefined => {
	const next = isRecord(body) && isRecord(body.links) ? body.links.next : undefined;
	return typeof next === 'string' && next.trim() !== '' ? next : undefined;
};

// ---------------------------------------------------------------------------------------------
// Reward redemptions
// ---------------------------------------------------------------------------------------------

/**
 * One page's redemptions, each joined with its advocate from the side-loaded `contacts` (by
 * `contact_id`, else `contact_uuid`; an embedded `contact` object is kept when the page has none).
 */
function joinRedemptionContacts(page: RedemptionPage): Redemption[] {
	const contacts = page.contacts ?? [];
	const byId = new Map(contacts.map((c) => [String(c.id), c]));
	const byUuid = new Map(
		contacts.filter((c) => typeof c.uuid === 'string').map((c) => [String(c.uuid), c]),
	);
	return page.reward_redemptions.map((redemption) => {
		const raw = redemption as Record<string, unknown>;
		const joined =
			(redemption.contact_id !== undefined && redemption.contact_id !== null
				? byId.get(String(redemption.contact_id))
				: undefined) ??
			(typeof raw.contact_uuid === 'string' ? byUuid.get(raw.contact_uuid) : undefined) ??
			(isRecord(raw.contact) ? raw.contact : undefined);
		return { ...redemption, contact: (joined as Record<string, unknown> | undefined) ?? null };
	});
}

function redemptionStrategy(
	ctx: TransportContext,
	itemIndex?: number,
): PaginationStrategy<Redemption> {
	return {
		kind: 'nextLink',
		next: nextLinkOf,
		items: (body) =>
			joinRedemptionContacts(
				parseVendorResponse.call(ctx, influitiveVendor, redemptionPageSchema, body, {
					what: 'reward redemptions page',
					itemIndex,
				}),
			),
	};
}

/**
 * `GET /reward_redemptions`: the outstanding queue ("redemptions that require fulfillment or
 * refusal"), following `links.next`, each joined with its advocate. Filters are not known to exist.
 */
export async function listRedemptions(
	this: TransportContext,
	options: ListOptions = {},
): Promise<Redemption[]> {
	return await vendorCollect.call<Redemption>(
		this,
		influitiveVendor,
		{ method: 'GET', url: '/reward_redemptions', itemIndex: options.itemIndex },
		redemptionStrategy(this, options.itemIndex),
		{ limit: options.limit },
	);
}

export type Decision = 'fulfill' | 'refuse';
export type RefusePath = (typeof REFUSE_PATHS)[number];
export type MessageKey = (typeof MESSAGE_KEYS)[number];

export const DEFAULT_REFUSE_PATH: RefusePath = 'refuse';
export const DEFAULT_MESSAGE_KEY: MessageKey = 'message';

export interface DecisionOptions extends CallOptions {
	/** `refuse` (best known, the default) or `reject` (an older SDK): Influitive has not published which. */
	refusePath?: RefusePath | string;
	/** `message` (best known, the default) or `feedback`: not published either. */
	messageKey?: MessageKey | string;
}

export interface DecisionResult extends IDataObject {
	redemption_id: string;
	decision: Decision;
	message: string;
}

/**
 * `POST /reward_redemptions/{id}/decision/{fulfill|refuse}` with `{"<messageKey>": message}`; the
 * message key is always sent, even empty. A POST, so the transport never re-sends it once it may
 * have reached Influitive (a fulfil sent twice could message the advocate twice). Refusing gives
 * the advocate their points back (as "Decline Redemption" does in the hub). Input is validated
 * first: an empty id or an unknown path or key fails naming the field, before any call.
 */
export async function decideRedemption(
	this: TransportContext,
	redemptionId: string | number,
	decision: Decision,
	message: string,
	options: DecisionOptions = {},
): Promise<DecisionResult> {
	const input = validateInput(
		this.getNode(),
		decisionInputSchema,
		{
			redemptionId: String(redemptionId ?? ''),
			decision,
			message: message ?? '',
			refusePath: options.refusePath || DEFAULT_REFUSE_PATH,
			messageKey: options.messageKey || DEFAULT_MESSAGE_KEY,
		},
		{
			itemIndex: options.itemIndex ?? 0,
			what: 'Influitive redemption decision',
			labels: {
				redemptionId: 'Redemption ID',
				message: 'Message to Advocate',
				refusePath: 'Refuse Path',
				messageKey: 'Message Field',
			},
		},
	);
	const action = input.decision === 'fulfill' ? 'fulfill' : input.refusePath;
	const response = await vendorRequest.call(this, influitiveVendor, {
		method: 'POST',
		url: `${path('reward_redemptions', input.redemptionId)}/decision/${action}`,
		body: { [input.messageKey]: input.message },
		itemIndex: options.itemIndex,
	});
	return {
		...asObject(response.body),
		redemption_id: input.redemptionId,
		decision: input.decision,
		message: input.message,
	};
}

// ---------------------------------------------------------------------------------------------
// Members
// ---------------------------------------------------------------------------------------------

/** `GET /members/me`: the API user's own member record (also the credential test). */
export async function getMe(
	this: TransportContext,
	options: CallOptions = {},
): Promise<IDataObject> {
	const response = await vendorRequest.call(this, influitiveVendor, {
		method: 'GET',
		url: '/members/me',
		itemIndex: options.itemIndex,
	});
	return asObject(response.body);
}

/** `GET /members/{id_or_uuid}`: "substituting the UUID for the ID also works". */
export async function getMember(
	this: TransportContext,
	idOrUuid: string | number,
	options: CallOptions = {},
): Promise<IDataObject> {
	const response = await vendorRequest.call(this, influitiveVendor, {
		method: 'GET',
		url: path('members', String(idOrUuid)),
		itemIndex: options.itemIndex,
	});
	return asObject(response.body);
}

/** `GET /members?email=`: the members with this email (Influitive answers an array; a single object is accepted too). */
export async function findMembersByEmail(
	this: TransportContext,
	email: string,
	options: CallOptions = {},
): Promise<IDataObject[]> {
	const response = await vendorRequest.call(this, influitiveVendor, {
		method: 'GET',
		url: '/members',
		qs: { email },
		itemIndex: options.itemIndex,
	});
	const found = parseVendorResponse.call(
		this,
		influitiveVendor,
		membersByEmailSchema,
		response.body ?? null,
		{
			what: 'members by email',
			itemIndex: options.itemIndex,
		},
	);
	if (found === null) return [];
	return (
		Array.isArray(found) ? found : Object.keys(found).length > 0 ? [found] : []
	) as IDataObject[];
}

type MemberQuery = { status?: string; filters?: Array<{ field: string; value: string }> };

function contactsRequest(ctx: TransportContext, query: MemberQuery, itemIndex?: number) {
	const qs: IDataObject = { 'q[status]': query.status ?? 'all' };
	for (const { field, value } of query.filters ?? []) qs[`q[${field}]`] = value;
	const spec = { method: 'GET' as const, url: '/contacts', qs, itemIndex };
	const strategy: PaginationStrategy<IDataObject> = {
		kind: 'nextLink',
		next: nextLinkOf,
		items: (body) =>
			(parseVendorResponse.call(ctx, influitiveVendor, contactsPageSchema, body, {
				what: 'contacts page',
				itemIndex,
			}).contacts ?? []) as IDataObject[],
	};
	return { spec, strategy };
}

/**
 * `GET /contacts` with `q[<field>]=<value>` filters (`q[status]=all` lists every member, as the
 * public clients send it), following `links.next`.
 */
export async function searchMembers(
	this: TransportContext,
	query: MemberQuery = {},
	options: ListOptions = {},
): Promise<IDataObject[]> {
	const { spec, strategy } = contactsRequest(this, query, options.itemIndex);
	return await vendorCollect.call<IDataObject>(this, influitiveVendor, spec, strategy, {
		limit: options.limit,
	});
}

/** The same list as `searchMembers`, streamed: a page is fetched only when the previous one is used up. */
export function streamMembers(
	this: TransportContext,
	query: MemberQuery = {},
	options: CallOptions = {},
): AsyncGenerator<IDataObject> {
	const { spec, strategy } = contactsRequest(this, query, options.itemIndex);
	return vendorPaginate.call<IDataObject>(this, influitiveVendor, spec, strategy);
}

/** `POST /members`: creates a member identified by email (`201` + the member). */
export async function createMember(
	this: TransportContext,
	body: MemberCreateBody,
	options: CallOptions = {},
): Promise<IDataObject> {
	const response = await vendorRequest.call(this, influitiveVendor, {
		method: 'POST',
		url: '/members',
		body: body as IDataObject,
		itemIndex: options.itemIndex,
	});
	return asObject(response.body);
}

// ---------------------------------------------------------------------------------------------
// Events, messages
// ---------------------------------------------------------------------------------------------

/**
 * `POST /events` ("Log an Event and Act of Advocacy"). Influitive awards the points again for every
 * request it receives, so this is never re-sent once it may have been processed.
 */
export async function logEvent(
	this: TransportContext,
	body: EventLogBody,
	options: CallOptions = {},
): Promise<IDataObject> {
	const response = await vendorRequest.call(this, influitiveVendor, {
		method: 'POST',
		url: '/events',
		body: body as IDataObject,
		itemIndex: options.itemIndex,
	});
	return asObject(response.body);
}

/** `POST /messages/send`: an in-hub message from an admin to an advocate. Never re-sent blindly. */
export async function sendMessage(
	this: TransportContext,
	body: { message: string; sender_uuid: string; recipient_uuid: string },
	options: CallOptions = {},
): Promise<IDataObject> {
	const response = await vendorRequest.call(this, influitiveVendor, {
		method: 'POST',
		url: '/messages/send',
		body,
		itemIndex: options.itemIndex,
	});
	return asObject(response.body);
}

// ---------------------------------------------------------------------------------------------
// Rewards and perks
// ---------------------------------------------------------------------------------------------

/** `GET /external/rewards`: every reward of the hub, one unpaged array. */
export async function listRewards(
	this: TransportContext,
	options: CallOptions = {},
): Promise<IDataObject[]> {
	const response = await vendorRequest.call(this, influitiveVendor, {
		method: 'GET',
		url: '/external/rewards',
		itemIndex: options.itemIndex,
	});
	const parsed = parseVendorResponse.call(this, influitiveVendor, rewardsSchema, response.body, {
		what: 'rewards',
		itemIndex: options.itemIndex,
	});
	return (Array.isArray(parsed) ? parsed : (parsed.rewards ?? [])) as IDataObject[];
}

/** `POST /external/rewards/{id_or_uuid}/{publish|unpublish}`. Publishing twice leaves it published: safe to retry. */
export async function setRewardPublished(
	this: TransportContext,
	idOrUuid: string,
	action: 'publish' | 'unpublish',
	options: CallOptions = {},
): Promise<IDataObject> {
	const response = await vendorRequest.call(this, influitiveVendor, {
		method: 'POST',
		url: `${path('external', 'rewards', idOrUuid)}/${action}`,
		idempotent: true,
		itemIndex: options.itemIndex,
	});
	return asObject(response.body);
}

/** `POST /perks/reward/{reward_uuid}` with the published body (`"send automatically"` keeps its space). Never re-sent blindly. */
export async function sendPerk(
	this: TransportContext,
	rewardUuid: string,
	body: IDataObject,
	options: CallOptions = {},
): Promise<IDataObject> {
	const response = await vendorRequest.call(this, influitiveVendor, {
		method: 'POST',
		url: path('perks', 'reward', rewardUuid),
		body,
		itemIndex: options.itemIndex,
	});
	return asObject(response.body);
}

// ---------------------------------------------------------------------------------------------
// Referrals
// ---------------------------------------------------------------------------------------------

/** `POST /referrals` with `{"referral": {...}}`; answers "a confirmation including the referral ID". */
export async function createReferral(
	this: TransportContext,
	body: IDataObject,
	options: CallOptions = {},
): Promise<IDataObject> {
	const response = await vendorRequest.call(this, influitiveVendor, {
		method: 'POST',
		url: '/referrals',
		body,
		itemIndex: options.itemIndex,
	});
	return asObject(response.body);
}

/** `GET /referrals/{id}`. */
export async function getReferral(
	this: TransportContext,
	referralId: string,
	options: CallOptions = {},
): Promise<IDataObject> {
	const response = await vendorRequest.call(this, influitiveVendor, {
		method: 'GET',
		url: path('referrals', referralId),
		itemIndex: options.itemIndex,
	});
	return asObject(response.body);
}

/** `GET /referrals` (e.g. `status_type=qualified`). Shape unpublished (docs/vendor-facts.md): an array or `{referrals, links}`; `links.next` is followed when present. */
export async function listReferrals(
	this: TransportContext,
	query: IDataObject = {},
	options: ListOptions = {},
): Promise<IDataObject[]> {
	return await vendorCollect.call<IDataObject>(
		this,
		influitiveVendor,
		{ method: 'GET', url: '/referrals', qs: query, itemIndex: options.itemIndex },
		{
			kind: 'nextLink',
			next: nextLinkOf,
			items: (body) => {
				const parsed = parseVendorResponse.call(this, influitiveVendor, referralsPageSchema, body, {
					what: 'referrals',
					itemIndex: options.itemIndex,
				});
				return (Array.isArray(parsed) ? parsed : (parsed.referrals ?? [])) as IDataObject[];
			},
		},
		{ limit: options.limit },
	);
}

/**
 * `PUT /referrals/{id}/milestones/{milestone}` with `{"feedback"}`. A PUT, but not treated as
 * idempotent: reaching "won" may award points or fire webhooks, and whether a repeat does so again
 * is not documented.
 */
export async function advanceReferral(
	this: TransportContext,
	referralId: string,
	milestone: string,
	feedback: string,
	options: CallOptions = {},
): Promise<IDataObject> {
	const response = await vendorRequest.call(this, influitiveVendor, {
		method: 'PUT',
		url: `${path('referrals', referralId, 'milestones', { field: 'Milestone', value: milestone })}`,
		body: { feedback },
		idempotent: false,
		itemIndex: options.itemIndex,
	});
	return asObject(response.body);
}
