import type { INode } from 'n8n-workflow';

import { transportTuning } from './tuning';
import type { VendorProfile } from './types';

/**
 * Client-side pacing for vendors that publish a limit (Influitive: 200 requests per 5 minutes).
 *
 * A sliding-window log per credential: the start times of the last `requests` calls. State lives
 * in this module, which is shared by every execution in one n8n process. In queue mode each
 * worker has its own copy and they share nothing, so several workers can together exceed the
 * vendor's limit; the vendor's own throttle answers (429, Influitive's WAF 403) handled by the
 * retry loop remain the backstop. Each key holds at most `requests` timestamps.
 */
const windows = new Map<string, number[]>();

/** Vendor + the node's credential id (name when the id is missing, e.g. in tests). */
export function rateLimitKey(vendor: VendorProfile, node: INode): string {
	const details = node.credentials?.[vendor.credentialType];
	return `${vendor.credentialType}:${details?.id ?? details?.name ?? 'default'}`;
}

export type SlotResult = { ok: true } | { ok: false; waitMs: number };

/**
 * Takes a slot in the window, sleeping until one frees. Gives up without sleeping when the total wait
 * would exceed `capMs` (other callers may take a freed slot first), so a node does not hang for minutes.
 * Check-and-take runs without an `await` in between, so concurrent callers cannot both take
 * the last slot.
 */
export async function acquireSlot(
	key: string,
	limit: { requests: number; windowMs: number },
	signal?: AbortSignal,
	/** Longest acceptable wait in all (several callers may take the freed slot first); default `transportTuning.maxRetryAfterMs`. */
	capMs = transportTuning.maxRetryAfterMs,
): Promise<SlotResult> {
	if (!(limit.requests >= 1) || !(limit.windowMs > 0)) return { ok: true };
	const giveUpAt = transportTuning.now() + capMs;
	for (;;) {
		const now = transportTuning.now();
		const log = windows.get(key) ?? [];
		while (log.length > 0 && log[0] <= now - limit.windowMs) log.shift();
		if (log.length < limit.requests) {
			log.push(now);
			windows.set(key, log);
			return { ok: true };
		}
		windows.set(key, log);
		const waitMs = log[0] + limit.windowMs - now;
		if (now + waitMs > giveUpAt) return { ok: false, waitMs };
		await transportTuning.sleep(waitMs, signal);
	}
}

/** Forgets all windows (tests). */
export function resetRateLimits(): void {
	windows.clear();
}
