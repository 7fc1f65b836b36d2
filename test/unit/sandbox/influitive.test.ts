import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';

import axios, { type AxiosInstance } from 'axios';

import { SandboxClient, fingerprint } from '../../../sandbox/client';
import { startSandbox, type RunningSandbox } from '../../../sandbox/server';

let sandbox: RunningSandbox;
let admin: SandboxClient;
let hub: AxiosInstance;

beforeAll(async () => {
	sandbox = await startSandbox({ influitive: { pageSize: 2 } });
	admin = new SandboxClient(sandbox.url);
	const { baseUrl, token, orgId } = sandbox.vendors.influitive;
	hub = axios.create({
		baseURL: baseUrl,
		headers: { Authorization: `Token ${token}`, X_ORG_ID: orgId },
		validateStatus: () => true,
		timeout: 5000,
	});
});
afterAll(() => sandbox.close());
beforeEach(() => admin.reset());

/** Keys and value types, recursively (first element of arrays), in key order. */
function shape(value: unknown): unknown {
	if (Array.isArray(value)) return value.length > 0 ? [shape(value[0])] : [];
	if (value === null) return null;
	if (typeof value === 'object')
		return Object.fromEntries(
			Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, shape(v)]),
		);
	return typeof value;
}

/** The webhook example of the payload contract the n8n trigger's defaults are built from. */
function contractExample(): Record<string, unknown> {
	const md = fs.readFileSync(
		path.join(__dirname, '..', '..', '..', 'nodes', 'Influitive', 'REDEMPTION_PAYLOAD.md'),
		'utf8',
	);
	const block = /```json\n([\s\S]*?)\n```/.exec(md);
	if (!block) throw new Error('no json block in REDEMPTION_PAYLOAD.md');
	return JSON.parse(block[1]) as Record<string, unknown>;
}

describe('Influitive stand-in: auth', () => {
	it('exposes base URL (no version segment), token and org id', () => {
		const info = sandbox.vendors.influitive;
		expect(info.baseUrl).toBe(`${sandbox.url}/influitive`);
		expect(info.token).toBe('influitive-test-token');
		expect(info.orgId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
	});

	it('answers 401 with an empty text/plain body and WWW-Authenticate unless both headers are right', async () => {
		const { baseUrl, token, orgId } = sandbox.vendors.influitive;
		const attempts: Array<Record<string, string>> = [
			{},
			{ Authorization: `Token ${token}` },
			{ X_ORG_ID: orgId },
			{ Authorization: `Token wrong`, X_ORG_ID: orgId },
			{ Authorization: `Token ${token}`, X_ORG_ID: 'another-org' },
			{ Authorization: `Bearer ${token}`, X_ORG_ID: orgId },
			{ Authorization: `Token token=${token}`, X_ORG_ID: orgId },
			{ Authorization: token, X_ORG_ID: orgId },
			{ Authorization: `Token ${token}`, 'X-Org-Id': orgId },
		];
		for (const headers of attempts) {
			const reply = await axios.get(`${baseUrl}/members/me`, {
				headers,
				validateStatus: () => true,
				responseType: 'text',
			});
			expect({ headers, status: reply.status }).toEqual({ headers, status: 401 });
			expect(reply.data).toBe('');
			expect(reply.headers['content-length']).toBe('0');
			expect(reply.headers['www-authenticate']).toBe('Token realm=Api');
			expect(reply.headers['content-type']).toMatch(/^text\/plain/);
		}
		const ok = await hub.get('/members/me');
		expect(ok.status).toBe(200);
		expect(ok.data).toMatchObject({ id: 1, email: 'api@hub.test' });
		expect(ok.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
		expect(Number(ok.headers['x-runtime'])).toBeGreaterThanOrEqual(0);
	});

	it('receives X_ORG_ID with its underscores through Node’s HTTP client, and records the token only as a fingerprint', async () => {
		const { baseUrl, token, orgId } = sandbox.vendors.influitive;
		// Plain node:http, header name exactly as documented.
		const status = await new Promise<number>((resolve, reject) => {
			const req = http.get(
				`${baseUrl}/members/me`,
				{ headers: { Authorization: `Token ${token}`, X_ORG_ID: orgId } },
				(res) => {
					res.resume();
					res.on('end', () => resolve(res.statusCode ?? 0));
				},
			);
			req.on('error', reject);
		});
		expect(status).toBe(200);
		expect((await hub.get('/members/7')).status).toBe(200);
		const calls = await admin.calls({ vendor: 'influitive' });
		expect(calls.map((c) => c.status)).toEqual([200, 200]);
		for (const call of calls) {
			expect(call.headers['x_org_id']).toBe(orgId);
			expect(call.headers.authorization).toBe(fingerprint(`Token ${token}`));
		}
		expect(JSON.stringify(calls)).not.toContain(token);
	});
});

describe('Influitive stand-in: members and contacts', () => {
	it('finds members by id, uuid and email (an array), creates them (201) and refuses a taken email', async () => {
		const ada = (await hub.get('/members/7')).data;
		expect(ada).toMatchObject({
			id: 7,
			name: 'Ada Lovelace',
			first_name: 'Ada',
			last_name: 'Lovelace',
			email: 'ada@example.com',
			type: 'Advocate',
			current_points: 5000,
			lifetime_points: 5000,
			address: {
				address: '7 Analytical Way',
				address_2: '',
				city: 'Seattle',
				state: 'WA',
				zip: '98102',
				country: 'US',
				phone_number: '',
			},
			level: { id: 1, name: 'Insider' },
		});
		expect((await hub.get(`/members/${ada.uuid}`)).data.id).toBe(7);
		expect((await hub.get('/members/999')).status).toBe(404);
		const byEmail = await hub.get('/members', { params: { email: 'Grace@Example.com' } });
		expect(byEmail.data).toEqual([expect.objectContaining({ id: 8, email: 'grace@example.com' })]);
		expect((await hub.get('/members', { params: { email: 'nobody@example.com' } })).data).toEqual(
			[],
		);

		const created = await hub.post('/members', {
			email: 'new@example.com',
			name: 'New Person',
			company: 'Acme',
			type: 'Nominee',
		});
		expect(created.status).toBe(201);
		expect(created.data).toMatchObject({
			email: 'new@example.com',
			first_name: 'New',
			last_name: 'Person',
			company: 'Acme',
			type: 'Nominee',
			current_points: 0,
		});
		expect((await hub.get(`/members/${created.data.id}`)).data.email).toBe('new@example.com');
		const again = await hub.post('/members', { email: 'NEW@example.com' });
		expect(again.status).toBe(422);
		expect(again.data).toEqual({ errors: ['Email has already been taken'] });
		expect((await hub.post('/members', { name: 'no email' })).status).toBe(422);
	});

	it('pages /contacts through links.next (full URLs keeping the filters) until there is no next', async () => {
		const collect = async (first: string, params?: Record<string, string>) => {
			const pages: Array<{ links: Record<string, string>; contacts: Array<{ email: string }> }> =
				[];
			let reply = await hub.get(first, { params });
			for (;;) {
				expect(reply.status).toBe(200);
				pages.push(reply.data);
				if (!reply.data.links.next) break;
				reply = await hub.get(reply.data.links.next);
			}
			return pages;
		};
		const all = await collect('/contacts', { 'q[status]': 'all' });
		expect(all.map((p) => p.contacts.length)).toEqual([2, 2, 2]);
		expect(all.flatMap((p) => p.contacts.map((c) => c.email))).toEqual([
			'api@hub.test',
			'ada@example.com',
			'grace@example.com',
			'alan@example.com',
			'katherine@example.com',
			'linus@example.com',
		]);
		const next = new URL(all[0].links.next);
		expect(`${next.origin}${next.pathname}`).toBe(`${sandbox.vendors.influitive.baseUrl}/contacts`);
		expect(next.searchParams.get('q[status]')).toBe('all');
		expect(next.searchParams.get('page')).toBe('2');
		expect(all[2].links).not.toHaveProperty('next');
		expect(new URL(all[2].links.self).searchParams.get('page')).toBe('3');

		// Without q[status]=all the nominee and the locked member are left out.
		const active = await collect('/contacts');
		expect(active.flatMap((p) => p.contacts.map((c) => c.email))).toHaveLength(4);
		const filtered = await collect('/contacts', {
			'q[status]': 'all',
			'q[email]': 'GRACE@example.com',
		});
		expect(filtered).toHaveLength(1);
		expect(filtered[0].contacts).toEqual([
			expect.objectContaining({ id: 8, current_points: 5000 }),
		]);
		expect((await hub.get('/contacts', { params: { page: '9' } })).data).toEqual({
			links: { self: expect.stringContaining('page=9') },
			contacts: [],
		});
	});
});

describe('Influitive stand-in: the redemption queue', () => {
	it('lists only pending redemptions, oldest first, paged, with the advocates side-loaded', async () => {
		for (const email of ['ada@example.com', 'grace@example.com', 'ada@example.com']) {
			await admin.influitive.createRedemption({ email, rewardId: 77, size: 'M' });
		}
		expect((await admin.influitive.member('ada@example.com')).current_points).toBe(4000);
		const first = await hub.get('/reward_redemptions');
		expect(first.status).toBe(200);
		expect(Object.keys(first.data)).toEqual(['reward_redemptions', 'contacts', 'links']);
		const ids = first.data.reward_redemptions.map((r: { id: number }) => r.id);
		expect(ids).toHaveLength(2);
		expect(ids[1]).toBeGreaterThan(ids[0]);
		expect(first.data.contacts.map((c: { email: string }) => c.email)).toEqual([
			'ada@example.com',
			'grace@example.com',
		]);
		expect(first.data.contacts[0]).toEqual({
			id: 7,
			uuid: expect.any(String),
			first_name: 'Ada',
			last_name: 'Lovelace',
			full_name: 'Ada Lovelace',
			email: 'ada@example.com',
			company: '',
			title: '',
			contact_points: 4000,
			salesforce_id: '003-ADA',
			crm_metadata: { type: 'Salesforce', contact_id: '003-ADA', account_id: null },
			external_systems: expect.objectContaining({ salesforce_contact_id: '003-ADA' }),
		});
		expect(first.data.links.next).toBe(
			`${sandbox.vendors.influitive.baseUrl}/reward_redemptions?page=2`,
		);
		const second = await hub.get(first.data.links.next);
		expect(second.data.reward_redemptions.map((r: { id: number }) => r.id)).toEqual([ids[1] + 1]);
		expect(second.data.links).not.toHaveProperty('next');

		// Decided redemptions leave the queue.
		await hub.post(`/reward_redemptions/${ids[0]}/decision/fulfill`, { message: 'shipped' });
		const after = await hub.get('/reward_redemptions');
		expect(after.data.reward_redemptions.map((r: { id: number }) => r.id)).toEqual([
			ids[1],
			ids[1] + 1,
		]);
	});

	it('shapes queue items and the webhook exactly as REDEMPTION_PAYLOAD.md', async () => {
		const { redemption, event } = await admin.influitive.createRedemption({
			member: 'ada@example.com',
			reward: 77,
			size: 'S',
		});
		const example = contractExample();
		// Same keys, same order, same value types, at every level.
		expect(JSON.stringify(shape(event))).toBe(JSON.stringify(shape(example)));
		expect(event).toMatchObject({
			id: redemption.event_id,
			type: 'reward_redemption_requested',
			name: 'Reward Redemption Requested',
			source_type: null,
			source_name: '',
			billable: true,
			parameters: {
				reward_redemption: {
					id: redemption.id,
					uuid: redemption.uuid,
					status: 'pending',
					quantity: 1,
					shipping_address: {
						name: 'Ada Lovelace',
						address: '7 Analytical Way',
						city: 'Seattle',
						state: 'WA',
						zip: '98102',
						country: 'US',
					},
					answers: [{ question: 'Size', answer: 'S' }],
				},
				reward: {
					id: 77,
					name: 'Kotis T-shirt',
					points: 500,
					metadata: { provider: 'Kotis', sku: '107529-1' },
				},
			},
			points: -500,
			challenge: {},
			contact: { id: 7, email: 'ada@example.com', full_name: 'Ada Lovelace', contact_points: 4500 },
			additional_data: {},
		});
		expect(event.parameters.reward_redemption.created_at).toMatch(
			/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/,
		);
		expect(event.created).toBe(Date.parse(event.parameters.reward_redemption.created_at) / 1000);

		const [item] = (await hub.get('/reward_redemptions')).data.reward_redemptions;
		expect(Object.keys(item)).toEqual([
			'id',
			'uuid',
			'status',
			'reward_id',
			'contact_id',
			'quantity',
			'created_at',
			'points',
			'reward',
			'shipping_address',
			'answers',
		]);
		expect(item).toMatchObject({
			id: redemption.id,
			reward_id: 77,
			contact_id: 7,
			points: 500,
			status: 'pending',
		});
		const exampleParameters = example.parameters as Record<string, Record<string, unknown>>;
		expect(shape(item.reward)).toEqual(shape(exampleParameters.reward));
		expect(shape(item.shipping_address)).toEqual(
			shape(exampleParameters.reward_redemption.shipping_address),
		);

		// A mug has no size question; quantity multiplies the points.
		const mug = await admin.influitive.createRedemption({
			memberId: 8,
			rewardUuid: 'b2000000-0000-4000-8000-000000000078',
			quantity: 2,
		});
		expect(mug.event.parameters.reward_redemption.answers).toEqual([]);
		expect(mug.event.parameters.reward).toMatchObject({
			name: 'Kotis Mug',
			metadata: { provider: 'Kotis', sku: '107529-4-OSFA' },
		});
		expect(mug.event.points).toBe(-600);
		expect(mug.event.id).toBeGreaterThan(event.id);
	});

	it('refuses admin redemptions the member cannot afford, of unpublished rewards, or by locked members', async () => {
		await expect(
			admin.influitive.createRedemption({ member: 'alan@example.com', reward: 77 }),
		).rejects.toMatchObject({ response: { status: 422 } });
		await expect(
			admin.influitive.createRedemption({ member: 'ada@example.com', reward: 80 }),
		).rejects.toMatchObject({ response: { status: 422 } });
		await expect(
			admin.influitive.createRedemption({ member: 'linus@example.com', reward: 78 }),
		).rejects.toMatchObject({ response: { status: 422 } });
		await expect(
			admin.influitive.createRedemption({ member: 'nobody@example.com', reward: 78 }),
		).rejects.toMatchObject({ response: { status: 404 } });
		await expect(
			admin.influitive.createRedemption({
				member: 7,
				email: 'ada@example.com',
				reward: 78,
			} as never),
		).rejects.toMatchObject({
			response: { status: 400 },
		});
		expect(await admin.influitive.ledger()).toEqual([]);
	});
});

describe('Influitive stand-in: decisions', () => {
	it('fulfils (by id) and refuses (by uuid), restoring the points on refusal only', async () => {
		const a = (await admin.influitive.createRedemption({ member: 7, reward: 77, size: 'S' }))
			.redemption;
		const b = (await admin.influitive.createRedemption({ member: 7, reward: 78 })).redemption;
		expect((await admin.influitive.member(7)).current_points).toBe(5000 - 500 - 300);

		const fulfilled = await hub.post(`/reward_redemptions/${a.id}/decision/fulfill`, {
			message: 'Order 1 shipped',
		});
		expect(fulfilled.status).toBe(200);
		expect(fulfilled.data).toEqual({ id: a.id, uuid: a.uuid, status: 'fulfilled' });
		expect((await admin.influitive.member(7)).current_points).toBe(4200);

		const refused = await hub.post(`/reward_redemptions/${b.uuid}/decision/refuse`, {
			message: 'Out of stock',
		});
		expect(refused.status).toBe(200);
		expect(refused.data.status).toBe('refused');
		const ada = await admin.influitive.member(7);
		expect(ada.current_points).toBe(4500);
		expect(ada.lifetime_points).toBe(5000);

		expect(
			(await admin.influitive.ledger()).map((e) => [e.member_id, e.delta, e.balance, e.ref]),
		).toEqual([
			[7, -500, 4500, a.id],
			[7, -300, 4200, b.id],
			[7, 300, 4500, b.id],
		]);
		const records = await admin.influitive.redemptions();
		expect(records.map((r) => [r.id, r.status, r.decision?.decision, r.decision?.message])).toEqual(
			[
				[a.id, 'fulfilled', 'fulfill', 'Order 1 shipped'],
				[b.id, 'refused', 'refuse', 'Out of stock'],
			],
		);
		expect((await admin.influitive.redemption(b.uuid)).decision?.at).toMatch(/Z$/);
		expect(await admin.influitive.redemptions('refused')).toHaveLength(1);
	});

	it('answers 422 to a second decision, to a body without message, and 404 to unknown ids and the reject path', async () => {
		const { redemption } = await admin.influitive.createRedemption({
			member: 8,
			reward: 77,
			size: 'M',
		});
		const noMessage = await hub.post(`/reward_redemptions/${redemption.id}/decision/fulfill`, {});
		expect(noMessage.status).toBe(422);
		expect(noMessage.data).toEqual({ errors: ['message is required'] });
		expect(
			(await hub.post(`/reward_redemptions/${redemption.id}/decision/fulfill`, { feedback: 'x' }))
				.status,
		).toBe(422);
		expect(
			(await hub.post(`/reward_redemptions/${redemption.id}/decision/reject`, { message: 'x' }))
				.status,
		).toBe(404);
		expect(
			(await hub.post('/reward_redemptions/424242/decision/fulfill', { message: 'x' })).status,
		).toBe(404);
		const badJson = await hub.post(
			`/reward_redemptions/${redemption.id}/decision/fulfill`,
			'{"message":',
			{
				headers: { 'Content-Type': 'application/json' },
				transformRequest: [(data: unknown) => data],
			},
		);
		expect(badJson.data).toEqual({ status: 400, error: 'Bad Request' });
		expect(badJson.status).toBe(400);

		expect(
			(
				await hub.post(`/reward_redemptions/${redemption.id}/decision/fulfill`, {
					message: 'on its way',
				})
			).status,
		).toBe(200);
		for (const decision of ['fulfill', 'refuse']) {
			const again = await hub.post(`/reward_redemptions/${redemption.id}/decision/${decision}`, {
				message: 'again',
			});
			expect(again.status).toBe(422);
			expect(again.data).toEqual({ errors: ['Reward redemption has already been decided'] });
		}
		// The late refusal gave nothing back, and the first message is kept.
		expect((await admin.influitive.member(8)).current_points).toBe(4500);
		const record = await admin.influitive.redemption(redemption.id);
		expect(record).toMatchObject({ status: 'fulfilled', decision: { message: 'on its way' } });
		// Counted: the two 422s, the fulfilment and the two late decisions (not the 400 or the 404s).
		expect(record.decisions).toBe(5);
	});
});

describe('Influitive stand-in: events and points', () => {
	it('awards the points again every time the same event is posted (not idempotent)', async () => {
		const body = { type: 'points_restored', contact: { email: 'alan@example.com' }, points: '200' };
		const first = await hub.post('/events', body);
		const second = await hub.post('/events', body);
		expect([first.status, second.status]).toEqual([201, 201]);
		// Documented as text/plain with JSON content; axios parses it anyway.
		expect(first.headers['content-type']).toBe('text/plain');
		expect(second.data.id).toBeGreaterThan(first.data.id);
		expect(Object.keys(first.data)).toEqual([
			'id',
			'event_type_code',
			'points',
			'contact',
			'parameters',
		]);
		expect(first.data).toMatchObject({
			event_type_code: 'points_restored',
			points: 200,
			parameters: {},
		});
		expect(Object.keys(second.data.contact)).toEqual([
			'id',
			'email',
			'first_name',
			'last_name',
			'lifetime_points',
			'current_points',
			'type',
			'salesforce_id',
			'source',
			'thumb',
			'name',
		]);
		expect(second.data.contact).toMatchObject({ id: 9, current_points: 700, lifetime_points: 700 });
		expect((await admin.influitive.member('alan@example.com')).current_points).toBe(700);
		expect((await admin.influitive.ledger()).map((e) => [e.delta, e.balance])).toEqual([
			[200, 500],
			[200, 700],
		]);
		const listed = await hub.get('/events', { params: { types: 'points_restored' } });
		expect(
			listed.data.events.map((e: { id: number; contact_id: number }) => [e.id, e.contact_id]),
		).toEqual([
			[first.data.id, 9],
			[second.data.id, 9],
		]);
	});

	it('identifies the contact by id or CRM id, creates a profile for an unknown email, and validates the body', async () => {
		expect(
			(await hub.post('/events', { type: 'webinar', contact: { id: 8 }, points: 5 })).data.contact
				.current_points,
		).toBe(5005);
		expect(
			(
				await hub.post('/events', {
					type: 'webinar',
					contact: { crm_contact_id: '003-ADA' },
					points: '-50',
				})
			).data.contact.current_points,
		).toBe(4950);
		const created = await hub.post('/events', {
			type: 'webinar',
			contact: { email: 'fresh@example.com' },
			points: '10',
		});
		expect(created.status).toBe(201);
		expect((await hub.get('/members', { params: { email: 'fresh@example.com' } })).data).toEqual([
			expect.objectContaining({ current_points: 10, type: 'Nominee' }),
		]);

		const advocacy = {
			advocacy_type: 'review',
			content: 'Great',
			source_title: 'G2',
			source_url: 'https://g2.com/x',
		};
		const both = await hub.post('/events', {
			type: 'x',
			contact: { id: 7 },
			stage: { code: 's1' },
			advocacy,
		});
		expect(both.status).toBe(422);
		expect(both.data.errors).toEqual(['advocacy and stage cannot be sent together']);
		const invalid = [
			{ contact: { id: 7 } },
			{ type: 'x' },
			{ type: 'x', contact: {} },
			{ type: 'x', contact: { id: 7 }, points: '1.5' },
			{ type: 'x', contact: { id: 7 }, advocacy: { ...advocacy, source_url: 'g2.com' } },
			{ type: 'x', contact: { id: 404 } },
		];
		for (const body of invalid)
			expect({ body, status: (await hub.post('/events', body)).status }).toEqual({
				body,
				status: 422,
			});
		const logged = await hub.post('/events', {
			type: 'review',
			contact: { id: 7 },
			points: '20',
			advocacy,
		});
		expect(logged.data.parameters.advocacy).toMatchObject({
			...advocacy,
			occurred_at: expect.stringMatching(/^\d{4}-\d\d-\d\d$/),
		});
	});
});

describe('Influitive stand-in: rewards, perks, referrals, messages', () => {
	it('lists, unpublishes and publishes rewards', async () => {
		const rewards = (await hub.get('/external/rewards')).data;
		expect(
			rewards.map((r: { id: number; provider: string; published: string }) => [
				r.id,
				r.provider,
				r.published,
			]),
		).toEqual([
			[77, 'Kotis', 'true'],
			[78, 'Kotis', 'true'],
			[79, 'Tango Card', 'true'],
			[80, null, 'false'],
		]);
		const off = await hub.post('/external/rewards/77/unpublish');
		expect(off.data).toMatchObject({ status: 'ok', published: 'false' });
		await expect(
			admin.influitive.createRedemption({ member: 7, reward: 77, size: 'M' }),
		).rejects.toMatchObject({ response: { status: 422 } });
		expect(
			(await hub.post('/external/rewards/b2000000-0000-4000-8000-000000000077/publish')).data
				.published,
		).toBe('true');
		expect((await hub.post('/external/rewards/999/publish')).status).toBe(404);
		const added = await admin.influitive.addReward({
			name: 'Hoodie',
			points: 800,
			metadata: { provider: 'Kotis', sku: '108812-2' },
			questions: ['Size'],
		});
		expect(
			(await admin.influitive.createRedemption({ member: 7, reward: added.uuid, size: 'M' })).event
				.parameters.reward.metadata.sku,
		).toBe('108812-2');
	});

	it('sends perks, reading the key "send automatically" with its space', async () => {
		const uuid = 'b2000000-0000-4000-8000-000000000079';
		const shipping = {
			address: '1 Main St',
			city: 'Seattle',
			state: 'WA',
			country: 'US',
			phone_number: '555',
		};
		const sent = await hub.post(`/perks/reward/${uuid}`, {
			contact_id: '7',
			'send automatically': 'true',
			shipping,
			message: 'Thanks!\nEnjoy',
			sender_id: 5,
		});
		expect(sent.status).toBe(200);
		const wrongKey = await hub.post(`/perks/reward/${uuid}`, {
			contact_id: '8',
			send_automatically: 'true',
		});
		expect(wrongKey.status).toBe(200);
		expect((await hub.post('/perks/reward/77', { contact_id: '7' })).status).toBe(404);
		expect((await hub.post(`/perks/reward/${uuid}`, { contact_id: '404' })).status).toBe(422);
		expect(
			(await hub.post(`/perks/reward/${uuid}`, { contact_id: '7', 'send automatically': 'yes' }))
				.status,
		).toBe(422);
		const perks = await admin.influitive.perks();
		expect(perks.map((p) => [p.contact_id, p.send_automatically, p.message])).toEqual([
			[7, true, 'Thanks!\nEnjoy'],
			[8, false, null],
		]);
		expect(perks[0].shipping).toEqual(shipping);
		// A perk is a gift: no points move.
		expect(await admin.influitive.ledger()).toEqual([]);
	});

	it('creates, lists, gets and advances referrals; each milestone logs a referral event', async () => {
		const body = {
			referral: {
				prospect: {
					first_name: 'Pat',
					last_name: 'Prospect',
					email: 'pat@prospect.test',
					title: 'CTO',
				},
				contact: { first_name: 'Ada', last_name: 'Lovelace', email: 'ada@example.com' },
				campaign_id: 'e5000000-0000-4000-8000-000000000001',
			},
		};
		const created = await hub.post('/referrals', body);
		expect(created.status).toBe(201);
		expect(created.data).toMatchObject({
			id: expect.any(String),
			status: { code: 'submitted' },
			contact: { id: 7 },
			prospect: { email: 'pat@prospect.test' },
		});
		const id = created.data.id as string;
		expect((await hub.get(`/referrals/${id}`)).data.id).toBe(id);
		expect(
			(await hub.put(`/referrals/${id}/milestones/qualified`, { feedback: 'good fit' })).data
				.status,
		).toEqual({ code: 'qualified', label: 'Qualified', type: 'qualified' });
		expect(
			(await hub.get('/referrals', { params: { status_type: 'qualified' } })).data.referrals,
		).toHaveLength(1);
		expect(
			(await hub.get('/referrals', { params: { status_type: 'won' } })).data.referrals,
		).toHaveLength(0);
		expect((await hub.put(`/referrals/${id}/milestones/exploded`, {})).status).toBe(422);
		expect((await hub.put('/referrals/nope/milestones/won', {})).status).toBe(404);
		expect((await hub.put(`/referrals/${id}/milestones/won`, { feedback: 'signed' })).status).toBe(
			200,
		);
		const won = (await admin.influitive.events()).find(
			(e) => (e.parameters.status as { code?: string } | undefined)?.code === 'won',
		);
		expect(won).toMatchObject({
			name: 'Referral Won',
			contact_id: 7,
			parameters: {
				referral_id: id,
				status: { code: 'won' },
				prospect: { Full_Name: 'Pat Prospect' },
			},
		});
		expect(
			(
				await hub.post('/referrals', {
					referral: { ...body.referral, contact: { email: 'nobody@example.com' } },
				})
			).status,
		).toBe(422);
		expect(
			(await hub.post('/referrals', { referral: { prospect: body.referral.prospect } })).status,
		).toBe(422);
	});

	it('sends in-hub messages between known members', async () => {
		const [me, ada] = await Promise.all([admin.influitive.member(1), admin.influitive.member(7)]);
		const sent = await hub.post('/messages/send', {
			message: 'Hi Ada',
			sender_uuid: me.uuid,
			recipient_uuid: ada.uuid,
		});
		expect(sent.status).toBe(200);
		expect(
			(
				await hub.post('/messages/send', {
					message: 'Hi',
					sender_uuid: me.uuid,
					recipient_uuid: 'nope',
				})
			).status,
		).toBe(422);
		expect(
			(await hub.post('/messages/send', { sender_uuid: me.uuid, recipient_uuid: ada.uuid })).status,
		).toBe(422);
		expect((await admin.influitive.messages()).map((m) => [m.message, m.recipient_uuid])).toEqual([
			['Hi Ada', ada.uuid],
		]);
	});
});

describe('Influitive stand-in: admin and reset', () => {
	it('sets and adjusts balances through the ledger', async () => {
		expect((await admin.influitive.setPoints('alan@example.com', 1000)).current_points).toBe(1000);
		expect((await admin.influitive.adjustPoints(9, -250, 'correction')).current_points).toBe(750);
		expect((await admin.influitive.ledger()).map((e) => [e.member_id, e.delta, e.reason])).toEqual([
			[9, 700, 'admin set balance'],
			[9, -250, 'correction'],
		]);
		expect((await admin.influitive.members()).map((m) => m.id)).toEqual([1, 7, 8, 9, 10, 11]);
	});

	it('puts members, rewards and every list back to the seed on reset, while ids keep counting', async () => {
		const before = await admin.influitive.createRedemption({ member: 7, reward: 77, size: 'M' });
		await hub.post('/events', { type: 'x', contact: { email: 'temp@example.com' }, points: '1' });
		await hub.post('/external/rewards/78/unpublish');
		await admin.influitive.subscribe('http://127.0.0.1:9/never');
		await admin.reset();
		expect((await admin.influitive.member(7)).current_points).toBe(5000);
		await expect(admin.influitive.member('temp@example.com')).rejects.toMatchObject({
			response: { status: 404 },
		});
		expect((await hub.get('/external/rewards')).data[1].published).toBe('true');
		expect(await admin.influitive.redemptions()).toEqual([]);
		expect(await admin.influitive.ledger()).toEqual([]);
		expect(await admin.influitive.events()).toEqual([]);
		expect(await admin.influitive.subscriptions()).toEqual([]);
		const after = await admin.influitive.createRedemption({ member: 7, reward: 77, size: 'M' });
		expect(after.redemption.id).toBeGreaterThan(before.redemption.id);
		expect(after.event.id).toBeGreaterThan(before.event.id);
	});
});
