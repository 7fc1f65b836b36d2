import axios, { type AxiosInstance } from 'axios';

import { SandboxClient, fingerprint } from '../../../sandbox/client';
import { isLoopback } from '../../../sandbox/core/http';
import { startSandbox, type RunningSandbox } from '../../../sandbox/server';
import { exampleOrder, kotisApi } from './helpers';

describe('call recording and the admin API', () => {
	let sandbox: RunningSandbox;
	let admin: SandboxClient;
	let kotis: AxiosInstance;
	const lines: string[] = [];

	beforeAll(async () => {
		sandbox = await startSandbox({ log: (line) => lines.push(line) });
		admin = new SandboxClient(sandbox.url);
		kotis = kotisApi(sandbox);
	});

	afterAll(async () => {
		await sandbox.close();
	});

	beforeEach(async () => {
		await admin.reset();
		lines.length = 0;
	});

	it('answers health', async () => {
		expect(await admin.health()).toEqual({
			ok: true,
			vendors: ['kotis', 'influitive', 'influenceio', 'store', 'kounta', 'vendor', 'smtp'],
		});
	});

	it('records a call with every field, the key fingerprinted', async () => {
		const reply = await kotis.post(
			'/orders/create?source=test&tag=a&tag=b',
			exampleOrder({ order_id: 'r-9' }),
			{
				headers: { 'X-Custom-Thing': 'Yes' },
			},
		);
		const calls = await admin.calls();
		expect(calls).toHaveLength(1);
		const [call] = calls;
		expect(call).toEqual({
			seq: expect.any(Number),
			at: expect.any(String),
			vendor: 'kotis',
			method: 'POST',
			path: '/kotis/kwf/api/v1/orders/create',
			query: { source: 'test', tag: ['a', 'b'] },
			headers: expect.objectContaining({
				authorization: fingerprint('kotis-test-key'),
				'content-type': 'application/json',
				'x-custom-thing': 'Yes',
			}),
			body: exampleOrder({ order_id: 'r-9' }),
			status: 200,
			responseBody: reply.data,
			durationMs: expect.any(Number),
		});
		expect(new Date(call.at).toISOString()).toBe(call.at);
		expect(call.durationMs).toBeGreaterThanOrEqual(0);
		expect(call.headers.authorization).toMatch(/^sha256:[0-9a-f]{12}$/);
		expect(call).not.toHaveProperty('fault');
		expect(JSON.stringify(calls)).not.toContain('kotis-test-key');
		expect(Object.keys(call.headers).every((h) => h === h.toLowerCase())).toBe(true);
	});

	it('fingerprints a wrong key too, and records the error reply', async () => {
		await kotisApi(sandbox, 'leaked-secret-123').get('/skus/quantity');
		const [call] = await admin.calls();
		expect(call.status).toBe(401);
		expect(call.headers.authorization).toBe(fingerprint('leaked-secret-123'));
		expect(call.responseBody).toEqual({ errors: [{ title: 'Invalid Api Key', detail: '' }] });
		expect(JSON.stringify(call)).not.toContain('leaked-secret-123');
	});

	it('fingerprints an API_KEY sent in a body', async () => {
		await axios.post(`${sandbox.vendors.kotis.storesBaseUrl}/redemption_codes/create`, {
			API_KEY: 'kotis-test-key',
			quantity: 1,
		});
		const [call] = await admin.calls();
		expect(call.body).toEqual({ API_KEY: fingerprint('kotis-test-key'), quantity: 1 });
		expect(call.path).toBe('/kotis/stores/api/v1/redemption_codes/create');
	});

	it('records a non-JSON body as the raw string and a bodiless GET without body', async () => {
		await kotis.post('/orders/create', 'plain words', {
			headers: { 'Content-Type': 'text/plain' },
		});
		await kotis.get('/skus/quantity');
		const [post, get] = await admin.calls();
		expect(post.body).toBe('plain words');
		expect(get).not.toHaveProperty('body');
		expect(get.query).toEqual({});
	});

	it('records vendor 404s but not admin calls', async () => {
		await kotis.get('/nope');
		await admin.kotis.getInventory();
		const calls = await admin.calls();
		expect(calls.map((c) => `${c.status} ${c.path}`)).toEqual(['404 /kotis/kwf/api/v1/nope']);
	});

	it('filters by vendor, since, path (relative or full) and method; seq survives clearing', async () => {
		await kotis.get('/skus/quantity');
		await kotis.get('/orders/status?order_numbers=12345');
		await kotis.post('/orders/create', exampleOrder());
		const all = await admin.calls();
		expect(all.map((c) => c.seq)).toEqual([all[0].seq, all[0].seq + 1, all[0].seq + 2]);

		expect(await admin.calls({ vendor: 'kotis' })).toEqual(all);
		expect(await admin.calls({ vendor: 'kounta' })).toEqual([]);
		expect(await admin.calls({ since: all[0].seq })).toEqual(all.slice(1));
		expect(await admin.calls({ path: '/orders/status' })).toEqual([all[1]]);
		expect(await admin.calls({ path: '/kotis/kwf/api/v1/orders/status' })).toEqual([all[1]]);
		expect(await admin.calls({ path: '/status' })).toEqual([]);
		expect(await admin.calls({ method: 'post' })).toEqual([all[2]]);

		await admin.clearCalls();
		expect(await admin.calls()).toEqual([]);
		await kotis.get('/skus/quantity');
		const [next] = await admin.calls();
		expect(next.seq).toBeGreaterThan(all[2].seq);
	});

	it('rejects an unknown filter', async () => {
		const reply = await axios.get(`${sandbox.url}/__admin/calls`, {
			params: { since: 'x' },
			validateStatus: () => true,
		});
		expect(reply.status).toBe(400);
		const unknown = await axios.get(`${sandbox.url}/__admin/calls`, {
			params: { colour: 'red' },
			validateStatus: () => true,
		});
		expect(unknown.status).toBe(400);
	});

	it('logs one line per call through the log option', async () => {
		await kotis.get('/skus/quantity');
		expect(lines).toHaveLength(1);
		expect(lines[0]).toMatch(/^#\d+ kotis GET \/kotis\/kwf\/api\/v1\/skus\/quantity -> 200 \(/);
	});

	it('reset clears calls, faults and vendor state together', async () => {
		await kotis.post('/orders/create', exampleOrder());
		await admin.addFault({ vendor: 'kotis', path: '*', kind: 'status', times: 0 });
		const reply = await axios.post(`${sandbox.url}/__admin/reset`);
		expect(reply.data).toEqual({ ok: true });
		expect(await admin.calls()).toEqual([]);
		expect(await admin.faults()).toEqual([]);
		expect(await admin.kotis.orders()).toEqual([]);
	});

	it('answers unknown admin routes with JSON 404 and unknown paths with JSON 404', async () => {
		const a = await axios.get(`${sandbox.url}/__admin/nothing`, { validateStatus: () => true });
		expect(a.status).toBe(404);
		expect(a.data.error).toMatch(/no admin route/);
		const b = await axios.get(`${sandbox.url}/elsewhere`, { validateStatus: () => true });
		expect(b.status).toBe(404);
		expect(b.data).toEqual({ status: 404, error: 'Not Found' });
	});

	it('serves the admin API to loopback clients only', () => {
		expect(isLoopback('127.0.0.1')).toBe(true);
		expect(isLoopback('::1')).toBe(true);
		expect(isLoopback('::ffff:127.0.0.1')).toBe(true);
		expect(isLoopback('10.0.0.5')).toBe(false);
		expect(isLoopback('::ffff:192.168.1.2')).toBe(false);
		expect(isLoopback(undefined)).toBe(false);
	});
});

describe('sandbox options', () => {
	it('caps the call log at maxCalls, dropping the oldest', async () => {
		const sandbox = await startSandbox({ maxCalls: 2 });
		try {
			const kotis = kotisApi(sandbox);
			for (let i = 0; i < 4; i++) await kotis.get('/skus/quantity');
			const calls = await new SandboxClient(sandbox.url).calls();
			expect(calls).toHaveLength(2);
			expect(calls[1].seq - calls[0].seq).toBe(1);
			expect(calls[1].seq).toBe(4);
		} finally {
			await sandbox.close();
		}
	});

	it('listens on the given port and rejects a port in use', async () => {
		const first = await startSandbox();
		try {
			await expect(startSandbox({ port: first.port })).rejects.toMatchObject({
				code: 'EADDRINUSE',
			});
		} finally {
			await first.close();
		}
		const again = await startSandbox({ port: first.port });
		expect(again.port).toBe(first.port);
		expect((await axios.get(`${again.url}/__admin/health`)).status).toBe(200);
		await again.close();
		await again.close();
	});
});
