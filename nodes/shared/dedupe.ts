import { createHash } from 'node:crypto';

/**
 * Drops repeated deliveries of the same webhook event, for every vendor's webhook trigger
 * (Influitive event ids, Influence.io `X-Webhook-Id` + payload keys). Callers pass a scope
 * (workflow + node) and a key that identifies one delivery.
 *
 * n8n 2.41 loads a webhook workflow's static data per request and saves it after the response, so
 * two deliveries arriving together both see "not seen yet" there. The claim below is made
 * synchronously in this process's memory, before any await, which makes simultaneous deliveries
 * to one n8n process race-free; the ids are also kept in static data so a delivery repeated after a
 * restart is still recognised (n8n saves a webhook's static data only when the trigger answers the
 * request itself: see `acceptDelivery` in webhook.ts). In queue mode with several webhook processors
 * the in-memory claim is per process, and static data written by two processes at once keeps only
 * one of them: a trigger that must start one execution per event across processes claims the
 * delivery in the Reward Ledger as well (nodes/RewardLedger/deliveries.ts).
 *
 * Keys come from the sender (ids, timestamps, a body hash), so their length is the sender's to
 * choose: both stores keep a fixed-size digest instead, never the key itself.
 */
const claimed = new Map<string, number>();
const CLAIM_TTL_MS = 24 * 60 * 60 * 1000;
const MAX_CLAIMS = 50_000;

/**
 * Hex characters kept of a key's SHA-256: 128 bits, far beyond any accidental collision.
 * @internal exported for the unit tests
 */
export const DEDUPE_DIGEST_LENGTH = 32;

export interface SeenIds {
	seenEventIds?: string[];
}

/** The fixed-size form of a dedupe key, as kept in memory and in static data. */
export function digestKey(key: string): string {
	return createHash('sha256').update(key).digest('hex').slice(0, DEDUPE_DIGEST_LENGTH);
}

/** SHA-256 hex of a JSON value with object keys sorted, so the same content always hashes the same. */
export function hashJson(value: unknown): string {
	return createHash('sha256').update(stableJson(value)).digest('hex');
}

function stableJson(value: unknown): string {
	if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
	if (value && typeof value === 'object') {
		const entries = Object.keys(value as Record<string, unknown>)
			.sort()
			.map((k) => `${JSON.stringify(k)}:${stableJson((value as Record<string, unknown>)[k])}`);
		return `{${entries.join(',')}}`;
	}
	return JSON.stringify(value) ?? 'null';
}

/** True when this key was not seen before (and is now claimed). */
export function claimOnce(
	scope: string,
	key: string,
	persisted: SeenIds,
	now: number,
	keep = 1000,
): boolean {
	const digest = digestKey(key);
	const claimKey = `${digestKey(scope)}:${digest}`;
	const until = claimed.get(claimKey);
	const seen = Array.isArray(persisted.seenEventIds) ? persisted.seenEventIds : [];
	// `key` itself: static data written before keys were digested still counts.
	if ((until !== undefined && until > now) || seen.includes(digest) || seen.includes(key))
		return false;
	claimed.set(claimKey, now + CLAIM_TTL_MS);
	if (claimed.size > MAX_CLAIMS) {
		for (const [k, expiry] of claimed)
			if (expiry <= now || claimed.size > MAX_CLAIMS) claimed.delete(k);
	}
	seen.push(digest);
	persisted.seenEventIds = seen.slice(-keep);
	return true;
}

/**
 * Gives a claim back (memory and static data): the delivery was not accepted after all (the shared
 * ledger could not be asked), so the sender's retry must be treated as new.
 */
export function releaseClaim(scope: string, key: string, persisted: SeenIds): void {
	const digest = digestKey(key);
	claimed.delete(`${digestKey(scope)}:${digest}`);
	if (Array.isArray(persisted.seenEventIds))
		persisted.seenEventIds = persisted.seenEventIds.filter((seen) => seen !== digest);
}

/**
 * Test hook: forget in-memory claims.
 * @internal exported for the unit tests
 */
export function resetClaims(): void {
	claimed.clear();
}

/**
 * Test hook: how many claims are held in memory.
 * @internal exported for the unit tests
 */
export function claimCount(): number {
	return claimed.size;
}
