import axios, { type AxiosInstance } from 'axios';

import { SandboxClient, fingerprint } from '../../../sandbox/client';
import { startSandbox, type RunningSandbox } from '../../../sandbox/server';

let sandbox: RunningSandbox;
let admin: SandboxClient;
let vendor: AxiosInstance;

const ORDER = {
	reference: 'influitive-501',
	recipient: { name: 'Ada Lovelace', email: 'ada@example.com' },
	shipping_address: {
		line1: '7 Analytical Way',
		city: 'Seattle',
		region: 'WA',
		postal_code: '98102',
		country: 'US',
	},
	items: [{ sku: 'ACME-TEE', size: 'M', quantity: 1 }],
};

beforeAll(async () => {
	sandbox = await startSandbox();
	admin = new SandboxClient(sandbox.url);
	const { baseUrl, apiKey } = sandbox.vendors.vendor;
	vendor = axios.create({
		baseURL: baseUrl,
		headers: { 'X-Api-Key': apiKey },
		validateStatus: () => true,
		timeout: 5000,
	});
});
afterAll(() => sandbox.close());
beforeEach(() => admin.reset());

describe('fulfilment vendor stand-in', () => {
	it('refuses a missing or wrong API key with 401 and a reason, and creates nothing', async () => {
		expect(sandbox.vendors.vendor).toEqual({
			baseUrl: `${sandbox.url}/vendor/v1`,
			apiKey: 'vendor-test-key',
			apiKeyHeader: 'x-api-key',
		});
		for (const headers of [{}, { 'X-Api-Key': 'nope' }, { Authorization: 'vendor-test-key' }]) {
			const reply = await axios.post(`${sandbox.vendors.vendor.baseUrl}/orders`, ORDER, {
				headers,
				validateStatus: () => true,
			});
			expect({ headers, status: reply.status, code: reply.data.error?.code }).toEqual({
				headers,
				status: 401,
				code: 'unauthorized',
			});
		}
		expect(await admin.vendor.orders()).toEqual([]);
	});

	it('takes an order (201 with its own id), takes it from stock, and finds it by the caller reference', async () => {
		const reply = await vendor.post('/orders', ORDER, {
			headers: { 'Idempotency-Key': 'influitive-501' },
		});
		expect(reply.status).toBe(201);
		expect(reply.data).toMatchObject({
			id: expect.stringMatching(/^VO-\d+$/),
			status: 'accepted',
			reference: 'influitive-501',
			items: ORDER.items,
		});
		const [record] = await admin.vendor.orders();
		expect(record).toMatchObject({
			id: reply.data.id,
			idempotency_key: 'influitive-501',
			recipient: ORDER.recipient,
		});
		expect((await admin.vendor.catalog()).find((i) => i.sku === 'ACME-TEE')?.stock).toMatchObject({
			M: 9,
		});
		expect(
			(await vendor.get('/orders', { params: { reference: 'influitive-501' } })).data.orders.map(
				(o: { id: string }) => o.id,
			),
		).toEqual([reply.data.id]);
		expect((await vendor.get(`/orders/${reply.data.id}`)).data).not.toHaveProperty(
			'idempotency_key',
		);
		const [call] = await admin.calls({ vendor: 'vendor', method: 'POST' });
		expect(call.headers['x-api-key']).toBe(fingerprint('vendor-test-key'));
	});

	it.each([
		[
			'an unknown SKU',
			{ items: [{ sku: 'NOPE', quantity: 1 }] },
			422,
			'unknown_sku',
			'SKU NOPE is not in our catalog',
		],
		[
			'a size it does not sell',
			{ items: [{ sku: 'ACME-TEE', size: 'Medium', quantity: 1 }] },
			422,
			'invalid_size',
			'Size "Medium" is not available for Acme T-shirt (sizes: S, M, L, XL)',
		],
		[
			'a sold-out size',
			{ items: [{ sku: 'ACME-TEE', size: 'L', quantity: 1 }] },
			422,
			'out_of_stock',
			'Acme T-shirt in size L is out of stock',
		],
		[
			'a physical item without an address',
			{ shipping_address: undefined },
			400,
			'invalid_request',
			'shipping_address is required for Acme T-shirt',
		],
		[
			'a missing recipient email',
			{ recipient: { name: 'Ada' } },
			400,
			'invalid_request',
			'recipient.email is required',
		],
		[
			'a quantity of 0',
			{ items: [{ sku: 'ACME-MUG', quantity: 0 }] },
			400,
			'invalid_request',
			'items.0.quantity must be at least 1',
		],
	])(
		'refuses %s with a reason, changing nothing',
		async (_label, change, status, code, message) => {
			const reply = await vendor.post('/orders', { ...ORDER, ...change });
			expect(reply.status).toBe(status);
			expect(reply.data.error).toMatchObject({ code, message });
			expect(await admin.vendor.orders()).toEqual([]);
			expect((await admin.vendor.catalog()).find((i) => i.sku === 'ACME-TEE')?.stock).toEqual({
				S: 10,
				M: 10,
				L: 0,
				XL: 10,
			});
		},
	);

	it('takes a digital item without an address; creates a second order for a repeated Idempotency-Key by default', async () => {
		const gift = {
			...ORDER,
			shipping_address: undefined,
			items: [{ sku: 'ACME-GIFT-25', quantity: 1 }],
		};
		const first = await vendor.post('/orders', gift, { headers: { 'Idempotency-Key': 'k1' } });
		const second = await vendor.post('/orders', gift, { headers: { 'Idempotency-Key': 'k1' } });
		expect([first.status, second.status]).toEqual([201, 201]);
		expect(second.data.id).not.toBe(first.data.id);
		expect(await admin.vendor.orders()).toHaveLength(2);
	});

	it('with idempotency honoured, answers a repeated key with the first order and creates nothing', async () => {
		const own = await startSandbox({ vendor: { idempotency: 'honour' } });
		try {
			const http = axios.create({
				baseURL: own.vendors.vendor.baseUrl,
				headers: { 'X-Api-Key': 'vendor-test-key', 'Idempotency-Key': 'k1' },
				validateStatus: () => true,
			});
			const first = await http.post('/orders', ORDER);
			const again = await http.post('/orders', ORDER);
			expect([first.status, again.status]).toEqual([201, 200]);
			expect(again.data).toEqual(first.data);
			expect(await new SandboxClient(own.url).vendor.orders()).toHaveLength(1);
		} finally {
			await own.close();
		}
	});

	it('a catalog set by the test decides, and a reset puts the seed back', async () => {
		await admin.vendor.setCatalog([
			{ sku: 'ONLY', name: 'Only Thing', sizes: [], stock: 1, digital: true },
		]);
		expect(
			(await vendor.post('/orders', { ...ORDER, items: [{ sku: 'ONLY', quantity: 1 }] })).status,
		).toBe(201);
		expect(
			(await vendor.post('/orders', { ...ORDER, items: [{ sku: 'ONLY', quantity: 1 }] })).data.error
				.code,
		).toBe('out_of_stock');
		await admin.reset();
		expect((await admin.vendor.catalog()).map((i) => i.sku)).toEqual([
			'ACME-TEE',
			'ACME-MUG',
			'ACME-GIFT-25',
		]);
	});

	it('an order that lands but is answered with 503 (afterApply) exists at the vendor', async () => {
		await admin.addFault({
			vendor: 'vendor',
			method: 'POST',
			path: '/orders',
			kind: 'afterApply',
			status: 503,
		});
		const reply = await vendor.post('/orders', ORDER);
		expect(reply.status).toBe(503);
		expect(await admin.vendor.orders()).toHaveLength(1);
	});

	it('a fault with skip lets the first matching requests through', async () => {
		await admin.addFault({
			vendor: 'vendor',
			method: 'POST',
			path: '/orders',
			kind: 'status',
			status: 500,
			skip: 2,
		});
		const statuses = [];
		for (let i = 0; i < 4; i++)
			statuses.push(
				(await vendor.post('/orders', { ...ORDER, items: [{ sku: 'ACME-MUG', quantity: 1 }] }))
					.status,
			);
		expect(statuses).toEqual([201, 201, 500, 201]);
		expect(await admin.faults()).toEqual([]);
	});
});
