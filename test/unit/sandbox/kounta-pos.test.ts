import { createHmac } from 'node:crypto';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';

import axios from 'axios';
import express from 'express';

import { SandboxClient } from '../../../sandbox/client';
import {
	lookupReplySchema,
	obsoleteLookupReplySchema,
	redeemReplySchema,
	searchReplySchema,
} from '../../../sandbox/kounta/loyalty-shapes';
import { startSandbox, type RunningSandbox } from '../../../sandbox/server';

/**
 * A tiny loyalty add-on: answers the POS with the documented shapes, or with the broken variant the
 * test picks. The redeem handler updates the order through the sandbox REST API, as the doc says (5.4).
 */
type Mode = 'right' | 'wrong';

interface Hit {
	method: string;
	path: string;
	query: Record<string, string>;
	signature?: string;
	body: string;
}

let sandbox: RunningSandbox;
let admin: SandboxClient;
let server: Server;
let base = '';
let mode: Mode = 'right';
let redeemDelayMs = 0;
const hits: Hit[] = [];

function member(id: string) {
	return {
		id,
		first_name: 'John',
		last_name: 'Smith',
		email_address: 'john.smith@example.com',
		current_points: '250',
		points_label: 'Beans',
		params: { tier: 'Gold' },
	};
}

beforeAll(async () => {
	sandbox = await startSandbox();
	admin = new SandboxClient(sandbox.url);
	const { baseUrl, clientId, clientSecret } = sandbox.vendors.kounta;
	const kounta = axios.create({
		baseURL: baseUrl,
		auth: { username: clientId, password: clientSecret },
		headers: { Accept: 'application/json' },
	});

	const app = express();
	app.use(express.text({ type: () => true }));
	app.use((req, _res, next) => {
		hits.push({
			method: req.method,
			path: req.path,
			query: Object.fromEntries(new URL(req.originalUrl, 'http://x').searchParams),
			signature: req.get('x-kounta-signature'),
			body: typeof req.body === 'string' ? req.body : '',
		});
		next();
	});
	app.all('/customer-search', (_req, res) => {
		if (mode === 'right') res.json({ members: { '911': member('911') } });
		// current_points as a number, no email_address, key not the member id.
		else res.json({ members: { wrong: { id: '911', first_name: 'John', current_points: 250 } } });
	});
	app.all('/reward-lookup', (req, res) => {
		const orderId = String(req.query.order_id);
		const redeem = (reward: string) =>
			`${base}/redeem?reward=${reward}&order_id=${mode === 'right' ? orderId : '1'}`;
		const rewards = [
			{
				id: 'R1',
				title: 'Free muffin',
				points_required: 100,
				redeem_url: redeem('R1'),
				action_label: 'Apply',
			},
			{
				id: 'R2',
				title: 'Points off',
				points_required: 200,
				redeem_url: redeem('R2'),
				variable_quantity: true,
			},
		];
		res.json({ members: { '911': { ...member('911'), rewards } } });
	});
	app.all('/redeem', async (req, res) => {
		await new Promise((r) => setTimeout(r, redeemDelayMs));
		if (mode === 'wrong') {
			res.json({ success: false });
			return;
		}
		const orderId = String(req.query.order_id);
		const order = (await kounta.get(`/companies/me/orders/${orderId}`)).data as {
			lines: Array<Record<string, unknown>>;
		};
		const note = req.query.quantity
			? `Redeemed ${String(req.query.quantity)} points`
			: `Reward ${String(req.query.reward)}`;
		await kounta.put(`/companies/me/orders/${orderId}`, {
			lines: [
				...order.lines.map(({ product_id, quantity, unit_price, price_variation, notes }) => ({
					product_id,
					quantity,
					unit_price,
					price_variation,
					notes,
				})),
				{ product_id: 1003, price_variation: 0, notes: note },
			],
			notes: note,
		});
		res.json({ success: true });
	});
	app.get('/text', (_req, res) => {
		res.type('text/plain').send('members');
	});
	server = app.listen(0, '127.0.0.1');
	await new Promise<void>((resolve) => server.once('listening', () => resolve()));
	base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
	await new Promise<void>((resolve) => {
		server.close(() => resolve());
		server.closeAllConnections();
	});
	await sandbox.close();
});
beforeEach(async () => {
	await admin.reset();
	hits.length = 0;
	mode = 'right';
	redeemDelayMs = 0;
});

describe('Kounta POS simulator', () => {
	it('searches with keyword, company_id, site_id and a placeholder order_id appended to the configured URL, and accepts the documented reply', async () => {
		await admin.kounta.setLoyalty({
			searchUrl: `${base}/customer-search?orgid=ABC`,
			rewardsUrl: `${base}/reward-lookup`,
		});
		const result = await admin.kounta.pos.search({ keyword: 'John Smith' });
		expect(result).toMatchObject({
			ok: true,
			status: 200,
			issues: [],
			method: 'GET',
			body: { members: { '911': { id: '911' } } },
		});
		expect(result.ms).toBeGreaterThan(0);
		expect(result.placeholderOrderId).toMatch(/^\d{9}$/);
		expect(hits).toEqual([
			{
				method: 'GET',
				path: '/customer-search',
				query: {
					orgid: 'ABC',
					keyword: 'John Smith',
					company_id: '456',
					site_id: '123',
					order_id: result.placeholderOrderId,
				},
				signature: undefined,
				body: '',
			},
		]);
		expect(result.url).toContain('keyword=John+Smith');
	});

	it('reports every documented-shape violation of a wrong search reply', async () => {
		mode = 'wrong';
		const result = await admin.kounta.pos.search({
			searchUrl: `${base}/customer-search`,
			keyword: 'x',
			placeholderOrderId: '111',
		});
		expect(result.ok).toBe(false);
		expect(result.issues).toEqual([
			'members.wrong.email_address: Required',
			'members.wrong.current_points: Expected string, received number',
		]);
		const text = await admin.kounta.pos.search({ searchUrl: `${base}/text`, keyword: 'x' });
		expect(text.ok).toBe(false);
		expect(text.issues[0]).toBe(
			'content-type: expected application/json, got text/plain; charset=utf-8',
		);
		const down = await admin.kounta.pos.search({
			searchUrl: 'http://127.0.0.1:9/nothing',
			keyword: 'x',
			timeoutMs: 1000,
		});
		expect(down).toMatchObject({ ok: false, status: 0 });
		expect(down.issues[0]).toMatch(/^request failed/);
	});

	it('looks up rewards with customer_id and reference_id, and checks each redeem_url carries the placeholder', async () => {
		const right = await admin.kounta.pos.lookup({
			rewardsUrl: `${base}/reward-lookup`,
			customerId: 789,
			referenceId: '911',
			placeholderOrderId: '111',
		});
		expect(right.ok).toBe(true);
		expect(right.rewards.map((r) => r.id)).toEqual(['R1', 'R2']);
		expect(hits[0].query).toEqual({
			customer_id: '789',
			reference_id: '911',
			company_id: '456',
			site_id: '123',
			order_id: '111',
		});
		mode = 'wrong';
		const wrong = await admin.kounta.pos.lookup({
			rewardsUrl: `${base}/reward-lookup`,
			customerId: 789,
			referenceId: '911',
			placeholderOrderId: '111',
		});
		expect(wrong.ok).toBe(false);
		expect(wrong.issues).toEqual([
			'rewards.0.redeem_url: must carry order_id=111 (the placeholder sent), got 1',
			'rewards.1.redeem_url: must carry order_id=111 (the placeholder sent), got 1',
		]);
		// The same reply is not the obsolete layout.
		const obsolete = await admin.kounta.pos.lookup({
			rewardsUrl: `${base}/reward-lookup`,
			referenceId: '911',
			layout: 'obsolete',
		});
		expect(obsolete.issues).toContain('member: Required');
	});

	it('checkout: search → lookup → redeem on the real order; the add-on updates the order through the REST API', async () => {
		await admin.kounta.setLoyalty({
			searchUrl: `${base}/customer-search`,
			rewardsUrl: `${base}/reward-lookup`,
			signatureSecret: 'loyalty-secret',
		});
		const order = await admin.kounta.createOrder({ customer_id: 789 });
		const result = await admin.kounta.pos.checkout({
			keyword: 'John',
			orderId: order.id,
			rewardId: 'R2',
			quantity: 50,
		});
		expect(result).toMatchObject({
			ok: true,
			orderId: order.id,
			member: { id: '911' },
			reward: { id: 'R2' },
		});
		expect(result.redeem).toMatchObject({ ok: true, status: 200, body: { success: true } });
		expect(result.order?.notes).toBe('Redeemed 50 points');
		expect(result.order?.lines.map((l) => l.product_id)).toEqual([1001, 1003]);
		const redeem = hits.find((h) => h.path === '/redeem');
		expect(redeem?.query).toEqual({ reward: 'R2', order_id: String(order.id), quantity: '50' });
		// Linked customer 789 (reference_id 911) is what the POS sends as customer_id.
		expect(hits.find((h) => h.path === '/reward-lookup')?.query.customer_id).toBe('789');
		// Every call signed: HMAC-SHA256 hex of the raw body (empty for GET).
		const empty = createHmac('sha256', 'loyalty-secret').update('').digest('hex');
		expect(hits.map((h) => h.signature)).toEqual([empty, empty, empty]);
		expect(
			hits
				.filter((h) => h.path !== '/customer-search')
				.every((h) => h.query.order_id !== undefined),
		).toBe(true);
	});

	it('checkout with POST sends the parameters as a signed JSON body too', async () => {
		await admin.kounta.setLoyalty({
			searchUrl: `${base}/customer-search`,
			rewardsUrl: `${base}/reward-lookup`,
			signatureSecret: 'k',
		});
		const result = await admin.kounta.pos.checkout({
			keyword: 'John',
			method: 'POST',
			placeholderOrderId: '4242',
		});
		expect(result.ok).toBe(true);
		const search = hits[0];
		expect(search.method).toBe('POST');
		expect(JSON.parse(search.body)).toEqual({
			keyword: 'John',
			company_id: '456',
			site_id: '123',
			order_id: '4242',
		});
		expect(search.signature).toBe(createHmac('sha256', 'k').update(search.body).digest('hex'));
	});

	it('a redeem reply of success:false without error, or a slow add-on, fails with the reason and the time taken', async () => {
		const order = await admin.kounta.createOrder();
		mode = 'wrong';
		const bad = await admin.kounta.pos.redeem({
			redeemUrl: `${base}/redeem?order_id=111`,
			orderId: order.id,
			placeholderOrderId: '111',
		});
		expect(bad.ok).toBe(false);
		expect(bad.issues).toEqual(['error: is required when success is false']);
		expect(hits[0].query.order_id).toBe(String(order.id));
		const noPlaceholder = await admin.kounta.pos.redeem({
			redeemUrl: `${base}/redeem?x=1`,
			orderId: order.id,
			placeholderOrderId: '111',
		});
		expect(noPlaceholder.issues[0]).toBe(
			'redeem_url: no order_id=111 placeholder to replace; called as given',
		);
		mode = 'right';
		redeemDelayMs = 400;
		const slow = await admin.kounta.pos.redeem({
			redeemUrl: `${base}/redeem?order_id=111`,
			orderId: order.id,
			placeholderOrderId: '111',
			timeoutMs: 150,
		});
		expect(slow).toMatchObject({ ok: false, status: 0 });
		expect(slow.ms).toBeGreaterThanOrEqual(140);
		expect(slow.issues[0]).toMatch(/timeout/);
	});

	it('without configured URLs the admin API answers 400 with the reason', async () => {
		await expect(admin.kounta.pos.search({ keyword: 'x' })).rejects.toMatchObject({
			response: { status: 400, data: { error: expect.stringContaining('Customer Search URL') } },
		});
	});
});

describe('Kounta loyalty reply schemas', () => {
	it('accept the documented shapes and reject near misses', () => {
		expect(
			searchReplySchema.safeParse({
				members: { '1': { id: '1', first_name: 'A', email_address: 'a@b.c' } },
			}).success,
		).toBe(true);
		expect(
			searchReplySchema.safeParse({
				members: [{ id: '1', first_name: 'A', email_address: 'a@b.c' }],
			}).success,
		).toBe(false);
		expect(
			searchReplySchema.safeParse({
				members: { '1': { id: 1, first_name: 'A', email_address: 'a@b.c' } },
			}).success,
		).toBe(false);
		const mismatch = searchReplySchema.safeParse({
			members: { '2': { id: '1', first_name: 'A', email_address: 'a@b.c' } },
		});
		expect(mismatch.success ? [] : mismatch.error.issues.map((i) => i.message)).toEqual([
			'must equal its key "2" in members',
		]);
		const reward = {
			id: 'r',
			title: 'T',
			redeem_url: 'https://x.test/r?order_id=1',
			points_required: 10,
		};
		expect(
			lookupReplySchema.safeParse({
				members: { m: { id: 'm', first_name: 'A', email_address: 'a@b.c', rewards: [reward] } },
			}).success,
		).toBe(true);
		expect(
			lookupReplySchema.safeParse({
				members: {
					m: {
						id: 'm',
						first_name: 'A',
						email_address: 'a@b.c',
						rewards: [{ ...reward, redeem_url: '/relative' }],
					},
				},
			}).success,
		).toBe(false);
		expect(lookupReplySchema.safeParse({ members: {} }).success).toBe(false);
		expect(
			obsoleteLookupReplySchema.safeParse({
				member: { id: 'm', current_points: 5 },
				rewards: [{ ...reward, terms: 't' }],
			}).success,
		).toBe(true);
		expect(redeemReplySchema.safeParse({ success: true }).success).toBe(true);
		expect(redeemReplySchema.safeParse({ success: false, error: 'No points' }).success).toBe(true);
		expect(redeemReplySchema.safeParse({ success: true, error: 'x' }).success).toBe(false);
		expect(redeemReplySchema.safeParse({ success: 'true' }).success).toBe(false);
	});
});
