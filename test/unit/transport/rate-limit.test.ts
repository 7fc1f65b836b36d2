import nock from 'nock';

import { vendorRequest, type VendorProfile } from '../../../nodes/transport';
import { catchError, kotisContext, kotisTestProfile, useFakeTiming, useNock } from './harness';

useNock();

const paced: VendorProfile = { ...kotisTestProfile, rateLimit: { requests: 3, windowMs: 10_000 } };
const get = { method: 'GET' as const, url: '/skus/quantity' };

describe('client-side pacing (sliding window per credential)', () => {
	it('waits until the oldest request leaves the window, then sends', async () => {
		const clock = useFakeTiming();
		const scope = nock('https://kwf.kotis.test')
			.get('/api/v1/skus/quantity')
			.times(5)
			.reply(200, { data: [] });
		const { context } = kotisContext();
		const sentAt: number[] = [];

		for (let i = 0; i < 5; i++) {
			await vendorRequest.call(context, paced, get);
			sentAt.push(clock.now);
			clock.now += 1000; // one request per second
		}

		const start = sentAt[0];
		// 3 slots per 10 s: requests 4 and 5 wait for requests 1 and 2 to leave the window.
		expect(sentAt.map((t) => t - start)).toEqual([0, 1000, 2000, 10_000, 11_000]);
		expect(clock.sleeps).toEqual([7000]);
		expect(scope.isDone()).toBe(true);
	});

	it('fails at once, rate-limited, when the wait would exceed the cap (nothing is sent)', async () => {
		const clock = useFakeTiming();
		const hourly: VendorProfile = {
			...kotisTestProfile,
			rateLimit: { requests: 1, windowMs: 3_600_000 },
		};
		const scope = nock('https://kwf.kotis.test')
			.get('/api/v1/skus/quantity')
			.reply(200, { data: [] });
		const fake = kotisContext();

		await vendorRequest.call(fake.context, hourly, get);
		clock.now += 600_000;
		const error = await catchError(vendorRequest.call(fake.context, hourly, get));

		expect(error.failure).toEqual({ cause: 'rate-limited', retryAfterMs: 3_000_000 });
		expect(error.message).toBe(
			"Kotis Design: this credential's request budget (1 request per 60 min) is used up; the next slot frees in 50 min, longer than the 60 s this node waits.",
		);
		expect(fake.requests).toHaveLength(1);
		expect(clock.sleeps).toEqual([]);
		expect(scope.isDone()).toBe(true);
	});

	it('reads the limit from the credential when the profile gives a function', async () => {
		const clock = useFakeTiming();
		const fromCredential: VendorProfile = {
			...kotisTestProfile,
			rateLimit: (credentials) => ({ requests: Number(credentials.budget), windowMs: 3_600_000 }),
		};
		const scope = nock('https://kwf.kotis.test')
			.get('/api/v1/skus/quantity')
			.times(2)
			.reply(200, { data: [] });
		const fake = kotisContext({
			node: { credentials: { kotisApi: { id: 'cred-budget', name: 'Budget' } } },
			credentials: {
				kotisApi: { apiKey: 'k', baseUrl: 'https://kwf.kotis.test/api/v1', budget: 2 },
			},
		});

		await vendorRequest.call(fake.context, fromCredential, get);
		await vendorRequest.call(fake.context, fromCredential, get);
		const error = await catchError(vendorRequest.call(fake.context, fromCredential, get));

		expect(error.message).toMatch(/request budget \(2 requests per 60 min\) is used up/);
		expect(fake.requests).toHaveLength(2);
		expect(clock.sleeps).toEqual([]);
		expect(scope.isDone()).toBe(true);
	});

	it('keeps separate windows per credential id', async () => {
		const clock = useFakeTiming();
		const scope = nock('https://kwf.kotis.test')
			.get('/api/v1/skus/quantity')
			.times(6)
			.reply(200, { data: [] });
		const first = kotisContext({
			node: { credentials: { kotisApi: { id: 'cred-a', name: 'A' } } },
		});
		const second = kotisContext({
			node: { credentials: { kotisApi: { id: 'cred-b', name: 'B' } } },
		});

		for (let i = 0; i < 3; i++) {
			await vendorRequest.call(first.context, paced, get);
			await vendorRequest.call(second.context, paced, get);
		}

		expect(clock.sleeps).toEqual([]);
		expect(scope.isDone()).toBe(true);
	});

	it('counts retries against the window too', async () => {
		const clock = useFakeTiming();
		const tight: VendorProfile = {
			...kotisTestProfile,
			rateLimit: { requests: 1, windowMs: 5000 },
		};
		const scope = nock('https://kwf.kotis.test')
			.get('/api/v1/skus/quantity')
			.reply(500, '')
			.get('/api/v1/skus/quantity')
			.reply(200, { data: [] });

		await vendorRequest.call(kotisContext().context, tight, get);

		// Backoff 250 ms, then the window holds the retry back until 5 s after the first attempt.
		expect(clock.sleeps).toEqual([250, 4750]);
		expect(scope.isDone()).toBe(true);
	});
});

describe('notAfter: a caller deadline (a till waiting for its reply)', () => {
	it('sends nothing once the deadline has passed', async () => {
		const clock = useFakeTiming();
		const fake = kotisContext();
		const error = await catchError(
			vendorRequest.call(fake.context, kotisTestProfile, { ...get, notAfter: clock.now - 1 }),
		);
		expect(error.message).toMatch(
			/^Kotis Design: not sent, because the deadline set for this call \(.+\) came first\.$/,
		);
		expect(fake.requests).toHaveLength(0);
	});

	it('does not wait for a rate-limit slot that frees after the deadline', async () => {
		const clock = useFakeTiming();
		const scope = nock('https://kwf.kotis.test')
			.get('/api/v1/skus/quantity')
			.times(3)
			.reply(200, { data: [] });
		const fake = kotisContext({
			node: { credentials: { kotisApi: { id: 'cred-deadline', name: 'Deadline' } } },
		});
		for (let i = 0; i < 3; i++) await vendorRequest.call(fake.context, paced, get);

		// The next slot frees in 10 s; the caller has 2 s.
		const error = await catchError(
			vendorRequest.call(fake.context, paced, { ...get, notAfter: clock.now + 2000 }),
		);
		expect(error.message).toMatch(/not sent, because the deadline/);
		expect(clock.sleeps).toEqual([]);
		expect(fake.requests).toHaveLength(3);
		expect(scope.isDone()).toBe(true);
	});

	it('stops retrying when the next try could only start after the deadline', async () => {
		const clock = useFakeTiming();
		const scope = nock('https://kwf.kotis.test')
			.get('/api/v1/skus/quantity')
			.reply(503, { error: 'busy' }, { 'Retry-After': '5' });
		const fake = kotisContext();
		const error = await catchError(
			vendorRequest.call(fake.context, kotisTestProfile, { ...get, notAfter: clock.now + 1000 }),
		);
		expect(error.message).toMatch(/HTTP 503/);
		expect(fake.requests).toHaveLength(1);
		expect(clock.sleeps).toEqual([]);
		expect(scope.isDone()).toBe(true);
	});
});
