import { processShare } from '../../../nodes/transport';
import { influitiveVendor } from '../../../nodes/Influitive/api';

describe('a vendor limit shared by several n8n processes (queue mode)', () => {
	it('gives each process its share, never below one request', () => {
		expect(processShare(200, 1)).toBe(200);
		expect(processShare(200, 2)).toBe(100);
		expect(processShare(200, 3)).toBe(66);
		expect(processShare(2, 5)).toBe(1);
	});

	it('treats a missing or invalid count as one process', () => {
		for (const count of [undefined, null, '', 0, -2, 'abc', Number.NaN])
			expect(processShare(200, count)).toBe(200);
	});

	it('the Influitive credential splits its 200 requests / 5 min between the processes sharing it', () => {
		const rateLimit = influitiveVendor.rateLimit as (
			credentials: Record<string, unknown>,
		) => unknown;
		expect(rateLimit({})).toEqual({ requests: 200, windowMs: 300_000 });
		expect(rateLimit({ processesSharingLimit: 2 })).toEqual({ requests: 100, windowMs: 300_000 });
		expect(rateLimit({ requestsPer5Minutes: 150, processesSharingLimit: 3 })).toEqual({
			requests: 50,
			windowMs: 300_000,
		});
	});
});
