import { createHmac } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

import axios, { type AxiosInstance } from 'axios';

import { SandboxClient, fingerprint } from '../../../sandbox/client';
import { startSandbox, type RunningSandbox } from '../../../sandbox/server';

let sandbox: RunningSandbox;
let admin: SandboxClient;
let api: AxiosInstance;

function basic(id: string, secret: string): string {
	return `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}`;
}

beforeAll(async () => {
	sandbox = await startSandbox({
		kounta: { pageSize: 2, rateLimit: { basic: 1000, oauth: 1000, windowMs: 60_000 } },
	});
	admin = new SandboxClient(sandbox.url);
	const { baseUrl, clientId, clientSecret } = sandbox.vendors.kounta;
	api = axios.create({
		baseURL: baseUrl,
		headers: { Accept: 'application/json', Authorization: basic(clientId, clientSecret) },
		validateStatus: () => true,
		timeout: 5000,
		maxRedirects: 0,
	});
});
afterAll(() => sandbox.close());
beforeEach(() => admin.reset());

/** Runs the headless authorize → code → token flow; returns the token reply. */
async function authorize(
	redirectUri = 'http://127.0.0.1:9/callback',
	target?: RunningSandbox,
): Promise<{
	access_token: string;
	refresh_token: string;
	expires_in: number;
	token_type: string;
}> {
	const { authorizeUrl, tokenUrl, clientId, clientSecret } = (target ?? sandbox).vendors.kounta;
	const redirect = await axios.get(authorizeUrl, {
		params: { client_id: clientId, redirect_uri: redirectUri, state: 'xyz', response_type: 'code' },
		maxRedirects: 0,
		validateStatus: () => true,
	});
	expect(redirect.status).toBe(302);
	const location = new URL(String(redirect.headers.location));
	expect(`${location.origin}${location.pathname}`).toBe(redirectUri);
	expect(location.searchParams.get('state')).toBe('xyz');
	const code = location.searchParams.get('code');
	expect(code).toMatch(/^[0-9a-f]{32}$/);
	const form = new URLSearchParams({
		grant_type: 'authorization_code',
		code: String(code),
		redirect_uri: redirectUri,
		client_id: clientId,
		client_secret: clientSecret,
	});
	const token = await axios.post(tokenUrl, form.toString(), {
		headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
		validateStatus: () => true,
	});
	expect(token.status).toBe(200);
	return token.data;
}

describe('Kounta stand-in: formats and auth', () => {
	it('exposes base, token and authorize URLs and the add-on credentials', () => {
		expect(sandbox.vendors.kounta).toMatchObject({
			baseUrl: `${sandbox.url}/kounta/v1`,
			tokenUrl: `${sandbox.url}/kounta/v1/token`,
			authorizeUrl: `${sandbox.url}/kounta/authorize`,
			clientId: 'kounta-test-client',
			clientSecret: 'kounta-test-secret',
			companyId: 456,
			siteId: 123,
		});
	});

	it('answers 406 unless the path ends in .json or Accept asks for application/json', async () => {
		for (const accept of ['', '*/*', 'text/html', 'application/xml']) {
			const reply = await api.get('/companies/me', { headers: { Accept: accept } });
			expect({ accept, status: reply.status }).toEqual({ accept, status: 406 });
			expect(reply.data).toEqual({
				error: 'not_acceptable',
				error_description: expect.stringContaining('application/json'),
			});
		}
		expect((await api.get('/companies/me.json', { headers: { Accept: '' } })).status).toBe(200);
		expect((await api.get('/companies/me.xml')).status).toBe(406);
		const me = await api.get('/companies/me');
		expect(me.status).toBe(200);
		expect(me.data).toMatchObject({
			id: 456,
			name: 'Sandbox Coffee Co',
			currency: 'AUD',
			timezone: { name: 'Australia/Sydney' },
			sites: { count: 2 },
		});
		expect((await api.get('/companies/456')).data.id).toBe(456);
		expect((await api.get('/companies/999/sites')).status).toBe(403);
	});

	it('refuses a wrong Basic secret and a missing or unknown Bearer token with 401 {error, error_description}', async () => {
		const { clientId } = sandbox.vendors.kounta;
		for (const authorization of [
			basic(clientId, 'wrong'),
			'Bearer nope',
			'',
			basic('other', 'kounta-test-secret'),
		]) {
			const reply = await api.get('/companies/me', { headers: { Authorization: authorization } });
			expect({ authorization, status: reply.status }).toEqual({ authorization, status: 401 });
			expect(reply.data.error).toBe('invalid_token');
		}
	});

	it('runs the headless OAuth2 code flow, and refresh rotates the refresh token once the access token expired', async () => {
		const first = await authorize();
		expect(first).toMatchObject({ token_type: 'Bearer', expires_in: 3600 });
		const bearer = (t: string) => ({ headers: { Authorization: `Bearer ${t}` } });
		expect((await api.get('/companies/me', bearer(first.access_token))).status).toBe(200);

		expect(await admin.kounta.expireTokens()).toBe(1);
		const expired = await api.get('/companies/me', bearer(first.access_token));
		expect(expired.status).toBe(400);
		expect(expired.data).toEqual({
			error: 'invalid_token',
			error_description: 'The access token provided has expired',
		});

		const { tokenUrl, clientId, clientSecret } = sandbox.vendors.kounta;
		const refresh = (token: string) =>
			axios.post(
				tokenUrl,
				new URLSearchParams({ grant_type: 'refresh_token', refresh_token: token }).toString(),
				{
					headers: {
						'Content-Type': 'application/x-www-form-urlencoded',
						Authorization: basic(clientId, clientSecret),
					},
					validateStatus: () => true,
				},
			);
		const second = await refresh(first.refresh_token);
		expect(second.status).toBe(200);
		expect(second.data.refresh_token).not.toBe(first.refresh_token);
		expect((await api.get('/companies/me', bearer(second.data.access_token))).status).toBe(200);
		// The used refresh token is gone (rotation).
		const reused = await refresh(first.refresh_token);
		expect(reused.status).toBe(400);
		expect(reused.data.error).toBe('invalid_grant');

		// Token secrets never reach the recording in clear.
		const calls = await admin.calls({ vendor: 'kounta' });
		expect(JSON.stringify(calls)).not.toContain(first.access_token);
		expect(JSON.stringify(calls)).not.toContain(clientSecret);
		expect(calls.find((c) => c.path === '/kounta/v1/companies/me')?.headers.authorization).toBe(
			fingerprint(`Bearer ${first.access_token}`),
		);
	});

	it('uses a code once, only for its redirect_uri, and only with the right client secret', async () => {
		const { authorizeUrl, tokenUrl, clientId, clientSecret } = sandbox.vendors.kounta;
		const codeFor = async (redirectUri: string) => {
			const r = await axios.get(authorizeUrl, {
				params: {
					client_id: clientId,
					redirect_uri: redirectUri,
					state: 's',
					response_type: 'code',
				},
				maxRedirects: 0,
				validateStatus: () => true,
			});
			return String(new URL(String(r.headers.location)).searchParams.get('code'));
		};
		const exchange = (fields: Record<string, string>) =>
			axios.post(
				tokenUrl,
				new URLSearchParams({
					grant_type: 'authorization_code',
					client_id: clientId,
					client_secret: clientSecret,
					...fields,
				}).toString(),
				{
					headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
					validateStatus: () => true,
				},
			);
		const code = await codeFor('http://127.0.0.1:9/a');
		expect(
			(await exchange({ code, redirect_uri: 'http://127.0.0.1:9/a', client_secret: 'wrong' }))
				.status,
		).toBe(401);
		expect(
			(
				await exchange({
					code: await codeFor('http://127.0.0.1:9/a'),
					redirect_uri: 'http://127.0.0.1:9/b',
				})
			).data.error,
		).toBe('invalid_grant');
		const good = await codeFor('http://127.0.0.1:9/a');
		expect((await exchange({ code: good, redirect_uri: 'http://127.0.0.1:9/a' })).status).toBe(200);
		expect((await exchange({ code: good, redirect_uri: 'http://127.0.0.1:9/a' })).status).toBe(400);
		expect((await exchange({ grant_type: 'client_credentials' })).data.error).toBe(
			'unsupported_grant_type',
		);
		// No state, unknown client: shown, not redirected.
		const noState = await axios.get(authorizeUrl, {
			params: { client_id: clientId, redirect_uri: 'http://127.0.0.1:9/a', response_type: 'code' },
			maxRedirects: 0,
			validateStatus: () => true,
		});
		expect(noState.status).toBe(400);
		const badClient = await axios.get(authorizeUrl, {
			params: {
				client_id: 'x',
				redirect_uri: 'http://127.0.0.1:9/a',
				state: 's',
				response_type: 'code',
			},
			maxRedirects: 0,
			validateStatus: () => true,
		});
		expect(badClient.status).toBe(400);
	});

	it('throttles per credential with 429, Retry-After and X-Ratelimit-* headers', async () => {
		const limited = await startSandbox({
			kounta: { rateLimit: { basic: 5, oauth: 8, windowMs: 60_000 } },
		});
		const info = limited.vendors.kounta;
		const api = axios.create({
			baseURL: info.baseUrl,
			headers: {
				Accept: 'application/json',
				Authorization: basic(info.clientId, info.clientSecret),
			},
			validateStatus: () => true,
		});
		try {
			const statuses: number[] = [];
			let last;
			for (let i = 0; i < 7; i++) {
				last = await api.get('/companies/me/sites');
				statuses.push(last.status);
			}
			expect(statuses).toEqual([200, 200, 200, 200, 200, 429, 429]);
			expect(last?.data).toEqual({
				error: 'rate_limit_exceeded',
				error_description: expect.stringContaining('retry after'),
			});
			expect(Number(last?.headers['retry-after'])).toBeGreaterThanOrEqual(1);
			expect(last?.headers['x-ratelimit-limit']).toBe('5');
			expect(last?.headers['x-ratelimit-remaining']).toBe('0');
			expect(Number(last?.headers['x-ratelimit-reset'])).toBeGreaterThan(Date.now() / 1000);
			// OAuth has its own (larger) budget.
			const token = await authorize(undefined, limited);
			expect(
				(
					await api.get('/companies/me/sites', {
						headers: { Authorization: `Bearer ${token.access_token}` },
					})
				).headers['x-ratelimit-limit'],
			).toBe('8');
			await new SandboxClient(limited.url).kounta.resetRateLimit();
			expect((await api.get('/companies/me/sites')).status).toBe(200);
		} finally {
			await limited.close();
		}
	});

	it('refuses POST/PUT bodies that are not application/json with 400', async () => {
		const reply = await api.post('/companies/me/customers', 'first_name=Ann&email=a@b.c', {
			headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
		});
		expect(reply.status).toBe(400);
		expect(reply.data.error_description).toMatch(/application\/json/);
		const broken = await api.post('/companies/me/customers', '{"first_name":', {
			headers: { 'Content-Type': 'application/json' },
		});
		expect(broken.status).toBe(400);
	});
});

describe('Kounta stand-in: resources', () => {
	it('pages lists with X-Pages (X-Page request header, 0-based) and X-Next-Page (full URL, absent on the last page)', async () => {
		const first = await api.get('/companies/me/products.json');
		expect(first.headers['x-pages']).toBe('2');
		expect(first.data.map((p: { id: number }) => p.id)).toEqual([1001, 1002]);
		const next = String(first.headers['x-next-page']);
		expect(next).toBe(`${sandbox.vendors.kounta.baseUrl}/companies/me/products.json?page=2`);
		const second = await api.get(next);
		expect(second.data.map((p: { id: number }) => p.id)).toEqual([1003, 1004]);
		expect(second.headers['x-next-page']).toBeUndefined();
		const byHeader = await api.get('/companies/me/products', { headers: { 'X-Page': '1' } });
		expect(byHeader.data.map((p: { id: number }) => p.id)).toEqual([1003, 1004]);
	});

	it('finds customers by email (302 to the record, or 404), by reference_id (always an array) and by name + phone', async () => {
		const found = await api.get('/companies/me/customers', {
			params: { email: 'ADA@example.com' },
		});
		expect(found.status).toBe(302);
		expect(found.headers.location).toBe(
			`${sandbox.vendors.kounta.baseUrl}/companies/me/customers/389427`,
		);
		const record = await api.get(String(found.headers.location));
		expect(record.data).toMatchObject({
			id: 389427,
			first_name: 'Ada',
			primary_email_address: 'ada@example.com',
			reference_id: '',
		});
		const missing = await api.get('/companies/me/customers', {
			params: { email: 'nobody@example.com' },
		});
		expect(missing.status).toBe(404);
		expect(missing.data.error).toBe('not_found');

		expect(
			(await api.get('/companies/me/customers', { params: { reference_id: '911' } })).data,
		).toEqual([
			{
				id: 789,
				company_id: 456,
				first_name: 'John',
				last_name: 'Smith',
				primary_email_address: 'john.smith@example.com',
				image: null,
			},
		]);
		expect(
			(await api.get('/companies/me/customers', { params: { reference_id: 'none' } })).data,
		).toEqual([]);
		expect(
			(
				await api.get('/companies/me/customers', {
					params: { first_name: 'Ada', last_name: 'Lovelace' },
				})
			).status,
		).toBe(400);
	});

	it('creates a customer (201, Location, empty body), refuses one without email or phone, and links it with reference_id', async () => {
		const bad = await api.post('/companies/me/customers', { first_name: 'Ann' });
		expect(bad.status).toBe(400);
		expect(bad.data.error_description).toMatch(/email or phone/);
		const created = await api.post('/companies/me/customers', {
			first_name: 'Ann',
			last_name: 'Lee',
			email: 'ann@example.com',
		});
		expect(created.status).toBe(201);
		expect(created.data).toBe('');
		const location = String(created.headers.location);
		expect(location).toMatch(/\/kounta\/v1\/companies\/me\/customers\/\d+$/);
		const id = Number(location.split('/').pop());
		const updated = await api.put(`/companies/me/customers/${id}`, {
			reference_id: 'M-42',
			phone: '0400 000 000',
		});
		expect(updated.status).toBe(200);
		expect(updated.data).toMatchObject({
			id,
			reference_id: 'M-42',
			phone: '0400 000 000',
			primary_email_address: 'ann@example.com',
		});
		expect(
			(await api.get('/companies/me/customers', { params: { reference_id: 'M-42' } })).data.map(
				(c: { id: number }) => c.id,
			),
		).toEqual([id]);
	});

	it('lists orders with path filters, site/customer scopes and created_/value_ queries (abridged), and gets one in full', async () => {
		const ids = async (path: string, params?: Record<string, string>) => {
			const reply = await api.get(path, { params, headers: { 'X-Page': '0' } });
			expect(reply.status).toBe(200);
			const all = [...reply.data];
			for (let page = 1; page < Number(reply.headers['x-pages']); page++)
				all.push(...(await api.get(path, { params, headers: { 'X-Page': String(page) } })).data);
			return all.map((o: { id: number }) => o.id);
		};
		expect(await ids('/companies/me/orders')).toEqual([
			93824701, 93824702, 93824703, 93824704, 93824705,
		]);
		expect(await ids('/companies/me/orders/complete')).toEqual([93824701, 93824702]);
		expect(await ids('/companies/me/sites/123/orders/complete.json')).toEqual([93824701]);
		expect(await ids('/companies/me/orders/on_hold')).toEqual([93824704]);
		expect(await ids('/companies/me/orders/discounted')).toEqual([93824701]);
		expect(await ids('/companies/me/customers/389427/orders')).toEqual([93824701]);
		expect(
			await ids('/companies/me/orders', { created_gte: '2026-03-03', created_lt: '2026-03-05' }),
		).toEqual([93824703, 93824704]);
		expect(await ids('/companies/me/orders', { created: '2026-03-02' })).toEqual([93824702]);
		expect(await ids('/companies/me/orders', { value_gt: '20' })).toEqual([93824703]);
		expect(await ids('/companies/me/orders/complete', { start: '93824701' })).toEqual([93824702]);
		expect((await api.get('/companies/me/orders/bogus')).status).toBe(404);

		const list = await api.get('/companies/me/orders');
		expect(list.data[0].lines).toBeUndefined();
		const full = await api.get('/companies/me/orders/93824701');
		expect(full.data).toMatchObject({
			id: 93824701,
			status: 'COMPLETE',
			site_id: 123,
			customer: { id: 389427, first_name: 'Ada' },
			lines: [
				{ number: 1, product_id: 1001, quantity: 2, unit_price: 4.5, price_variation: 1 },
				{ number: 2, product_id: 1003, quantity: 1, price_variation: 0.9, notes: '10% off' },
			],
			total: 13.5,
			paid: 13.5,
		});
		expect((await api.get(`/companies/me/orders/saleid/${full.data.sale_number}`)).data.id).toBe(
			93824701,
		);
	});

	it('updates an order: lines replaced, price_variation, payments and notes; a bad payment method changes nothing', async () => {
		const order = await admin.kounta.createOrder({
			customer_id: 789,
			lines: [{ product_id: 1002, quantity: 2 }],
		});
		expect(order.total).toBe(9.6);
		const bad = await api.put(`/companies/me/orders/${order.id}`, {
			lines: [{ product_id: 1001 }],
			payments: [{ method_id: 99, amount: 1 }],
		});
		expect(bad.status).toBe(400);
		expect(bad.data.error_description).toMatch(/payments\.0: method_id 99/);
		expect((await admin.kounta.order(order.id)).lines).toHaveLength(1);
		expect((await admin.kounta.order(order.id)).lines[0].product_id).toBe(1002);

		const put = await api.put(`/companies/me/orders/${order.id}`, {
			lines: [
				{ product_id: 1002, quantity: 2 },
				{
					product_id: 1003,
					quantity: 1,
					price_variation: 0,
					notes: 'Free muffin (loyalty reward)',
				},
			],
			price_variation: 0.9,
			payments: [{ method_id: 7, amount: 5, ref: 'LOYALTY-1' }],
			notes: 'Redeemed 100 points',
		});
		expect(put.status).toBe(200);
		expect(put.data).toMatchObject({
			notes: 'Redeemed 100 points',
			price_variation: 0.9,
			total: 8.64,
			paid: 5,
			payments: [{ method: { id: 7, name: 'Loyalty' }, amount: 5, ref: 'LOYALTY-1' }],
		});
		expect(put.data.lines.map((l: { notes: string }) => l.notes)).toEqual([
			'',
			'Free muffin (loyalty reward)',
		]);
		// Sub-resources are unconfirmed in the docs: off by default.
		expect(
			(await api.post(`/companies/me/orders/${order.id}/lines`, { product_id: 1001 })).status,
		).toBe(404);
	});

	it('registers webhooks (topic checked, X-Kounta headers refused), lists, updates and deletes them', async () => {
		expect(
			(
				await api.post('/companies/me/webhooks', {
					topic: 'customers/created',
					address: 'http://127.0.0.1:9/h',
				})
			).status,
		).toBe(400);
		expect(
			(
				await api.post('/companies/me/webhooks', {
					topic: 'orders/completed',
					address: 'http://127.0.0.1:9/h',
					headers: { 'X-Kounta-Evil': '1' },
				})
			).status,
		).toBe(400);
		expect(
			(
				await api.post('/companies/me/webhooks', {
					topic: 'orders/completed',
					address: 'http://127.0.0.1:9/h',
					headers: { Cookie: '1' },
				})
			).status,
		).toBe(400);
		const created = await api.post('/companies/me/webhooks', {
			topic: 'orders/completed',
			address: 'http://127.0.0.1:9/h',
			headers: { 'X-Token': 't' },
			filter: { site_ids: [123] },
		});
		expect(created.status).toBe(201);
		const id = Number(String(created.headers.location).split('/').pop());
		expect((await api.get(`/companies/me/webhooks/${id}`)).data).toMatchObject({
			id,
			topic: 'orders/completed',
			format: 'json',
			filter: { site_ids: [123] },
			headers: { 'X-Token': 't' },
		});
		const put = await api.put(`/companies/me/webhooks/${id}`, {
			address: 'http://127.0.0.1:9/other',
		});
		expect(put.data).toMatchObject({
			address: 'http://127.0.0.1:9/other',
			filter: { site_ids: [123] },
		});
		expect((await api.get('/companies/me/webhooks')).data).toHaveLength(1);
		expect((await api.delete(`/companies/me/webhooks/${id}.json`)).status).toBe(204);
		expect((await api.get('/companies/me/webhooks')).data).toEqual([]);
		expect((await api.delete(`/companies/me/webhooks/${id}`)).status).toBe(404);
	});
});

describe('Kounta stand-in: webhook sender', () => {
	const received: Array<{ headers: http.IncomingHttpHeaders; raw: string }> = [];
	const server = http.createServer((req, res) => {
		let raw = '';
		req.on('data', (c: Buffer) => (raw += c.toString('utf8')));
		req.on('end', () => {
			received.push({ headers: req.headers, raw });
			res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
		});
	});
	let hookUrl = '';
	beforeAll(async () => {
		await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
		hookUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
	});
	afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
	beforeEach(() => {
		received.length = 0;
	});

	it('completing an order POSTs the order to each matching webhook, signed with HMAC-SHA256 hex of the raw body', async () => {
		await api.post('/companies/me/webhooks', {
			topic: 'orders/completed',
			address: hookUrl,
			headers: { 'X-Token': 'abc' },
			filter: { site_ids: [123] },
		});
		await api.post('/companies/me/webhooks', {
			topic: 'orders/completed',
			address: `${hookUrl}?other-site`,
			filter: { site_ids: [124] },
		});
		const order = await admin.kounta.createOrder({ site_id: 123 });
		const { order: done, deliveries } = await admin.kounta.completeOrder(order.id);
		expect(done.status).toBe('COMPLETE');
		expect(done.paid).toBe(done.total);
		expect(deliveries).toHaveLength(1);
		expect(deliveries[0]).toMatchObject({
			topic: 'orders/completed',
			status: 200,
			response: { ok: true },
		});
		expect(received).toHaveLength(1);
		const [hit] = received;
		expect(JSON.parse(hit.raw)).toMatchObject({ id: order.id, status: 'COMPLETE', site_id: 123 });
		expect(hit.headers['x-token']).toBe('abc');
		const { signatureKey } = sandbox.vendors.kounta;
		expect(signatureKey).toBe('kounta-test-signature-token');
		expect(hit.headers['x-kounta-signature']).toBe(
			createHmac('sha256', signatureKey).update(hit.raw).digest('hex'),
		);
		// Completing again sends nothing.
		expect((await admin.kounta.completeOrder(order.id)).deliveries).toEqual([]);
	});

	it('an API PUT to COMPLETE fires the webhook too; admin deliver sends copies, unsigned or signed with another key', async () => {
		await api.post('/companies/me/webhooks', { topic: 'orders/completed', address: hookUrl });
		const order = await admin.kounta.createOrder();
		expect(
			(await api.put(`/companies/me/orders/${order.id}`, { status: 'completed' })).data.status,
		).toBe('COMPLETE');
		for (let i = 0; i < 100 && received.length === 0; i++)
			await new Promise((r) => setTimeout(r, 10));
		expect(received).toHaveLength(1);
		received.length = 0;
		const { deliveries } = await admin.kounta.deliver({
			url: hookUrl,
			orderId: order.id,
			copies: 2,
			sign: false,
		});
		expect(deliveries.map((d) => d.status)).toEqual([200, 200]);
		expect(received.map((r) => r.headers['x-kounta-signature'])).toEqual([undefined, undefined]);
		received.length = 0;
		await admin.kounta.deliver({ url: hookUrl, payload: { hello: 1 }, sign: 'wrong-key' });
		expect(received[0].headers['x-kounta-signature']).toBe(
			createHmac('sha256', 'wrong-key').update('{"hello":1}').digest('hex'),
		);
		expect((await admin.kounta.deliveries()).length).toBe(4);
	});
});

describe('Kounta stand-in: options', () => {
	it('message error shape, 400 for expired tokens, base64 signatures keyed with the client secret, envelope payloads, X-Pages only', async () => {
		const other = await startSandbox({
			kounta: {
				errorShape: 'message',
				expiredTokenStatus: 400,
				signatureKey: 'clientSecret',
				signatureEncoding: 'base64',
				webhookPayload: 'envelope',
				paging: 'pages',
				pageSize: 1,
				createdBody: 'resource',
			},
		});
		try {
			const info = other.vendors.kounta;
			expect(info).toMatchObject({
				signatureKey: 'kounta-test-secret',
				signatureEncoding: 'base64',
			});
			const client = axios.create({
				baseURL: info.baseUrl,
				headers: {
					Accept: 'application/json',
					Authorization: basic(info.clientId, info.clientSecret),
				},
				validateStatus: () => true,
			});
			expect((await client.get('/companies/me/nothing')).data).toEqual({
				message: expect.stringContaining('not found'),
			});
			const sites = await client.get('/companies/me/sites');
			expect(sites.headers['x-pages']).toBe('2');
			expect(sites.headers['x-next-page']).toBeUndefined();
			const created = await client.post('/companies/me/customers', {
				first_name: 'Bo',
				phone: '1',
			});
			expect(created.data).toMatchObject({ first_name: 'Bo', phone: '1' });
			const otherAdmin = new SandboxClient(other.url);
			const order = await otherAdmin.kounta.createOrder();
			const { payload } = await otherAdmin.kounta.deliver({
				url: 'http://127.0.0.1:9/unreachable',
				orderId: order.id,
				timeoutMs: 500,
			});
			expect(payload).toMatchObject({
				topic: 'orders/completed',
				company_id: 456,
				data: { id: order.id },
			});
			const [record] = await otherAdmin.kounta.deliveries();
			expect(record.status).toBe(0);
			expect(record.error).toBeTruthy();
			expect(record.headers['X-Kounta-Signature']).toBe(
				createHmac('sha256', 'kounta-test-secret').update(JSON.stringify(payload)).digest('base64'),
			);
		} finally {
			await other.close();
		}
	});
});
