import axios, { type AxiosInstance } from 'axios';

import { SandboxClient } from '../../../sandbox/client';
import { startSandbox, type RunningSandbox } from '../../../sandbox/server';
import { exampleOrder, kotisApi } from './helpers';

const INVALID_KEY = { errors: [{ title: 'Invalid Api Key', detail: '' }] };

describe('Kotis stand-in (default options)', () => {
	let sandbox: RunningSandbox;
	let admin: SandboxClient;
	let kotis: AxiosInstance;

	beforeAll(async () => {
		sandbox = await startSandbox();
		admin = new SandboxClient(sandbox.url);
		kotis = kotisApi(sandbox);
	});

	afterAll(async () => {
		await sandbox.close();
	});

	beforeEach(async () => {
		await admin.reset();
	});

	const createOrder = async (body: unknown) => await kotis.post('/orders/create', body);
	const status = async (orderNumbers: string) =>
		await kotis.get('/orders/status', { params: { order_numbers: orderNumbers } });

	it('exposes base URLs and the default key', () => {
		expect(sandbox.url).toBe(`http://127.0.0.1:${sandbox.port}`);
		expect(sandbox.vendors.kotis).toEqual({
			baseUrl: `${sandbox.url}/kotis/kwf/api/v1`,
			storesBaseUrl: `${sandbox.url}/kotis/stores/api/v1`,
			apiKey: 'kotis-test-key',
		});
	});

	describe('auth', () => {
		it.each([
			['no Authorization header', undefined],
			['a wrong key', 'not-the-key'],
			['a Bearer-prefixed key', 'Bearer kotis-test-key'],
			['a Token-prefixed key', 'Token kotis-test-key'],
		])('rejects %s with the documented body and 401 on every kwf endpoint', async (_label, key) => {
			const headers = key === undefined ? {} : { Authorization: key };
			const base = sandbox.vendors.kotis.baseUrl;
			const replies = await Promise.all([
				axios.get(`${base}/skus/quantity`, { headers, validateStatus: () => true }),
				axios.post(`${base}/orders/create`, exampleOrder(), {
					headers,
					validateStatus: () => true,
				}),
				axios.get(`${base}/orders/status?order_numbers=12345`, {
					headers,
					validateStatus: () => true,
				}),
			]);
			for (const reply of replies) {
				expect(reply.status).toBe(401);
				expect(reply.data).toEqual(INVALID_KEY);
			}
			expect(await admin.kotis.orders()).toHaveLength(0);
		});
	});

	describe('GET /skus/quantity', () => {
		it('returns the JSON:API inventory with string ids and size-suffixed SKUs', async () => {
			const reply = await kotis.get('/skus/quantity');
			expect(reply.status).toBe(200);
			expect(reply.headers['content-type']).toMatch(/^application\/json/);
			expect(Object.keys(reply.data)).toEqual(['data', 'jsonapi']);
			expect(reply.data.jsonapi).toEqual({ version: '1.0' });
			// The documented example row, exactly.
			expect(reply.data.data).toContainEqual({
				id: '33315',
				type: 'skus',
				attributes: { physical_quantity: 0, available_quantity: 0, sku: '107529-1-L' },
			});
			const skus = (reply.data.data as Array<{ attributes: { sku: string } }>).map(
				(r) => r.attributes.sku,
			);
			expect(skus).toEqual(
				expect.arrayContaining([
					'107529-1-S',
					'107529-1-M',
					'107529-1-L',
					'107529-1-XL',
					'107529-4-OSFA',
				]),
			);
			expect(skus.length).toBeGreaterThan(5);
			for (const row of reply.data.data as Array<Record<string, unknown>>) {
				expect(typeof row.id).toBe('string');
				expect(row.type).toBe('skus');
			}
		});

		it('ignores an undocumented SKU filter and returns everything', async () => {
			const all = await kotis.get('/skus/quantity');
			const filtered = await kotis.get('/skus/quantity', { params: { sku: '107529-1-S' } });
			expect(filtered.data).toEqual(all.data);
		});
	});

	describe('POST /orders/create', () => {
		it('creates the documented example order, reserving stock', async () => {
			const reply = await createOrder(exampleOrder({ order_id: 'redemption-1' }));
			expect(reply.status).toBe(200);
			expect(reply.data).toEqual({ status: 'success', order_num: '5134691' });
			expect((await createOrder(exampleOrder())).data).toEqual({
				status: 'success',
				order_num: '5134692',
			});

			const inventory = await admin.kotis.getInventory();
			expect(inventory.find((r) => r.sku === '107529-1-S')).toMatchObject({
				physical_quantity: 40,
				available_quantity: 32,
			});
			expect(inventory.find((r) => r.sku === '107529-4-OSFA')).toMatchObject({
				physical_quantity: 100,
				available_quantity: 98,
			});

			const [first] = await admin.kotis.orders();
			expect(first).toMatchObject({
				order_num: '5134691',
				order_id: 'redemption-1',
				status: 'pending',
				seeded: false,
				lines: [
					{ sku: '107529-1-S', quantity: 3, reserved: 3, backordered: 0 },
					{ sku: '107529-4-OSFA', quantity: 1, reserved: 1, backordered: 0 },
				],
			});
			expect(first.request).toEqual(exampleOrder({ order_id: 'redemption-1' }));
		});

		it('answers unknown SKUs with HTTP 200 and the exact documented detail', async () => {
			const reply = await createOrder(
				exampleOrder({
					skus: [
						{ quantity: '1', sku: '1' },
						{ quantity: '1', sku: '107529-1-S' },
						{ quantity: '2', sku: '2' },
					],
				}),
			);
			expect(reply.status).toBe(200);
			expect(reply.data).toEqual({
				errors: [{ title: 'Invalid Order', detail: 'Sku 1 does not exist, Sku 2 does not exist' }],
			});
			expect(await admin.kotis.orders()).toHaveLength(0);
			const s = (await admin.kotis.getInventory()).find((r) => r.sku === '107529-1-S');
			expect(s?.available_quantity).toBe(38);
		});

		it('matches SKUs exactly (case-sensitive, size suffix required)', async () => {
			const reply = await createOrder(
				exampleOrder({
					skus: [
						{ quantity: '1', sku: '107529-1-s' },
						{ quantity: '1', sku: '107529-1' },
					],
				}),
			);
			expect(reply.data.errors[0].detail).toBe(
				'Sku 107529-1-s does not exist, Sku 107529-1 does not exist',
			);
		});

		it.each(['name', 'address1', 'city', 'zip'])(
			'rejects a blank address %s with HTTP 200',
			async (field) => {
				const order = exampleOrder();
				(order.address as Record<string, string>)[field] = '   ';
				const reply = await createOrder(order);
				expect(reply.status).toBe(200);
				expect(reply.data).toEqual({
					errors: [{ title: 'Invalid Order', detail: `Address ${field} can't be blank` }],
				});
				expect(await admin.kotis.orders()).toHaveLength(0);
			},
		);

		it('rejects a missing email, empty skus and a missing address in one Rails-like detail', async () => {
			const body = exampleOrder({ skus: [] });
			delete body.email;
			delete body.address;
			const reply = await createOrder(body);
			expect(reply.status).toBe(200);
			expect(reply.data.errors).toEqual([
				{
					title: 'Invalid Order',
					detail:
						"Email can't be blank, Skus can't be blank, Address name can't be blank, Address address1 can't be blank, Address city can't be blank, Address zip can't be blank",
				},
			]);
		});

		it.each(['0', '-1', '1.5', ' 2', 'two', '', 0, -3, 2.5, null])(
			'rejects quantity %p',
			async (quantity) => {
				const reply = await createOrder(exampleOrder({ skus: [{ quantity, sku: '107529-1-S' }] }));
				expect(reply.status).toBe(200);
				expect(reply.data).toEqual({
					errors: [
						{
							title: 'Invalid Order',
							detail: 'Sku 107529-1-S quantity must be a positive integer',
						},
					],
				});
			},
		);

		it('accepts a numeric quantity as well as a string', async () => {
			const reply = await createOrder(exampleOrder({ skus: [{ quantity: 2, sku: '107529-1-M' }] }));
			expect(reply.data).toEqual({ status: 'success', order_num: '5134691' });
		});

		it('accepts an out-of-stock order, clamping available stock at 0 and backordering the rest', async () => {
			const reply = await createOrder(
				exampleOrder({
					skus: [
						{ quantity: '2', sku: '107529-1-L' },
						{ quantity: '12', sku: '107529-1-XL' },
					],
				}),
			);
			expect(reply.data.status).toBe('success');
			const inventory = await admin.kotis.getInventory();
			expect(inventory.find((r) => r.sku === '107529-1-L')?.available_quantity).toBe(0);
			expect(inventory.find((r) => r.sku === '107529-1-XL')?.available_quantity).toBe(0);
			const [order] = await admin.kotis.orders();
			expect(order.lines).toEqual([
				{ sku: '107529-1-L', quantity: 2, reserved: 0, backordered: 2 },
				{ sku: '107529-1-XL', quantity: 12, reserved: 10, backordered: 2 },
			]);
		});

		it('is not idempotent on order_id: a repeat creates a second order', async () => {
			const a = await createOrder(exampleOrder({ order_id: 'r-1' }));
			const b = await createOrder(exampleOrder({ order_id: 'r-1' }));
			expect(a.data.order_num).toBe('5134691');
			expect(b.data.order_num).toBe('5134692');
			expect((await admin.kotis.orders()).map((o) => o.order_id)).toEqual(['r-1', 'r-1']);
		});

		it('answers a JSON body that is not an object as an invalid order', async () => {
			const reply = await createOrder(['not', 'an', 'order']);
			expect(reply.status).toBe(200);
			expect(reply.data).toEqual({
				errors: [{ title: 'Invalid Order', detail: 'Order is invalid' }],
			});
		});

		it('reads the body only when it is sent as JSON', async () => {
			const reply = await kotis.post('/orders/create', JSON.stringify(exampleOrder()), {
				headers: { 'Content-Type': 'text/plain' },
			});
			expect(reply.status).toBe(200);
			expect(reply.data.errors[0].detail).toMatch(/^Email can't be blank, Skus can't be blank/);
		});

		it('answers unparsable JSON with 400 like Rails', async () => {
			const reply = await kotis.post('/orders/create', '{"email": "x"', {
				headers: { 'Content-Type': 'application/json' },
				transformRequest: [(data: unknown) => data],
			});
			expect(reply.status).toBe(400);
			expect(reply.data).toEqual({ status: 400, error: 'Bad Request' });
		});

		it('answers an unknown route with a Rails-style 404', async () => {
			const reply = await kotis.get('/orders');
			expect(reply.status).toBe(404);
			expect(reply.data).toEqual({ status: 404, error: 'Not Found' });
		});
	});

	describe('GET /orders/status', () => {
		it('reproduces the documented example with both oddities', async () => {
			const reply = await status('12345,23719201');
			expect(reply.status).toBe(200);
			expect(reply.data).toEqual({
				data: [
					{
						id: '12345',
						type: 'orders',
						attributes: { status: 'shipped' },
						relationships: {
							shipments: {
								data: [
									{ type: 'shipments', id: '543416' },
									{ type: 'shipments', id: '544568' },
								],
							},
						},
					},
					{
						id: '23719201',
						type: 'orders',
						relationships: { shipments: { data: [{ type: 'shipments', id: '767586' }] } },
					},
				],
				included: [
					{
						id: '543416',
						type: 'shipments',
						attributes: {
							tracking_numbers: '1Z8424330419842539',
							shipment_date: '2018-10-02T14:50:24-07:00',
							delivery_status: 'delivered',
						},
					},
					{
						id: '544568',
						type: 'shipments',
						attributes: {
							tracking_numbers: '1Z8424330419842551,1Z8424330419842568',
							shipment_date: '2018-10-04T09:12:45-07:00',
							delivery_status: 'in_transit',
						},
					},
					{
						id: '767586',
						type: 'shipments',
						attributes: {
							tracking_numbers: '9405537897842130146579',
							shipment_date: '2019-11-12T07:48:06-08:00',
							status: 'in_transit',
						},
					},
				],
				jsonapi: { version: '1.0' },
			});
			expect(reply.data.data[1]).not.toHaveProperty('attributes');
			expect(reply.data.included[2].attributes).not.toHaveProperty('delivery_status');
		});

		it('answers only unknown numbers with the exact empty reply', async () => {
			const reply = await status('99999,88888');
			expect(reply.status).toBe(200);
			expect(reply.data).toEqual({ data: [], jsonapi: { version: '1.0' } });
			expect(JSON.stringify(reply.data)).toBe('{"data":[],"jsonapi":{"version":"1.0"}}');
		});

		it('omits unknown numbers, does not trim spaces, and orders by creation not by request', async () => {
			const reply = await status('23719201,99999, 12345');
			expect(reply.data.data.map((o: { id: string }) => o.id)).toEqual(['23719201']);
			const both = await status('23719201,12345');
			expect(both.data.data.map((o: { id: string }) => o.id)).toEqual(['12345', '23719201']);
		});

		it('shows a new order as pending without shipments and without included', async () => {
			const { order_num } = (await createOrder(exampleOrder())).data;
			const reply = await status(order_num);
			expect(reply.data).toEqual({
				data: [
					{
						id: order_num,
						type: 'orders',
						attributes: { status: 'pending' },
						relationships: { shipments: { data: [] } },
					},
				],
				jsonapi: { version: '1.0' },
			});
		});

		it('refuses more than 50 order numbers in one call (HTTP 200 errors)', async () => {
			const numbers = Array.from({ length: 51 }, (_, i) => String(1000 + i)).join(',');
			const reply = await status(numbers);
			expect(reply.status).toBe(200);
			expect(reply.data.errors[0].title).toBe('Invalid Request');
			expect((await status(numbers.split(',').slice(0, 50).join(','))).data).toEqual({
				data: [],
				jsonapi: { version: '1.0' },
			});
		});
	});

	describe('status transitions via the admin API', () => {
		it('moves an order pending → partially_shipped → shipped → delivered', async () => {
			const { order_num } = (await createOrder(exampleOrder())).data;

			await admin.kotis.setOrderStatus(order_num, {
				status: 'partially_shipped',
				shipments: [
					{
						id: '900001',
						tracking_numbers: '1Z999',
						shipment_date: '2025-01-02T10:00:00-07:00',
						delivery_status: 'in_transit',
					},
				],
			});
			let reply = await status(order_num);
			expect(reply.data.data[0].attributes).toEqual({ status: 'partially_shipped' });
			expect(reply.data.data[0].relationships.shipments.data).toEqual([
				{ type: 'shipments', id: '900001' },
			]);
			expect(reply.data.included).toEqual([
				{
					id: '900001',
					type: 'shipments',
					attributes: {
						tracking_numbers: '1Z999',
						shipment_date: '2025-01-02T10:00:00-07:00',
						delivery_status: 'in_transit',
					},
				},
			]);

			const record = await admin.kotis.setOrderStatus(order_num, {
				status: 'shipped',
				shipments: [
					{
						tracking_numbers: '9405500000000000000001',
						delivery_status: 'pre_transit',
						legacyStatusKey: true,
					},
				],
			});
			expect(record.status).toBe('shipped');
			expect(record.shipments).toHaveLength(2);
			reply = await status(order_num);
			expect(reply.data.data[0].attributes.status).toBe('shipped');
			const second = reply.data.included[1];
			expect(second.attributes).toEqual({
				tracking_numbers: '9405500000000000000001',
				shipment_date: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d-07:00$/),
				status: 'pre_transit',
			});
			// Shipping takes the reserved units off the shelf.
			const s = (await admin.kotis.getInventory()).find((r) => r.sku === '107529-1-S');
			expect(s).toMatchObject({ physical_quantity: 37, available_quantity: 35 });

			await admin.kotis.setOrderStatus(order_num, {
				status: 'delivered',
				shipments: [{ id: '900001', delivery_status: 'delivered' }],
			});
			reply = await status(order_num);
			expect(reply.data.data[0].attributes.status).toBe('delivered');
			expect(reply.data.included[0].attributes.delivery_status).toBe('delivered');
			expect(reply.data.included[0].attributes.tracking_numbers).toBe('1Z999');
		});

		it('returns reserved stock when a pending order is cancelled', async () => {
			const { order_num } = (await createOrder(exampleOrder())).data;
			await admin.kotis.setOrderStatus(order_num, { status: 'cancelled' });
			const s = (await admin.kotis.getInventory()).find((r) => r.sku === '107529-1-S');
			expect(s).toMatchObject({ physical_quantity: 40, available_quantity: 38 });
			expect((await status(order_num)).data.data[0].attributes.status).toBe('cancelled');
		});

		it('rejects unknown orders, unknown statuses and incomplete new shipments', async () => {
			await expect(
				admin.kotis.setOrderStatus('404404', { status: 'shipped' }),
			).rejects.toMatchObject({
				response: { status: 404 },
			});
			const { order_num } = (await createOrder(exampleOrder())).data;
			const url = `${sandbox.url}/__admin/kotis/orders/${order_num}/status`;
			expect(
				(await axios.post(url, { status: 'lost' }, { validateStatus: () => true })).status,
			).toBe(400);
			expect(
				(
					await axios.post(
						url,
						{ shipments: [{ delivery_status: 'in_transit' }] },
						{ validateStatus: () => true },
					)
				).status,
			).toBe(400);
		});

		it('can change the seeded legacy orders too', async () => {
			await admin.kotis.setOrderStatus('12345', {
				status: 'delivered',
				shipments: [{ id: '544568', delivery_status: 'delivered' }],
			});
			const reply = await status('12345');
			expect(reply.data.data[0].attributes.status).toBe('delivered');
			expect(reply.data.included[1].attributes.delivery_status).toBe('delivered');
		});
	});

	describe('admin orders and inventory', () => {
		it('lists created orders only, unless seeded ones are asked for', async () => {
			expect(await admin.kotis.orders()).toEqual([]);
			const seeded = await admin.kotis.orders({ includeSeeded: true });
			expect(seeded.map((o) => o.order_num)).toEqual(['12345', '23719201']);
			expect(seeded[1].omitAttributes).toBe(true);
		});

		it('creates an order directly through the client', async () => {
			const orderNum = await admin.kotis.createOrder(
				{ sku: '107529-1-M', quantity: '1' },
				{ order_id: 'direct-1' },
			);
			expect(orderNum).toBe('5134691');
			const [order] = await admin.kotis.orders();
			expect(order).toMatchObject({
				order_num: '5134691',
				order_id: 'direct-1',
				email: 'test@example.com',
				status: 'pending',
			});
			expect((await status(orderNum)).data.data[0].attributes.status).toBe('pending');
			// Admin-created orders are not vendor calls.
			expect(await admin.calls({ path: '/orders/create' })).toEqual([]);
			await expect(admin.kotis.createOrder({ sku: 'nope', quantity: '1' })).rejects.toMatchObject({
				response: {
					status: 400,
					data: { errors: [{ title: 'Invalid Order', detail: 'Sku nope does not exist' }] },
				},
			});
		});

		it('replaces the inventory, keeping ids per SKU and generating new ones', async () => {
			const rows = await admin.kotis.setInventory([
				{ sku: '107529-1-S', physical_quantity: 5, available_quantity: 1 },
				{ sku: 'NEW-1-OSFA', physical_quantity: 7, available_quantity: 7 },
				{ id: '777', sku: 'NEW-2-OSFA', physical_quantity: 0, available_quantity: 0 },
			]);
			expect(rows[0].id).toBe('33313');
			expect(rows[1].id).toMatch(/^\d+$/);
			expect(rows[2].id).toBe('777');
			expect(await admin.kotis.getInventory()).toEqual(rows);
			const reply = await kotis.get('/skus/quantity');
			expect(reply.data.data).toEqual(
				rows.map((r) => ({
					id: r.id,
					type: 'skus',
					attributes: {
						physical_quantity: r.physical_quantity,
						available_quantity: r.available_quantity,
						sku: r.sku,
					},
				})),
			);
			// Former SKUs are gone.
			expect((await createOrder(exampleOrder())).data.errors[0].detail).toBe(
				'Sku 107529-4-OSFA does not exist',
			);
			await expect(
				admin.kotis.setInventory([
					{ sku: 'A', physical_quantity: 1, available_quantity: 1 },
					{ sku: 'A', physical_quantity: 1, available_quantity: 1 },
				]),
			).rejects.toMatchObject({ response: { status: 400 } });
		});

		it('reset restores the seed inventory, orders and order numbers', async () => {
			await admin.kotis.setInventory([
				{ sku: 'X-1-S', physical_quantity: 1, available_quantity: 1 },
			]);
			await admin.kotis.createOrder({ sku: 'X-1-S', quantity: '1' });
			await admin.reset();
			expect(await admin.kotis.orders()).toEqual([]);
			expect((await admin.kotis.getInventory()).map((r) => r.sku)).toContain('107529-1-L');
			expect((await createOrder(exampleOrder())).data.order_num).toBe('5134691');
		});
	});

	describe('POST /redemption_codes/create (stores host)', () => {
		const codesUrl = () => `${sandbox.vendors.kotis.storesBaseUrl}/redemption_codes/create`;
		const post = async (body: unknown, headers: Record<string, string> = {}) =>
			await axios.post(codesUrl(), body, { headers, validateStatus: () => true });

		it('accepts the key in the Authorization header or as API_KEY in the body', async () => {
			const viaHeader = await post({ quantity: 3 }, { Authorization: 'kotis-test-key' });
			expect(viaHeader.status).toBe(200);
			expect(viaHeader.data.status).toBe('success');
			expect(viaHeader.data.redemption_codes).toHaveLength(3);
			for (const code of viaHeader.data.redemption_codes) expect(code).toMatch(/^[A-Z]{4}-\d{4}$/);

			const viaBody = await post({ API_KEY: 'kotis-test-key', count: '2' });
			expect(viaBody.data.redemption_codes).toHaveLength(2);
			const defaultOne = await post({ API_KEY: 'kotis-test-key' });
			expect(defaultOne.data.redemption_codes).toHaveLength(1);

			const all = [
				...viaHeader.data.redemption_codes,
				...viaBody.data.redemption_codes,
				...defaultOne.data.redemption_codes,
			];
			expect(new Set(all).size).toBe(6);
			const batches = await admin.kotis.redemptionCodes();
			expect(batches.flatMap((b) => b.codes)).toEqual(all);
			expect(JSON.stringify(batches)).not.toContain('kotis-test-key');
		});

		it('rejects a missing or wrong key', async () => {
			for (const reply of [
				await post({ quantity: 1 }),
				await post({ API_KEY: 'nope' }, { Authorization: 'also-nope' }),
			]) {
				expect(reply.status).toBe(401);
				expect(reply.data).toEqual(INVALID_KEY);
			}
		});

		it('refuses more than 500 codes per call and non-positive counts (HTTP 200 errors)', async () => {
			for (const quantity of [501, 0, 'many']) {
				const reply = await post({ API_KEY: 'kotis-test-key', quantity });
				expect(reply.status).toBe(200);
				expect(reply.data.errors[0].title).toBe('Invalid Request');
			}
		});

		it('enforces the documented daily limit of 5,000 codes', async () => {
			for (let i = 0; i < 10; i++) {
				const reply = await post({ API_KEY: 'kotis-test-key', quantity: 500 });
				expect(reply.data.redemption_codes).toHaveLength(500);
			}
			const over = await post({ API_KEY: 'kotis-test-key', quantity: 1 });
			expect(over.status).toBe(200);
			expect(over.data.errors[0]).toEqual({
				title: 'Limit Exceeded',
				detail: expect.stringContaining('Daily limit of 5000'),
			});
			await admin.reset();
			expect((await post({ API_KEY: 'kotis-test-key' })).data.status).toBe('success');
		});
	});
});
