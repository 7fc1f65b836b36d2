import axios, { type AxiosInstance } from 'axios';

import { SandboxClient, fingerprint } from '../../../sandbox/client';
import { startSandbox, type RunningSandbox } from '../../../sandbox/server';

let sandbox: RunningSandbox;
let admin: SandboxClient;
let store: AxiosInstance;

beforeAll(async () => {
	sandbox = await startSandbox();
	admin = new SandboxClient(sandbox.url);
	const { baseUrl, token } = sandbox.vendors.store;
	store = axios.create({
		baseURL: baseUrl,
		headers: { Authorization: `Bearer ${token}` },
		validateStatus: () => true,
		timeout: 5000,
	});
});
afterAll(() => sandbox.close());
beforeEach(() => admin.reset());

describe('Store stand-in', () => {
	it('exposes base URL and token; refuses a missing or wrong bearer token with 401 JSON', async () => {
		expect(sandbox.vendors.store).toEqual({
			baseUrl: `${sandbox.url}/store`,
			token: 'store-test-token',
		});
		for (const headers of [
			{},
			{ Authorization: 'Bearer nope' },
			{ Authorization: 'store-test-token' },
		]) {
			const reply = await axios.post(
				`${sandbox.vendors.store.baseUrl}/coupons`,
				{ code: 'A', type: 'free_shipping' },
				{ headers, validateStatus: () => true },
			);
			expect({ headers, status: reply.status, body: reply.data }).toEqual({
				headers,
				status: 401,
				body: { error: 'missing or invalid bearer token' },
			});
		}
		expect(await admin.store.coupons()).toEqual([]);
	});

	it('creates coupons (201), finds them case-insensitively, and answers 409 with a reason on a duplicate code', async () => {
		const created = await store.post('/coupons', {
			code: 'INF-0001-10-OFF',
			type: 'fixed_amount',
			amount: 10,
			currency: 'USD',
			customer_email: 'ada@example.com',
			source: 'rule-10-off',
		});
		expect(created.status).toBe(201);
		expect(created.data).toMatchObject({
			id: expect.any(Number),
			code: 'INF-0001-10-OFF',
			type: 'fixed_amount',
			amount: 10,
			customer_email: 'ada@example.com',
			times_used: 0,
		});
		expect((await store.get('/coupons/inf-0001-10-off')).data).toEqual(created.data);
		const dup = await store.post('/coupons', {
			code: 'inf-0001-10-off',
			type: 'percentage',
			percentage: 5,
		});
		expect(dup).toMatchObject({
			status: 409,
			data: {
				error: 'coupon code INF-0001-10-OFF already exists',
				code: 'INF-0001-10-OFF',
				id: created.data.id,
			},
		});
		expect(await store.get('/coupons/NOPE')).toMatchObject({
			status: 404,
			data: { error: 'no coupon NOPE' },
		});
		expect((await admin.store.coupons()).map((c) => c.code)).toEqual(['INF-0001-10-OFF']);
		const [call] = await admin.calls({ vendor: 'store', method: 'POST' });
		expect(call.headers.authorization).toBe(fingerprint('Bearer store-test-token'));
	});

	it('validates the coupon, naming each field', async () => {
		const reply = await store.post('/coupons', {
			type: 'percentage',
			amount: 5,
			customer_email: 'x',
		});
		expect(reply.status).toBe(400);
		expect(reply.data.issues).toEqual(
			expect.arrayContaining([
				{ field: 'code', message: 'is required' },
				{ field: 'customer_email', message: 'must be an email address' },
			]),
		);
		const typed = await store.post('/coupons', { code: 'P', type: 'percentage', amount: 5 });
		expect(typed.data.issues).toEqual([
			{ field: 'percentage', message: 'is required for type percentage' },
			{ field: 'amount', message: 'is not allowed for type percentage' },
		]);
		expect(
			(await store.post('/coupons', { code: 'P', type: 'percentage', percentage: 150 })).data
				.issues,
		).toEqual([{ field: 'percentage', message: 'must be at most 100' }]);
		expect((await store.post('/coupons', { code: 'P', type: 'bogo' })).data.issues).toEqual([
			{ field: 'type', message: 'must be fixed_amount, percentage or free_shipping' },
		]);
		expect(
			(await store.post('/coupons', { code: 'P', type: 'free_shipping', extra: 1 })).status,
		).toBe(400);
		expect((await store.post('/coupons', { code: 'P', type: 'free_shipping' })).status).toBe(201);
	});

	it('forgets coupons on reset', async () => {
		await store.post('/coupons', { code: 'GONE', type: 'free_shipping' });
		await admin.reset();
		expect(await admin.store.coupons()).toEqual([]);
		expect((await store.post('/coupons', { code: 'GONE', type: 'free_shipping' })).status).toBe(
			201,
		);
	});
});
