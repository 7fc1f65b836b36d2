import {
	claimCount,
	claimOnce,
	DEDUPE_DIGEST_LENGTH,
	digestKey,
	hashJson,
	releaseClaim,
	resetClaims,
	type SeenIds,
} from '../../../nodes/shared/dedupe';

beforeEach(() => resetClaims());

describe('claimOnce', () => {
	it("keeps a fixed-size digest in static data, whatever the length of the sender's key", () => {
		const persisted: SeenIds = {};
		const keys = Array.from({ length: 20 }, (_, i) => `${i}|${'x'.repeat(200_000)}`);
		for (const key of keys) expect(claimOnce('wf:node', key, persisted, 0)).toBe(true);
		const stored = persisted.seenEventIds ?? [];
		expect(stored).toHaveLength(20);
		for (const entry of stored)
			expect(entry).toMatch(new RegExp(`^[0-9a-f]{${DEDUPE_DIGEST_LENGTH}}$`));
		// 20 deliveries with 200 kB keys: well under 1 kB of static data each, not 4 MB in all.
		expect(JSON.stringify(persisted).length).toBeLessThan(20 * (DEDUPE_DIGEST_LENGTH + 3) + 50);
		for (const key of keys) expect(claimOnce('wf:node', key, persisted, 0)).toBe(false);
	});

	it('recognises a repeat from static data alone (after a restart), and from keys stored before digests', () => {
		const persisted: SeenIds = {};
		expect(claimOnce('s', 'event:1', persisted, 0)).toBe(true);
		resetClaims();
		expect(claimOnce('s', 'event:1', persisted, 0)).toBe(false);
		expect(claimOnce('s', 'legacy', { seenEventIds: ['legacy'] }, 0)).toBe(false);
	});

	it('holds one in-memory entry per claim, of fixed size', () => {
		claimOnce('s'.repeat(10_000), 'k'.repeat(10_000), {}, 0);
		expect(claimCount()).toBe(1);
	});

	it('tells distinct keys apart and keeps scopes apart', () => {
		expect(claimOnce('a', 'k', {}, 0)).toBe(true);
		expect(claimOnce('b', 'k', {}, 0)).toBe(true);
		expect(claimOnce('a', 'k2', {}, 0)).toBe(true);
		expect(digestKey('k')).not.toBe(digestKey('k2'));
	});
});

describe('hashJson', () => {
	it('ignores key order but not content', () => {
		expect(hashJson({ a: 1, b: [1, { c: 2, d: 3 }] })).toBe(
			hashJson({ b: [1, { d: 3, c: 2 }], a: 1 }),
		);
		expect(hashJson({ a: 1 })).not.toBe(hashJson({ a: 2 }));
		expect(hashJson([1, 2])).not.toBe(hashJson([2, 1]));
	});
});

describe('releaseClaim', () => {
	it('forgets one key in memory and in static data, leaving the others claimed', () => {
		const persisted: SeenIds = {};
		expect(claimOnce('wf:node', 'a', persisted, 0)).toBe(true);
		expect(claimOnce('wf:node', 'b', persisted, 0)).toBe(true);
		releaseClaim('wf:node', 'a', persisted);
		expect(persisted.seenEventIds).toEqual([digestKey('b')]);
		expect(claimOnce('wf:node', 'b', persisted, 0)).toBe(false);
		expect(claimOnce('wf:node', 'a', persisted, 0)).toBe(true);
	});
});
