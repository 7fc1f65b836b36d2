/**
 * Drops repeated deliveries of the same webhook event, for every vendor's webhook trigger
 * (Influitive event ids, Influence.io `X-Webhook-Id` + payload keys). Callers pass a scope
 * (workflow + node) and a key that identifies one delivery.
 *
 * n8n 2.41 loads a webhook workflow's static data per request and saves it after the response, so
 * two deliveries arriving together both see "not seen yet" there. The claim below is made
 * synchronously in this process's memory, before any await, which makes simultaneous deliveries
 * to one n8n process race-free; the ids are also kept in static data so a delivery repeated after a
 * restart is still recognised. In queue mode with several webhook processors the in-memory claim
 * is per process: the fulfillment templates keep their own order-level guard for that case.
 */
const claimed = new Map<string, number>();
const CLAIM_TTL_MS = 24 * 60 * 60 * 1000;
const MAX_CLAIMS = 50_000;

export interface SeenIds {
	seenEventIds?: string[];
}

/** True when this key was not seen before (and is now claimed). */
export function claimOnce(scope: string, key: string, persisted: SeenIds, now: number, keep = 1000): boolean {
	const claimKey = `${scope}:${key}`;
	const until = claimed.get(claimKey);
	if ((until !== undefined && until > now) || persisted.seenEventIds?.includes(key)) return false;
	claimed.set(claimKey, now + CLAIM_TTL_MS);
	if (claimed.size > MAX_CLAIMS) {
		for (const [k, expiry] of claimed) if (expiry <= now || claimed.size > MAX_CLAIMS) claimed.delete(k);
	}
	const seen = persisted.seenEventIds ?? [];
	seen.push(key);
	persisted.seenEventIds = seen.slice(-keep);
	return true;
}

/** Test hook: forget in-memory claims. */
export function resetClaims(): void {
	claimed.clear();
}
