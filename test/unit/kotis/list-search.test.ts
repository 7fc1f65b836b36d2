import nock from 'nock';

import { Kotis } from '../../../nodes/Kotis/Kotis.node';
import { searchSkus } from '../../../nodes/Kotis/methods/listSearch';
import { fakeExecuteContext, fakeLoadOptionsContext } from '../../helpers/fake-context';
import { useFakeTiming, useNock } from '../../helpers/http-testing';
import { API_KEY, BASE, credentials, inventory } from './fixtures';

useNock();
beforeEach(() => useFakeTiming());

const picker = () =>
	fakeLoadOptionsContext({
		credentials,
		parameters: { resource: 'stock', operation: 'check', skuInput: 'sku' },
	}).context;

describe('Kotis SKU picker (listSearch)', () => {
	it('is registered under the name both SKU locators use', () => {
		const node = new Kotis();
		expect(Object.keys(node.methods.listSearch)).toEqual(['searchSkus']);
		expect(
			JSON.stringify(node.description.properties).match(/"searchListMethod":"searchSkus"/g),
		).toHaveLength(2);
	});

	it('lists every full SKU, one entry per size, with what is available, from one authorised inventory call', async () => {
		const scope = nock(BASE)
			.matchHeader('authorization', API_KEY)
			.get('/skus/quantity')
			.once()
			.reply(200, inventory);
		expect(await searchSkus.call(picker())).toEqual({
			results: [
				{ name: '107529-1-S (12 available)', value: '107529-1-S' },
				{ name: '107529-1-M (3 available)', value: '107529-1-M' },
				{ name: '107529-1-L (0 available)', value: '107529-1-L' },
				{ name: '107529-1-XL (5 available)', value: '107529-1-XL' },
				{ name: '107529-4-OSFA (40 available)', value: '107529-4-OSFA' },
			],
		});
		expect(scope.isDone()).toBe(true);
	});

	it('filters by any part of the SKU (a base SKU shows its sizes) and pages by the count shown', async () => {
		nock(BASE).get('/skus/quantity').reply(200, inventory);
		expect((await searchSkus.call(picker(), '107529-1-')).results.map((r) => r.value)).toEqual([
			'107529-1-S',
			'107529-1-M',
			'107529-1-L',
			'107529-1-XL',
		]);

		const many = {
			data: Array.from({ length: 60 }, (_, n) => ({
				id: String(n),
				type: 'skus',
				attributes: { sku: `S${n}-M`, physical_quantity: 1, available_quantity: 1 },
			})),
		};
		nock(BASE).get('/skus/quantity').twice().reply(200, many);
		const first = await searchSkus.call(picker());
		expect(first.results).toHaveLength(50);
		expect(first.paginationToken).toBe('50');
		const second = await searchSkus.call(picker(), undefined, first.paginationToken);
		expect(second.results.map((r) => r.value)).toEqual(
			Array.from({ length: 10 }, (_, n) => `S${50 + n}-M`),
		);
		expect(second.paginationToken).toBeUndefined();
	});

	it('a bad key reaches the picker as the node error, without the key', async () => {
		nock(BASE)
			.get('/skus/quantity')
			.reply(200, { errors: [{ title: 'Invalid Api Key', detail: `key ${API_KEY}` }] });
		const error = (await searchSkus.call(picker()).catch((e: unknown) => e)) as Error & {
			description?: string;
		};
		expect(error.message).toMatch(/credential|API key|rejected/i);
		expect(JSON.stringify({ m: error.message, d: error.description })).not.toContain(API_KEY);
	});
});

describe('Kotis SKU locators accept what older workflows hold', () => {
	const nodeType = new Kotis();
	it.each([
		['a plain string (templates)', '107529-1-M'],
		[
			'a From List value',
			{
				__rl: true,
				mode: 'list',
				value: '107529-1-M',
				cachedResultName: '107529-1-M (3 available)',
			},
		],
		['a By SKU value', { __rl: true, mode: 'id', value: ' 107529-1-M ' }],
	])('Stock → Check takes %s', async (_label, sku) => {
		nock(BASE).get('/skus/quantity').reply(200, inventory);
		const fake = fakeExecuteContext({
			credentials,
			nodeType,
			parameters: {
				resource: 'stock',
				operation: 'check',
				skuInput: 'sku',
				sku,
				quantity: 2,
				options: {},
			},
		});
		const [out] = await nodeType.execute.call(fake.context);
		expect(out[0].json).toMatchObject({
			sku: '107529-1-M',
			status: 'in_stock',
			available_quantity: 3,
		});
	});

	it('Stock → Check still names the field for an empty locator', async () => {
		const fake = fakeExecuteContext({
			credentials,
			nodeType,
			parameters: {
				resource: 'stock',
				operation: 'check',
				skuInput: 'sku',
				sku: { __rl: true, mode: 'list', value: '' },
				quantity: 1,
				options: {},
			},
		});
		await expect(nodeType.execute.call(fake.context)).rejects.toThrow(/SKU is empty/);
	});

	it('Order → Create sends line-item SKUs given as plain strings or as locators', async () => {
		const scope = nock(BASE)
			.post('/orders/create', (body: { skus: unknown }) => {
				expect(body.skus).toEqual([
					{ sku: '107529-1-S', quantity: '3' },
					{ sku: '107529-4-OSFA', quantity: '1' },
					{ sku: '107529-1-M', quantity: '2' },
				]);
				return true;
			})
			.reply(200, { status: 'success', order_num: 'K-1' });
		const fake = fakeExecuteContext({
			credentials,
			nodeType,
			parameters: {
				resource: 'order',
				operation: 'create',
				email: 'test@example.com',
				lineItems: {
					item: [
						{ sku: '107529-1-S', quantity: 3 },
						{ sku: { __rl: true, mode: 'list', value: '107529-4-OSFA' }, quantity: 1 },
						{ sku: { __rl: true, mode: 'id', value: '107529-1-M' }, quantity: 2 },
					],
				},
				name: 'Test Person',
				address1: '123 First Street',
				city: 'Seattle',
				state: 'WA',
				zip: '98102',
				shippingMethod: 'Economy',
				orderId: 'r-1',
				additionalFields: {},
			},
		});
		const [out] = await nodeType.execute.call(fake.context);
		expect(out[0].json.order_num).toBe('K-1');
		expect(scope.isDone()).toBe(true);
	});
});
