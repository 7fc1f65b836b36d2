import type {
	IAdditionalCredentialOptions,
	ICredentialDataDecryptedObject,
	IHttpRequestMethods,
	IHttpRequestOptions,
} from 'n8n-workflow';

import type { FailedAttempt } from './failures';
import { classifyNetwork, gatherClues } from './network';
import { parseRetryAfter } from './retry';
import type {
	ExpectedBody,
	TransportContext,
	VendorProfile,
	VendorResponse,
	VendorResponseHeaders,
} from './types';
import { firstHeader, linkHost, sameOriginUrl } from './url';

export type AttemptOutcome =
	{ kind: 'ok'; response: VendorResponse } | { kind: 'failed'; failed: FailedAttempt };

export interface AttemptSettings {
	vendor: VendorProfile;
	expect: ExpectedBody;
	followRedirects: boolean;
	/** The clock Retry-After dates are read against. */
	now: () => number;
	/**
	 * The credential as the transport already read it: handed to n8n's request helper so it does not
	 * load and decrypt it again for every attempt (not for OAuth2, whose helper manages its tokens).
	 */
	credentials?: ICredentialDataDecryptedObject;
}

/** More hops than any vendor here needs; a loop ends as an error. */
const MAX_REDIRECTS = 5;

/**
 * One attempt: sends `options`, refreshing an expired OAuth2 token, and follows redirects only
 * within the origin the request went to. The HTTP client itself never follows (it would re-add the
 * credential for any host); a redirect to another origin fails without anything sent there.
 */
export async function attemptOnce(
	ctx: TransportContext,
	settings: AttemptSettings,
	options: IHttpRequestOptions,
): Promise<AttemptOutcome> {
	let current = options;
	let outcome = await sendOnce(ctx, settings, current);
	for (
		let hop = 0;
		settings.followRedirects && outcome.kind === 'ok' && isRedirect(outcome.response);
		hop++
	) {
		const { response } = outcome;
		const location = firstHeader(response, 'location');
		if (!location) break;
		const target = sameOriginUrl(location, response.url);
		if (!target) {
			const host = linkHost(location, response.url) ?? 'an unreadable address';
			return {
				kind: 'failed',
				failed: { kind: 'redirect', statusCode: response.statusCode, host },
			};
		}
		if (hop >= MAX_REDIRECTS) {
			const info = { message: `more than ${MAX_REDIRECTS} redirects` };
			return {
				kind: 'failed',
				failed: {
					kind: 'http',
					statusCode: response.statusCode,
					info,
					body: undefined,
					throttled: false,
				},
			};
		}
		current = redirected(current, response.statusCode, target);
		outcome = await sendOnce(ctx, settings, current);
	}
	return outcome;
}

function isRedirect(response: VendorResponse): boolean {
	return response.statusCode >= 300 && response.statusCode < 400 && response.statusCode !== 304;
}

/**
 * The request a redirect asks for: 307/308 repeat it as it was; 303, and 301/302 after anything
 * but GET/HEAD, become a GET without a body (what browsers and HTTP clients do). The Location
 * carries its own query string.
 */
function redirected(
	options: IHttpRequestOptions,
	statusCode: number,
	url: string,
): IHttpRequestOptions {
	const method = (options.method ?? 'GET').toUpperCase() as IHttpRequestMethods;
	const keep = statusCode === 307 || statusCode === 308 || method === 'GET' || method === 'HEAD';
	return keep
		? { ...options, url, qs: undefined }
		: { ...options, url, qs: undefined, method: 'GET', body: undefined };
}

async function sendOnce(
	ctx: TransportContext,
	settings: AttemptSettings,
	options: IHttpRequestOptions,
): Promise<AttemptOutcome> {
	const { vendor } = settings;
	const url = options.url;
	let raw: unknown;
	try {
		raw = await ctx.helpers.httpRequestWithAuthentication.call(
			ctx,
			vendor.credentialType,
			{ ...options },
			alreadyDecrypted(settings),
		);
	} catch (error) {
		return fromThrown(error, settings, url);
	}
	const outcome = inspectResponse(raw, settings, url);
	if (
		vendor.oauth2 &&
		outcome.kind === 'failed' &&
		outcome.failed.kind === 'http' &&
		tokenExpired(vendor, outcome.failed, url)
	) {
		// n8n 2.41 refreshes an OAuth2 token only when the request throws with the status it is told
		// means "expired", and this transport asks for status errors as responses. The answer said the
		// token expired (nothing was processed), so it is sent once more, letting n8n throw, refresh
		// (storing the new tokens in the credential) and repeat it.
		const statusCode = outcome.failed.statusCode;
		try {
			raw = await ctx.helpers.httpRequestWithAuthentication.call(
				ctx,
				vendor.credentialType,
				{ ...options, ignoreHttpStatusErrors: false },
				{ oauth2: { tokenExpiredStatusCode: statusCode } },
			);
		} catch (error) {
			return fromThrown(error, settings, url);
		}
		return inspectResponse(raw, settings, url);
	}
	return outcome;
}

function alreadyDecrypted(settings: AttemptSettings): IAdditionalCredentialOptions | undefined {
	if (settings.vendor.oauth2 || !settings.credentials) return undefined;
	// n8n reads only `data` here; id and name matter to OAuth, which never comes this way.
	return {
		credentialsDecrypted: {
			id: '',
			name: '',
			type: settings.vendor.credentialType,
			data: { ...settings.credentials },
		},
	};
}

function tokenExpired(
	vendor: VendorProfile,
	failed: Extract<FailedAttempt, { kind: 'http' }>,
	url: string,
): boolean {
	const response: VendorResponse = {
		statusCode: failed.statusCode,
		headers: {},
		body: failed.body,
		url,
	};
	try {
		return vendor.tokenExpired ? vendor.tokenExpired(response) : failed.statusCode === 401;
	} catch {
		return false;
	}
}

/**
 * n8n wraps network failures as NodeApiError(node, axiosError); that object can hold the request
 * config with the Authorization header. Only classify it; never rethrow or wrap it.
 */
function fromThrown(error: unknown, settings: AttemptSettings, url: string): AttemptOutcome {
	const clues = gatherClues(error);
	if (clues.response) {
		// Some paths (OAuth2 token refresh) throw with the HTTP response attached.
		const outcome = inspectResponse(clues.response, settings, url);
		if (outcome.kind === 'failed') return outcome;
	}
	return { kind: 'failed', failed: classifyNetwork(clues) };
}

function inspectResponse(raw: unknown, settings: AttemptSettings, url: string): AttemptOutcome {
	const { vendor, expect } = settings;
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
			malformed = statusCode < 300 || statusCode >= 400;
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
		return {
			kind: 'failed',
			failed: {
				kind: 'http',
				statusCode,
				info,
				body: errorView.body,
				retryAfterMs: parseRetryAfter(headers['retry-after'], settings.now()),
				throttled: isThrottled(vendor, errorView) || info?.cause === 'rate-limited',
			},
		};
	}
	if (malformed) {
		return { kind: 'failed', failed: { kind: 'malformed', statusCode, body: body as string } };
	}
	return { kind: 'ok', response };
}

function isThrottled(vendor: VendorProfile, response: VendorResponse): boolean {
	if (!vendor.isThrottled) return (vendor.throttleStatuses ?? [429]).includes(response.statusCode);
	try {
		return vendor.isThrottled(response);
	} catch {
		return false;
	}
}

function parseOr(text: string): unknown {
	try {
		return JSON.parse(text) as unknown;
	} catch {
		return text;
	}
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
