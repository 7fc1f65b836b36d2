/**
 * Issue 10 item 2 (transport part): throttling and transient faults are retried inside a time
 * budget that honours Retry-After, not a fixed count of attempts; a call that is not idempotent is
 * re-sent only when the vendor certainly did not process it. Sleeps are the fake clock's (no real waiting).
 */
import nock from 'nock';

import {
	planRetry,
	vendorRequest,
	type FailedAttempt,
	type RetryBudget,
} from '../../../nodes/transport';
import {
	catchError,
	closedPortUrl,
	kotisContext,
	kotisTestProfile,
	startServer,
	useFakeTiming,
	useNock,
} from './harness';

useNock();

const kotis = () => nock('https://kwf.kotis.test');
const order = { email: 'a@example.com', skus: [{ sku: '107529-1-L', quantity: '1' }] };

describe('a short storm is ridden out (Kotis 429 with Retry-After: 2 for ~10 s)', () => {
	it('keeps retrying a GET past 4 attempts and succeeds once the storm ends', async () => {
		const clock = useFakeTiming();
		const storm = kotis()
			.get('/api/v1/skus/quantity')
			.times(6)
			.reply(429, '', { 'Retry-After': '2' });
		const after = kotis().get('/api/v1/skus/quantity').reply(200, { data: [] });
		const response = await vendorRequest.call(kotisContext().context, kotisTestProfile, {
			method: 'GET',
			url: '/skus/quantity',
		});
		expect(response.statusCode).toBe(200);
		expect(clock.sleeps).toEqual([2000, 2000, 2000, 2000, 2000, 2000]);
		expect(storm.isDone() && after.isDone()).toBe(true);
	});

	it('re-sends a POST answered 429 (not processed) through the storm', async () => {
		const clock = useFakeTiming();
		kotis().post('/api/v1/orders/create').times(5).reply(429, '', { 'Retry-After': '2' });
		const created = kotis()
			.post('/api/v1/orders/create', order)
			.reply(200, { status: 'success', order_num: '5134691' });
		const fake = kotisContext();
		const response = await vendorRequest.call(fake.context, kotisTestProfile, {
			method: 'POST',
			url: '/orders/create',
			body: order,
		});
		expect(response.body).toEqual({ status: 'success', order_num: '5134691' });
		expect(fake.requests).toHaveLength(6);
		expect(clock.sleeps).toEqual([2000, 2000, 2000, 2000, 2000]);
		expect(created.isDone()).toBe(true);
	});

	it('gives up when the budget is spent, and says so', async () => {
		const clock = useFakeTiming();
		kotis().get('/api/v1/skus/quantity').times(5).reply(429, '', { 'Retry-After': '3' });
		const error = await catchError(
			vendorRequest.call(kotisContext().context, kotisTestProfile, {
				method: 'GET',
				url: '/skus/quantity',
				retryBudgetMs: 10_000,
			}),
		);
		// 3 waits of 3 s fit in 10 s; a fourth would end at 12 s.
		expect(clock.sleeps).toEqual([3000, 3000, 3000]);
		expect(error.message).toBe(
			"Kotis Design is rate-limiting requests (HTTP 429) and asked to wait 3 s, longer than the 1 s left of this call's retry budget; stopped after 4 attempts.",
		);
		expect(error.failure).toEqual({ cause: 'rate-limited', retryAfterMs: 3000 });
		expect(error.context.outcome).toBe('rejected');
		nock.cleanAll();
	});

	it('fails fast, with failure.retryAfterMs, when Retry-After is beyond the budget', async () => {
		const clock = useFakeTiming();
		kotis().get('/api/v1/skus/quantity').reply(503, '', { 'Retry-After': '120' });
		const error = await catchError(
			vendorRequest.call(kotisContext().context, kotisTestProfile, {
				method: 'GET',
				url: '/skus/quantity',
			}),
		);
		expect(clock.sleeps).toEqual([]);
		expect(error.failure).toEqual({ cause: 'temporarily-unavailable', retryAfterMs: 120_000 });
	});

	it("uses the profile's budget when the request names none", async () => {
		const clock = useFakeTiming();
		kotis().get('/api/v1/skus/quantity').times(3).reply(429, '', { 'Retry-After': '2' });
		const profile = { ...kotisTestProfile, retryBudgetMs: 3000 };
		const error = await catchError(
			vendorRequest.call(kotisContext().context, profile, { method: 'GET', url: '/skus/quantity' }),
		);
		expect(clock.sleeps).toEqual([2000]);
		expect(error.failure).toEqual({ cause: 'rate-limited', retryAfterMs: 2000 });
		nock.cleanAll();
	});

	it('keeps a max-attempts safety net', async () => {
		const clock = useFakeTiming();
		kotis().get('/api/v1/skus/quantity').times(3).reply(503, '');
		const error = await catchError(
			vendorRequest.call(kotisContext().context, kotisTestProfile, {
				method: 'GET',
				url: '/skus/quantity',
				maxAttempts: 3,
			}),
		);
		expect(clock.sleeps).toHaveLength(2);
		expect(error.message).toBe(
			'Kotis Design is temporarily unavailable (HTTP 503); gave up after 3 attempts.',
		);
	});

	it('never re-sends a POST answered 503 or 502 (it may have been processed): outcome unknown', async () => {
		for (const status of [502, 503, 504]) {
			const clock = useFakeTiming();
			kotis().post('/api/v1/orders/create').reply(status, '', { 'Retry-After': '1' });
			const fake = kotisContext();
			const error = await catchError(
				vendorRequest.call(fake.context, kotisTestProfile, {
					method: 'POST',
					url: '/orders/create',
					body: order,
				}),
			);
			expect(fake.requests).toHaveLength(1);
			expect(clock.sleeps).toEqual([]);
			expect(error.context.outcome).toBe('unknown');
			expect(error.message).toContain(
				'It may have been applied: check Kotis Design before retrying.',
			);
		}
	});

	it('re-sends a POST whose connection was refused (not sent) within the budget: outcome not_sent', async () => {
		useFakeTiming();
		const url = await closedPortUrl();
		const fake = kotisContext();
		const error = await catchError(
			vendorRequest.call(fake.context, kotisTestProfile, {
				method: 'POST',
				url: `${url}/orders/create`,
				body: order,
				retryBudgetMs: 2000,
			}),
		);
		expect(fake.requests.length).toBeGreaterThan(1);
		expect(error.context.outcome).toBe('not_sent');
		expect(error.message).not.toContain('may have been applied');
	});

	it('never re-sends a POST after a timeout: outcome unknown', async () => {
		useFakeTiming();
		const server = await startServer(() => undefined);
		try {
			const error = await catchError(
				vendorRequest.call(kotisContext().context, kotisTestProfile, {
					method: 'POST',
					url: `${server.url}/orders/create`,
					body: order,
					timeoutMs: 100,
				}),
			);
			expect(server.hits()).toBe(1);
			expect(error.context.outcome).toBe('unknown');
		} finally {
			await server.close();
		}
	});
});

describe('planRetry (pure)', () => {
	const budget = (over: Partial<RetryBudget> = {}): RetryBudget => ({
		attempt: 1,
		maxAttempts: 30,
		elapsedMs: 0,
		budgetMs: 90_000,
		remainingMs: Infinity,
		baseDelayMs: 500,
		maxDelayMs: 20_000,
		random: () => 0.5,
		...over,
	});
	const http = (
		statusCode: number,
		retryAfterMs?: number,
		throttled = statusCode === 429,
	): FailedAttempt => ({
		kind: 'http',
		statusCode,
		body: undefined,
		retryAfterMs,
		throttled,
	});
	const idem = { idempotent: true, changes: false, hasDeadline: false };
	const post = { idempotent: false, changes: true, hasDeadline: false };

	it('honours Retry-After, else backs off exponentially with jitter', () => {
		expect(planRetry(http(429, 2000), post, budget())).toEqual({ retry: true, waitMs: 2000 });
		expect(planRetry(http(503), idem, budget({ attempt: 3 }))).toEqual({
			retry: true,
			waitMs: 1000,
		});
		expect(planRetry(http(503), idem, budget({ attempt: 3, random: () => 0.1 }))).toEqual({
			retry: true,
			waitMs: 200,
		});
	});

	it('lets the deadline win over the budget', () => {
		expect(planRetry(http(429, 2000), idem, budget({ remainingMs: 1500 }))).toEqual({
			retry: false,
			why: 'deadline',
		});
		expect(planRetry(http(429), idem, budget({ remainingMs: 100 }))).toEqual({
			retry: false,
			why: 'deadline',
		});
	});

	it('caps generic 5xx at 3 attempts and never retries 4xx or 501', () => {
		expect(planRetry(http(500), idem, budget({ attempt: 3 }))).toEqual({
			retry: false,
			why: 'attempts',
		});
		expect(planRetry(http(502), idem, budget({ attempt: 3 })).retry).toBe(true);
		expect(planRetry(http(400), idem, budget()).retry).toBe(false);
		expect(planRetry(http(501), idem, budget()).retry).toBe(false);
	});

	it('does not re-send a change with a deadline after a timeout (its answer came late)', () => {
		const timeout: FailedAttempt = { kind: 'network', reason: 'timeout' };
		expect(
			planRetry(timeout, { idempotent: true, changes: true, hasDeadline: true }, budget()).retry,
		).toBe(false);
		expect(
			planRetry(timeout, { idempotent: true, changes: true, hasDeadline: false }, budget()).retry,
		).toBe(true);
		expect(planRetry(timeout, post, budget()).retry).toBe(false);
	});
});
