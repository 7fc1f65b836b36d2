import http from 'node:http';
import type { AddressInfo } from 'node:net';

import axios from 'axios';

import { SandboxClient } from '../../../sandbox/client';
import { startSandbox, type RunningSandbox } from '../../../sandbox/server';

let sandbox: RunningSandbox;
let admin: SandboxClient;
let hub: ReturnType<typeof axios.create>;

beforeAll(async () => {
	sandbox = await startSandbox({ influitive: { rateLimit: { requests: 30, windowMs: 60_000 }, pageSize: 2 } });
	admin = new SandboxClient(sandbox.url);
	const { baseUrl, token, orgId } = sandbox.vendors.influitive;
	hub = axios.create({ baseURL: baseUrl, headers: { Authorization: `Token ${token}`, X_ORG_ID: orgId }, validateStatus: () => true });
});
afterAll(() => sandbox.close());
beforeEach(() => admin.reset());

describe('Influitive stand-in', () => {
	it('needs both headers and answers 401 with an empty text/plain body otherwise', async () => {
		const { baseUrl, token } = sandbox.vendors.influitive;
		const noOrg = await axios.get(`${baseUrl}/members/me`, { headers: { Authorization: `Token ${token}` }, validateStatus: () => true });
		expect(noOrg.status).toBe(401);
		expect(noOrg.data).toBe('');
		expect(noOrg.headers['www-authenticate']).toBe('Token realm=Api');
		expect(noOrg.headers['content-type']).toMatch(/^text\/plain/);
		const ok = await hub.get('/members/me');
		expect(ok.status).toBe(200);
		expect(ok.data.email).toBe('api@hub.test');
		const [call] = (await admin.calls({ vendor: 'influitive' })).slice(-1);
		expect(call.headers.authorization).toMatch(/^sha256:/);
		expect(call.headers['x_org_id']).toBe(sandbox.vendors.influitive.orgId);
	});

	it('queues redemptions (points deducted), pages them with links.next, and joins contacts', async () => {
		for (const member of ['ada@example.com', 'grace@example.com', 'ada@example.com']) {
			await admin.influitive.createRedemption({ member, reward: 77, size: 'M' });
		}
		expect((await admin.influitive.member('ada@example.com')).current_points).toBe(4000);
		const first = await hub.get('/reward_redemptions');
		const ids = first.data.reward_redemptions.map((r: { id: number }) => r.id);
		expect(ids).toHaveLength(2);
		expect(ids[1]).toBe(ids[0] + 1);
		expect(first.data.contacts.map((c: { email: string }) => c.email).sort()).toEqual(['ada@example.com', 'grace@example.com']);
		expect(first.data.reward_redemptions[0]).toMatchObject({ reward: { metadata: { provider: 'Kotis', sku: '107529-1' } }, answers: [{ question: 'Size', answer: 'M' }] });
		expect(first.data.links.next).toBe(`${sandbox.vendors.influitive.baseUrl}/reward_redemptions?page=2`);
		const next = await hub.get(first.data.links.next);
		expect(next.data.reward_redemptions.map((r: { id: number }) => r.id)).toEqual([ids[1] + 1]);
		expect(next.data.links.next).toBeNull();
	});

	it('fulfils, refuses with points restored, and refuses a second decision', async () => {
		const a = (await admin.influitive.createRedemption({ member: 7, reward: 77, size: 'S' })).redemption.id;
		const b = (await admin.influitive.createRedemption({ member: 7, reward: 78 })).redemption.id;
		expect((await hub.post(`/reward_redemptions/${a}/decision/fulfill`, { message: 'Order 1 shipped' })).status).toBe(200);
		expect((await hub.post(`/reward_redemptions/${b}/decision/refuse`, { message: 'Out of stock' })).status).toBe(200);
		expect((await admin.influitive.member(7)).current_points).toBe(5000 - 500);
		const again = await hub.post(`/reward_redemptions/${a}/decision/refuse`, { message: 'x' });
		expect(again.status).toBe(422);
		expect((await hub.post(`/reward_redemptions/${a}/decision/reject`, { message: 'x' })).status).toBe(404);
		expect((await hub.post(`/reward_redemptions/${b}/decision/fulfill`, {})).status).toBe(422);
		const records = await admin.influitive.redemptions();
		expect(records.map((r) => [r.status, r.decision?.message])).toEqual([
			['fulfilled', 'Order 1 shipped'],
			['refused', 'Out of stock'],
		]);
		expect((await hub.get('/reward_redemptions')).data.reward_redemptions).toEqual([]);
	});

	it('awards points for every event posted, even the same one twice', async () => {
		const body = { type: 'points_restored', contact: { email: 'alan@example.com' }, points: '200' };
		expect((await hub.post('/events', body)).status).toBe(201);
		expect((await hub.post('/events', body)).status).toBe(201);
		expect((await admin.influitive.member('alan@example.com')).current_points).toBe(700);
	});

	it('delivers the redemption webhook, several copies at once', async () => {
		const received: unknown[] = [];
		const server = http.createServer((req, res) => {
			let body = '';
			req.on('data', (c) => (body += c));
			req.on('end', () => {
				received.push({ url: req.url, body: JSON.parse(body) });
				res.setHeader('content-type', 'application/json');
				res.end('{"received":true}');
			});
		});
		await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
		const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
		const { redemption } = await admin.influitive.createRedemption({ member: 8, reward: 77, size: 'L' });
		const out = await admin.influitive.deliver({ url, redemptionId: redemption.id, copies: 3, concurrent: true, query: { token: 's' } });
		server.close();
		expect(out.deliveries.map((d) => d.status)).toEqual([200, 200, 200]);
		expect(received).toHaveLength(3);
		expect(received[0]).toMatchObject({
			url: '/hook?token=s',
			body: { type: 'reward_redemption_requested', parameters: { reward_redemption: { id: redemption.id }, reward: { id: 77 } }, contact: { email: 'grace@example.com' } },
		});
		const ids = received.map((r) => (r as { body: { id: number } }).body.id);
		expect(new Set(ids).size).toBe(1);
	});

	it('throttles past its window with Retry-After', async () => {
		let last = 0;
		for (let i = 0; i < 31; i++) last = (await hub.get('/members/me')).status;
		expect(last).toBe(429);
		await admin.influitive.resetRateLimit();
		expect((await hub.get('/members/me')).status).toBe(200);
	});
});
