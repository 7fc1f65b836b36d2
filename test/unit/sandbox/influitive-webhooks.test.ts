import http from 'node:http';
import type { AddressInfo } from 'node:net';

import axios from 'axios';

import { SandboxClient } from '../../../sandbox/client';
import { startSandbox, type RunningSandbox } from '../../../sandbox/server';

interface Received {
	url: string;
	headers: http.IncomingHttpHeaders;
	body: Record<string, unknown> & { id: number; type: string };
}

/** A local webhook receiver: records every POST, answers after `delayMs` with `status` and a JSON body. */
class Receiver {
	readonly received: Received[] = [];

	status = 200;

	delayMs = 0;

	inFlight = 0;

	maxInFlight = 0;

	private readonly server = http.createServer((req, res) => {
		this.inFlight += 1;
		this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
		let raw = '';
		req.on('data', (chunk: Buffer) => (raw += chunk.toString('utf8')));
		req.on('end', () => {
			this.received.push({
				url: req.url ?? '',
				headers: req.headers,
				body: JSON.parse(raw) as Received['body'],
			});
			setTimeout(() => {
				this.inFlight -= 1;
				if (this.status >= 500) {
					res.writeHead(this.status, { 'content-type': 'text/plain' }).end('receiver broke');
					return;
				}
				res
					.writeHead(this.status, { 'content-type': 'application/json' })
					.end(JSON.stringify({ received: this.received.length }));
			}, this.delayMs);
		});
	});

	url = '';

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
const receiver = new Receiver();

beforeAll(async () => {
	sandbox = await startSandbox();
	admin = new SandboxClient(sandbox.url);
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

describe('Influitive stand-in: webhook sender', () => {
	it('creates a redemption (points deducted) with its event, unique and increasing ids', async () => {
		const first = await admin.influitive.createRedemption({
			email: 'ada@example.com',
			rewardId: 77,
			size: 'L',
			shippingAddress: { address_2: 'Apt 4', name: 'A. Lovelace' },
		});
		const second = await admin.influitive.createRedemption({ memberId: 8, reward: 78 });
		expect(second.event.id).toBeGreaterThan(first.event.id);
		expect(second.redemption.id).toBeGreaterThan(first.redemption.id);
		expect(first.redemption.event_id).toBe(first.event.id);
		expect(first.event.parameters.reward_redemption.shipping_address).toMatchObject({
			name: 'A. Lovelace',
			address: '7 Analytical Way',
			address_2: 'Apt 4',
		});
		expect((await admin.influitive.member(7)).current_points).toBe(4500);
		expect(await admin.influitive.ledger()).toEqual([
			expect.objectContaining({
				member_id: 7,
				delta: -500,
				balance: 4500,
				ref: first.redemption.id,
			}),
			expect.objectContaining({
				member_id: 8,
				delta: -300,
				balance: 4700,
				ref: second.redemption.id,
			}),
		]);
		// The hub's own events list has them too.
		expect((await admin.influitive.events()).map((e) => [e.id, e.type])).toEqual([
			[first.event.id, 'reward_redemption_requested'],
			[second.event.id, 'reward_redemption_requested'],
		]);
	});

	it('delivers copies one after the other: the same event (same id) every time, JSON, with headers and query', async () => {
		const { redemption, event } = await admin.influitive.createRedemption({
			member: 'grace@example.com',
			reward: 77,
			size: 'M',
		});
		const out = await admin.influitive.deliver({
			url: receiver.url,
			redemptionId: redemption.uuid,
			copies: 3,
			headers: { 'X-Test': 'yes' },
			query: { token: 's3cret' },
		});
		expect(out.event).toEqual(event);
		expect(out.deliveries.map((d) => [d.status, d.body])).toEqual([
			[200, { received: 1 }],
			[200, { received: 2 }],
			[200, { received: 3 }],
		]);
		expect(receiver.maxInFlight).toBe(1);
		expect(receiver.received).toHaveLength(3);
		for (const got of receiver.received) {
			expect(got.url).toBe('/hook?token=s3cret');
			expect(got.headers['content-type']).toBe('application/json');
			expect(got.headers['x-test']).toBe('yes');
			expect(got.body).toEqual(event);
		}
		// Delivering again later is a redelivery of the same event, not a new one.
		await admin.influitive.deliver({ url: receiver.url, redemptionId: redemption.id });
		expect(new Set(receiver.received.map((r) => r.body.id))).toEqual(new Set([event.id]));
	});

	it('delivers copies all at once when concurrent', async () => {
		receiver.delayMs = 150;
		const { redemption } = await admin.influitive.createRedemption({
			member: 7,
			reward: 77,
			size: 'S',
		});
		const started = Date.now();
		const out = await admin.influitive.deliver({
			url: receiver.url,
			redemptionId: redemption.id,
			copies: 5,
			concurrent: true,
		});
		expect(out.deliveries.map((d) => d.status)).toEqual([200, 200, 200, 200, 200]);
		expect(receiver.maxInFlight).toBe(5);
		expect(Date.now() - started).toBeLessThan(5 * 150);
		expect(new Set(receiver.received.map((r) => r.body.id)).size).toBe(1);
	});

	it('sends a given event as is, reports receiver errors and unreachable URLs, and keeps a history', async () => {
		const custom = { id: 1, type: 'earned_badge', parameters: {} };
		expect(
			(await admin.influitive.deliver({ url: receiver.url, event: custom })).deliveries[0].status,
		).toBe(200);
		expect(receiver.received[0].body).toEqual(custom);
		receiver.status = 500;
		expect(
			(await admin.influitive.deliver({ url: receiver.url, event: custom })).deliveries[0],
		).toMatchObject({ status: 500, body: 'receiver broke' });
		const dead = (
			await admin.influitive.deliver({ url: 'http://127.0.0.1:9/nothing', event: custom })
		).deliveries[0];
		expect(dead).toMatchObject({
			status: 0,
			body: null,
			error: expect.stringMatching(/ECONNREFUSED/),
		});
		expect(
			(await admin.influitive.deliveries()).map((d) => [d.status, d.event_id, d.event_type]),
		).toEqual([
			[200, 1, 'earned_badge'],
			[500, 1, 'earned_badge'],
			[0, 1, 'earned_badge'],
		]);
		await expect(
			admin.influitive.deliver({ url: receiver.url, redemptionId: 999999 }),
		).rejects.toMatchObject({ response: { status: 404 } });
		await expect(admin.influitive.deliver({ url: receiver.url })).rejects.toMatchObject({
			response: { status: 400 },
		});
	});
});

describe('Influitive stand-in: webhook subscriptions', () => {
	it('delivers every new redemption to subscribers automatically and records the outcome', async () => {
		const sub = await admin.influitive.subscribe(receiver.url, { query: { token: 'abc' } });
		expect(sub).toMatchObject({ url: receiver.url, events: ['reward_redemption_requested'] });
		const { event } = await admin.influitive.createRedemption({
			member: 8,
			reward: 77,
			size: 'XL',
		});
		const [got] = await waitFor(() =>
			receiver.received.length === 1 ? receiver.received : undefined,
		);
		expect(got.url).toBe('/hook?token=abc');
		expect(got.body).toEqual(event);
		const [record] = await waitFor(async () => {
			const history = await admin.influitive.deliveries();
			return history.length === 1 ? history : undefined;
		});
		expect(record).toMatchObject({
			subscription_id: sub.id,
			url: receiver.url,
			event_id: event.id,
			event_type: 'reward_redemption_requested',
			status: 200,
		});

		// A subscriber that fails is recorded too, and does not stop the redemption.
		receiver.status = 503;
		const second = await admin.influitive.createRedemption({ member: 8, reward: 78 });
		await waitFor(async () =>
			(await admin.influitive.deliveries()).length === 2 ? true : undefined,
		);
		expect((await admin.influitive.deliveries())[1]).toMatchObject({
			event_id: second.event.id,
			status: 503,
		});
		expect((await admin.influitive.redemption(second.redemption.id)).status).toBe('pending');
	});

	it('filters by event type: a referral_won subscriber gets the won referral, not redemptions', async () => {
		await admin.influitive.subscribe(receiver.url, { events: ['referral_won'] });
		await admin.influitive.createRedemption({ member: 7, reward: 78 });
		const { baseUrl, token, orgId } = sandbox.vendors.influitive;
		const hub = axios.create({
			baseURL: baseUrl,
			headers: { Authorization: `Token ${token}`, X_ORG_ID: orgId },
		});
		const referral = (
			await hub.post('/referrals', {
				referral: {
					prospect: { email: 'pat@prospect.test', first_name: 'Pat' },
					contact: { id: 7 },
					campaign_id: 'e5000000-0000-4000-8000-000000000001',
				},
			})
		).data;
		await hub.put(`/referrals/${referral.id}/milestones/won`, { feedback: 'closed' });
		// One for the submission, one for the win: the published type is referral_won for every milestone.
		const [, got] = await waitFor(() =>
			receiver.received.length > 1 ? receiver.received : undefined,
		);
		expect(got.body).toMatchObject({
			type: 'referral_won',
			name: 'Referral Won',
			parameters: { referral_id: referral.id, feedback: 'closed' },
			contact: { id: 7 },
		});
		await new Promise((r) => setTimeout(r, 100));
		expect(receiver.received).toHaveLength(2);
	});

	it('unsubscribes, and reset drops subscriptions and history', async () => {
		const a = await admin.influitive.subscribe(receiver.url);
		await admin.influitive.subscribe(`${receiver.url}?second=1`, { events: ['*'] });
		await admin.influitive.unsubscribe(a.id);
		expect((await admin.influitive.subscriptions()).map((s) => s.events)).toEqual([['*']]);
		await admin.influitive.createRedemption({ member: 7, reward: 78 });
		await waitFor(async () =>
			(await admin.influitive.deliveries()).length === 1 ? true : undefined,
		);
		expect(receiver.received.map((r) => r.url)).toEqual(['/hook?second=1']);

		await admin.reset();
		receiver.reset();
		expect(await admin.influitive.subscriptions()).toEqual([]);
		expect(await admin.influitive.deliveries()).toEqual([]);
		await admin.influitive.createRedemption({ member: 7, reward: 78 });
		await new Promise((r) => setTimeout(r, 150));
		expect(receiver.received).toEqual([]);
	});
});
