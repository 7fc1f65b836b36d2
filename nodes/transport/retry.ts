import type { FailedAttempt } from './failures';

/**
 * What became of a call that failed, for a template to branch on:
 *  - `not_sent`: nothing reached the vendor (connection refused, deadline, client-side limit);
 *  - `rejected`: the vendor answered and did not apply it (4xx, a throttle answer), or the call
 *    changes nothing (a read);
 *  - `unknown`: a call that changes something was sent and no usable answer came (timeout,
 *    dropped connection, 5xx, unreadable body): it may have been applied, check before retrying.
 */
export type CallOutcome = 'not_sent' | 'rejected' | 'unknown';

/** Methods that change nothing at the vendor. */
const READ_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export function changesSomething(method: string): boolean {
	return !READ_METHODS.has(method.toUpperCase());
}

/** The outcome of one failed attempt (see `CallOutcome`). */
export function attemptOutcome(failed: FailedAttempt, changes: boolean): CallOutcome {
	const afterSend: CallOutcome = changes ? 'unknown' : 'rejected';
	switch (failed.kind) {
		case 'client-rate-limit':
		case 'deadline':
			return 'not_sent';
		case 'network':
			if (failed.reason === 'refused' || failed.reason === 'unreachable' || failed.reason === 'dns')
				return 'not_sent';
			if (failed.reason === 'cancelled' && failed.beforeSend) return 'not_sent';
			return afterSend;
		case 'malformed':
			return afterSend;
		case 'redirect':
			// 307/308 ask to send the same request elsewhere: this host did not process it.
			return failed.statusCode === 307 || failed.statusCode === 308 ? 'rejected' : afterSend;
		case 'http':
			if (failed.throttled) return 'rejected';
			return failed.statusCode >= 500 && failed.statusCode !== 501 ? afterSend : 'rejected';
	}
}

/** Generic 5xx and unreadable bodies are often not transient: a few tries, not the whole budget. */
const NON_TRANSIENT_ATTEMPTS = 3;
/** Gateway answers that mean "try again": the budget applies. */
const TRANSIENT_STATUSES = new Set([502, 503, 504]);

/**
 * Whether a failure may be sent again, and how many attempts that kind of failure allows at most.
 * Retried only when sending again cannot do a change twice:
 *  - a throttle answer (429, or the profile's throttle signal) said no: retried, even a POST;
 *  - connection refused / unreachable: nothing was sent: retried, even a POST;
 *  - 502/503/504, timeout, dropped connection: only an idempotent call is sent again; a change
 *    with a deadline (`notAfter`) is not re-sent after a timeout or drop either, because the
 *    answer came late and a second try could land after the caller has given up;
 *  - 500 and other 5xx (not 501), an unreadable body: idempotent calls, at most 3 attempts;
 *  - anything else (4xx, DNS, cancelled, deadline, client-side limit): never.
 */
function retryClass(
	failed: FailedAttempt,
	call: { idempotent: boolean; changes: boolean; hasDeadline: boolean },
): { retry: boolean; maxAttempts?: number } {
	switch (failed.kind) {
		case 'http':
			if (failed.throttled) return { retry: true };
			if (!call.idempotent || failed.statusCode < 500 || failed.statusCode === 501)
				return { retry: false };
			return TRANSIENT_STATUSES.has(failed.statusCode)
				? { retry: true }
				: { retry: true, maxAttempts: NON_TRANSIENT_ATTEMPTS };
		case 'malformed':
			return call.idempotent
				? { retry: true, maxAttempts: NON_TRANSIENT_ATTEMPTS }
				: { retry: false };
		case 'network':
			if (failed.reason === 'refused' || failed.reason === 'unreachable') return { retry: true };
			if (failed.reason === 'timeout' || failed.reason === 'reset') {
				return { retry: call.idempotent && !(call.changes && call.hasDeadline) };
			}
			return { retry: false };
		case 'redirect':
		case 'client-rate-limit':
		case 'deadline':
			return { retry: false };
	}
}

export interface RetryBudget {
	/** Attempts made so far (the failed one included). */
	attempt: number;
	/** Safety net on top of the time budget. */
	maxAttempts: number;
	/** Time since the first attempt started. */
	elapsedMs: number;
	/** How long this call may keep retrying, from its first attempt. */
	budgetMs: number;
	/** Time left before the caller's `notAfter` (Infinity without one). */
	remainingMs: number;
	/** Backoff: attempt n waits a random time in [0, min(maxDelayMs, baseDelayMs * 2^(n-1))]. */
	baseDelayMs: number;
	maxDelayMs: number;
	/** In [0, 1): the jitter source. */
	random: () => number;
}

export type RetryPlan =
	| { retry: true; waitMs: number }
	| {
			retry: false;
			/**
			 * `final`: not retryable; `attempts`: the safety net; `budget`: the time budget is spent;
			 * `wait-too-long`: the vendor's Retry-After runs past the budget; `deadline`: the next try
			 * could only start after `notAfter`.
			 */
			why: 'final' | 'attempts' | 'budget' | 'wait-too-long' | 'deadline';
			/** Budget left when the vendor asked for a longer wait (`wait-too-long`). */
			budgetLeftMs?: number;
	  };

/**
 * The retry decision for one failed attempt: whether, and after how long. Pure: the caller sleeps.
 * Retry-After is honoured as given (never shortened); without it, full-jitter exponential backoff.
 * The caller's deadline wins over the budget.
 */
export function planRetry(
	failed: FailedAttempt,
	call: { idempotent: boolean; changes: boolean; hasDeadline: boolean },
	budget: RetryBudget,
): RetryPlan {
	const kind = retryClass(failed, call);
	if (!kind.retry) return { retry: false, why: 'final' };
	if (budget.attempt >= Math.min(budget.maxAttempts, kind.maxAttempts ?? Infinity))
		return { retry: false, why: 'attempts' };
	const budgetLeftMs = budget.budgetMs - budget.elapsedMs;
	const retryAfterMs = failed.kind === 'http' ? failed.retryAfterMs : undefined;
	if (retryAfterMs !== undefined && retryAfterMs > budgetLeftMs) {
		return retryAfterMs >= budget.remainingMs
			? { retry: false, why: 'deadline' }
			: { retry: false, why: 'wait-too-long', budgetLeftMs };
	}
	const waitMs = retryAfterMs ?? backoffMs(budget);
	if (waitMs >= budget.remainingMs) return { retry: false, why: 'deadline' };
	if (waitMs > budgetLeftMs) return { retry: false, why: 'budget' };
	return { retry: true, waitMs };
}

/** Full jitter: uniform in [0, min(maxDelayMs, baseDelayMs * 2^(attempt-1))]. */
function backoffMs(
	budget: Pick<RetryBudget, 'attempt' | 'baseDelayMs' | 'maxDelayMs' | 'random'>,
): number {
	const ceiling = Math.min(budget.maxDelayMs, budget.baseDelayMs * 2 ** (budget.attempt - 1));
	return Math.floor(budget.random() * ceiling);
}

// ---------------------------------------------------------------------------------------------
// Retry-After (RFC 9110 section 10.2.3): delay-seconds or an HTTP-date, nothing else.
// ---------------------------------------------------------------------------------------------

const DAY = '(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)';
const LONG_DAY = '(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)';
const MONTH = '(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)';
const TIME = '\\d{2}:\\d{2}:\\d{2}';
/** IMF-fixdate, e.g. `Sun, 06 Nov 1994 08:49:37 GMT`, and the two obsolete forms RFC 9110 section 5.6.7 still accepts. */
const HTTP_DATES = [
	new RegExp(`^${DAY}, \\d{2} ${MONTH} \\d{4} ${TIME} GMT$`),
	new RegExp(`^${LONG_DAY}, \\d{2}-${MONTH}-\\d{2} ${TIME} GMT$`),
	new RegExp(`^${DAY} ${MONTH} [ \\d]\\d ${TIME} \\d{4}$`),
];

/**
 * Retry-After → milliseconds from `now`: a non-negative integer of seconds, or an HTTP-date
 * (past dates → 0). Anything else (`-1`, `+5`, `1.5`, `5.5.5`, an ISO date) → undefined, so the
 * caller backs off normally instead of retrying back to back.
 */
export function parseRetryAfter(
	value: string | string[] | undefined,
	now: number,
): number | undefined {
	const raw = (Array.isArray(value) ? value[0] : value)?.trim();
	if (raw === undefined || raw === '') return undefined;
	if (/^\d+$/.test(raw)) return Number(raw) * 1000;
	if (!HTTP_DATES.some((pattern) => pattern.test(raw))) return undefined;
	const at = Date.parse(raw.endsWith('GMT') ? raw : `${raw} GMT`);
	if (Number.isNaN(at)) return undefined;
	return Math.max(0, at - now);
}
