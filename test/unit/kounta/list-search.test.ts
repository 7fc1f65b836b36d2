import nock from 'nock';
import type { ILoadOptionsFunctions } from 'n8n-workflow';

import { Kounta } from '../../../nodes/Kounta/Kounta.node';
import { resetCompanyCache } from '../../../nodes/Kounta/api';
import {
	searchCustomers,
	searchProducts,
	searchSites,
} from '../../../nodes/Kounta/methods/listSearch';
import { fakeLoadOptionsContext } from '../../helpers/fake-context';
import { useFakeTiming, useNock } from '../../helpers/http-testing';
import { ACCESS_TOKEN, api, BASE, CLIENT_SECRET, credentials, HOST, run } from './fixtures';

useNock();
beforeEach(() => {
	useFakeTiming();
	resetCompanyCache();
});

const picker = (parameters: Record<string, unknown> = {}): ILoadOptionsFunctions =>
	fakeLoadOptionsContext({
		credentials,
		parameters: { resource: 'customer', operation: 'get', ...parameters },
	}).context;

const customer = (n: number) => ({
	id: n,
	first_name: `Ada${n}`,
	last_name: 'Lovelace',
	primary_email_address: `ada${n}@example.com`,
});

/** `count` customers in pages of 25 linked by X-Next-Page; returns one scope per page. */
function customerPages(count: number) {
	const pages = Math.ceil(count / 25);
	return Array.from({ length: pages }, (_, p) => {
		const rows = Array.from({ length: Math.min(25, count - p * 25) }, (_, k) =>
			customer(p * 25 + k + 1),
		);
		const headers =
			p + 1 < pages ? { 'X-Next-Page': `${BASE}/companies/9/customers?page=${p + 2}` } : undefined;
		const scope = api().get('/v1/companies/9/customers');
		return (
			p === 0
				? scope
				: api()
						.get('/v1/companies/9/customers')
						.query({ page: String(p + 1) })
		).reply(200, rows, headers);
	});
}

describe('Kounta pickers (listSearch)', () => {
	it('are registered on the node under the names the locators use', () => {
		const node = new Kounta();
		expect(Object.keys(node.methods.listSearch).sort()).toEqual([
			'searchCustomers',
			'searchProducts',
			'searchSites',
		]);
		const methodsUsed =
			JSON.stringify(node.description.properties).match(/"searchListMethod":"(\w+)"/g) ?? [];
		for (const used of methodsUsed)
			expect(Object.keys(node.methods.listSearch)).toContain(used.split('"')[3]);
	});

	it('sites: resolves the company via companies/me with the bearer token, lists and filters by name or code', async () => {
		api()
			.matchHeader('authorization', `Bearer ${ACCESS_TOKEN}`)
			.get('/v1/companies/me')
			.twice()
			.reply(200, { id: 9 });
		api()
			.get('/v1/companies/9/sites')
			.twice()
			.reply(200, [
				{ id: 101, name: 'Northcote', code: 'NTH' },
				{ id: 102, name: 'Fitzroy', code: 'FTZ' },
				{ name: 'no id, left out' },
			]);
		expect(await searchSites.call(picker())).toEqual({
			results: [
				{ name: 'Northcote', value: '101' },
				{ name: 'Fitzroy', value: '102' },
			],
		});
		expect(await searchSites.call(picker(), 'ftz')).toEqual({
			results: [{ name: 'Fitzroy', value: '102' }],
		});
	});

	it('customers: 50 a page, the token is the count shown, and no page beyond the 51st match is fetched', async () => {
		const scopes = customerPages(120);
		const first = await searchCustomers.call(picker({ companyId: '9' }));
		expect(first.results).toHaveLength(50);
		expect(first.results[0]).toEqual({ name: 'Ada1 Lovelace <ada1@example.com>', value: '1' });
		expect(first.paginationToken).toBe('50');
		// Pages 1-3 were read (the 51st match is on page 3); pages 4 and 5 were not.
		expect(scopes.map((scope) => scope.isDone())).toEqual([true, true, true, false, false]);
		nock.cleanAll();

		customerPages(120);
		const second = await searchCustomers.call(
			picker({ companyId: '9' }),
			undefined,
			first.paginationToken,
		);
		expect(second.results.map((r) => r.value)).toEqual(
			Array.from({ length: 50 }, (_, k) => String(51 + k)),
		);
		expect(second.paginationToken).toBe('100');
	});

	it('customers: filters by email across pages and ends without a token', async () => {
		customerPages(60);
		const found = await searchCustomers.call(picker({ companyId: '9' }), 'ADA5');
		expect(found.results.map((r) => r.value)).toEqual([
			'5',
			'50',
			'51',
			'52',
			'53',
			'54',
			'55',
			'56',
			'57',
			'58',
			'59',
		]);
		expect(found.paginationToken).toBeUndefined();
	});

	it('products: the whole catalogue with the code in the name, via the Basic credential when chosen', async () => {
		const basic = `Basic ${Buffer.from(`kounta-test-client:${CLIENT_SECRET}`).toString('base64')}`;
		nock(HOST)
			.matchHeader('authorization', basic)
			.get('/v1/companies/9/products')
			.reply(200, [
				{ id: 7, name: 'Flat White', code: 'FW' },
				{ id: 8, name: 'Muffin' },
			]);
		expect(await searchProducts.call(picker({ companyId: '9', authentication: 'basic' }))).toEqual({
			results: [
				{ name: 'Flat White (FW)', value: '7' },
				{ name: 'Muffin', value: '8' },
			],
		});
	});

	it('a vendor error reaches the picker as the node error, without the token', async () => {
		api()
			.get('/v1/companies/9/sites')
			.times(2)
			.reply(401, { error: 'invalid_token', error_description: `token ${ACCESS_TOKEN} expired` });
		const error = (await searchSites
			.call(picker({ companyId: '9' }))
			.catch((e: unknown) => e)) as Error & { description?: string };
		expect(error.message).toContain('HTTP 401');
		expect(JSON.stringify({ m: error.message, d: error.description })).not.toContain(ACCESS_TOKEN);
	});
});

describe('Kounta locators accept what older workflows hold', () => {
	const nodeType = new Kounta();
	it.each([
		['a plain string', '5'],
		['an expression result (number)', 5],
		['a From List value', { __rl: true, mode: 'list', value: '5', cachedResultName: 'Ada' }],
		['a By ID value', { __rl: true, mode: 'id', value: '5' }],
	])('Customer → Get takes %s', async (_label, customerId) => {
		const scope = api().get('/v1/companies/9/customers/5').reply(200, { id: 5 });
		const out = await run(
			{ resource: 'customer', operation: 'get', customerId, companyId: '9' },
			{ nodeType },
		);
		expect(out[0][0].json).toEqual({ id: 5 });
		expect(scope.isDone()).toBe(true);
	});

	it('Product → Get Many takes a site as a plain string or a locator; an empty locator lists the catalogue', async () => {
		api()
			.get('/v1/companies/9/sites/101/products')
			.twice()
			.reply(200, [{ id: 1 }]);
		api()
			.get('/v1/companies/9/products')
			.reply(200, [{ id: 2 }]);
		const list = async (siteId: unknown) =>
			(
				await run(
					{ resource: 'product', operation: 'getAll', returnAll: true, siteId, companyId: '9' },
					{ nodeType },
				)
			)[0].map((i) => i.json.id);
		expect(await list('101')).toEqual([1]);
		expect(await list({ __rl: true, mode: 'list', value: '101' })).toEqual([1]);
		expect(await list({ __rl: true, mode: 'list', value: '' })).toEqual([2]);
	});

	it('Order → Get Many takes the site filter as a plain string or a locator', async () => {
		api()
			.get('/v1/companies/9/sites/101/orders')
			.twice()
			.reply(200, [{ id: 3 }]);
		const list = async (siteId: unknown) =>
			(
				await run(
					{
						resource: 'order',
						operation: 'getAll',
						returnAll: true,
						filters: { siteId },
						companyId: '9',
					},
					{ nodeType },
				)
			)[0].map((i) => i.json.id);
		expect(await list('101')).toEqual([3]);
		expect(await list({ __rl: true, mode: 'id', value: ' 101 ' })).toEqual([3]);
	});

	it('Order → Update → Add Line offers the product picker, only for Add Line', () => {
		const product = nodeType.description.properties.filter((p) => p.name === 'productId');
		expect(product).toHaveLength(1);
		expect(product[0]).toMatchObject({
			type: 'resourceLocator',
			required: true,
			displayOptions: { show: { resource: ['order'], operation: ['update'], change: ['addLine'] } },
		});
		expect(product[0].modes?.map((m) => [m.name, m.typeOptions?.searchListMethod])).toEqual([
			['list', 'searchProducts'],
			['id', undefined],
		]);
	});

	it.each([
		['a plain string (workflows saved before the picker)', '12'],
		['an expression result (number)', 12],
		[
			'a From List value',
			{ __rl: true, mode: 'list', value: '12', cachedResultName: 'Flat White (FW)' },
		],
		['a By ID value with spaces', { __rl: true, mode: 'id', value: ' 12 ' }],
	])('Order → Update → Add Line takes the product as %s', async (_label, productId) => {
		const scope = api()
			.put('/v1/companies/9/orders/77', { lines: [{ product_id: 12, quantity: 2 }] })
			.reply(200, { id: 77, lines: [{ number: 1, product_id: 12 }] });
		const out = await run(
			{
				resource: 'order',
				operation: 'update',
				companyId: '9',
				orderId: '77',
				change: 'addLine',
				productId,
				quantity: 2,
				arrayUpdate: 'putAppend',
			},
			{ nodeType },
		);
		expect(out[0][0].json).toMatchObject({
			order_id: '77',
			change: 'addLine',
			sent: { lines: [{ product_id: 12, quantity: 2 }] },
		});
		expect(scope.isDone()).toBe(true);
	});

	it.each([
		['empty in the list', { __rl: true, mode: 'list', value: '' }],
		['not an id, typed By ID', { __rl: true, mode: 'id', value: 'Flat White' }],
	])(
		'Order → Update → Add Line with a product %s fails naming Product ID, before any call',
		async (_label, productId) => {
			const error = await run(
				{
					resource: 'order',
					operation: 'update',
					companyId: '9',
					orderId: '77',
					change: 'addLine',
					productId,
					quantity: 1,
					arrayUpdate: 'putAppend',
				},
				{ nodeType },
			).catch((e: unknown) => e as Error);
			expect((error as Error).message).toMatch(/Product ID/);
			expect(nock.pendingMocks()).toEqual([]);
		},
	);

	it('a bad id typed By ID still fails naming the field, before any call', async () => {
		const error = await run(
			{
				resource: 'customer',
				operation: 'update',
				customerId: { __rl: true, mode: 'id', value: '5/../6' },
				companyId: '9',
			},
			{ nodeType },
		).catch((e: unknown) => e as Error);
		expect((error as Error).message).toMatch(/Customer ID must be a Kounta id/);
	});
});
