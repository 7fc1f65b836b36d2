import axios, { type AxiosInstance } from 'axios';

import { SandboxClient } from '../../../sandbox/client';
import { startSandbox, type RunningSandbox } from '../../../sandbox/server';

let sandbox: RunningSandbox;
let admin: SandboxClient;
let api: AxiosInstance;

beforeAll(async () => {
	sandbox = await startSandbox({
		kounta: { rateLimit: { basic: 1000, oauth: 1000, windowMs: 60_000 } },
	});
	admin = new SandboxClient(sandbox.url);
	const { baseUrl, clientId, clientSecret } = sandbox.vendors.kounta;
	const basic = `Basic ${Buffer.from(`${clientId}:${clientSecret}`).toString('base64')}`;
	api = axios.create({
		baseURL: baseUrl,
		headers: { Accept: 'application/json', Authorization: basic },
		validateStatus: () => true,
		timeout: 10_000,
	});
});
afterAll(() => sandbox.close());
beforeEach(() => admin.reset());

/** The `afterApply` fault: the change lands, only the answer is late or an error (what the loyalty template's re-read is for). */
describe('sandbox fault afterApply', () => {
	it('makes the change, then answers with the injected status instead of the real reply', async () => {
		const order = await admin.kounta.createOrder();
		await admin.addFault({
			vendor: 'kounta',
			method: 'PUT',
			path: '*',
			kind: 'afterApply',
			status: 502,
			body: { error: 'bad gateway' },
		});
		const put = await api.put(`/companies/me/orders/${order.id}`, { price_variation: 0.9 });
		expect(put.status).toBe(502);
		expect(put.data).toEqual({ error: 'bad gateway' });
		expect((await admin.kounta.order(order.id)).price_variation).toBe(0.9);
	});

	it('makes the change at once and holds the real answer for delayMs', async () => {
		const order = await admin.kounta.createOrder();
		await admin.addFault({
			vendor: 'kounta',
			method: 'PUT',
			path: '*',
			kind: 'afterApply',
			delayMs: 800,
		});
		const started = Date.now();
		const pending = api.put(`/companies/me/orders/${order.id}`, { price_variation: 0.8 });
		await new Promise((r) => setTimeout(r, 300));
		expect((await admin.kounta.order(order.id)).price_variation).toBe(0.8);
		const put = await pending;
		expect(Date.now() - started).toBeGreaterThanOrEqual(780);
		expect(put.status).toBe(200);
		expect(put.data).toMatchObject({ id: order.id, price_variation: 0.8 });
	});
});
