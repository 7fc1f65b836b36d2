import type {
	ICredentialDataDecryptedObject,
	IHttpRequestMethods,
	IHttpRequestOptions,
} from 'n8n-workflow';

import {
	buildVendorError,
	collectSecrets,
	configurationError,
	credentialDisplayName,
	scrub,
	type ErrorContext,
	type FailedAttempt,
	type NetworkReason,
} from './errors';
import { acquireSlot, rateLimitKey } from './rate-limit';
import { transportTuning } from './tuning';
import type {
	TransportContext,
	VendorProfile,
	VendorRequestSpec,
	VendorResponse,
	VendorResponseHeaders,
} from './types';

const NON_IDEMPOTENT = new Set(['POST', 'PATCH']);

export interface VendorRequestFn {
	<T = unknown>(
		this: TransportContext,
		vendor: VendorProfile,
		spec: VendorRequestSpec,
	): Promise<VendorResponse<T>>;
	/** Declared so `vendorRequest.call<T>(this, ...)` keeps its type parameter. */
	call<T = unknown>(
		thisArg: TransportContext,
		vendor: VendorProfile,
		spec: VendorRequestSpec,
	): Promise<VendorResponse<T>>;
}

/**
 * The one HTTP call all vendor nodes make. Sends through `httpRequestWithAuthentication`, so the
 * credential's `authenticate` block (or OAuth2) applies; retries what is safe to retry; turns
 * every failure into a scrubbed `NodeApiError`. Works from execute, poll, webhook-lifecycle and
 * load-options contexts: call it as `vendorRequest.call(this, vendor, spec)`.
 */
export const vendorRequest = async function vendorRequest(
	this: TransportContext,
	vendor: VendorProfile,
	spec: VendorRequestSpec,
): Promise<VendorResponse> {
	return await requestWith(this, vendor, spec);
} as VendorRequestFn;

export async function requestWith(
	ctx: TransportContext,
	vendor: VendorProfile,
	spec: VendorRequestSpec,
): Promise<VendorResponse> {
	const node = ctx.getNode();
	const method = spec.method.toUpperCase() as IHttpRequestMethods;
	const idempotent = spec.idempotent ?? !NON_IDEMPOTENT.has(method);
	const maxAttempts = Math.max(
		1,
		Math.floor(spec.maxAttempts ?? transportTuning.defaultMaxAttempts),
	);
	const timeoutMs = spec.timeoutMs ?? transportTuning.defaultTimeoutMs;
	const expect = spec.expect ?? 'json';

	// Read for the base URL and for the secret values to scrub; kept in this call's scope only.
	const credentials = await ctx.getCredentials(vendor.credentialType, spec.itemIndex);
	const secrets = collectSecrets(credentials, vendor.secretFields, spec.secrets);
	const url = resolveUrl(ctx, vendor, spec, credentials);
	const rateLimit = typeof vendor.rateLimit === 'function' ? vendor.rateLimit(credentials) : vendor.rateLimit;

	const errorContext: ErrorContext = {
		node,
		vendor,
		secrets,
		method,
		target: requestTarget(url, spec.qs),
		idempotent,
		itemIndex: spec.itemIndex,
		timeoutMs,
		waitCapMs: transportTuning.maxRetryAfterMs,
	};
	const signal = cancelSignal(ctx);
	const throttleStatuses = vendor.throttleStatuses ?? [429];
	// A wait ends early when the execution is cancelled; report that like a cancelled request.
	const wait = async <T>(waiting: Promise<T>, attempts: number): Promise<T> => {
		try {
			return await waiting;
		} catch {
			const failed: FailedAttempt = { kind: 'network', reason: 'cancelled' };
			throw buildVendorError(errorContext, failed, attempts);
		}
	};

	// Time left before the caller's deadline (a till waiting for its reply); nothing is sent after it.
	const remainingMs = () => (spec.notAfter === undefined ? Infinity : spec.notAfter - transportTuning.now());
	const pastDeadline = (attempts: number) =>
		buildVendorError(errorContext, { kind: 'deadline', notAfter: spec.notAfter as number }, attempts);

	for (let attempt = 1; ; attempt++) {
		if (remainingMs() <= 0) throw pastDeadline(attempt - 1);
		if (rateLimit) {
			const key = rateLimitKey(vendor, node);
			const capMs = Math.min(transportTuning.maxRetryAfterMs, remainingMs());
			const slot = await wait(acquireSlot(key, rateLimit, signal, capMs), attempt - 1);
			if (!slot.ok) {
				if (remainingMs() - slot.waitMs < 0 && slot.waitMs <= transportTuning.maxRetryAfterMs) throw pastDeadline(attempt - 1);
				const failed: FailedAttempt = { kind: 'client-rate-limit', waitMs: slot.waitMs, limit: rateLimit };
				throw buildVendorError(errorContext, failed, attempt - 1);
			}
		}

		// A fresh options object per attempt: n8n's authenticate step may mutate it.
		const options: IHttpRequestOptions = {
			method,
			url,
			qs: spec.qs,
			body: spec.body,
			headers: { ...vendor.defaultHeaders, ...spec.headers },
			json: true,
			returnFullResponse: true,
			ignoreHttpStatusErrors: true,
			timeout: timeoutMs,
			...(spec.followRedirects === false ? { disableFollowRedirect: true } : {}),
			// Keep text as text: with json, axios would silently parse JSON-looking text.
			...(expect === 'text' ? { encoding: 'text' as const } : {}),
		};

		const outcome = await attemptOnce(ctx, vendor, options, url, throttleStatuses, expect);
		if (outcome.kind === 'ok') return outcome.response;

		const decision = retryDecision(outcome.failed, idempotent);
		const throttled = outcome.failed.kind === 'http' && outcome.failed.throttled;
		const attemptsAllowed = throttled ? Math.max(maxAttempts, Math.floor(vendor.throttleMaxAttempts ?? 0)) : maxAttempts;
		if (!decision.retry || attempt >= attemptsAllowed) {
			throw buildVendorError(errorContext, outcome.failed, attempt);
		}
		const retryAfterMs = decision.retryAfterMs;
		if (retryAfterMs !== undefined && retryAfterMs > transportTuning.maxRetryAfterMs) {
			// Waiting minutes inside a node blocks the execution; fail now and say how long to wait.
			throw buildVendorError(errorContext, outcome.failed, attempt, { waitRefused: true });
		}
		const waitMs = retryAfterMs ?? backoffMs(attempt);
		// A retry that could only start after the deadline is not worth waiting for: report this failure.
		if (waitMs >= remainingMs()) throw buildVendorError(errorContext, outcome.failed, attempt);
		const what = `${vendor.displayName}: ${method} ${errorContext.target} failed (${summary(outcome.failed)})`;
		const next = `retrying in ${Math.round(waitMs)} ms (attempt ${attempt + 1} of ${attemptsAllowed})`;
		ctx.logger.debug(scrub(`${what}; ${next}`, secrets));
		await wait(transportTuning.sleep(waitMs, signal), attempt);
	}
}

type AttemptOutcome =
	| { kind: 'ok'; response: VendorResponse }
	| { kind: 'failed'; failed: FailedAttempt };

async function attemptOnce(
	ctx: TransportContext,
	vendor: VendorProfile,
	options: IHttpRequestOptions,
	url: string,
	throttleStatuses: number[],
	expect: 'json' | 'text' | 'empty',
): Promise<AttemptOutcome> {
	let raw: unknown;
	try {
		raw = await ctx.helpers.httpRequestWithAuthentication.call(
			ctx,
			vendor.credentialType,
			options,
		);
	} catch (error) {
		// n8n wraps network failures as NodeApiError(node, axiosError); that object can hold the
		// request config with the Authorization header. Only classify it; never rethrow or wrap it.
		const clues = gatherClues(error);
		if (clues.response) {
			// Some paths (OAuth2 token refresh) throw with the HTTP response attached.
			const outcome = inspectResponse(clues.response, vendor, url, throttleStatuses, expect);
			if (outcome.kind === 'failed') return outcome;
		}
		return { kind: 'failed', failed: classifyNetwork(clues) };
	}
	const outcome = inspectResponse(raw, vendor, url, throttleStatuses, expect);
	if (vendor.oauth2 && outcome.kind === 'failed' && outcome.failed.kind === 'http' && outcome.failed.statusCode === 401) {
		// n8n 2.41 refreshes an OAuth2 token only when the request throws, and this transport asks
		// for status errors as responses. A 401 was not processed, so it is sent once more, letting
		// n8n throw, refresh (storing the new tokens in the credential) and repeat it.
		return await attemptOnce(ctx, { ...vendor, oauth2: false }, { ...options, ignoreHttpStatusErrors: false }, url, throttleStatuses, expect);
	}
	return outcome;
}

function inspectResponse(
	raw: unknown,
	vendor: VendorProfile,
	url: string,
	throttleStatuses: number[],
	expect: 'json' | 'text' | 'empty',
): AttemptOutcome {
	const full = (raw ?? {}) as { statusCode?: unknown; headers?: unknown; body?: unknown };
	const statusCode = typeof full.statusCode === 'number' ? full.statusCode : 0;
	const headers = normalizeHeaders(full.headers);
	let body = full.body;
	let malformed = false;
	if (typeof body === 'string' && body.trim() === '') {
		body = undefined;
	} else if (typeof body === 'string' && expect === 'json') {
		// With `json: true` axios parses silently: a body that is not JSON arrives as a string.
		try {
			body = JSON.parse(body);
		} catch {
			malformed = true;
		}
	}

	const response: VendorResponse = { statusCode, headers, body, url };
	// Error detection sees JSON even when the caller asked for text, so `{"errors": ...}` is found.
	const errorView = typeof body === 'string' ? { ...response, body: parseOr(body) } : response;
	let info;
	try {
		info = vendor.extractError(errorView);
	} catch {
		info = undefined; // an extractor bug must not hide the real status
	}
	if (statusCode >= 400 || statusCode < 100 || info) {
		const throttled = throttleStatuses.includes(statusCode) || info?.cause === 'rate-limited';
		return {
			kind: 'failed',
			failed: {
				kind: 'http',
				statusCode,
				info,
				body: errorView.body,
				retryAfterMs: parseRetryAfter(headers['retry-after']),
				throttled,
			},
		};
	}
	if (malformed) {
		return { kind: 'failed', failed: { kind: 'malformed', statusCode, body: body as string } };
	}
	return { kind: 'ok', response };
}

function parseOr(text: string): unknown {
	try {
		return JSON.parse(text) as unknown;
	} catch {
		return text;
	}
}

interface RetryDecision {
	retry: boolean;
	retryAfterMs?: number;
}

/**
 * Idempotent calls retry on throttling, 5xx, timeouts, resets, refused connections and malformed
 * bodies. Non-idempotent calls (order create, points award) retry only when the vendor provably
 * did not process them: the connection was refused/unreachable, or a throttle status said no.
 */
function retryDecision(failed: FailedAttempt, idempotent: boolean): RetryDecision {
	switch (failed.kind) {
		case 'http':
			if (failed.throttled) return { retry: true, retryAfterMs: failed.retryAfterMs };
			if (idempotent && failed.statusCode >= 500 && failed.statusCode !== 501) {
				return {
					retry: true,
					retryAfterMs: failed.statusCode === 503 ? failed.retryAfterMs : undefined,
				};
			}
			return { retry: false };
		case 'malformed':
			return { retry: idempotent };
		case 'network':
			if (failed.reason === 'refused' || failed.reason === 'unreachable') return { retry: true };
			if (failed.reason === 'timeout' || failed.reason === 'reset') return { retry: idempotent };
			return { retry: false };
		case 'client-rate-limit':
		case 'deadline':
			return { retry: false };
	}
}

/** Full jitter: uniform in [0, min(cap, base * 2^(attempt-1))]. */
function backoffMs(attempt: number): number {
	const ceiling = Math.min(
		transportTuning.maxDelayMs,
		transportTuning.baseDelayMs * 2 ** (attempt - 1),
	);
	return Math.floor(transportTuning.random() * ceiling);
}

function summary(failed: FailedAttempt): string {
	switch (failed.kind) {
		case 'http':
			return `HTTP ${failed.statusCode}`;
		case 'malformed':
			return `malformed body, HTTP ${failed.statusCode}`;
		case 'network':
			return failed.reason;
		case 'client-rate-limit':
			return 'client-side rate limit';
		case 'deadline':
			return 'deadline passed';
	}
}

// ---------------------------------------------------------------------------------------------
// Classifying what n8n throws.
// ---------------------------------------------------------------------------------------------

interface ErrorClues {
	codes: Set<string>;
	names: Set<string>;
	texts: string[];
	/** An HTTP error response found on the error, in the shape n8n returns responses. */
	response?: { statusCode: number; headers: unknown; body: unknown };
}

/**
 * Walks the thrown error and its `cause`/`errorResponse` chain (NodeApiError → AxiosError →
 * system error), collecting codes, names and messages. The messages are only matched against
 * patterns here; they never reach an error we throw.
 */
function gatherClues(error: unknown): ErrorClues {
	const clues: ErrorClues = { codes: new Set(), names: new Set(), texts: [] };
	const seen = new Set<unknown>();
	const visit = (value: unknown, depth: number) => {
		if (depth > 5 || typeof value !== 'object' || value === null || seen.has(value)) return;
		seen.add(value);
		const record = value as Record<string, unknown>;
		if (typeof record.code === 'string') clues.codes.add(record.code.toUpperCase());
		if (typeof record.name === 'string') clues.names.add(record.name);
		if (typeof record.message === 'string') clues.texts.push(record.message);
		const response = record.response as Record<string, unknown> | undefined;
		if (!clues.response && typeof response?.status === 'number' && response.status >= 400) {
			clues.response = { statusCode: response.status, headers: response.headers, body: response.data };
		}
		visit(record.cause, depth + 1);
		visit(record.errorResponse, depth + 1);
		visit(record.reason, depth + 1);
	};
	visit(error, 0);
	if (!clues.response && typeof error === 'object' && error !== null) {
		const httpCode = Number((error as { httpCode?: unknown }).httpCode);
		if (Number.isInteger(httpCode) && httpCode >= 400) {
			clues.response = { statusCode: httpCode, headers: {}, body: undefined };
		}
	}
	return clues;
}

const TIMEOUT_CODES = [
	'ECONNABORTED', // axios' own timeout
	'ETIMEDOUT',
	'ESOCKETTIMEDOUT',
	'UND_ERR_CONNECT_TIMEOUT',
	'UND_ERR_HEADERS_TIMEOUT',
	'UND_ERR_BODY_TIMEOUT',
];
const RESET_CODES = ['ECONNRESET', 'EPIPE', 'UND_ERR_SOCKET'];
/** The connection never opened, so nothing was sent (EAI_AGAIN: DNS temporarily failing). */
const UNREACHABLE_CODES = ['EHOSTUNREACH', 'ENETUNREACH', 'ENETDOWN', 'EAI_AGAIN'];

function classifyNetwork(clues: ErrorClues): FailedAttempt {
	const has = (codes: string[]) => codes.some((code) => clues.codes.has(code));
	const says = (pattern: RegExp) => clues.texts.some((message) => pattern.test(message));
	const code = [...clues.codes].find((candidate) => /^[A-Z][A-Z0-9_]{2,40}$/.test(candidate));
	let reason: NetworkReason = 'unknown';
	if (has(['ERR_CANCELED']) || clues.names.has('CanceledError') || clues.names.has('AbortError')) {
		reason = 'cancelled';
	} else if (clues.codes.has('ECONNREFUSED')) reason = 'refused';
	else if (clues.codes.has('ENOTFOUND')) reason = 'dns';
	else if (has(UNREACHABLE_CODES)) reason = 'unreachable';
	else if (has(TIMEOUT_CODES) || says(/timeout|timed out/i)) reason = 'timeout';
	else if (has(RESET_CODES) || says(/socket hang up|^terminated$/i)) reason = 'reset';
	return { kind: 'network', reason, code };
}

// ---------------------------------------------------------------------------------------------
// URLs, headers, Retry-After.
// ---------------------------------------------------------------------------------------------

function resolveUrl(
	ctx: TransportContext,
	vendor: VendorProfile,
	spec: VendorRequestSpec,
	credentials: ICredentialDataDecryptedObject,
): string {
	if (/^https?:\/\//i.test(spec.url)) return spec.url;
	const base = vendor.baseUrl(credentials, spec.baseUrlKey);
	if (typeof base !== 'string' || !/^https?:\/\/[^/]/i.test(base.trim())) {
		const field = spec.baseUrlKey ? `'${spec.baseUrlKey}' field` : 'base URL';
		throw configurationError(
			ctx.getNode(),
			`The ${field} of the '${credentialDisplayName(vendor)}' credential is not a valid http(s) URL`,
			'Open the credential and enter the full URL, starting with https://.',
			spec.itemIndex,
		);
	}
	return `${base.trim().replace(/\/+$/, '')}/${spec.url.replace(/^\/+/, '')}`;
}

/** URL for messages: origin and path, query parameter names only (values may be tokens). */
export function requestTarget(url: string, qs?: object): string {
	let origin = '';
	let path = url;
	const names: string[] = [];
	try {
		const parsed = new URL(url);
		origin = parsed.origin;
		path = parsed.pathname;
		parsed.searchParams.forEach((_value, name) => names.push(name));
	} catch {
		path = url.split('?')[0];
	}
	for (const name of Object.keys(qs ?? {})) if (!names.includes(name)) names.push(name);
	const query = names.length > 0 ? `?${names.map((name) => `${name}=…`).join('&')}` : '';
	return `${origin}${path}${query}`;
}

function normalizeHeaders(raw: unknown): VendorResponseHeaders {
	const headers: VendorResponseHeaders = {};
	if (typeof raw !== 'object' || raw === null) return headers;
	// axios hands back an AxiosHeaders instance; its toJSON() is the plain view.
	const source =
		typeof (raw as { toJSON?: unknown }).toJSON === 'function'
			? ((raw as { toJSON: () => unknown }).toJSON() as Record<string, unknown>)
			: (raw as Record<string, unknown>);
	for (const [name, value] of Object.entries(source)) {
		if (typeof value === 'string') headers[name.toLowerCase()] = value;
		else if (typeof value === 'number') headers[name.toLowerCase()] = String(value);
		else if (Array.isArray(value)) headers[name.toLowerCase()] = value.map(String);
	}
	return headers;
}

/** Retry-After in seconds or as an HTTP date → milliseconds from now. */
export function parseRetryAfter(value: string | string[] | undefined): number | undefined {
	const raw = Array.isArray(value) ? value[0] : value;
	if (raw === undefined || raw.trim() === '') return undefined;
	if (/^\s*\d+(\.\d+)?\s*$/.test(raw)) return Math.round(parseFloat(raw) * 1000);
	const at = Date.parse(raw);
	if (Number.isNaN(at)) return undefined;
	return Math.max(0, at - transportTuning.now());
}

function cancelSignal(ctx: TransportContext): AbortSignal | undefined {
	return 'getExecutionCancelSignal' in ctx && typeof ctx.getExecutionCancelSignal === 'function'
		? ctx.getExecutionCancelSignal()
		: undefined;
}
