import { sleep } from 'n8n-workflow';

/**
 * Why this exists: the POS waits synchronously for a loyalty reply, and in `lastNode` mode n8n
 * answers only when the whole workflow has finished. Nothing in n8n 2.41 bounds that wait with a
 * reply of our choosing (a workflow timeout answers 500 "Error in workflow"), so the trigger arms
 * this guard on the live response object: if no reply has started when the bound passes, it sends
 * the documented error shape itself, and n8n's later lastNode write on the same response is made
 * a no-op (see `ignoreLaterWrites` for why that cannot be done otherwise).
 * The workflow keeps running to its end; the execution still records what it did.
 */

export const DEFAULT_DEADLINE_SECONDS = 8;
export const DEFAULT_TIMEOUT_MESSAGE =
	'The loyalty service did not answer in time. Please try again.';
/**
 * A till waits for the reply with a person at the counter: two minutes is already far beyond any
 * useful wait, and it keeps the timer well below the 2^31-1 ms where Node timers overflow and fire
 * at once (which made every call get the fallback).
 */
export const MAX_DEADLINE_SECONDS = 120;

/** The Reply Deadline to use, clamped to 0…MAX_DEADLINE_SECONDS, and why it was changed if it was. */
export function effectiveDeadlineSeconds(configured: unknown): {
	seconds: number;
	warning?: string;
} {
	if (configured === undefined || configured === null || configured === '')
		return { seconds: DEFAULT_DEADLINE_SECONDS };
	const value = Number(configured);
	if (!Number.isFinite(value)) {
		return {
			seconds: DEFAULT_DEADLINE_SECONDS,
			warning: `Reply Deadline "${String(configured)}" is not a number: using ${DEFAULT_DEADLINE_SECONDS} s`,
		};
	}
	if (value < 0)
		return { seconds: 0, warning: `Reply Deadline ${value} s is below 0: the guard is off` };
	if (value > MAX_DEADLINE_SECONDS) {
		return {
			seconds: MAX_DEADLINE_SECONDS,
			warning: `Reply Deadline ${value} s is above the maximum of ${MAX_DEADLINE_SECONDS} s: using ${MAX_DEADLINE_SECONDS} s`,
		};
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

export interface DeadlineOptions {
	/** Default n8n's `sleep`; a test passes an instant or controllable one. */
	sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

const defaultSleep = async (ms: number, signal?: AbortSignal) => await sleep(ms, signal);

/** Resolves true when the guard sent the fallback reply, false when a reply came first. */
export async function armReplyDeadline(
	res: ReplyTarget,
	ms: number,
	body: Record<string, unknown>,
	{ sleep: wait = defaultSleep }: DeadlineOptions = {},
): Promise<boolean> {
	if (!(ms > 0)) return false;
	ms = Math.min(ms, MAX_DEADLINE_SECONDS * 1000);
	const stop = new AbortController();
	const finished = () => stop.abort();
	res.once?.('finish', finished);
	res.once?.('close', finished);
	try {
		await wait(ms, stop.signal);
	} catch {
		return false; // the response finished (or the connection closed) first
	}
	if (res.headersSent || res.writableEnded) return false;
	res.status(200);
	res.json(body);
	ignoreLaterWrites(res);
	return true;
}

/**
 * The writers n8n 2.41 uses to send a webhook's lastNode reply: `res.status`, `setHeader`/`header`
 * (response headers), `json`/`send`, or `writeHead`/`end` through a piped stream.
 */
const LATE_WRITERS = [
	'status',
	'json',
	'send',
	'set',
	'header',
	'setHeader',
	'writeHead',
	'end',
] as const;

/**
 * Once the fallback is sent, n8n still writes the workflow's reply to this response when the
 * workflow ends: its webhook request handler writes the lastNode result (`sendWebhookResponse`,
 * `sendLegacyResponse`) without asking whether the response was already sent
 * (https://github.com/n8n-io/n8n/blob/n8n%402.41.1/packages/cli/src/webhooks/webhook-request-handler.ts),
 * and Node throws on headers set after they went out
 * (https://nodejs.org/api/errors.html#err_http_headers_sent), which n8n logs as a failed webhook
 * request and answers by writing an error reply to the same response, throwing again.
 *
 * n8n 2.41 gives a webhook node nothing else to act on here: a node sees the request and this
 * response object, and can return `noWebhookResponse` (then no workflow output would ever reach
 * the till) but cannot bound the workflow's reply time or tell n8n that the request was answered;
 * in queue mode the workflow runs in another process, so only n8n's own reply path carries its
 * output back. So the guard, and only after it has answered, turns this one response's writers
 * into no-ops (own properties of this object; express and Node stay untouched).
 */
function ignoreLaterWrites(res: ReplyTarget): void {
	const target = res as unknown as Record<string, unknown>;
	for (const name of LATE_WRITERS) {
		if (typeof target[name] === 'function') target[name] = () => res;
	}
}
