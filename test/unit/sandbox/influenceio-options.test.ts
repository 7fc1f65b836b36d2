import axios, { type AxiosInstance } from 'axios';

import { SandboxClient } from '../../../sandbox/client';
import {
	startSandbox,
	type InfluenceIoOptions,
	type RunningSandbox,
} from '../../../sandbox/server';

const open: RunningSandbox[] = [];

async function start(
	influenceio: InfluenceIoOptions,
): Promise<{ api: AxiosInstance; admin: SandboxClient; sandbox: RunningSandbox }> {
	const sandbox = await startSandbox({ influenceio });
	open.push(sandbox);
	const { baseUrl, apiKey } = sandbox.vendors.influenceio;
	return {
		sandbox,
		admin: new SandboxClient(sandbox.url),
		api: axios.create({
			baseURL: baseUrl,
			headers: { 'x-api-key': apiKey },
			validateStatus: () => true,
			timeout: 10_000,
		}),
	};
}

afterAll(async () => {
	await Promise.all(open.map((s) => s.close()));
});

describe('Influence.io stand-in: options for the unknowns', () => {
	it('rate-limits per key by default (10 per second): 429 {message} with Retry-After, then recovers after a reset', async () => {
		const { api, admin } = await start({});
		// All at once, so a slow machine cannot spread them over more than one window.
		const replies = await Promise.all(
			Array.from({ length: 11 }, () => api.get('/v1/customers/1001')),
		);
		expect(replies.map((r) => r.status).sort()).toEqual([...Array(10).fill(200), 429]);
		const throttled = replies.find((r) => r.status === 429)!;
		expect(throttled.data).toEqual({ message: 'Too Many Requests' });
		expect(Number(throttled.headers['retry-after'])).toBeGreaterThanOrEqual(1);
		await admin.influenceio.resetRateLimit();
		expect((await api.get('/v1/customers/1001')).status).toBe(200);
	});

	it('can throttle without Retry-After, answer 401 on a bad key, and use a custom key', async () => {
		const { api, sandbox } = await start({
			apiKey: 'k-2',
			authFailureStatus: 401,
			rateLimit: { requests: 1, windowMs: 60_000 },
			retryAfterHeader: false,
		});
		expect(sandbox.vendors.influenceio.apiKey).toBe('k-2');
		expect((await api.get('/v1/customers/1001')).status).toBe(200);
		const throttled = await api.get('/v1/customers/1001');
		expect(throttled.status).toBe(429);
		expect(throttled.headers['retry-after']).toBeUndefined();
		expect(
			await api.get('/v1/customers/1001', { headers: { 'x-api-key': 'influenceio-test-key' } }),
		).toMatchObject({ status: 401, data: { message: 'Unauthorized' } });
	});

	it('renames the list keys, the last-page cursor and the filter params; pages through 10,000+ customers', async () => {
		const { api, admin } = await start({
			rateLimit: null,
			pageSize: 1000,
			customersKey: 'data',
			cursorKey: 'nextCursor',
			lastPageCursor: 'null',
			filterParams: { pointBalanceMin: 'minPoints' },
		});
		await admin.influenceio.seedCustomers({ count: 10_000, prefix: 'b', pointBalance: 5 });
		const seen = new Set<string>();
		let reply = await api.get('/v1/customers');
		let pages = 1;
		while (reply.data.nextCursor !== null) {
			for (const c of reply.data.data as Array<{ externalId: string }>) seen.add(c.externalId);
			reply = await api.get('/v1/customers', { params: { cursor: reply.data.nextCursor } });
			pages += 1;
		}
		for (const c of reply.data.data as Array<{ externalId: string }>) seen.add(c.externalId);
		expect(reply.data).toHaveProperty('nextCursor', null);
		expect(seen.size).toBe(10_025);
		expect(pages).toBe(11);
		const rich = await api.get('/v1/customers', { params: { minPoints: 1000 } });
		expect(
			(rich.data.data as Array<{ pointBalance: number }>).every((c) => c.pointBalance >= 1000),
		).toBe(true);
		// The default name is no filter any more: unknown params are ignored.
		expect(
			(await api.get('/v1/customers', { params: { pointBalanceMin: 1000 } })).data.data,
		).toHaveLength(1000);
	}, 30_000); // 10,000+ customers: seconds on a loaded 2-core box

	it('takes other body keys for points, orders and webhooks, another deduct path, rate and statuses', async () => {
		const { api } = await start({
			rateLimit: null,
			pointsKeys: { points: 'amount', reason: 'description' },
			deductPath: '/points/remove',
			insufficientPointsStatus: 422,
			orderKeys: { id: 'ref', total: 'subtotalPrice' },
			pointsPerCurrencyUnit: 2,
			duplicateOrder: 'conflict',
			webhookUrlKey: 'address',
			webhookListShape: 'array',
			duplicateWebhook: 'allow',
			reuseCoupon: 'ok',
		});
		expect(
			(await api.post('/v1/customers/1003/points', { amount: 5, description: 'x' })).data.customer
				.pointBalance,
		).toBe(5);
		expect(await api.post('/v1/customers/1003/points', { points: 5 })).toMatchObject({
			status: 400,
			data: { message: 'amount: is required if you are not passing earnRuleId' },
		});
		expect((await api.post('/v1/customers/1003/points/deduct', { amount: 1 })).status).toBe(404);
		expect(await api.post('/v1/customers/1003/points/remove', { amount: 6 })).toMatchObject({
			status: 422,
		});
		expect(
			(await api.post('/v1/customers/1003/points/remove', { amount: 5 })).data.customer
				.pointBalance,
		).toBe(0);

		expect(
			(
				await api.post('/v1/orders', {
					ref: 'o-1',
					customerId: '1003',
					subtotalPrice: '10.60',
					financialStatus: 'paid',
				})
			).data,
		).toMatchObject({ id: 'o-1', pointsAwarded: 21 });
		expect(
			await api.post('/v1/orders', { ref: 'o-1', customerId: '1003', subtotalPrice: '10.60' }),
		).toMatchObject({ status: 409, data: { message: 'Order already exists' } });

		const hook = await api.post('/v1/webhooks', {
			topic: 'points/earned',
			address: 'http://127.0.0.1:9/h',
		});
		expect(hook.data).toMatchObject({ topic: 'points/earned', address: 'http://127.0.0.1:9/h' });
		expect(
			(await api.post('/v1/webhooks', { topic: 'points/earned', address: 'http://127.0.0.1:9/h' }))
				.status,
		).toBe(201);
		expect(Array.isArray((await api.get('/v1/webhooks')).data)).toBe(true);
	});

	it('rejects impossible option values at start', async () => {
		await expect(startSandbox({ influenceio: { pageSize: 0 } })).rejects.toThrow(/pageSize/);
		await expect(startSandbox({ influenceio: { deductPath: 'deduct' } })).rejects.toThrow(
			/deductPath/,
		);
		await expect(
			startSandbox({ influenceio: { rateLimit: { requests: 0, windowMs: 1 } } }),
		).rejects.toThrow(/rateLimit/);
	});
});
