import axios, { type AxiosInstance } from 'axios';

import { SandboxClient, fingerprint } from '../../../sandbox/client';
import { startSandbox, type RunningSandbox } from '../../../sandbox/server';

let sandbox: RunningSandbox;
let admin: SandboxClient;
let api: AxiosInstance;

beforeAll(async () => {
	sandbox = await startSandbox({ influenceio: { pageSize: 10, rateLimit: null } });
	admin = new SandboxClient(sandbox.url);
	const { baseUrl, apiKey } = sandbox.vendors.influenceio;
	api = axios.create({
		baseURL: baseUrl,
		headers: { 'x-api-key': apiKey },
		validateStatus: () => true,
		timeout: 10_000,
	});
});
afterAll(() => sandbox.close());
beforeEach(() => admin.reset());

/** Every customer of a listing, following `cursor` (and sending nothing else with it, as D4 asks). */
async function listAll(
	params: Record<string, string | number> = {},
): Promise<{ ids: string[]; pages: number }> {
	const ids: string[] = [];
	let pages = 0;
	let query: Record<string, string | number> = params;
	for (;;) {
		const reply = await api.get('/v1/customers', { params: query });
		expect(reply.status).toBe(200);
		pages += 1;
		ids.push(...(reply.data.customers as Array<{ externalId: string }>).map((c) => c.externalId));
		if (reply.data.cursor === undefined) return { ids, pages };
		query = { cursor: reply.data.cursor as string };
	}
}

describe('Influence.io stand-in: auth and errors', () => {
	it('exposes the base URL (paths under /v1) and the key', () => {
		expect(sandbox.vendors.influenceio).toEqual({
			baseUrl: `${sandbox.url}/influenceio`,
			apiKey: 'influenceio-test-key',
		});
	});

	it('answers a missing or wrong x-api-key with 403 {"message":"Forbidden"}, and records the key only as a fingerprint', async () => {
		const { baseUrl, apiKey } = sandbox.vendors.influenceio;
		for (const headers of [
			{},
			{ 'x-api-key': 'wrong' },
			{ Authorization: `Bearer ${apiKey}` },
			{ 'x-api-key': apiKey.toUpperCase() },
		]) {
			const reply = await axios.get(`${baseUrl}/v1/customers/1001`, {
				headers,
				validateStatus: () => true,
			});
			expect({ headers, status: reply.status, body: reply.data }).toEqual({
				headers,
				status: 403,
				body: { message: 'Forbidden' },
			});
		}
		expect((await api.get('/v1/customers/1001')).status).toBe(200);
		const calls = await admin.calls({ vendor: 'influenceio', path: '/v1/customers/1001' });
		expect(calls.map((c) => c.status)).toEqual([403, 403, 403, 403, 200]);
		expect(calls[4].headers['x-api-key']).toBe(fingerprint(apiKey));
		expect(JSON.stringify(calls)).not.toContain(apiKey);
	});

	it('answers unknown records and routes with 404 {message}, bad JSON with 400', async () => {
		expect(await api.get('/v1/customers/nobody')).toMatchObject({
			status: 404,
			data: { message: 'Customer not found' },
		});
		expect(await api.patch('/v1/orders/nope', { financialStatus: 'paid' })).toMatchObject({
			status: 404,
			data: { message: 'Order not found' },
		});
		expect(await api.get('/v1/nothing')).toMatchObject({
			status: 404,
			data: { message: 'Not Found' },
		});
		const bad = await api.put('/v1/customers/1001', '{"email":', {
			headers: { 'content-type': 'application/json' },
			transformRequest: [(d: unknown) => d],
		});
		expect(bad).toMatchObject({ status: 400, data: { message: 'Request body is not valid JSON' } });
	});

	it('lets framework faults through the mount (injected 503 before auth)', async () => {
		await admin.addFault({
			vendor: 'influenceio',
			path: '/v1/customers/1001',
			kind: 'status',
			status: 503,
		});
		expect((await api.get('/v1/customers/1001')).status).toBe(503);
		expect((await api.get('/v1/customers/1001')).status).toBe(200);
	});
});

describe('Influence.io stand-in: customers', () => {
	it('returns the customer object with every published field', async () => {
		const ada = (await api.get('/v1/customers/1001')).data;
		expect(Object.keys(ada)).toEqual(
			expect.arrayContaining([
				'id',
				'externalId',
				'email',
				'name',
				'birthdayMonth',
				'birthdayDay',
				'referralUrl',
				'pointBalance',
				'currentLoyaltyTier',
				'createdAt',
				'updatedAt',
			]),
		);
		expect(ada).toMatchObject({
			externalId: '1001',
			email: 'ada@example.com',
			name: 'Ada Lovelace',
			firstName: 'Ada',
			pointBalance: 1500,
			currentLoyaltyTier: { id: 'tier-gold', title: 'Gold' },
			birthdayMonth: 12,
		});
		expect(ada.id).toMatch(/^[0-9a-f]{24}$/);
		expect(ada).not.toHaveProperty('lifetimePoints');
	});

	it('PUT creates (email required), then updates by external id, and refuses an email held by another customer', async () => {
		const noEmail = await api.put('/v1/customers/ext-1', { firstName: 'No' });
		expect(noEmail).toMatchObject({
			status: 400,
			data: { message: 'email: is required to create a customer' },
		});
		const badEmail = await api.put('/v1/customers/ext-1', { email: 'not-an-email' });
		expect(badEmail).toMatchObject({
			status: 400,
			data: { message: 'email: must be an email address' },
		});

		const created = await api.put('/v1/customers/ext-1', {
			email: 'new@example.com',
			firstName: 'New',
			lastName: 'Person',
			birthdayMonth: 3,
			birthdayDay: 4,
		});
		expect(created.status).toBe(200);
		expect(created.data).toMatchObject({
			externalId: 'ext-1',
			email: 'new@example.com',
			name: 'New Person',
			pointBalance: 0,
			lastSeenAt: null,
			currentLoyaltyTier: { title: 'Bronze' },
		});
		const updated = await api.put('/v1/customers/ext-1', { lastName: 'Renamed' });
		expect(updated.data).toMatchObject({
			id: created.data.id,
			name: 'New Renamed',
			email: 'new@example.com',
		});
		expect((await api.get('/v1/customers/ext-1')).data.name).toBe('New Renamed');
		expect(await api.put('/v1/customers/ext-1', { email: 'ADA@example.com' })).toMatchObject({
			status: 409,
			data: { message: expect.stringContaining('1001') },
		});
		// Found by the new email in the admin view.
		expect((await admin.influenceio.customer('new@example.com')).externalId).toBe('ext-1');
	});

	it('lists with a cursor: pages of pageSize, then no cursor; a cursor request ignores other parameters', async () => {
		const first = await api.get('/v1/customers');
		expect(first.data.customers).toHaveLength(10);
		expect(typeof first.data.cursor).toBe('string');
		const { ids, pages } = await listAll();
		expect(ids).toHaveLength(25);
		expect(new Set(ids).size).toBe(25);
		expect(ids.slice(0, 3)).toEqual(['1001', '1002', '1003']);
		expect(pages).toBe(3);
		// Other params next to a cursor are ignored (D4): the filter of the first request holds.
		const filtered = await api.get('/v1/customers', {
			params: { createdAtMin: '2025-01-05T00:00:00Z' },
		});
		expect(filtered.data.customers[0].externalId).toBe('seed-0005');
		const next = await api.get('/v1/customers', {
			params: {
				cursor: filtered.data.cursor,
				createdAtMax: '2024-01-01T00:00:00Z',
				pointBalanceMin: 'junk',
			},
		});
		expect(next.status).toBe(200);
		expect(next.data.customers.map((c: { externalId: string }) => c.externalId)).toEqual(
			Array.from({ length: 10 }, (_, i) => `seed-${String(15 + i).padStart(4, '0')}`),
		);
		expect(await api.get('/v1/customers', { params: { cursor: 'garbage' } })).toMatchObject({
			status: 400,
			data: { message: expect.stringMatching(/^cursor: /) },
		});
	});

	it('filters on point balance and created/updated/last-seen ranges, and names a bad filter', async () => {
		const rich = await listAll({ pointBalanceMin: 1000, pointBalanceMax: 1600 });
		const all = (await admin.influenceio.customers()).customers;
		expect(rich.ids.sort()).toEqual(
			all
				.filter((c) => c.pointBalance >= 1000 && c.pointBalance <= 1600)
				.map((c) => c.externalId)
				.sort(),
		);
		expect(rich.ids).toContain('1001');

		// Seed customer n was created on 2025-01-(n): days 5..9 inclusive.
		const created = await listAll({
			createdAtMin: '2025-01-05T00:00:00Z',
			createdAtMax: '2025-01-09T23:59:59Z',
		});
		expect(created.ids).toEqual(['seed-0005', 'seed-0006', 'seed-0007', 'seed-0008', 'seed-0009']);
		// Never-seen customers (every third) drop out of a last-seen range.
		const seen = await listAll({ lastSeenAtMin: '2024-01-01T00:00:00Z' });
		expect(seen.ids).not.toContain('1003');
		expect(seen.ids).toHaveLength(all.filter((c) => c.lastSeenAt !== null).length);
		const updated = await listAll({ updatedAtMax: '2025-01-02T12:00:00Z' });
		expect(updated.ids).toEqual(['1001', '1002']);

		expect(await api.get('/v1/customers', { params: { pointBalanceMin: -1 } })).toMatchObject({
			status: 400,
			data: { message: 'pointBalanceMin: must be a number greater than or equal to 0' },
		});
		expect(await api.get('/v1/customers', { params: { createdAtMin: 'yesterday' } })).toMatchObject(
			{ status: 400, data: { message: 'createdAtMin: must be an ISO 8601 date' } },
		);
	});

	it('bulk-seeds 10,000 customers cheaply; a filtered listing over them pages without repeats', async () => {
		const seeded = await admin.influenceio.seedCustomers({ count: 10_000 });
		expect(seeded).toEqual({ created: 10_000, skipped: 0, total: 10_025 });
		expect((await admin.influenceio.seedCustomers({ count: 2 })).skipped).toBe(2);
		// Page through a filtered slice (cheap) and the full list's tail via the admin view.
		const { ids } = await listAll({ pointBalanceMin: 1990 });
		expect(ids.length).toBeGreaterThanOrEqual(50);
		expect(new Set(ids).size).toBe(ids.length);
		const tail = await admin.influenceio.customers({ offset: 10_024, limit: 5 });
		expect(tail).toMatchObject({
			total: 10_025,
			customers: [expect.objectContaining({ externalId: 'bulk-10000' })],
		});
		expect((await api.get('/v1/customers/bulk-5000')).data.pointBalance).toBe(1000);
	});
});

describe('Influence.io stand-in: points', () => {
	it('awards points (ledger, lastSeenAt, tier) and deducts them; deducting below zero fails with a message', async () => {
		const awarded = await api.post('/v1/customers/1002/points', {
			points: 450,
			reason: 'birthday bonus',
		});
		expect(awarded.status).toBe(200);
		expect(awarded.data.customer).toMatchObject({
			externalId: '1002',
			pointBalance: 1050,
			currentLoyaltyTier: { title: 'Silver' },
		});
		expect(awarded.data.customer.lastSeenAt).not.toBeNull();

		const deducted = await api.post('/v1/customers/1002/points/deduct', {
			points: 50,
			reason: 'correction',
		});
		expect(deducted.data.customer.pointBalance).toBe(1000);
		const tooMuch = await api.post('/v1/customers/1002/points/deduct', { points: 1001 });
		expect(tooMuch).toMatchObject({
			status: 400,
			data: { message: 'Insufficient points: customer has 1000, cannot deduct 1001' },
		});
		expect((await admin.influenceio.customer('1002')).pointBalance).toBe(1000);

		expect(
			(await admin.influenceio.ledger('1002')).map((e) => [e.delta, e.balance, e.source, e.reason]),
		).toEqual([
			[450, 1050, 'award', 'birthday bonus'],
			[-50, 1000, 'deduct', 'correction'],
		]);
	});

	it('awards by earn rule (points override the rule), keeps lastSeenAt when asked, and validates the body', async () => {
		const byRule = await api.post('/v1/customers/1003/points', {
			earnRuleId: 'earn-signup',
			updateLastSeenAt: false,
		});
		expect(byRule.data.customer).toMatchObject({ pointBalance: 100, lastSeenAt: null });
		const overridden = await api.post('/v1/customers/1003/points', {
			earnRuleId: 'earn-signup',
			points: 7,
		});
		expect(overridden.data.customer.pointBalance).toBe(107);
		expect(
			await api.post('/v1/customers/1003/points', { earnRuleId: 'no-such-rule' }),
		).toMatchObject({ status: 404, data: { message: 'Earn rule not found' } });
		expect(await api.post('/v1/customers/1003/points', { reason: 'x' })).toMatchObject({
			status: 400,
			data: { message: 'points: is required if you are not passing earnRuleId' },
		});
		expect(await api.post('/v1/customers/1003/points', { points: 0 })).toMatchObject({
			status: 400,
			data: { message: 'points: must be greater than 0' },
		});
		expect(await api.post('/v1/customers/1003/points', { points: 1.5 })).toMatchObject({
			status: 400,
			data: { message: 'points: must be a whole number' },
		});
		expect(await api.post('/v1/customers/nobody/points', { points: 5 })).toMatchObject({
			status: 404,
			data: { message: 'Customer not found' },
		});
	});

	it('enrolls in and removes from a membership, answering {customer}', async () => {
		const enrolled = await api.post('/v1/customers/1001/membership/enroll', {
			membershipId: 'vip',
		});
		expect(enrolled).toMatchObject({
			status: 200,
			data: { customer: { externalId: '1001', currentMembershipId: 'vip' } },
		});
		expect(
			(await api.post('/v1/customers/1001/membership/enroll', {})).data.customer
				.currentMembershipId,
		).toBe('default');
		expect(
			(await api.post('/v1/customers/1001/membership/remove')).data.customer.currentMembershipId,
		).toBeNull();
		expect((await api.post('/v1/customers/nobody/membership/remove')).status).toBe(404);
	});
});

describe('Influence.io stand-in: orders', () => {
	it('earns points once when paid (1 per currency unit, floored), even if paid again or created twice', async () => {
		const created = await api.post('/v1/orders', {
			orderId: 'ord-1',
			customerId: '1003',
			totalPrice: '120.90',
			currency: 'USD',
			financialStatus: 'pending',
			lineItems: [{ productId: 'p1', quantity: 1 }],
		});
		expect(created.status).toBe(201);
		expect(created.data).toMatchObject({
			id: 'ord-1',
			customerId: '1003',
			financialStatus: 'pending',
			pointsAwarded: 0,
		});
		expect((await admin.influenceio.customer('1003')).pointBalance).toBe(0);

		const paid = await api.patch('/v1/orders/ord-1', { financialStatus: 'paid' });
		expect(paid.data).toMatchObject({ financialStatus: 'paid', pointsAwarded: 120 });
		await api.patch('/v1/orders/ord-1', { financialStatus: 'paid' });
		const again = await api.post('/v1/orders', {
			orderId: 'ord-1',
			customerId: '1003',
			totalPrice: '120.90',
			financialStatus: 'paid',
		});
		expect(again.status).toBe(200);
		expect((await admin.influenceio.customer('1003')).pointBalance).toBe(120);
		expect((await admin.influenceio.ledger('1003')).map((e) => [e.delta, e.source, e.ref])).toEqual(
			[[120, 'order', 'ord-1']],
		);
		expect((await api.get('/v1/orders/ord-1')).data.fields).toMatchObject({
			currency: 'USD',
			lineItems: [{ productId: 'p1', quantity: 1 }],
		});
	});

	it('deducts the earned points on refund, once, and never earns again for that order', async () => {
		await api.post('/v1/orders', {
			orderId: 'ord-2',
			customerId: '1002',
			totalPrice: 80,
			financialStatus: 'paid',
		});
		expect((await admin.influenceio.customer('1002')).pointBalance).toBe(680);
		const refunded = await api.patch('/v1/orders/ord-2', { financialStatus: 'refunded' });
		expect(refunded.data).toMatchObject({ pointsAwarded: 80, pointsDeducted: 80 });
		await api.patch('/v1/orders/ord-2', { financialStatus: 'refunded' });
		await api.patch('/v1/orders/ord-2', { financialStatus: 'paid' });
		expect((await admin.influenceio.customer('1002')).pointBalance).toBe(600);
		expect((await admin.influenceio.ledger('1002')).map((e) => e.delta)).toEqual([80, -80]);
	});

	it('stores a guest order (unknown customer) without points, finds a customer by email, and validates fields', async () => {
		expect(
			(
				await api.post('/v1/orders', {
					orderId: 'g-1',
					email: 'guest@example.com',
					totalPrice: 10,
					financialStatus: 'paid',
				})
			).data,
		).toMatchObject({ customerId: null, pointsAwarded: 0 });
		expect(
			(
				await api.post('/v1/orders', {
					orderId: 'e-1',
					email: 'ALAN@example.com',
					totalPrice: 10,
					financialStatus: 'paid',
				})
			).data,
		).toMatchObject({ customerId: '1003', pointsAwarded: 10 });
		expect(await api.post('/v1/orders', { customerId: '1003', totalPrice: 10 })).toMatchObject({
			status: 400,
			data: { message: 'orderId: is required' },
		});
		const badStatus = await api.post('/v1/orders', { orderId: 'x', financialStatus: 'settled' });
		expect(badStatus).toMatchObject({
			status: 400,
			data: {
				message: expect.stringMatching(
					/^financialStatus: must be one of authorized, pending, paid/,
				),
			},
		});
		expect(await api.post('/v1/orders', { orderId: 'x', totalPrice: 'ten' })).toMatchObject({
			status: 400,
			data: { message: expect.stringMatching(/^totalPrice: /) },
		});
	});
});

describe('Influence.io stand-in: products and rewards', () => {
	it('upserts a product, then replaces its variants: merged, created, missing ones deleted', async () => {
		const put = await api.put('/v1/products/p-1', {
			title: 'Tee',
			variants: [
				{ id: 'v-s', title: 'S', sku: 'TEE-S' },
				{ id: 'v-m', title: 'M' },
			],
		});
		expect(put.data).toMatchObject({
			id: 'p-1',
			title: 'Tee',
			variants: [{ id: 'v-s' }, { id: 'v-m' }],
		});
		const variants = await api.post('/v1/products/p-1/variants', [
			{ id: 'v-s', price: '10.00' },
			{ id: 'v-l', title: 'L' },
		]);
		expect(variants.status).toBe(200);
		expect(variants.data.variants).toEqual([
			{ id: 'v-s', title: 'S', sku: 'TEE-S', price: '10.00' },
			{ id: 'v-l', title: 'L' },
		]);
		expect((await api.put('/v1/products/p-1', { title: 'Tee 2' })).data).toMatchObject({
			title: 'Tee 2',
			variants: [{ id: 'v-s' }, { id: 'v-l' }],
		});
		expect(await api.post('/v1/products/none/variants', [])).toMatchObject({
			status: 404,
			data: { message: 'Product not found' },
		});
		expect(await api.post('/v1/products/p-1/variants', [{ title: 'no id' }])).toMatchObject({
			status: 400,
			data: { message: '0.id: is required' },
		});
		expect(await api.post('/v1/products/p-1/variants', { id: 'v-x' })).toMatchObject({
			status: 400,
		});
	});

	it('redeems via admin (points, coupon, exact points/redeemed keys) and marks the coupon used once', async () => {
		const { payload, coupon, rule } = await admin.influenceio.redeem({
			customer: '1001',
			ruleId: 'rule-20-pct',
		});
		expect(Object.keys(payload)).toEqual([
			'id',
			'customer',
			'action',
			'points',
			'type',
			'ruleId',
			'couponCode',
			'rewardType',
		]);
		expect(payload).toMatchObject({
			points: 1000,
			ruleId: 'rule-20-pct',
			rewardType: 'percentage',
			couponCode: coupon.couponCode,
			customer: { externalId: '1001', pointBalance: 500 },
		});
		expect(rule).toMatchObject({ discountType: 'percentage', discountValue: 20 });
		expect(coupon.couponCodeStatus).toBe('unused');
		expect((await admin.influenceio.ledger('1001')).at(-1)).toMatchObject({
			id: payload.id,
			delta: -1000,
			source: 'redeem',
			ref: coupon.couponCode,
		});

		const used = await api.post(`/v1/rewards/${coupon.couponCode}/use`, {
			couponCode: coupon.couponCode,
		});
		expect(used).toMatchObject({
			status: 200,
			data: { couponCode: coupon.couponCode, couponCodeStatus: 'used' },
		});
		expect(await api.post(`/v1/rewards/${coupon.couponCode}/use`, {})).toMatchObject({
			status: 400,
			data: { message: `Reward ${coupon.couponCode} has already been used` },
		});
		expect(await api.post('/v1/rewards/NOPE/use', {})).toMatchObject({
			status: 404,
			data: { message: 'Reward not found' },
		});

		await expect(
			admin.influenceio.redeem({ customer: '1003', ruleId: 'rule-10-off' }),
		).rejects.toMatchObject({ response: { status: 422 } });
		await expect(
			admin.influenceio.redeem({ customer: '1001', ruleId: 'rule-retired' }),
		).rejects.toMatchObject({ response: { status: 422 } });
		expect((await admin.influenceio.customer('1003')).pointBalance).toBe(0);
	});

	it('marks a coupon used when an order carries it in discountCodes', async () => {
		const { coupon } = await admin.influenceio.redeem({
			customer: '1002',
			ruleId: 'rule-free-ship',
		});
		await api.post('/v1/orders', {
			orderId: 'ord-c',
			customerId: '1002',
			totalPrice: 5,
			financialStatus: 'paid',
			discountCodes: [{ code: coupon.couponCode.toLowerCase() }],
		});
		expect((await admin.influenceio.coupon(coupon.couponCode)).couponCodeStatus).toBe('used');
	});
});
