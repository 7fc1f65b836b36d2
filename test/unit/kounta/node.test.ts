import nock from 'nock';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import {
	kountaBasicVendor,
	kountaOAuth2Vendor,
	kountaVendor,
	resetCompanyCache,
} from '../../../nodes/Kounta/api';
import {
	fakeExecuteContext,
	fakeHookContext,
	fakeLoadOptionsContext,
} from '../../helpers/fake-context';
import { expectNoSecret, useFakeTiming, useNock } from '../../helpers/http-testing';
import { ACCESS_TOKEN, api, BASE, CLIENT_SECRET, fails, run } from './fixtures';

useNock();
beforeEach(() => {
	useFakeTiming();
	resetCompanyCache();
});

describe('Kounta: pacing', () => {
	it('paces 60 a minute with Basic and 180 with OAuth2 unless the credential says otherwise', () => {
		const limit = (vendor: typeof kountaBasicVendor, credentials: Record<string, unknown>) =>
			(vendor.rateLimit as (c: Record<string, unknown>) => unknown)(credentials);
		expect(limit(kountaBasicVendor, {})).toEqual({ requests: 60, windowMs: 60_000 });
		expect(limit(kountaOAuth2Vendor, { requestsPerMinute: 0 })).toEqual({
			requests: 180,
			windowMs: 60_000,
		});
		expect(limit(kountaBasicVendor, { requestsPerMinute: 300 })).toEqual({
			requests: 300,
			windowMs: 60_000,
		});
	});
});

describe('Kounta: the credential', () => {
	it.each([
		['an operation', fakeExecuteContext],
		['a trigger', fakeHookContext],
		['a picker', fakeLoadOptionsContext],
	])('is the one Authentication picks, in %s', (_kind, make) => {
		expect(kountaVendor(make({ parameters: { authentication: 'basic' } }).context)).toBe(
			kountaBasicVendor,
		);
		expect(kountaVendor(make({ parameters: { authentication: 'oAuth2' } }).context)).toBe(
			kountaOAuth2Vendor,
		);
		expect(kountaVendor(make({ parameters: {} }).context).credentialType).toBe('kountaOAuth2Api');
	});
});

describe('Kounta: auth, company id, errors', () => {
	it('sends Bearer + Accept: application/json and resolves the company via companies/me once per execution', async () => {
		const me = api()
			.matchHeader('authorization', `Bearer ${ACCESS_TOKEN}`)
			.get('/v1/companies/me')
			.once()
			.reply(200, { id: 456, name: 'Cafe' });
		api()
			.get('/v1/companies/456/orders/1')
			.reply(200, { id: 1 })
			.get('/v1/companies/456/orders/2')
			.reply(200, { id: 2 });
		const out = await run(
			[
				{ resource: 'order', operation: 'get', orderId: '1' },
				{ resource: 'order', operation: 'get', orderId: '2' },
			],
			{
				items: [{}, {}],
			},
		);
		expect(out[0].map((i) => i.json.id)).toEqual([1, 2]);
		expect(out[0].map((i) => i.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
		expect(me.isDone()).toBe(true);
	});

	it('uses Basic client id:secret with the Basic credential and a given company id', async () => {
		const basic = `Basic ${Buffer.from(`kounta-test-client:${CLIENT_SECRET}`).toString('base64')}`;
		const scope = api()
			.matchHeader('authorization', basic)
			.get('/v1/companies/9/customers/5')
			.reply(200, { id: 5 });
		const out = await run({
			authentication: 'basic',
			resource: 'customer',
			operation: 'get',
			customerId: '5',
			companyId: '9',
		});
		expect(out[0][0].json).toEqual({ id: 5 });
		expect(scope.isDone()).toBe(true);
	});

	it("surfaces Kounta's {error, error_description} and never the token", async () => {
		// OAuth2: a 401 is sent once more so n8n can refresh the token; still 401 → the error.
		api()
			.get('/v1/companies/9/orders/1')
			.times(2)
			.reply(401, {
				error: 'invalid_token',
				error_description: `The access token ${ACCESS_TOKEN} expired`,
			});
		const error = await fails({
			resource: 'order',
			operation: 'get',
			orderId: '1',
			companyId: '9',
		});
		expect(error).toBeInstanceOf(NodeApiError);
		expect(error.message).toContain('rejected the credentials (HTTP 401)');
		expect(error.description).toContain('invalid_token: The access token *** expired');
		expectNoSecret(error, ACCESS_TOKEN);
	});

	it('OAuth2: a 401 is repeated once as a throwing request (n8n refreshes the token there), then succeeds', async () => {
		api()
			.get('/v1/companies/9/orders/1')
			.reply(401, {
				error: 'invalid_token',
				error_description: 'The access token provided has expired',
			})
			.get('/v1/companies/9/orders/1')
			.reply(200, { id: 1 });
		expect(
			(await run({ resource: 'order', operation: 'get', orderId: '1', companyId: '9' }))[0][0].json,
		).toEqual({ id: 1 });
	});

	it('Basic: a 401 is not repeated', async () => {
		const scope = api()
			.get('/v1/companies/9/orders/1')
			.times(2)
			.reply(401, { error: 'invalid_client' });
		expect(
			(
				await fails({
					authentication: 'basic',
					resource: 'order',
					operation: 'get',
					orderId: '1',
					companyId: '9',
				})
			).message,
		).toContain('HTTP 401');
		// The second interceptor is still waiting: one call only.
		expect(scope.isDone()).toBe(false);
		nock.cleanAll();
	});

	it('names the field for a bad order id and sends nothing', async () => {
		const error = await fails({
			resource: 'order',
			operation: 'get',
			orderId: '1/../2',
			companyId: '9',
		});
		expect(error).toBeInstanceOf(NodeOperationError);
		expect(error.message).toMatch(/Order ID must be a Kounta id/);
	});
});

describe('Order', () => {
	it('Get Many: site + status path filters, date query, X-Next-Page paging, limit', async () => {
		api()
			.get('/v1/companies/9/sites/3/orders/complete')
			.query({ created_gte: '2026-03-01', created_lte: '2026-03-31' })
			.reply(200, [{ id: 1 }, { id: 2 }], {
				'X-Next-Page': `${BASE}/companies/9/sites/3/orders/complete?page=2`,
			})
			.get('/v1/companies/9/sites/3/orders/complete')
			.query({ page: '2' })
			.reply(200, [{ id: 3 }, { id: 4 }]);
		const out = await run({
			resource: 'order',
			operation: 'getAll',
			companyId: '9',
			returnAll: false,
			limit: 3,
			filters: {
				siteId: '3',
				status: 'complete',
				createdGte: '2026-03-01T00:00:00',
				createdLte: '2026-03-31T00:00:00',
			},
		});
		expect(out[0].map((i) => i.json.id)).toEqual([1, 2, 3]);
	});

	it('Update → Add Line (default) PUTs the order with its current lines plus the new one', async () => {
		api()
			.get('/v1/companies/9/orders/77')
			.reply(200, {
				id: 77,
				lines: [
					{
						number: 1,
						product_id: 5,
						quantity: 2,
						unit_price: 4.5,
						price_variation: 1,
						notes: '',
						modifiers: [],
						line_total_ex_tax: 8.18,
					},
				],
			})
			.put('/v1/companies/9/orders/77', {
				lines: [
					{
						product_id: 5,
						quantity: 2,
						unit_price: 4.5,
						price_variation: 1,
						notes: '',
						modifiers: [],
					},
					{ product_id: 12, quantity: 1, price_variation: 0, notes: 'Free coffee (reward 5)' },
				],
			})
			.reply(200, { id: 77, lines: [{ number: 1 }, { number: 2 }] });
		const out = await run({
			resource: 'order',
			operation: 'update',
			companyId: '9',
			orderId: '77',
			change: 'addLine',
			productId: '12',
			quantity: 1,
			lineOptions: { priceVariation: 0, notes: 'Free coffee (reward 5)' },
		});
		expect(out[0][0].json).toMatchObject({
			order_id: '77',
			change: 'addLine',
			result: { id: 77, lines: [{ number: 1 }, { number: 2 }] },
		});
	});

	it('Update → Add Payment (default) re-sends current payments as method_id and reads back an empty 200', async () => {
		api()
			.get('/v1/companies/9/orders/77')
			.reply(200, {
				id: 77,
				payments: [{ id: 3, method: { id: 1, name: 'Cash' }, amount: 2, ref: 'till' }],
			})
			.put('/v1/companies/9/orders/77', {
				payments: [
					{ method_id: 1, amount: 2, ref: 'till' },
					{ method_id: 7, amount: 5, ref: 'reward-9' },
				],
			})
			.reply(200, '')
			.get('/v1/companies/9/orders/77')
			.reply(200, { id: 77, paid: 7 });
		const out = await run({
			resource: 'order',
			operation: 'update',
			companyId: '9',
			orderId: '77',
			change: 'addPayment',
			methodId: '7',
			amount: 5,
			ref: 'reward-9',
		});
		expect(out[0][0].json.result).toEqual({ id: 77, paid: 7 });
	});

	it('Update → Add Line as New Entry Only PUTs just the line and is never retried after a 500', async () => {
		const scope = api()
			.put('/v1/companies/9/orders/77', { lines: [{ product_id: 12, quantity: 1 }] })
			.once()
			.reply(500, { error: 'server_error' });
		const error = await fails({
			resource: 'order',
			operation: 'update',
			companyId: '9',
			orderId: '77',
			change: 'addLine',
			productId: '12',
			quantity: 1,
			arrayUpdate: 'putAppend',
		});
		expect(scope.isDone()).toBe(true);
		expect(error.description).toContain('may have been processed');
	});

	it('Update → Add Line as Sub-Resource posts to …/orders/{id}/lines, never retried after a 500', async () => {
		const scope = api()
			.post('/v1/companies/9/orders/77/lines', {
				product_id: 12,
				quantity: 1,
				price_variation: 0,
				notes: 'Free coffee (reward 5)',
			})
			.once()
			.reply(500, { error: 'server_error' });
		const error = await fails({
			resource: 'order',
			operation: 'update',
			companyId: '9',
			orderId: '77',
			change: 'addLine',
			productId: '12',
			quantity: 1,
			arrayUpdate: 'subResource',
			lineOptions: { priceVariation: 0, notes: 'Free coffee (reward 5)' },
		});
		expect(scope.isDone()).toBe(true);
		expect(error.description).toContain('may have been processed');
	});

	it('Update → Price Variation turns 15 percent off into 0.85 on the order (PUT)', async () => {
		api()
			.put('/v1/companies/9/orders/77', { price_variation: 0.85 })
			.reply(200, { id: 77, price_variation: 0.85 });
		const out = await run({
			resource: 'order',
			operation: 'update',
			companyId: '9',
			orderId: '77',
			change: 'priceVariation',
			discountMode: 'percent',
			discountValue: 15,
		});
		expect(out[0][0].json).toMatchObject({
			change: 'priceVariation',
			sent: { price_variation: 0.85 },
			result: { id: 77 },
		});
	});

	it('Update → Do Not Send After: past the deadline nothing is sent; a bad date names the field', async () => {
		const clock = useFakeTiming();
		const past = new Date(clock.now - 60_000).toISOString();
		const late = await fails({
			resource: 'order',
			operation: 'update',
			companyId: '9',
			orderId: '77',
			change: 'priceVariation',
			discountMode: 'percent',
			discountValue: 15,
			doNotSendAfter: past,
		});
		expect(late.message).toMatch(/not sent, because the deadline set for this call/);
		const bad = await fails({
			resource: 'order',
			operation: 'update',
			companyId: '9',
			orderId: '77',
			change: 'priceVariation',
			discountMode: 'percent',
			discountValue: 15,
			doNotSendAfter: 'soon',
		});
		expect(bad.message).toBe(
			'Do Not Send After: expected an ISO date-time such as 2026-12-01T10:00:08Z, got "soon"',
		);
		// nock would fail the test on any request: none was made.
	});

	it('Update: a read-back that fails after the PUT does not turn the made change into a failure', async () => {
		api().put('/v1/companies/9/orders/77', { price_variation: 0.9 }).reply(200, '');
		api().get('/v1/companies/9/orders/77').times(4).reply(500, { error: 'server_error' });
		const out = await run({
			resource: 'order',
			operation: 'update',
			companyId: '9',
			orderId: '77',
			change: 'priceVariation',
			discountMode: 'percent',
			discountValue: 10,
		});
		expect(out[0][0].json).toMatchObject({
			change: 'priceVariation',
			sent: { price_variation: 0.9 },
			result: { not_read_back: expect.stringContaining('HTTP 500') },
		});
	});

	it('Update → Add Note appends to the existing notes', async () => {
		api()
			.get('/v1/companies/9/orders/77')
			.reply(200, { id: 77, notes: 'No onions' })
			.put('/v1/companies/9/orders/77', { notes: 'No onions\nRedeemed: Free coffee' })
			.reply(200, { id: 77 });
		const out = await run({
			resource: 'order',
			operation: 'update',
			companyId: '9',
			orderId: '77',
			change: 'addNote',
			note: 'Redeemed: Free coffee',
		});
		expect(out[0][0].json.sent).toEqual({ notes: 'No onions\nRedeemed: Free coffee' });
	});

	it('Update → Add Payment validates the method id', async () => {
		const error = await fails({
			resource: 'order',
			operation: 'update',
			companyId: '9',
			orderId: '77',
			change: 'addPayment',
			methodId: 'cash',
			amount: 5,
		});
		expect(error.message).toContain('Payment Method ID (method_id)');
	});
});

describe('Customer', () => {
	it('Find by Email follows the 302 to the customer', async () => {
		api()
			.get('/v1/companies/9/customers')
			.query({ email: 'ada@example.com' })
			.reply(302, '', { Location: `${BASE}/companies/9/customers/389427` })
			.get('/v1/companies/9/customers/389427')
			.reply(200, { id: 389427, first_name: 'Ada' });
		const out = await run({
			resource: 'customer',
			operation: 'findByEmail',
			companyId: '9',
			email: 'ada@example.com',
		});
		expect(out[0].map((i) => i.json.id)).toEqual([389427]);
	});

	it('Find by Email: 404 is no item, or an error when asked', async () => {
		api()
			.get('/v1/companies/9/customers')
			.query({ email: 'no@example.com' })
			.twice()
			.reply(404, { error: 'not_found' });
		expect(
			(
				await run({
					resource: 'customer',
					operation: 'findByEmail',
					companyId: '9',
					email: 'no@example.com',
				})
			)[0],
		).toEqual([]);
		const error = await fails({
			resource: 'customer',
			operation: 'findByEmail',
			companyId: '9',
			email: 'no@example.com',
			failIfNotFound: true,
		});
		expect(error.message).toBe('No Kounta customer has the email no@example.com');
	});

	it('Find by Email does not follow a redirect to another host', async () => {
		api()
			.get('/v1/companies/9/customers')
			.query({ email: 'ada@example.com' })
			.reply(302, '', { Location: 'https://evil.test/steal' });
		const evil = nock('https://evil.test').get('/steal').reply(200, { id: 1 });
		const error = await fails({
			resource: 'customer',
			operation: 'findByEmail',
			companyId: '9',
			email: 'ada@example.com',
		});
		expect(error.message).toBe(
			'Kounta redirected the request to another host (evil.test); it was not followed, so nothing was sent there.',
		);
		expect(evil.isDone()).toBe(false);
	});

	it('Find by Reference returns every customer of the array', async () => {
		api()
			.get('/v1/companies/9/customers')
			.query({ reference_id: 'M-1' })
			.reply(200, [{ id: 1 }, { id: 2 }]);
		const out = await run({
			resource: 'customer',
			operation: 'findByReference',
			companyId: '9',
			referenceId: 'M-1',
		});
		expect(out[0].map((i) => i.json.id)).toEqual([1, 2]);
	});

	it('Create posts first_name + email + reference_id and reads the 201 Location', async () => {
		api()
			.post('/v1/companies/9/customers', {
				first_name: 'Ada',
				email: 'ada@example.com',
				reference_id: 'M-1',
				tags: ['vip', 'gold'],
			})
			.reply(201, '', { Location: `${BASE}/companies/9/customers/5` })
			.get('/v1/companies/9/customers/5')
			.reply(200, { id: 5, reference_id: 'M-1' });
		const out = await run({
			resource: 'customer',
			operation: 'create',
			companyId: '9',
			firstName: 'Ada',
			additionalFields: { email: 'ada@example.com', reference_id: 'M-1', tags: 'vip, gold' },
		});
		expect(out[0][0].json).toEqual({ id: 5, reference_id: 'M-1' });
	});

	it('Create refuses without email or phone, naming the field', async () => {
		const error = await fails({
			resource: 'customer',
			operation: 'create',
			companyId: '9',
			firstName: 'Ada',
			additionalFields: {},
		});
		expect(error.message).toContain('Email (email): Kounta needs an email or a phone number');
	});

	it('Update sets reference_id with PUT', async () => {
		api()
			.put('/v1/companies/9/customers/5', { reference_id: 'M-9' })
			.reply(200, { id: 5, reference_id: 'M-9' });
		const out = await run({
			resource: 'customer',
			operation: 'update',
			companyId: '9',
			customerId: '5',
			updateFields: { reference_id: 'M-9' },
		});
		expect(out[0][0].json.reference_id).toBe('M-9');
	});
});

describe('Site, Product, Webhook', () => {
	it('Site Get Many pages with X-Page when Kounta sends X-Pages', async () => {
		api()
			.get('/v1/companies/9/sites')
			.reply(200, [{ id: 1 }], { 'X-Pages': '2' });
		api()
			.matchHeader('x-page', '1')
			.get('/v1/companies/9/sites')
			.reply(200, [{ id: 2 }], { 'X-Pages': '2' });
		const out = await run({
			resource: 'site',
			operation: 'getAll',
			companyId: '9',
			returnAll: true,
		});
		expect(out[0].map((i) => i.json.id)).toEqual([1, 2]);
	});

	it('Product Get Many of a site', async () => {
		api()
			.get('/v1/companies/9/sites/3/products')
			.reply(200, [{ id: 11 }]);
		const out = await run({
			resource: 'product',
			operation: 'getAll',
			companyId: '9',
			siteId: '3',
			returnAll: true,
		});
		expect(out[0].map((i) => i.json.id)).toEqual([11]);
	});

	it('Webhook Create refuses X-Kounta headers and posts the documented attributes', async () => {
		const bad = await fails({
			resource: 'webhook',
			operation: 'create',
			companyId: '9',
			topic: 'orders/completed',
			address: 'https://n8n.test/hook',
			options: { headerName: 'X-Kounta-Foo', headerValue: 'v' },
		});
		expect(bad.message).toContain('none starting with X-Kounta');
		api()
			.post('/v1/companies/9/webhooks', {
				topic: 'orders/completed',
				address: 'https://n8n.test/hook',
				format: 'json',
				filter: { site_ids: [3] },
			})
			.reply(201, { id: 549, topic: 'orders/completed' });
		const out = await run({
			resource: 'webhook',
			operation: 'create',
			companyId: '9',
			topic: 'orders/completed',
			address: 'https://n8n.test/hook',
			options: { siteIds: '3' },
		});
		expect(out[0][0].json).toEqual({ id: 549, topic: 'orders/completed' });
	});

	it('Webhook Delete treats 404 as already deleted', async () => {
		api().delete('/v1/companies/9/webhooks/549').reply(404, {});
		const out = await run({
			resource: 'webhook',
			operation: 'delete',
			companyId: '9',
			webhookId: '549',
			ignoreNotFound: true,
		});
		expect(out[0][0].json).toEqual({ id: '549', deleted: false, reason: 'not found' });
	});
});
