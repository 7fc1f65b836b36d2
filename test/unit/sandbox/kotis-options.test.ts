import axios, { type AxiosInstance } from 'axios';

import { SandboxClient } from '../../../sandbox/client';
import { startSandbox, type RunningSandbox } from '../../../sandbox/server';
import { exampleOrder, kotisApi } from './helpers';

describe('Kotis stand-in start options', () => {
	let sandbox: RunningSandbox;
	let admin: SandboxClient;
	let kotis: AxiosInstance;
	let clock = new Date('2025-03-01T12:00:00Z');

	beforeAll(async () => {
		sandbox = await startSandbox({
			kotis: {
				apiKey: 'custom-key',
				invalidKeyStatus: 200,
				invalidOrderStatus: 422,
				rejectOutOfStock: true,
				idempotentOrderId: true,
				maxOrderNumbersPerStatusCall: 2,
				redemptionCodesDailyLimit: 10,
				redemptionCodesYearlyLimit: 15,
				redemptionCodesMaxPerCall: 8,
				firstOrderNum: 100,
				now: () => clock,
			},
		});
		admin = new SandboxClient(sandbox.url);
		kotis = kotisApi(sandbox);
	});

	afterAll(async () => {
		await sandbox.close();
	});

	beforeEach(async () => {
		clock = new Date('2025-03-01T12:00:00Z');
		await admin.reset();
	});

	it('uses the custom key and invalid-key status', async () => {
		expect(sandbox.vendors.kotis.apiKey).toBe('custom-key');
		const wrong = await kotisApi(sandbox, 'kotis-test-key').get('/skus/quantity');
		expect(wrong.status).toBe(200);
		expect(wrong.data).toEqual({ errors: [{ title: 'Invalid Api Key', detail: '' }] });
		expect((await kotis.get('/skus/quantity')).data.data.length).toBeGreaterThan(0);
	});

	it('uses the invalid-order status and first order number', async () => {
		const bad = await kotis.post(
			'/orders/create',
			exampleOrder({ skus: [{ quantity: '1', sku: 'nope' }] }),
		);
		expect(bad.status).toBe(422);
		expect(bad.data).toEqual({
			errors: [{ title: 'Invalid Order', detail: 'Sku nope does not exist' }],
		});
		expect((await kotis.post('/orders/create', exampleOrder())).data).toEqual({
			status: 'success',
			order_num: '100',
		});
	});

	it('rejects out-of-stock orders without touching stock', async () => {
		const reply = await kotis.post(
			'/orders/create',
			exampleOrder({
				skus: [
					{ quantity: '1', sku: '107529-1-S' },
					{ quantity: '1', sku: '107529-1-L' },
					{ quantity: '1', sku: '108812-2-2XL' },
				],
			}),
		);
		expect(reply.status).toBe(422);
		expect(reply.data.errors[0].title).toBe('Invalid Order');
		expect(reply.data.errors[0].detail).toBe(
			'Sku 107529-1-L has only 0 available (1 ordered), Sku 108812-2-2XL has only 0 available (1 ordered)',
		);
		expect(await admin.kotis.orders()).toEqual([]);
		expect(
			(await admin.kotis.getInventory()).find((r) => r.sku === '107529-1-S')?.available_quantity,
		).toBe(38);
	});

	it('counts repeated SKU lines together against stock', async () => {
		const reply = await kotis.post(
			'/orders/create',
			exampleOrder({
				skus: [
					{ quantity: '2', sku: '108812-2-M' },
					{ quantity: '2', sku: '108812-2-M' },
				],
			}),
		);
		expect(reply.data.errors[0].detail).toBe('Sku 108812-2-M has only 3 available (4 ordered)');
	});

	it('answers a repeated order_id with the first order', async () => {
		const a = await kotis.post('/orders/create', exampleOrder({ order_id: 'r-1' }));
		const b = await kotis.post('/orders/create', exampleOrder({ order_id: 'r-1' }));
		const c = await kotis.post('/orders/create', exampleOrder({ order_id: '' }));
		const d = await kotis.post('/orders/create', exampleOrder({ order_id: '' }));
		expect([a, b, c, d].map((r) => r.data.order_num)).toEqual(['100', '100', '101', '102']);
		const orders = await admin.kotis.orders();
		expect(orders[0].createRequests).toBe(2);
		expect(
			(await admin.kotis.getInventory()).find((r) => r.sku === '107529-1-S')?.available_quantity,
		).toBe(38 - 3 * 3);
	});

	it('limits order numbers per status call', async () => {
		expect((await kotis.get('/orders/status?order_numbers=12345,23719201')).data.data).toHaveLength(
			2,
		);
		const reply = await kotis.get('/orders/status?order_numbers=12345,23719201,1');
		expect(reply.status).toBe(422);
		expect(reply.data.errors[0].detail).toBe('Too many order numbers (3); the maximum is 2');
	});

	it('enforces daily and yearly redemption-code limits on the given clock', async () => {
		const post = async (quantity: number) =>
			await axios.post(
				`${sandbox.vendors.kotis.storesBaseUrl}/redemption_codes/create`,
				{ quantity },
				{ headers: { Authorization: 'custom-key' }, validateStatus: () => true },
			);
		expect((await post(9)).status).toBe(422);
		expect((await post(8)).data.redemption_codes).toHaveLength(8);
		expect((await post(2)).data.redemption_codes).toHaveLength(2);
		const daily = await post(1);
		expect(daily.status).toBe(422);
		expect(daily.data.errors[0].detail).toMatch(/^Daily limit of 10 redemption codes exceeded/);

		clock = new Date('2025-03-02T00:00:01Z');
		expect((await post(5)).data.redemption_codes).toHaveLength(5);
		const yearly = await post(1);
		expect(yearly.data.errors[0].detail).toMatch(/^Yearly limit of 15 redemption codes exceeded/);

		clock = new Date('2026-01-01T00:00:00Z');
		expect((await post(1)).status).toBe(200);
	});

	it('timestamps new shipments with the given clock', async () => {
		const orderNum = await admin.kotis.createOrder({ sku: '107529-1-M', quantity: 1 });
		const order = await admin.kotis.setOrderStatus(orderNum, {
			status: 'shipped',
			shipments: [{ tracking_numbers: '1Z1', delivery_status: 'in_transit' }],
		});
		expect(order.shipments[0]).toEqual({
			id: '800001',
			tracking_numbers: '1Z1',
			shipment_date: '2025-03-01T05:00:00-07:00',
			delivery_status: 'in_transit',
			legacyStatusKey: false,
		});
	});
});

describe('Kotis seed inventory override', () => {
	it('starts from and resets to the given inventory', async () => {
		const sandbox = await startSandbox({
			kotis: {
				inventory: [{ id: '1', sku: 'ONLY-1-OSFA', physical_quantity: 2, available_quantity: 2 }],
			},
		});
		try {
			const admin = new SandboxClient(sandbox.url);
			await admin.kotis.setInventory([]);
			await admin.reset();
			const reply = await kotisApi(sandbox).get('/skus/quantity');
			expect(reply.data.data).toEqual([
				{
					id: '1',
					type: 'skus',
					attributes: { physical_quantity: 2, available_quantity: 2, sku: 'ONLY-1-OSFA' },
				},
			]);
		} finally {
			await sandbox.close();
		}
	});
});
