import type { INode } from 'n8n-workflow';

import type { CallOutcome } from './retry';
import type { RateLimit, VendorErrorInfo, VendorProfile } from './types';

/** Why an attempt got no HTTP answer. */
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

/** One failed attempt, as data: the retry policy decides on it, the error mapping words it. */
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

export type HttpFailure = Extract<FailedAttempt, { kind: 'http' }>;
export type NetworkFailure = Extract<FailedAttempt, { kind: 'network' }>;

/** What the error mapping knows about the call, besides the failure. */
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
