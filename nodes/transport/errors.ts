import { NodeApiError, NodeOperationError } from 'n8n-workflow';
import type { Failure, ICredentialDataDecryptedObject, IDataObject, INode, JsonObject } from 'n8n-workflow';

import { attemptOutcome, type CallOutcome } from './retry';
import type { ErrorExtractor, RateLimit, VendorErrorInfo, VendorProfile } from './types';

// ---------------------------------------------------------------------------------------------
// Reusable error-shape extractors. A vendor profile composes them with `firstError`.
// ---------------------------------------------------------------------------------------------

const MAX_TEXT = 500;

export function isRecord(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A response body as an object; anything else (empty, array, text) as `{}`. */
export const asObject = (body: unknown): IDataObject => (isRecord(body) ? (body as IDataObject) : {});

function text(value: unknown): string | undefined {
	if (typeof value === 'string' && value.trim() !== '') return value.trim();
	if (typeof value === 'number' || typeof value === 'boolean') return String(value);
	return undefined;
}

function clip(value: string, max = MAX_TEXT): string {
	const flat = value.replace(/\s+/g, ' ').trim();
	return flat.length > max ? `${flat.slice(0, max)}…` : flat;
}

/**
 * JSON:API `{"errors":[{"title","detail"}]}` (Kotis). Detected at ANY status, because Kotis
 * documents `errors` on what may be HTTP 200. Entries become `title: detail`, joined with `; `.
 */
export const jsonApiErrors: ErrorExtractor = ({ body }) => {
	if (!isRecord(body) || !Array.isArray(body.errors) || body.errors.length === 0) return undefined;
	const parts = body.errors
		.map((entry) => {
			if (!isRecord(entry)) return text(entry);
			const title = text(entry.title);
			const detail = text(entry.detail);
			return title && detail ? `${title}: ${detail}` : (title ?? detail ?? text(entry.message));
		})
		.filter((part): part is string => part !== undefined);
	return {
		message: clip(parts.length > 0 ? parts.join('; ') : 'unspecified error'),
		details: body.errors,
	};
};

/** `{"message": "..."}` on an error status (Influence.io). */
export const messageField: ErrorExtractor = ({ statusCode, body }) => {
	if (statusCode < 400 || !isRecord(body)) return undefined;
	const message = text(body.message);
	return message ? { message: clip(message) } : undefined;
};

/**
 * Kounta: whichever of `error`, `error_description`, `error_message`, `message` are present, on
 * an error status (OAuth-style `error` + `error_description`, order failures `error_message`).
 */
export const kountaErrorFields: ErrorExtractor = ({ statusCode, body }) => {
	if (statusCode < 400 || !isRecord(body)) return undefined;
	const parts: string[] = [];
	for (const key of ['error', 'error_description', 'error_message', 'message']) {
		const value = text(body[key]);
		if (value && !parts.includes(value)) parts.push(value);
	}
	return parts.length > 0 ? { message: clip(parts.join(': ')) } : undefined;
};

/** Error status with no body at all (Influitive's 401 is an empty text/plain body). */
export const emptyBodyError: ErrorExtractor = ({ statusCode, body }) => {
	if (statusCode < 400) return undefined;
	const empty =
		body === undefined || body === null || (typeof body === 'string' && body.trim() === '');
	return empty ? { message: `HTTP ${statusCode} with an empty body` } : undefined;
};

/** The first extractor that recognises the response wins. */
export function firstError(...extractors: ErrorExtractor[]): ErrorExtractor {
	return (response) => {
		for (const extract of extractors) {
			const info = extract(response);
			if (info) return info;
		}
		return undefined;
	};
}

// ---------------------------------------------------------------------------------------------
// Secret scrubbing. n8n does not scrub what a node puts into an error, and vendors echo input
// back ("Invalid key abc..."), so every string that leaves the transport goes through `scrub`.
// ---------------------------------------------------------------------------------------------

/** Shorter values are not treated as secrets: replacing "a" everywhere would garble messages. */
const MIN_SECRET_LENGTH = 4;

export function collectSecrets(
	credentials: ICredentialDataDecryptedObject | undefined,
	fields: string[],
	/** Secret values a request carries that are not credential fields (a webhook secret the node generated). */
	extra: string[] = [],
): string[] {
	const found = new Set<string>();
	const visit = (value: unknown, depth: number) => {
		if (depth > 5) return;
		if (typeof value === 'string') {
			if (value.length < MIN_SECRET_LENGTH) return;
			found.add(value);
			// The same value as it would appear inside a URL.
			found.add(encodeURIComponent(value));
			return;
		}
		if (Array.isArray(value)) value.forEach((entry) => visit(entry, depth + 1));
		else if (isRecord(value)) Object.values(value).forEach((entry) => visit(entry, depth + 1));
	};
	for (const field of fields) visit(credentials?.[field], 0);
	for (const value of extra) visit(value, 0);
	for (const pair of basicAuthPairs(credentials, fields)) found.add(pair);
	// Longest first, so a secret containing another secret is replaced whole.
	return [...found].sort((a, b) => b.length - a.length);
}

/**
 * HTTP Basic auth sends `base64(user:password)`, and a vendor echoing the Authorization header
 * would quote it: the base64 of every `<credential field>:<secret field>` pair is a secret too, so
 * any Basic-auth credential is covered without naming its fields (Kounta: clientId:clientSecret).
 */
function basicAuthPairs(credentials: ICredentialDataDecryptedObject | undefined, fields: string[]): string[] {
	if (!credentials) return [];
	const users = Object.values(credentials).filter((value): value is string => typeof value === 'string' && value !== '');
	const passwords = fields
		.map((field) => credentials[field])
		.filter((value): value is string => typeof value === 'string' && value.length >= MIN_SECRET_LENGTH);
	return users.flatMap((user) => passwords.map((password) => Buffer.from(`${user}:${password}`).toString('base64')));
}

export function scrub(value: string, secrets: string[]): string {
	let result = value;
	for (const secret of secrets) {
		if (result.includes(secret)) result = result.split(secret).join('***');
	}
	return result;
}

/** Deep copy of JSON-like data with every string scrubbed; bounded in depth and breadth. */
export function scrubDeep(value: unknown, secrets: string[], depth = 0): unknown {
	if (typeof value === 'string') return scrub(clip(value, 1000), secrets);
	if (value === null || typeof value !== 'object') return value;
	if (depth >= 5) return '[…]';
	if (Array.isArray(value)) {
		return value.slice(0, 20).map((entry) => scrubDeep(entry, secrets, depth + 1));
	}
	const copy: Record<string, unknown> = {};
	for (const [key, entry] of Object.entries(value).slice(0, 50)) {
		copy[scrub(key, secrets)] = scrubDeep(entry, secrets, depth + 1);
	}
	return copy;
}

/** A short, single-line excerpt of a response body for error descriptions. */
export function bodyExcerpt(body: unknown, max = 300): string | undefined {
	if (body === undefined || body === null) return undefined;
	if (typeof body === 'string') return body.trim() === '' ? undefined : clip(body, max);
	try {
		return clip(JSON.stringify(body), max);
	} catch {
		return undefined;
	}
}

// ---------------------------------------------------------------------------------------------
// Failed attempts and how they become errors.
// ---------------------------------------------------------------------------------------------

export type NetworkReason =
	/** No answer within the timeout: the request may have been processed. */
	| 'timeout'
	/** Connection dropped mid-exchange: the request may have been processed. */
	| 'reset'
	/** The server refused the TCP connection: nothing was sent. */
	| 'refused'
	/** Host or network unreachable, DNS temporarily failing: nothing was sent. */
	| 'unreachable'
	/** The host name does not exist: a configuration problem. */
	| 'dns'
	/** The execution was cancelled. */
	| 'cancelled'
	| 'unknown';

export type FailedAttempt =
	| {
			kind: 'http';
			statusCode: number;
			info?: VendorErrorInfo;
			body: unknown;
			/** From Retry-After, when present. */
			retryAfterMs?: number;
			/** Throttle status (profile) or a vendor message saying so. */
			throttled: boolean;
	  }
	/** A body that should be JSON and is not (e.g. truncated by a proxy). */
	| { kind: 'malformed'; statusCode: number; body: string }
	| {
			kind: 'network';
			reason: NetworkReason;
			code?: string;
			/** The attempt's timeout was shortened to end at the caller's `notAfter`. */
			cutByDeadline?: boolean;
			/** Cancelled while waiting to retry: this attempt sent nothing. */
			beforeSend?: boolean;
	  }
	/** A 3xx to another origin: not followed, so nothing (and no credential) went there. */
	| { kind: 'redirect'; statusCode: number; host: string }
	/** The client-side window for this credential is full for longer than we may wait. */
	| { kind: 'client-rate-limit'; waitMs: number; limit: RateLimit }
	/** The caller's `notAfter` came (or a wait would run past it) before the request could be sent. */
	| { kind: 'deadline'; notAfter: number };

export interface ErrorContext {
	node: INode;
	vendor: VendorProfile;
	secrets: string[];
	method: string;
	/** Method-free request label: URL without query values. */
	target: string;
	idempotent: boolean;
	/** The method changes something at the vendor (not GET/HEAD/OPTIONS): see `CallOutcome`. */
	changes: boolean;
	itemIndex?: number;
	timeoutMs: number;
	/** Longest wait the client-side rate limit accepts, quoted when it refuses to wait. */
	waitCapMs: number;
	/** The caller's "Do Not Send After", epoch ms. */
	notAfter?: number;
}

export interface BuildOptions {
	/** The vendor asked to wait longer than `waitCapMs` (or the retry budget left). */
	waitRefused?: boolean;
	/** What the refused wait is compared with; default `ErrorContext.waitCapMs`. */
	waitCapMs?: number;
	/** Default: the outcome of `failed` alone; the caller passes `unknown` when an earlier attempt was. */
	outcome?: CallOutcome;
}

function duration(ms: number): string {
	if (ms < 1000) return `${Math.max(0, Math.round(ms))} ms`;
	if (ms < 120_000) return `${Math.round(ms / 100) / 10} s`;
	return `${Math.round(ms / 6000) / 10} min`;
}

function attemptsText(attempts: number): string {
	return `${attempts} attempt${attempts === 1 ? '' : 's'}`;
}

export function credentialDisplayName(vendor: VendorProfile): string {
	return vendor.credentialDisplayName ?? `${vendor.displayName} API`;
}

interface Described {
	message: string;
	details: string[];
	failure?: Failure;
}

function describe(
	ctx: ErrorContext,
	failed: FailedAttempt,
	attempts: number,
	options: BuildOptions,
): Described {
	const v = ctx.vendor.displayName;
	const cred = credentialDisplayName(ctx.vendor);
	const gaveUp = `gave up after ${attemptsText(attempts)}`;
	const waitRefused = options.waitRefused ?? false;
	const cap = duration(options.waitCapMs ?? ctx.waitCapMs);

	switch (failed.kind) {
		case 'client-rate-limit': {
			const { limit } = failed;
			const budget = `${limit.requests} request${limit.requests === 1 ? '' : 's'} per ${duration(limit.windowMs)}`;
			return {
				message: `${v}: this credential's request budget (${budget}) is used up; the next slot frees in ${duration(failed.waitMs)}, longer than the ${cap} this node waits.`,
				details: [
					'Nothing was sent. Wait before running again, or spread the calls over a longer time.',
				],
				failure: { cause: 'rate-limited', retryAfterMs: Math.ceil(failed.waitMs) },
			};
		}
		case 'malformed':
			return {
				message: `${v} returned a response that is not valid JSON (HTTP ${failed.statusCode}); ${gaveUp}.`,
				details: [
					'A proxy may have cut the response short, or the service answered with an error page.',
				],
				failure: { cause: 'temporarily-unavailable' },
			};
		case 'network':
			return describeNetwork(ctx, failed, gaveUp, cred);
		case 'redirect':
			return {
				message: `${v} redirected the request to another host (${failed.host}); it was not followed, so nothing was sent there.`,
				details: [
					`Following it would send the '${cred}' credential to that host. If ${v} has moved, check the base URL in the credential.`,
				],
				failure: { cause: 'configuration-invalid' },
			};
		case 'deadline':
			return {
				message: `${v}: not sent, because the deadline set for this call (${new Date(failed.notAfter).toISOString()}) came first.`,
				details: ['Nothing was sent for this attempt. The deadline is the node\'s "Do Not Send After" option.'],
				failure: { cause: 'temporarily-unavailable' },
			};
		case 'http':
			return describeHttp(ctx, failed, { attempts, gaveUp, cred, cap, waitRefused });
	}
}

/** What an error answer (or an error body on a 2xx) means, in the vendor's and the user's terms. */
function describeHttp(
	ctx: ErrorContext,
	failed: Extract<FailedAttempt, { kind: 'http' }>,
	{ attempts, gaveUp, cred, cap, waitRefused }: { attempts: number; gaveUp: string; cred: string; cap: string; waitRefused: boolean },
): Described {
	const v = ctx.vendor.displayName;
	const status = failed.statusCode;
	const said = failed.info ? clip(failed.info.message).replace(/[.\s]+$/, '') : undefined;
	// What the vendor said goes into the description when the message does not quote it.
	const details: string[] = [];
	if (said) details.push(`${v} said: ${said}.`);
	else if (status >= 400) {
		const excerpt = bodyExcerpt(failed.body);
		details.push(excerpt ? `Response body: ${excerpt}` : `HTTP ${status} with an empty body.`);
	}
	const quoted = said ? details.slice(1) : details;
	const retryAfterMs = failed.retryAfterMs;
	const retryAfter = retryAfterMs !== undefined ? Math.ceil(retryAfterMs) : undefined;

	if (failed.throttled) {
		const message = waitRefused
			? `${v} is rate-limiting requests (HTTP ${status}) and asked to wait ${duration(retryAfterMs ?? 0)}, longer than the ${cap} left of this call's retry budget; stopped after ${attemptsText(attempts)}.`
			: `${v} is rate-limiting requests (HTTP ${status}); ${gaveUp}.`;
		details.push(
			`Wait before running again, or lower how often workflows call ${v} with this credential.`,
		);
		return { message, details, failure: withRetryAfter('rate-limited', retryAfter) };
	}
	if (status === 401 || failed.info?.cause === 'credential-invalid') {
		const check = ctx.vendor.credentialHint ?? 'the credential fields';
		return {
			message: `${v} rejected the credentials (HTTP ${status}). Check ${check} in the '${cred}' credential.`,
			details,
			failure: { cause: 'credential-invalid' },
		};
	}
	if (status >= 500) {
		const message = waitRefused
			? `${v} is temporarily unavailable (HTTP ${status}) and asked to wait ${duration(retryAfterMs ?? 0)}, longer than the ${cap} left of this call's retry budget.`
			: `${v} is temporarily unavailable (HTTP ${status}); ${gaveUp}.`;
		return { message, details, failure: withRetryAfter('temporarily-unavailable', retryAfter) };
	}
	const failure: Failure | undefined =
		failed.info?.cause === 'configuration-invalid' ||
		failed.info?.cause === 'node-defect' ||
		failed.info?.cause === 'quota-exhausted'
			? { cause: failed.info.cause }
			: undefined;
	if (status === 403) {
		return {
			message: said
				? `${v} refused permission for ${ctx.method} ${pathOnly(ctx.target)} (HTTP 403): ${said}`
				: `${v} refused permission for ${ctx.method} ${pathOnly(ctx.target)} (HTTP 403).`,
			details: [
				...quoted,
				`This is a permission refusal, not rate limiting: give the user behind the '${cred}' credential the right to do this in ${v} (or use a credential of a user who has it), then run again.`,
			],
			failure: failure ?? { cause: 'configuration-invalid' },
		};
	}
	if (status === 404 && !said) {
		// An unknown record is not a configuration error, so no failure cause here.
		return { message: `${v} could not find the requested resource (HTTP 404).`, details, failure };
	}
	return {
		message: said ? `${v} rejected the request: ${said}` : `${v} rejected the request (HTTP ${status}).`,
		details: quoted,
		failure,
	};
}

function withRetryAfter(
	cause: 'rate-limited' | 'temporarily-unavailable',
	retryAfterMs: number | undefined,
): Failure {
	return retryAfterMs === undefined ? { cause } : { cause, retryAfterMs };
}

/** `https://host/a/b?x=…` → `/a/b`. */
function pathOnly(target: string): string {
	return target.replace(/^https?:\/\/[^/]*/i, '').split('?')[0] || '/';
}

function describeNetwork(
	ctx: ErrorContext,
	failed: Extract<FailedAttempt, { kind: 'network' }>,
	gaveUp: string,
	cred: string,
): Described {
	const v = ctx.vendor.displayName;
	const unavailable: Failure = { cause: 'temporarily-unavailable' };
	switch (failed.reason) {
		case 'timeout':
			if (failed.cutByDeadline && ctx.notAfter !== undefined) {
				return {
					message: `${v} did not answer before the deadline set for this call (${new Date(ctx.notAfter).toISOString()}); ${gaveUp}.`,
					details: ['The deadline is the node\'s "Do Not Send After" option.'],
					failure: unavailable,
				};
			}
			return {
				message: `${v} did not respond within ${duration(ctx.timeoutMs)}; ${gaveUp}.`,
				details: [],
				failure: unavailable,
			};
		case 'reset':
			return {
				message: `The connection to ${v} closed before a response arrived; ${gaveUp}.`,
				details: [],
				failure: unavailable,
			};
		case 'refused':
			return {
				message: `${v} refused the connection; ${gaveUp}.`,
				details: [`If this persists, check the base URL in the '${cred}' credential.`],
				failure: unavailable,
			};
		case 'unreachable':
			return {
				message: `${v} could not be reached; ${gaveUp}.`,
				details: ['Check the network connection of the n8n server.'],
				failure: unavailable,
			};
		case 'dns':
			return {
				message: `The ${v} host name could not be found. Check the base URL in the '${cred}' credential.`,
				details: [],
				failure: { cause: 'configuration-invalid' },
			};
		case 'cancelled':
			return { message: `The request to ${v} was cancelled.`, details: [] };
		case 'unknown':
			return {
				message: `The request to ${v} failed before a response arrived; ${gaveUp}.`,
				details: [],
			};
	}
}

/**
 * Builds the one error type the transport throws, from safe data only: our own words, the
 * vendor's error text and a body excerpt, all scrubbed. Never from the error n8n threw, which can
 * carry the request config with the Authorization header.
 */
export function buildVendorError(
	ctx: ErrorContext,
	failed: FailedAttempt,
	attempts: number,
	options: BuildOptions = {},
): NodeApiError {
	const described = describe(ctx, failed, attempts, options);
	const v = ctx.vendor.displayName;
	const outcome = options.outcome ?? attemptOutcome(failed, ctx.changes);
	const details = [...described.details];
	if (failed.kind === 'network' && failed.code) details.push(`Network error code: ${failed.code}.`);
	if (failed.kind === 'http' && failed.retryAfterMs !== undefined && !options.waitRefused) {
		details.push(`${v} asked to retry after ${duration(failed.retryAfterMs)}.`);
	}
	details.push(outcomeNote(outcome, v));
	details.push(`Request: ${ctx.method} ${ctx.target} (${attemptsText(attempts)}).`);

	const unknownNote = outcome === 'unknown' ? ` It may have been applied: check ${v} before retrying.` : '';
	const message = scrub(`${described.message}${unknownNote}`, ctx.secrets);
	const description = scrub(details.join(' '), ctx.secrets);
	const statusCode =
		failed.kind === 'http' || failed.kind === 'malformed' ? failed.statusCode : undefined;

	// `errorResponse` is stored on the error as given; keep it to plain, scrubbed data, and avoid
	// the keys NodeApiError mines for text (`message`, `description`, `code`, ...).
	const errorResponse: Record<string, unknown> = {
		vendor: v,
		request: `${ctx.method} ${ctx.target}`,
		attempts,
		outcome,
	};
	if (statusCode !== undefined) errorResponse.statusCode = statusCode;
	if (failed.kind === 'http') {
		if (failed.info) {
			errorResponse.vendorMessage = failed.info.message;
			if (failed.info.details !== undefined) errorResponse.vendorErrors = failed.info.details;
		} else {
			const excerpt = bodyExcerpt(failed.body);
			if (excerpt) errorResponse.bodyExcerpt = excerpt;
		}
	}
	if (failed.kind === 'malformed') errorResponse.bodyExcerpt = bodyExcerpt(failed.body);
	if (failed.kind === 'network') {
		errorResponse.network = failed.reason;
		if (failed.code) errorResponse.networkCode = failed.code;
	}

	const error = new NodeApiError(
		ctx.node,
		scrubDeep(errorResponse, ctx.secrets) as JsonObject,
		{
			message,
			description,
			httpCode: statusCode !== undefined ? String(statusCode) : undefined,
			itemIndex: ctx.itemIndex,
			failure: described.failure,
		},
	);
	// NodeApiError swaps messages that contain words like "ETIMEDOUT" for generic texts; ours
	// are already specific, so keep them.
	if (error.message !== message) error.message = message;
	// Machine-readable, for templates and `errorItem`: did the change happen?
	error.context.outcome = outcome;
	return error;
}

function outcomeNote(outcome: CallOutcome, vendor: string): string {
	switch (outcome) {
		case 'not_sent':
			return 'Outcome: not_sent (nothing reached the service).';
		case 'rejected':
			return 'Outcome: rejected (nothing was applied).';
		case 'unknown':
			return `Outcome: unknown. The request may have been processed; check ${vendor} before retrying, to avoid a duplicate.`;
	}
}

/** The outcome the transport recorded on an error it threw (see `CallOutcome`), if any. */
export function outcomeOf(error: unknown): CallOutcome | undefined {
	const outcome = (error as { context?: { outcome?: unknown } } | undefined)?.context?.outcome;
	return outcome === 'not_sent' || outcome === 'rejected' || outcome === 'unknown' ? outcome : undefined;
}

/** Errors the transport raises about configuration, before anything is sent. */
export function configurationError(
	node: INode,
	message: string,
	description: string,
	itemIndex?: number,
): NodeOperationError {
	return new NodeOperationError(node, message, {
		description,
		itemIndex,
		failure: { cause: 'configuration-invalid' },
	});
}

/**
 * Errors about a response that arrived but cannot be used (wrong shape, paging loop, foreign next
 * link). Built from our own words only.
 */
export function responseError(
	node: INode,
	vendor: VendorProfile,
	problem: 'shape' | 'pagination',
	message: string,
	description: string,
	itemIndex?: number,
): NodeApiError {
	const error = new NodeApiError(
		node,
		{ vendor: vendor.displayName, problem },
		{ message, description, itemIndex },
	);
	if (error.message !== message) error.message = message;
	return error;
}

/** The HTTP status of a transport error (`NodeApiError.httpCode`), if it has one. */
export function httpStatusOf(error: unknown): number | undefined {
	if (!(error instanceof NodeApiError)) return undefined;
	const status = Number(error.httpCode);
	return Number.isFinite(status) ? status : undefined;
}
