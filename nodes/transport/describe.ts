import type { Failure } from 'n8n-workflow';

import type {
	BuildOptions,
	ErrorContext,
	FailedAttempt,
	HttpFailure,
	NetworkFailure,
} from './failures';
import { attemptsText, bodyExcerpt, clip, duration, pathOnly } from './text';
import type { VendorProfile } from './types';

/** A failure in the vendor's and the user's terms: what `buildVendorError` turns into an error. */
export interface Described {
	message: string;
	details: string[];
	failure?: Failure;
}

/** The phrases every description shares. */
interface Wording {
	/** The vendor's display name. */
	v: string;
	cred: string;
	gaveUp: string;
	cap: string;
	attempts: number;
	waitRefused: boolean;
}

export function credentialDisplayName(vendor: VendorProfile): string {
	return vendor.credentialDisplayName ?? `${vendor.displayName} API`;
}

export function describe(
	ctx: ErrorContext,
	failed: FailedAttempt,
	attempts: number,
	options: BuildOptions,
): Described {
	const words: Wording = {
		v: ctx.vendor.displayName,
		cred: credentialDisplayName(ctx.vendor),
		gaveUp: `gave up after ${attemptsText(attempts)}`,
		cap: duration(options.waitCapMs ?? ctx.waitCapMs),
		attempts,
		waitRefused: options.waitRefused ?? false,
	};
	switch (failed.kind) {
		case 'http':
			return describeHttp(ctx, failed, words);
		case 'network':
			return describeNetwork(ctx, failed, words);
		default:
			return describeLocal(failed, words);
	}
}

/** Failures the transport itself decided: a full client-side window, a bad body, a redirect, a deadline. */
function describeLocal(
	failed: Exclude<FailedAttempt, HttpFailure | NetworkFailure>,
	{ v, cred, gaveUp, cap }: Wording,
): Described {
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
				details: [
					'Nothing was sent for this attempt. The deadline is the node\'s "Do Not Send After" option.',
				],
				failure: { cause: 'temporarily-unavailable' },
			};
	}
}

/** What an error answer (or an error body on a 2xx) means, in the vendor's and the user's terms. */
function describeHttp(ctx: ErrorContext, failed: HttpFailure, words: Wording): Described {
	const { v } = words;
	const status = failed.statusCode;
	const said = failed.info ? clip(failed.info.message).replace(/[.\s]+$/, '') : undefined;
	// What the vendor said goes into the description when the message does not quote it.
	const details: string[] = [];
	if (said) details.push(`${v} said: ${said}.`);
	else if (status >= 400) {
		const excerpt = bodyExcerpt(failed.body);
		details.push(excerpt ? `Response body: ${excerpt}` : `HTTP ${status} with an empty body.`);
	}
	if (
		failed.throttled ||
		status === 401 ||
		failed.info?.cause === 'credential-invalid' ||
		status >= 500
	) {
		return describeUnavailable(ctx, failed, words, details);
	}
	return describeRejected(ctx, failed, words, {
		said,
		details,
		quoted: said ? details.slice(1) : details,
	});
}

/** Throttled, credential refused, or a server error: the request itself may be fine. */
function describeUnavailable(
	ctx: ErrorContext,
	failed: HttpFailure,
	words: Wording,
	details: string[],
): Described {
	const { v, cred, cap, gaveUp, attempts, waitRefused } = words;
	const status = failed.statusCode;
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
	const message = waitRefused
		? `${v} is temporarily unavailable (HTTP ${status}) and asked to wait ${duration(retryAfterMs ?? 0)}, longer than the ${cap} left of this call's retry budget.`
		: `${v} is temporarily unavailable (HTTP ${status}); ${gaveUp}.`;
	return { message, details, failure: withRetryAfter('temporarily-unavailable', retryAfter) };
}

/** A 4xx (or an error body on a 2xx): the vendor refused this request. */
function describeRejected(
	ctx: ErrorContext,
	failed: HttpFailure,
	{ v, cred }: Wording,
	{ said, details, quoted }: { said?: string; details: string[]; quoted: string[] },
): Described {
	const status = failed.statusCode;
	const cause = failed.info?.cause;
	const failure: Failure | undefined =
		cause === 'configuration-invalid' || cause === 'node-defect' || cause === 'quota-exhausted'
			? { cause }
			: undefined;
	if (status === 403) {
		const what = `${v} refused permission for ${ctx.method} ${pathOnly(ctx.target)} (HTTP 403)`;
		return {
			message: said ? `${what}: ${said}` : `${what}.`,
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
		message: said
			? `${v} rejected the request: ${said}`
			: `${v} rejected the request (HTTP ${status}).`,
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

function describeNetwork(
	ctx: ErrorContext,
	failed: NetworkFailure,
	{ v, cred, gaveUp }: Wording,
): Described {
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
