import axios, { type AxiosInstance } from 'axios';

import { SandboxClient } from '../../../sandbox/client';
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

/** The store's paged customer export, the source of the bulk-import template (workflows/influenceio-bulk-import-customers.json). */
describe('Store stand-in: customer list', () => {
	it('lists nothing until customers are set; needs the bearer token', async () => {
		expect(await admin.store.customerCount()).toBe(0);
		const empty = await store.get('/customers');
		expect({ status: empty.status, body: empty.data, total: empty.headers['x-total'] }).toEqual({
			status: 200,
			body: [],
			total: '0',
		});
		const denied = await axios.get(`${sandbox.vendors.store.baseUrl}/customers`, {
			validateStatus: () => true,
		});
		expect({ status: denied.status, body: denied.data }).toEqual({
			status: 401,
			body: { error: 'missing or invalid bearer token' },
		});
	});

	it('pages 50,000 customers by page and per_page, the last page short, then an empty page; totals in headers', async () => {
		await admin.store.setCustomers(50_000);
		const first = await store.get('/customers', { params: { page: 1, per_page: 500 } });
		expect(first.status).toBe(200);
		expect(first.data).toHaveLength(500);
		expect(first.data[0]).toEqual({
			id: 100001,
			email: 'shopper1@example.com',
			first_name: 'Grace',
			last_name: 'Customer 1',
			created_at: '2024-01-01T00:01:00.000Z',
		});
		expect(first.headers).toMatchObject({ 'x-total': '50000', 'x-total-pages': '100' });
		const last = await store.get('/customers', { params: { page: 167, per_page: 300 } });
		expect(last.data.map((c: { id: number }) => c.id)).toEqual(
			Array.from({ length: 200 }, (_, i) => 149_801 + i),
		);
		expect((await store.get('/customers', { params: { page: 168, per_page: 300 } })).data).toEqual(
			[],
		);
		// The same customer on every read: the list is computed, not random.
		expect((await store.get('/customers', { params: { page: 2, per_page: 1 } })).data).toEqual([
			first.data[1],
		]);
		// Default page size 50.
		expect((await store.get('/customers')).data).toHaveLength(50);
	});

	it('answers 400 naming the parameter for a bad page or per_page', async () => {
		await admin.store.setCustomers(10);
		for (const [params, field, message] of [
			[{ page: 0 }, 'page', 'must be at least 1'],
			[{ page: 'two' }, 'page', 'must be a number'],
			[{ per_page: 1001 }, 'per_page', 'must be at most 1000'],
			[{ per_page: 2.5 }, 'per_page', 'must be a whole number'],
		] as const) {
			const reply = await store.get('/customers', { params });
			expect({ params, status: reply.status, body: reply.data }).toEqual({
				params,
				status: 400,
				body: { error: 'invalid query', issues: [{ field, message }] },
			});
		}
	});

	it('a reset puts the list back to its start size; the admin refuses a bad count', async () => {
		await admin.store.setCustomers(1200);
		expect(await admin.store.customerCount()).toBe(1200);
		await admin.reset();
		expect(await admin.store.customerCount()).toBe(0);
		const bad = await axios.put(
			`${sandbox.url}/__admin/store/customers`,
			{ count: -1 },
			{ validateStatus: () => true },
		);
		expect({ status: bad.status, body: bad.data }).toEqual({
			status: 400,
			body: { error: 'count: a whole number from 0 to 1000000' },
		});
	});
});
