import axios, { type AxiosInstance } from 'axios';

import { SandboxClient } from '../../../sandbox/client';
import { startSandbox, type RunningSandbox } from '../../../sandbox/server';
import { exampleOrder, kotisApi, waitFor } from './helpers';

describe('fault injection', () => {
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

	const inventory = async () => await kotis.get('/skus/quantity');

	it('status: default 500 {"error":"injected"}, once', async () => {
		const id = await admin.addFault({ vendor: 'kotis', path: '/skus/quantity', kind: 'status' });
		expect(id).toEqual(expect.any(String));
		const faulted = await inventory();
		expect(faulted.status).toBe(500);
		expect(faulted.data).toEqual({ error: 'injected' });
		expect((await inventory()).status).toBe(200);
		expect(await admin.faults()).toEqual([]);
	});

	it('status: custom status and JSON or text body', async () => {
		await admin.addFault({
			vendor: 'kotis',
			path: '/skus/quantity',
			kind: 'status',
			status: 503,
			body: { errors: [{ title: 'Down' }] },
		});
		await admin.addFault({
			vendor: 'kotis',
			path: '/skus/quantity',
			kind: 'status',
			status: 502,
			body: '<html>Bad Gateway</html>',
		});
		const first = await inventory();
		expect(first.status).toBe(503);
		expect(first.data).toEqual({ errors: [{ title: 'Down' }] });
		const second = await inventory();
		expect(second.status).toBe(502);
		expect(second.headers['content-type']).toMatch(/^text\/plain/);
		expect(second.data).toBe('<html>Bad Gateway</html>');
	});

	it('applies before auth', async () => {
		await admin.addFault({ vendor: 'kotis', path: '/skus/quantity', kind: 'status', status: 418 });
		const reply = await axios.get(`${sandbox.vendors.kotis.baseUrl}/skus/quantity`, {
			validateStatus: () => true,
		});
		expect(reply.status).toBe(418);
	});

	it('rateLimit: 429 with Retry-After (default 1, or the given seconds)', async () => {
		await admin.addFault({ vendor: 'kotis', path: '/orders/status', kind: 'rateLimit' });
		await admin.addFault({
			vendor: 'kotis',
			path: '/orders/status',
			kind: 'rateLimit',
			retryAfterSeconds: 7,
		});
		const first = await kotis.get('/orders/status?order_numbers=12345');
		expect(first.status).toBe(429);
		expect(first.headers['retry-after']).toBe('1');
		const second = await kotis.get('/orders/status?order_numbers=12345');
		expect(second.status).toBe(429);
		expect(second.headers['retry-after']).toBe('7');
		const third = await kotis.get('/orders/status?order_numbers=12345');
		expect(third.status).toBe(200);
		expect(third.headers['retry-after']).toBeUndefined();
	});

	it('malformed: 200 application/json whose body JSON.parse rejects', async () => {
		await admin.addFault({ vendor: 'kotis', path: '/skus/quantity', kind: 'malformed' });
		const reply = await kotis.get<string>('/skus/quantity', {
			responseType: 'text',
			transformResponse: [(d: string) => d],
		});
		expect(reply.status).toBe(200);
		expect(reply.headers['content-type']).toMatch(/^application\/json/);
		expect(reply.data.length).toBeGreaterThan(0);
		expect(() => JSON.parse(reply.data)).toThrow(SyntaxError);
		const [call] = await admin.calls({ path: '/skus/quantity' });
		expect(call).toMatchObject({ status: 200, fault: 'malformed', responseBody: reply.data });
	});

	it('delay: waits, then answers from the real handler', async () => {
		await admin.addFault({ vendor: 'kotis', path: '/skus/quantity', kind: 'delay', delayMs: 300 });
		const started = Date.now();
		const reply = await inventory();
		expect(Date.now() - started).toBeGreaterThanOrEqual(280);
		expect(reply.status).toBe(200);
		expect(reply.data.jsonapi).toEqual({ version: '1.0' });
		const [call] = await admin.calls({ path: '/skus/quantity' });
		expect(call.fault).toBe('delay');
		expect(call.durationMs).toBeGreaterThanOrEqual(280);
		const fast = Date.now();
		await inventory();
		expect(Date.now() - fast).toBeLessThan(250);
	});

	it('delay: a POST still takes effect after the client timed out', async () => {
		await admin.addFault({
			vendor: 'kotis',
			method: 'POST',
			path: '/orders/create',
			kind: 'delay',
			delayMs: 300,
		});
		await expect(
			kotis.post('/orders/create', exampleOrder(), { timeout: 100 }),
		).rejects.toMatchObject({ code: 'ECONNABORTED' });
		const orders = await waitFor(async () => {
			const list = await admin.kotis.orders();
			return list.length > 0 ? list : undefined;
		});
		expect(orders[0].order_num).toBe('5134691');
	});

	it('hang: never answers; the call is recorded with status 0 once the client gives up', async () => {
		await admin.addFault({ vendor: 'kotis', path: '/skus/quantity', kind: 'hang' });
		const started = Date.now();
		await expect(kotis.get('/skus/quantity', { timeout: 200 })).rejects.toMatchObject({
			code: 'ECONNABORTED',
		});
		expect(Date.now() - started).toBeGreaterThanOrEqual(190);
		const call = await waitFor(async () => (await admin.calls({ path: '/skus/quantity' }))[0]);
		expect(call).toMatchObject({ status: 0, fault: 'hang' });
		expect(call.responseBody).toBeUndefined();
		expect((await inventory()).status).toBe(200);
	});

	it('reset: destroys the socket without a response', async () => {
		await admin.addFault({ vendor: 'kotis', path: '/skus/quantity', kind: 'reset' });
		const error: unknown = await inventory().then(
			() => undefined,
			(e: unknown) => e,
		);
		expect(axios.isAxiosError(error)).toBe(true);
		if (!axios.isAxiosError(error)) return;
		expect(error.response).toBeUndefined();
		expect(error.code).toBe('ECONNRESET');
		const call = await waitFor(async () => (await admin.calls({ path: '/skus/quantity' }))[0]);
		expect(call).toMatchObject({ status: 0, fault: 'reset' });
		expect((await inventory()).status).toBe(200);
	});

	it('times: counts applications, 0 means until cleared', async () => {
		await admin.addFault({
			vendor: 'kotis',
			method: 'GET',
			path: '/skus/quantity',
			kind: 'status',
			times: 2,
		});
		expect((await inventory()).status).toBe(500);
		expect(await admin.faults()).toEqual([
			expect.objectContaining({ kind: 'status', times: 2, hits: 1, remaining: 1 }),
		]);
		expect((await inventory()).status).toBe(500);
		expect(await admin.faults()).toEqual([]);
		expect((await inventory()).status).toBe(200);

		await admin.addFault({
			vendor: 'kotis',
			path: '/skus/quantity',
			kind: 'status',
			status: 503,
			times: 0,
		});
		for (let i = 0; i < 4; i++) expect((await inventory()).status).toBe(503);
		expect(await admin.faults()).toEqual([expect.objectContaining({ hits: 4, remaining: null })]);
		await admin.clearFaults();
		expect((await inventory()).status).toBe(200);
		expect((await admin.calls({ path: '/skus/quantity' })).map((c) => c.status)).toEqual([
			500, 500, 200, 503, 503, 503, 503, 200,
		]);
	});

	it('matches method and path (relative, full or *), consuming faults in order', async () => {
		await admin.addFault({
			vendor: 'kotis',
			method: 'POST',
			path: '/skus/quantity',
			kind: 'status',
			status: 501,
		});
		expect((await inventory()).status).toBe(200);
		await admin.clearFaults();

		await admin.addFault({
			vendor: 'kotis',
			path: '/kotis/kwf/api/v1/orders/status',
			kind: 'status',
			status: 502,
		});
		expect((await inventory()).status).toBe(200);
		expect((await kotis.get('/orders/status?order_numbers=1')).status).toBe(502);

		await admin.addFault({ vendor: 'kotis', path: '*', kind: 'status', status: 503 });
		await admin.addFault({ vendor: 'kotis', path: '*', kind: 'status', status: 504 });
		expect((await kotis.post('/orders/create', exampleOrder())).status).toBe(503);
		const codes = await axios.post(
			`${sandbox.vendors.kotis.storesBaseUrl}/redemption_codes/create`,
			{},
			{ validateStatus: () => true },
		);
		expect(codes.status).toBe(504);
		expect(await admin.kotis.orders()).toEqual([]);
	});

	it('probability: applies to about that share of matching requests, the same ones on every run of a seed', async () => {
		const statuses = async (seed: number) => {
			await admin.reset();
			await admin.addFault({
				vendor: 'kotis',
				path: '/skus/quantity',
				kind: 'status',
				status: 503,
				times: 0,
				probability: 0.2,
				seed,
			});
			const seen: number[] = [];
			for (let i = 0; i < 200; i++) seen.push((await inventory()).status);
			return seen;
		};
		const first = await statuses(7);
		const faulted = first.filter((s) => s === 503).length;
		expect(first.every((s) => s === 200 || s === 503)).toBe(true);
		// 200 rolls at p = 0.2: 40 expected; outside 20..60 has a probability below 1e-4.
		expect(faulted).toBeGreaterThan(20);
		expect(faulted).toBeLessThan(60);
		expect(await admin.faults()).toEqual([
			expect.objectContaining({
				probability: 0.2,
				seed: 7,
				hits: faulted,
				spared: 200 - faulted,
				remaining: null,
			}),
		]);
		expect(await statuses(7)).toEqual(first);
		expect(await statuses(8)).not.toEqual(first);
	});

	it('probability: a spared request goes on to the next matching fault; times counts applications only', async () => {
		await admin.addFault({
			vendor: 'kotis',
			path: '*',
			kind: 'status',
			status: 500,
			times: 3,
			probability: 0.5,
			seed: 1,
		});
		await admin.addFault({ vendor: 'kotis', path: '*', kind: 'status', status: 503, times: 0 });
		const seen: number[] = [];
		for (let i = 0; i < 30; i++) seen.push((await inventory()).status);
		expect(seen.filter((s) => s === 500)).toHaveLength(3);
		expect(seen.filter((s) => s === 503)).toHaveLength(27);
		expect((await admin.faults()).map((f) => f.status)).toEqual([503]);
	});

	it('probability: validated (0 < p <= 1; a seed only with a probability)', async () => {
		for (const bad of [
			{ probability: 0 },
			{ probability: 1.5 },
			{ seed: 3 },
			{ probability: 0.5, seed: 1.5 },
		]) {
			await expect(
				admin.addFault({ vendor: 'kotis', path: '*', kind: 'status', ...bad }),
			).rejects.toMatchObject({ response: { status: 400 } });
		}
		// p = 1 is an ordinary fault.
		await admin.addFault({ vendor: 'kotis', path: '*', kind: 'status', probability: 1 });
		expect(await admin.faults()).toEqual([
			expect.not.objectContaining({ probability: expect.anything() }),
		]);
		expect((await inventory()).status).toBe(500);
	});

	it('removes one fault by id and validates new faults', async () => {
		const id = await admin.addFault({ vendor: 'kotis', path: '/skus/quantity', kind: 'status' });
		await axios.delete(`${sandbox.url}/__admin/faults/${id}`);
		expect(await admin.faults()).toEqual([]);
		await expect(
			admin.addFault({ vendor: 'nobody', path: '*', kind: 'status' }),
		).rejects.toMatchObject({ response: { status: 400 } });
		await expect(
			admin.addFault({ vendor: 'kotis', path: '*', kind: 'explode' as unknown as 'status' }),
		).rejects.toMatchObject({ response: { status: 400 } });
		await expect(
			admin.addFault({ vendor: 'kotis', path: 'no-slash', kind: 'status' }),
		).rejects.toMatchObject({
			response: { status: 400 },
		});
	});

	it('reset clears faults', async () => {
		await admin.addFault({ vendor: 'kotis', path: '*', kind: 'status', times: 0 });
		await admin.reset();
		expect(await admin.faults()).toEqual([]);
		expect((await inventory()).status).toBe(200);
	});
});

describe('close() with requests in flight', () => {
	it('resolves while a request hangs and another is delayed', async () => {
		const sandbox = await startSandbox();
		const admin = new SandboxClient(sandbox.url);
		await admin.addFault({ vendor: 'kotis', path: '/skus/quantity', kind: 'hang' });
		await admin.addFault({
			vendor: 'kotis',
			path: '/orders/status',
			kind: 'delay',
			delayMs: 60_000,
		});
		const kotis = kotisApi(sandbox);
		const hanging = kotis.get('/skus/quantity', { timeout: 0 }).then(
			() => 'answered',
			() => 'failed',
		);
		const delayed = kotis.get('/orders/status?order_numbers=1', { timeout: 0 }).then(
			() => 'answered',
			() => 'failed',
		);
		await waitFor(async () => ((await admin.faults()).length === 0 ? true : undefined));
		const started = Date.now();
		await sandbox.close();
		expect(Date.now() - started).toBeLessThan(1000);
		expect(await hanging).toBe('failed');
		expect(await delayed).toBe('failed');
		await expect(
			axios.get(`${sandbox.url}/__admin/health`, { timeout: 1000 }),
		).rejects.toBeDefined();
	});
});
