import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { expectNoSecret, useFakeTiming, useNock } from '../../helpers/http-testing';
import { API_KEY, api, fails, node, run } from './fixtures';

useNock();

const upsert = (extra: Record<string, unknown> = {}) => ({
	resource: 'customer',
	operation: 'upsert',
	customerId: 'ext-1',
	email: 'ada@example.com',
	additionalFields: {},
	options: {},
	...extra,
});

/**
 * Answers requests for `/customers/c<n>` with `body(n)` after a delay that shrinks as n grows (later
 * items answer sooner, so output order is not arrival order), counting the most in flight at once.
 */
function inFlightProbe(count: number, body: (n: number) => Record<string, unknown>) {
	let inFlight = 0;
	let peak = 0;
	return {
		peak: () => peak,
		reply: async (uri: string): Promise<[number, Record<string, unknown>]> => {
			inFlight++;
			peak = Math.max(peak, inFlight);
			const n = Number(/\/c(\d+)$/.exec(uri)?.[1]);
			await new Promise((resolve) => setTimeout(resolve, 5 + (count - n) * 2));
			inFlight--;
			return [200, body(n)];
		},
	};
}

describe('Customer → Create or Update', () => {
	beforeEach(() => useFakeTiming());

	it('PUTs the best-known keys by your own id, with x-api-key, and outputs a summary', async () => {
		api()
			.put('/v1/customers/ext%201', {
				email: 'ada@example.com',
				firstName: 'Ada',
				birthdayMonth: 12,
			})
			.reply(200, { id: 'inf-9', externalId: 'ext 1', email: 'ada@example.com', pointBalance: 0 });
		const [out] = await run(
			upsert({
				customerId: ' ext 1 ',
				additionalFields: { firstName: 'Ada', lastName: '', birthdayMonth: 12 },
			}),
		);
		expect(out).toEqual([
			{ json: { customerId: 'ext 1', upserted: true, id: 'inf-9' }, pairedItem: { item: 0 } },
		]);
	});

	it('merges Body (JSON) over the built body, and returns the full answer when asked', async () => {
		api()
			.put('/v1/customers/ext-1', {
				email: 'ada@example.com',
				acceptsMarketing: true,
				firstName: 'Augusta',
			})
			.reply(200, { customer: { id: 'inf-9', name: 'Augusta' } });
		const [out] = await run(
			upsert({
				additionalFields: { firstName: 'Ada' },
				options: {
					bodyJson: '{"acceptsMarketing": true, "firstName": "Augusta"}',
					fullResponse: true,
				},
			}),
		);
		expect(out[0].json).toEqual({ id: 'inf-9', name: 'Augusta' });
	});

	it('names the field for an empty id or bad JSON, before any call', async () => {
		expect((await fails(upsert({ customerId: '  ' }))).message).toBe(
			'Invalid Influence.io customer: Customer ID is empty',
		);
		expect((await fails(upsert({ customerId: 'a/b' }))).message).toBe(
			'Invalid Influence.io customer: Customer ID must not contain / ? or #',
		);
		const error = await fails(upsert({ options: { bodyJson: '{oops' } }));
		expect(error).toBeInstanceOf(NodeOperationError);
		expect(error.message).toBe('Body (JSON) is not valid JSON');
	});

	it('waits out a 429 (Retry-After) and retries the PUT', async () => {
		const clock = useFakeTiming();
		api()
			.put('/v1/customers/ext-1')
			.reply(429, { message: 'Too many requests' }, { 'Retry-After': '2' });
		api().put('/v1/customers/ext-1').reply(200, { id: 'inf-9' });
		const [out] = await run(upsert());
		expect(out[0].json.upserted).toBe(true);
		expect(clock.sleeps).toEqual([2000]);
	});
});

describe('Customer → Create or Update, many items', () => {
	it('keeps at most Concurrency requests in flight and outputs in input order', async () => {
		const count = 12;
		const probe = inFlightProbe(count, (n) => ({ id: `inf-${n}`, big: 'x'.repeat(1000) }));
		api()
			.put(/\/v1\/customers\/c\d+/)
			.times(count)
			.reply(probe.reply);
		const items = Array.from({ length: count }, (_v, n) => ({ json: { n } }));
		const params = (i: number) => ({
			resource: 'customer',
			operation: 'upsert',
			customerId: `c${i}`,
			email: '',
			additionalFields: {},
			options: { concurrency: 3 },
		});
		const { run: go } = node((name: string, i: number) => getPath(params(i), name), { items });
		const [out] = await go();
		expect(probe.peak()).toBe(3);
		expect(out.map((o) => [o.json.customerId, o.pairedItem])).toEqual(
			items.map((_i, n) => [`c${n}`, { item: n }]),
		);
		// Summaries only: the vendor's bodies are not kept.
		expect(JSON.stringify(out)).not.toContain('xxxx');
	});

	it('with Continue On Fail, a failing item becomes an error item in place', async () => {
		api().put('/v1/customers/c0').reply(200, { id: 'a' });
		api().put('/v1/customers/c1').reply(422, { message: 'Email is invalid' });
		api().put('/v1/customers/c2').reply(200, { id: 'c' });
		const params = (i: number) => ({
			resource: 'customer',
			operation: 'upsert',
			customerId: `c${i}`,
			email: 'x',
			additionalFields: {},
			options: { concurrency: 2 },
		});
		const { run: go } = node((name: string, i: number) => getPath(params(i), name), {
			items: [{}, {}, {}],
			continueOnFail: true,
		});
		const [out] = await go();
		expect(out.map((o) => o.json.error ?? o.json.customerId)).toEqual([
			'c0',
			'Influence.io rejected the request: Email is invalid',
			'c2',
		]);
		expect(out.map((o) => o.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
	});

	it('without Continue On Fail, stops starting items after a failure and throws it', async () => {
		api().put('/v1/customers/c0').reply(404, { message: 'Customer not found' });
		const params = (i: number) => ({
			resource: 'customer',
			operation: 'upsert',
			customerId: `c${i}`,
			email: 'x',
			additionalFields: {},
			options: { concurrency: 1 },
		});
		const { run: go, fake } = node((name: string, i: number) => getPath(params(i), name), {
			items: [{}, {}, {}],
		});
		const error = await go().then(
			() => undefined,
			(e: unknown) => e as NodeApiError,
		);
		expect(error).toBeInstanceOf(NodeApiError);
		expect(error?.message).toBe('Influence.io rejected the request: Customer not found');
		expect(fake.requests).toHaveLength(1);
	});
});

function getPath(source: unknown, dotted: string): unknown {
	let value = source;
	for (const key of dotted.split('.')) {
		if (value === null || typeof value !== 'object') return undefined;
		value = (value as Record<string, unknown>)[key];
	}
	return value;
}

describe('Customer → Get', () => {
	beforeEach(() => useFakeTiming());

	it('gets by your own id; a 404 says what Influence.io said, without the key', async () => {
		api().get('/v1/customers/ext-1').reply(200, { id: 'inf-9', externalId: 'ext-1' });
		expect(
			(await run({ resource: 'customer', operation: 'get', customerId: 'ext-1' }))[0][0].json,
		).toEqual({ id: 'inf-9', externalId: 'ext-1' });
		api().get('/v1/customers/nobody').reply(404, { message: 'Customer not found' });
		const error = await fails({ resource: 'customer', operation: 'get', customerId: 'nobody' });
		expect(error.message).toBe('Influence.io rejected the request: Customer not found');
		expect(error.httpCode).toBe('404');
		expectNoSecret(error, API_KEY);
	});

	it('reads several customers at once (up to Concurrency, default 5), outputs in input order', async () => {
		const count = 10;
		const probe = inFlightProbe(count, (n) => ({ externalId: `c${n}`, pointBalance: n }));
		api()
			.get(/\/v1\/customers\/c\d+/)
			.times(count)
			.reply(probe.reply);
		const items = Array.from({ length: count }, (_v, n) => ({ json: { n } }));
		const params = (i: number) => ({ resource: 'customer', operation: 'get', customerId: `c${i}` });
		const { run: go } = node((name: string, i: number) => getPath(params(i), name), { items });
		const [out] = await go();
		expect(probe.peak()).toBe(5);
		expect(out.map((o) => [o.json.externalId, o.pairedItem])).toEqual(
			items.map((_i, n) => [`c${n}`, { item: n }]),
		);
	});

	it('names the credential on 401', async () => {
		api().get('/v1/customers/ext-1').reply(401, { message: 'Unauthorized' });
		const error = await fails({ resource: 'customer', operation: 'get', customerId: 'ext-1' });
		expect(error.message).toBe(
			"Influence.io rejected the credentials (HTTP 401). Check the API key in the 'Influence.io API' credential.",
		);
	});
});

describe('Customer → Get Many', () => {
	beforeEach(() => useFakeTiming());
	const list = (extra: Record<string, unknown> = {}) => ({
		resource: 'customer',
		operation: 'getAll',
		returnAll: true,
		filters: {},
		options: {},
		...extra,
	});

	it('sends the filters on the first page only, then the cursor alone, until no cursor comes back', async () => {
		api()
			.get('/v1/customers')
			.query({
				pointBalanceMin: '100',
				createdAtMin: '2026-01-01T00:00:00.000Z',
				lastSeenAtMax: '2026-02-01T12:00:00.000Z',
			})
			.reply(200, { customers: [{ id: 'a' }, { id: 'b' }], cursor: 'c2' });
		api()
			.get('/v1/customers')
			.query({ cursor: 'c2' })
			.reply(200, { customers: [{ id: 'c' }], cursor: null });
		const [out] = await run(
			list({
				filters: {
					minPointBalance: 100,
					createdAfter: '2026-01-01T00:00:00Z',
					lastSeenBefore: '2026-02-01T12:00:00Z',
					updatedAfter: '',
				},
			}),
		);
		expect(out.map((i) => i.json.id)).toEqual(['a', 'b', 'c']);
	});

	it('stops at the limit without fetching the next page', async () => {
		api()
			.get('/v1/customers')
			.reply(200, { customers: [{ id: 'a' }, { id: 'b' }, { id: 'c' }], nextCursor: 'c2' });
		const [out] = await run(list({ returnAll: false, limit: 2 }));
		expect(out.map((i) => i.json.id)).toEqual(['a', 'b']);
	});

	it('follows a configured cursor field and parameter name', async () => {
		api()
			.get('/v1/customers')
			.reply(200, { data: [{ id: 'a' }], meta: { next: 'zz' } });
		api()
			.get('/v1/customers')
			.query({ after: 'zz' })
			.reply(200, { data: [{ id: 'b' }], meta: {} });
		const [out] = await run(
			list({ options: { cursorParam: 'after', nextCursorField: 'meta.next' } }),
		);
		expect(out.map((i) => i.json.id)).toEqual(['a', 'b']);
	});

	it('names bad filters before any call', async () => {
		const dates = await fails(list({ filters: { createdBefore: 'yesterday' } }));
		expect(dates.message).toBe(
			'Invalid Influence.io customer filter: Created Before (createdBefore): Created Before must be a date and time, e.g. 2026-01-31T00:00:00Z',
		);
		const range = await fails(list({ filters: { minPointBalance: 50, maxPointBalance: 10 } }));
		expect(range.message).toBe(
			'Invalid Influence.io customer filter: Min Point Balance (minPointBalance): Min Point Balance must not be above Max Point Balance',
		);
	});
});

describe('Customer → Award / Deduct Points', () => {
	beforeEach(() => useFakeTiming());
	const award = (extra: Record<string, unknown> = {}) => ({
		resource: 'customer',
		operation: 'awardPoints',
		customerId: 'ext-1',
		points: 50,
		additionalFields: {},
		options: {},
		...extra,
	});

	it('POSTs points, reason, earnRuleId and updateLastSeenAt', async () => {
		api()
			.post('/v1/customers/ext-1/points', {
				points: 50,
				reason: 'Survey',
				earnRuleId: 'rule-1',
				updateLastSeenAt: false,
			})
			.reply(200, { pointBalance: 150 });
		const [out] = await run(
			award({
				additionalFields: { reason: 'Survey', earnRuleId: 'rule-1', updateLastSeenAt: 'no' },
			}),
		);
		expect(out[0].json).toEqual({ customerId: 'ext-1', awarded: true, pointBalance: 150 });
	});

	it('lets the earn rule decide when Points is 0, and refuses neither', async () => {
		api().post('/v1/customers/ext-1/points', { earnRuleId: 'rule-1' }).reply(200, {});
		await run(
			award({ points: 0, additionalFields: { earnRuleId: 'rule-1', updateLastSeenAt: 'default' } }),
		);
		const error = await fails(award({ points: 0 }));
		expect(error.message).toBe(
			'Invalid Influence.io points award: Points (points): Points must be greater than 0 unless an Earn Rule ID is given',
		);
		expect((await fails(award({ points: 2.5 }))).message).toContain(
			'Points must be a whole number',
		);
	});

	it('never re-sends an award after a 500 (it may have been applied)', async () => {
		const scope = api().post('/v1/customers/ext-1/points').reply(500, { message: 'boom' });
		const error = await fails(award());
		expect(scope.isDone()).toBe(true);
		expect(error.message).toBe(
			'Influence.io is temporarily unavailable (HTTP 500); gave up after 1 attempt. It may have been applied: check Influence.io before retrying.',
		);
		expect(error.description).toContain('The request may have been processed');
	});

	it('deducts on the default path, or a configured one', async () => {
		api()
			.post('/v1/customers/ext-1/points/deduct', { points: 20, reason: 'Refund' })
			.reply(200, { pointBalance: 80 });
		const deduct = {
			resource: 'customer',
			operation: 'deductPoints',
			customerId: 'ext-1',
			points: 20,
			reason: 'Refund',
			options: {},
		};
		expect((await run(deduct))[0][0].json).toEqual({
			customerId: 'ext-1',
			deducted: true,
			pointBalance: 80,
		});
		api()
			.post('/v1/customers/ext%201/points/remove', { points: 20, reason: 'Refund' })
			.reply(200, {});
		await run({
			...deduct,
			customerId: 'ext 1',
			options: { path: 'v1/customers/{customerId}/points/remove' },
		});
		expect((await fails({ ...deduct, points: 0 })).message).toContain(
			'Points must be greater than 0',
		);
	});
});

describe('Customer → Deduct Points, balance too low', () => {
	beforeEach(() => useFakeTiming());
	const deduct = {
		resource: 'customer',
		operation: 'deductPoints',
		customerId: 'ext-1',
		points: 20,
		reason: 'Refund',
		options: {},
	};

	it('fails naming Points, quoting Influence.io, and sends the POST once', async () => {
		const scope = api()
			.post('/v1/customers/ext-1/points/deduct')
			.reply(400, { message: 'Insufficient points: customer has 10, cannot deduct 20' });
		const error = await fails(deduct);
		expect(scope.isDone()).toBe(true);
		expect(error).toBeInstanceOf(NodeOperationError);
		expect(error.message).toBe('Points (20) is more than customer ext-1 has: nothing was deducted');
		expect(error.description).toContain(
			'Influence.io said: Insufficient points: customer has 10, cannot deduct 20',
		);
		expectNoSecret(error, API_KEY);
	});

	it('leaves other rejections as they are', async () => {
		api()
			.post('/v1/customers/ext-1/points/deduct')
			.reply(400, { message: 'reason: must be a string' });
		expect((await fails(deduct)).message).toBe(
			'Influence.io rejected the request: reason: must be a string',
		);
		api().post('/v1/customers/ext-1/points/deduct').reply(404, { message: 'Customer not found' });
		expect((await fails(deduct)).message).toBe(
			'Influence.io rejected the request: Customer not found',
		);
	});
});

describe('Customer → Membership', () => {
	beforeEach(() => useFakeTiming());

	it('enrolls with membershipId and unwraps {customer}', async () => {
		api()
			.post('/v1/customers/ext-1/membership/enroll', { membershipId: 'gold' })
			.reply(200, { customer: { id: 'inf-9', currentMembershipId: 'gold' } });
		const [out] = await run({
			resource: 'customer',
			operation: 'enrollMembership',
			customerId: 'ext-1',
			membershipId: ' gold ',
			options: {},
		});
		expect(out[0].json).toEqual({ id: 'inf-9', currentMembershipId: 'gold' });
	});

	it('removes without a body', async () => {
		api()
			.post(
				'/v1/customers/ext-1/membership/remove',
				(body) => body === '' || body === undefined || Object.keys(body).length === 0,
			)
			.reply(200, { customer: { id: 'inf-9', currentMembershipId: null } });
		const [out] = await run({
			resource: 'customer',
			operation: 'removeMembership',
			customerId: 'ext-1',
		});
		expect(out[0].json).toEqual({ id: 'inf-9', currentMembershipId: null });
	});
});
