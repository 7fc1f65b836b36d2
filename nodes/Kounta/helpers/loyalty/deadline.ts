import { sleep } from 'n8n-workflow';

/**
 * Why this exists: the POS waits synchronously for a loyalty reply, and in `lastNode` mode n8n
 * answers only when the whole workflow has finished. Nothing in n8n 2.41 bounds that wait with a
 * reply of our choosing (a workflow timeout answers 500 "Error in workflow"), so the trigger arms
 * this guard on the live response object: if no reply has started when the bound passes, it sends
 * the documented error shape itself, and n8n's later lastNode write on the same response is made
 * a no-op (otherwise express throws "headers already sent" into n8n's handler and logs an error).
 * The workflow keeps running to its end; the execution still records what it did.
 */

export const DEFAULT_DEADLINE_SECONDS = 8;
export const DEFAULT_TIMEOUT_MESSAGE = 'The loyalty service did not answer in time. Please try again.';
/**
 * A till waits for the reply with a person at the counter: two minutes is already far beyond any
 * useful wait, and it keeps the timer well below the 2^31-1 ms where Node timers overflow and fire
 * at once (which made every call get the fallback).
 */
export const MAX_DEADLINE_SECONDS = 120;

/** The Reply Deadline to use, clamped to 0…MAX_DEADLINE_SECONDS, and why it was changed if it was. */
export function effectiveDeadlineSeconds(configured: unknown): { seconds: number; warning?: string } {
	if (configured === undefined || configured === null || configured === '') return { seconds: DEFAULT_DEADLINE_SECONDS };
	const value = Number(configured);
	if (!Number.isFinite(value)) {
		return { seconds: DEFAULT_DEADLINE_SECONDS, warning: `Reply Deadline "${String(configured)}" is not a number: using ${DEFAULT_DEADLINE_SECONDS} s` };
	}
	if (value < 0) return { seconds: 0, warning: `Reply Deadline ${value} s is below 0: the guard is off` };
	if (value > MAX_DEADLINE_SECONDS) {
		return { seconds: MAX_DEADLINE_SECONDS, warning: `Reply Deadline ${value} s is above the maximum of ${MAX_DEADLINE_SECONDS} s: using ${MAX_DEADLINE_SECONDS} s` };
	}
	return { seconds: value };
}

/** The slice of express.Response the guard uses. */
export interface ReplyTarget {
	headersSent: boolean;
	writableEnded?: boolean;
	status(code: number): unknown;
	json(body: unknown): unknown;
	once?(event: string, listener: () => void): unknown;
}

/**
 * Swappable in tests, like the transport's tuning.
 * @internal exported for the unit tests
 */
export const deadlineTiming = {
	sleep: async (ms: number, signal?: AbortSignal) => await sleep(ms, signal),
};

const LATE_WRITERS = ['status', 'json', 'send', 'set', 'header', 'setHeader', 'writeHead', 'end'] as const;

/** Resolves true when the guard sent the fallback reply, false when a reply came first. */
export async function armReplyDeadline(res: ReplyTarget, ms: number, body: Record<string, unknown>): Promise<boolean> {
	if (!(ms > 0)) return false;
	ms = Math.min(ms, MAX_DEADLINE_SECONDS * 1000);
	const stop = new AbortController();
	const finished = () => stop.abort();
	res.once?.('finish', finished);
	res.once?.('close', finished);
	try {
		await deadlineTiming.sleep(ms, stop.signal);
	} catch {
		return false; // the response finished (or the connection closed) first
	}
	if (res.headersSent || res.writableEnded) return false;
	res.status(200);
	res.json(body);
	absorbLateWrites(res);
	return true;
}

function absorbLateWrites(res: ReplyTarget): void {
	const target = res as unknown as Record<string, unknown>;
	for (const name of LATE_WRITERS) {
		if (typeof target[name] === 'function') target[name] = () => res;
	}
}
