import { sleep } from 'n8n-workflow';

/**
 * Timing knobs and clock of a transport. Each transport (`createTransport`) holds its own, fixed
 * when it is made: n8n's nodes use the defaults, tests make a transport with a fake clock and an
 * instant sleep.
 */
export interface TransportTuning {
	/** Backoff base: attempt n waits a random time in [0, min(maxDelayMs, baseDelayMs * 2^(n-1))]. */
	baseDelayMs: number;
	maxDelayMs: number;
	/** Longest wait for a client-side rate-limit slot; longer fails at once. */
	maxRetryAfterMs: number;
	defaultTimeoutMs: number;
	/** Safety net on attempts per call, on top of the retry budget. */
	defaultMaxAttempts: number;
	/** How long a call keeps retrying throttling and transient faults, from its first attempt. */
	defaultRetryBudgetMs: number;
	maxPages: number;
	sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
	now: () => number;
	/** In [0, 1); the jitter source. */
	random: () => number;
}

export const defaultTransportTuning: Readonly<TransportTuning> = Object.freeze({
	baseDelayMs: 500,
	maxDelayMs: 20_000,
	maxRetryAfterMs: 60_000,
	defaultTimeoutMs: 30_000,
	defaultMaxAttempts: 30,
	defaultRetryBudgetMs: 90_000,
	maxPages: 1_000,
	sleep: async (ms: number, signal?: AbortSignal) => await sleep(ms, signal),
	now: () => Date.now(),
	random: () => Math.random(),
});
