import http from 'node:http';
import type { AddressInfo } from 'node:net';

import axios, { type AxiosInstance } from 'axios';

import { SandboxClient } from '../../../sandbox/client';
import { startSandbox, type RunningSandbox } from '../../../sandbox/server';

interface Received {
	url: string;
	headers: http.IncomingHttpHeaders;
	body: Record<string, unknown>;
}

/** A local webhook receiver: records every POST, answers after `delayMs` with `status`. */
class Receiver {
	readonly received: Received[] = [];

	status = 200;

	delayMs = 0;

	inFlight = 0;

	maxInFlight = 0;

	url = '';

	private readonly server = http.createServer((req, res) => {
		this.inFlight += 1;
		this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
		let raw = '';
		req.on('data', (chunk: Buffer) => (raw += chunk.toString('utf8')));
		req.on('end', () => {
			this.received.push({
				url: req.url ?? '',
				headers: req.headers,
				body: JSON.parse(raw) as Record<string, unknown>,
			});
			setTimeout(() => {
				this.inFlight -= 1;
				res
					.writeHead(this.status, { 'content-type': 'application/json' })
					.end(JSON.stringify({ received: this.received.length }));
			}, this.delayMs);
		});
	});

	async start(): Promise<void> {
		await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
		this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/hook`;
	}

	reset(): void {
		this.received.length = 0;
		this.status = 200;
		this.delayMs = 0;
		this.maxInFlight = 0;
	}

	topics(): string[] {
		return this.received.map((r) => String(r.headers['x-webhook-topic']));
	}

	close(): Promise<void> {
		return new Promise((resolve) => {
			this.server.close(() => resolve());
			this.server.closeAllConnections();
		});
	}
}

async function waitFor<T>(
	probe: () => Promise<T | undefined> | T | undefined,
	timeoutMs = 3000,
): Promise<T> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const value = await probe();
		if (value !== undefined) return value;
		if (Date.now() > deadline) throw new Error('waitFor: condition not met in time');
		await new Promise((r) => setTimeout(r, 20));
	}
}

let sandbox: RunningSandbox;
let admin: SandboxClient;
let api: AxiosInstance;
const receiver = new Receiver();

beforeAll(async () => {
	sandbox = await startSandbox({ influenceio: { rateLimit: null } });
	admin = new SandboxClient(sandbox.url);
	const { baseUrl, apiKey } = sandbox.vendors.influenceio;
	api = axios.create({
		baseURL: baseUrl,
		headers: { 'x-api-key': apiKey },
		validateStatus: () => true,
		timeout: 5000,
	});
	await receiver.start();
});
afterAll(async () => {
	await sandbox.close();
	await receiver.close();
});
beforeEach(async () => {
	await admin.reset();
	receiver.reset();
});

describe('Influence.io stand-in: webhook registration API', () => {
	it('creates (201), lists ({webhooks}), gets, updates and deletes webhooks', async () => {
		const created = await api.post('/v1/webhooks', { topic: 'points/redeemed', url: receiver.url });
		expect(created.status).toBe(201);
		expect(created.data).toEqual({
			id: expect.stringMatching(/^[0-9a-f]{24}$/),
			topic: 'points/redeemed',
			url: receiver.url,
			createdAt: expect.any(String),
			updatedAt: expect.any(String),
		});
		const id = created.data.id as string;
		expect((await api.get('/v1/webhooks')).data).toEqual({ webhooks: [created.data] });
		expect((await api.get(`/v1/webhooks/${id}`)).data).toEqual(created.data);
		const patched = await api.patch(`/v1/webhooks/${id}`, { topic: 'points/earned' });
		expect(patched.data).toMatchObject({ id, topic: 'points/earned', url: receiver.url });
		expect(
			(await api.put(`/v1/webhooks/${id}`, { url: `${receiver.url}?v=2` })).data,
		).toMatchObject({ topic: 'points/earned', url: `${receiver.url}?v=2` });
		expect((await api.delete(`/v1/webhooks/${id}`)).status).toBe(200);
		expect((await api.get('/v1/webhooks')).data).toEqual({ webhooks: [] });
		expect(await api.delete(`/v1/webhooks/${id}`)).toMatchObject({
			status: 404,
			data: { message: 'Webhook not found' },
		});
	});

	it('refuses unknown topics, bad URLs and a duplicate topic + URL, naming the field', async () => {
		expect(
			await api.post('/v1/webhooks', { topic: 'orders/created', url: receiver.url }),
		).toMatchObject({
			status: 400,
			data: { message: expect.stringMatching(/^topic: must be one of customers\/updated, /) },
		});
		expect(
			await api.post('/v1/webhooks', { topic: 'points/earned', url: 'ftp://x' }),
		).toMatchObject({ status: 400, data: { message: 'url: must be an http(s) URL' } });
		expect(await api.post('/v1/webhooks', { topic: 'points/earned' })).toMatchObject({
			status: 400,
			data: { message: 'url: is required' },
		});
		expect(
			(await api.post('/v1/webhooks', { topic: 'points/earned', url: receiver.url })).status,
		).toBe(201);
		expect(
			(await api.post('/v1/webhooks', { topic: 'points/earned', url: receiver.url })).status,
		).toBe(422);
		expect(
			(await api.post('/v1/webhooks', { topic: 'points/redeemed', url: receiver.url })).status,
		).toBe(201);
	});
});

describe('Influence.io stand-in: automatic deliveries', () => {
	it('sends points/redeemed to its webhook with X-Webhook-Topic and X-Webhook-Id (the webhook id), body = the payload', async () => {
		const hook = (await api.post('/v1/webhooks', { topic: 'points/redeemed', url: receiver.url }))
			.data as { id: string };
		const { payload } = await admin.influenceio.redeem({
			customer: 'ada@example.com',
			ruleId: 'rule-10-off',
		});
		const [got] = await waitFor(() =>
			receiver.received.length === 1 ? receiver.received : undefined,
		);
		expect(got.headers['x-webhook-topic']).toBe('points/redeemed');
		expect(got.headers['x-webhook-id']).toBe(hook.id);
		expect(got.headers['content-type']).toBe('application/json');
		expect(got.body).toEqual(payload);
		const [record] = await waitFor(async () => {
			const history = await admin.influenceio.deliveries();
			return history.length === 1 ? history : undefined;
		});
		expect(record).toMatchObject({
			webhookId: hook.id,
			topic: 'points/redeemed',
			webhookIdHeader: hook.id,
			status: 200,
			url: receiver.url,
		});
	});

	it('emits points/earned (order paid, once), customers/tier_changed and customers/updated only to their subscribers', async () => {
		for (const topic of ['points/earned', 'customers/tier_changed'])
			await admin.influenceio.addWebhook(topic, receiver.url);
		await api.post('/v1/orders', {
			orderId: 'w-1',
			customerId: '1003',
			totalPrice: 600,
			financialStatus: 'paid',
		});
		await api.patch('/v1/orders/w-1', { financialStatus: 'paid' });
		await waitFor(() => (receiver.received.length === 2 ? true : undefined));
		await new Promise((r) => setTimeout(r, 100));
		expect(receiver.topics().sort()).toEqual(['customers/tier_changed', 'points/earned']);
		const earned = receiver.received.find(
			(r) => r.headers['x-webhook-topic'] === 'points/earned',
		)!.body;
		expect(Object.keys(earned)).toEqual(['id', 'customer', 'action', 'points', 'type', 'ruleId']);
		expect(earned).toMatchObject({
			points: 600,
			customer: { externalId: '1003', pointBalance: 600 },
		});
		const tier = receiver.received.find(
			(r) => r.headers['x-webhook-topic'] === 'customers/tier_changed',
		)!.body;
		expect(tier).toEqual({
			customer: expect.objectContaining({
				externalId: '1003',
				currentLoyaltyTier: { id: 'tier-silver', title: 'Silver' },
			}),
			oldTier: { id: 'tier-bronze', title: 'Bronze', threshold: '0' },
			newTier: { id: 'tier-silver', title: 'Silver', threshold: '500' },
		});

		receiver.reset();
		await admin.influenceio.addWebhook('customers/updated', receiver.url);
		await api.put('/v1/customers/1003', { firstName: 'Alan M.' });
		const [updated] = await waitFor(() =>
			receiver.received.length === 1 ? receiver.received : undefined,
		);
		expect(updated.headers['x-webhook-topic']).toBe('customers/updated');
		// customers/updated carries the customer object itself at the top level.
		expect(updated.body).toMatchObject({
			externalId: '1003',
			name: 'Alan M. Turing',
			pointBalance: 600,
		});
	});

	it('stops delivering after reset (webhooks and history dropped)', async () => {
		await admin.influenceio.addWebhook('points/redeemed', receiver.url);
		await admin.reset();
		expect(await admin.influenceio.webhooks()).toEqual([]);
		await admin.influenceio.redeem({ customer: '1001' });
		await new Promise((r) => setTimeout(r, 150));
		expect(receiver.received).toEqual([]);
		expect(await admin.influenceio.deliveries()).toEqual([]);
	});
});

describe('Influence.io stand-in: webhook sender', () => {
	it('delivers copies one after the other with the same X-Webhook-Id, plus extra headers and query', async () => {
		const payload = {
			id: 'evt-1',
			customer: { externalId: '1001' },
			action: 'redeem',
			points: 500,
			type: 'coupon',
			ruleId: 'r',
			couponCode: 'C-1',
			rewardType: 'fixed_amount',
		};
		const out = await admin.influenceio.deliver({
			url: receiver.url,
			topic: 'points/redeemed',
			payload,
			copies: 3,
			headers: { 'X-Test': 'yes' },
			query: { secret: 's3' },
		});
		expect(out.deliveries.map((d) => [d.status, d.body])).toEqual([
			[200, { received: 1 }],
			[200, { received: 2 }],
			[200, { received: 3 }],
		]);
		expect(receiver.maxInFlight).toBe(1);
		expect(new Set(receiver.received.map((r) => r.headers['x-webhook-id']))).toEqual(
			new Set([out.webhookId]),
		);
		for (const got of receiver.received) {
			expect(got.url).toBe('/hook?secret=s3');
			expect(got.headers['x-webhook-topic']).toBe('points/redeemed');
			expect(got.headers['x-test']).toBe('yes');
			expect(got.body).toEqual(payload);
		}
	});

	it('delivers copies all at once when concurrent, with a chosen id, and records failures', async () => {
		receiver.delayMs = 150;
		const started = Date.now();
		const out = await admin.influenceio.deliver({
			url: receiver.url,
			topic: 'points/earned',
			payload: { id: 'x' },
			webhookId: 'hook-7',
			copies: 4,
			concurrent: true,
		});
		expect(out.webhookId).toBe('hook-7');
		expect(out.deliveries.map((d) => d.status)).toEqual([200, 200, 200, 200]);
		expect(receiver.maxInFlight).toBe(4);
		expect(Date.now() - started).toBeLessThan(4 * 150);

		const dead = await admin.influenceio.deliver({
			url: 'http://127.0.0.1:9/nothing',
			topic: 'points/earned',
			payload: {},
		});
		expect(dead.deliveries[0]).toMatchObject({
			status: 0,
			body: null,
			error: expect.stringMatching(/ECONNREFUSED/),
		});
		expect(
			(await admin.influenceio.deliveries()).map((d) => [d.status, d.webhookIdHeader]),
		).toEqual([
			[200, 'hook-7'],
			[200, 'hook-7'],
			[200, 'hook-7'],
			[200, 'hook-7'],
			[0, dead.webhookId],
		]);
		await expect(
			admin.influenceio.deliver({ url: receiver.url, topic: 'points/earned' } as never),
		).rejects.toMatchObject({ response: { status: 400 } });
	});
});
