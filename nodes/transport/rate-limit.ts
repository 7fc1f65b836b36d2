import type { INode } from 'n8n-workflow';

import type { TransportTuning } from './tuning';
import type { RateLimit, VendorProfile } from './types';

/**
 * Client-side pacing for vendors that publish a limit (Influitive: 200 requests per 5 minutes).
 *
 * A sliding-window log per credential: the start times of the last `requests` calls. One pacer
 * belongs to one transport, and n8n's nodes share one transport per process (see `index.ts`), so
 * every execution in that process paces together. In queue mode each worker has its own and they
 * share nothing, so a limit shared by several processes is split with `processShare` (an explicit
 * per-process budget set on the credential); the vendor's own throttle answers (429, Influitive's
 * WAF 403) handled by the retry loop remain the backstop. Each key holds at most `requests`
 * timestamps.
 */
export class RateLimiter {
	private readonly windows = new Map<string, number[]>();

	constructor(
		private readonly tuning: Pick<TransportTuning, 'now' | 'sleep' | 'maxRetryAfterMs'>,
	) {}

	/**
	 * Takes a slot in the window, sleeping until one frees. Gives up without sleeping when the total
	 * wait would exceed `capMs` (other callers may take a freed slot first), so a node does not hang
	 * for minutes. Check-and-take runs without an `await` in between, so concurrent callers cannot
	 * both take the last slot.
	 */
	async acquire(
		key: string,
		limit: RateLimit,
		signal?: AbortSignal,
		capMs = this.tuning.maxRetryAfterMs,
	): Promise<SlotResult> {
		if (!(limit.requests >= 1) || !(limit.windowMs > 0)) return { ok: true };
		const giveUpAt = this.tuning.now() + capMs;
		for (;;) {
			const now = this.tuning.now();
			const waitMs = this.take(key, limit, now);
			if (waitMs === 0) return { ok: true };
			if (now + waitMs > giveUpAt) return { ok: false, waitMs };
			await this.tuning.sleep(waitMs, signal);
		}
	}

	/** Takes a slot now (0), or says how long until the oldest one frees. */
	private take(key: string, limit: RateLimit, now: number): number {
		const log = this.windows.get(key) ?? [];
		while (log.length > 0 && log[0] <= now - limit.windowMs) log.shift();
		this.windows.set(key, log);
		if (log.length < limit.requests) {
			log.push(now);
			return 0;
		}
		return log[0] + limit.windowMs - now;
	}
}

export type SlotResult = { ok: true } | { ok: false; waitMs: number };

/** Vendor + the node's credential id (name when the id is missing, e.g. in tests). */
export function rateLimitKey(vendor: VendorProfile, node: INode): string {
	const details = node.credentials?.[vendor.credentialType];
	return `${vendor.credentialType}:${details?.id ?? details?.name ?? 'default'}`;
}

/**
 * This process's share of a limit that `processes` n8n processes spend together (queue mode: the
 * workers, plus main when a polling trigger uses the credential). An explicit split rather than a
 * shared counter: nodes cannot reach Redis or the database, a counter in n8n's Data Tables would
 * cost a database round trip per request, and a per-IP limit (Influitive's) is only shared by
 * processes on one host anyway. Never below 1; a missing or invalid count means 1 (not shared).
 */
export function processShare(requests: number, processes: unknown): number {
	const n = Math.floor(Number(processes));
	return Math.max(1, Math.floor(requests / (Number.isFinite(n) && n >= 1 ? n : 1)));
}
