import { InfluenceIo } from '../../../nodes/InfluenceIo/InfluenceIo.node';
import { searchCustomers } from '../../../nodes/InfluenceIo/methods/listSearch';
import { fakeLoadOptionsContext } from '../../helpers/fake-context';
import { useFakeTiming, useNock } from '../../helpers/http-testing';
import { API_KEY, api, credentials, run } from './fixtures';

useNock();
beforeEach(() => useFakeTiming());

const picker = () =>
	fakeLoadOptionsContext({ credentials, parameters: { resource: 'customer', operation: 'get' } })
		.context;
const customer = (n: number) => ({
	id: `inf-${n}`,
	externalId: `ext-${n}`,
	name: `Alan ${n}`,
	email: `alan${n}@example.com`,
});

describe('Influence.io customer picker (listSearch)', () => {
	it('is registered under the name the Customer locator uses', () => {
		const node = new InfluenceIo();
		expect(Object.keys(node.methods.listSearch)).toEqual(['searchCustomers']);
		expect(JSON.stringify(node.description.properties)).toContain(
			'"searchListMethod":"searchCustomers"',
		);
	});

	it('value = your own ID (externalId); records without one are left out; follows the cursor only as far as needed', async () => {
		const first = api()
			.get('/v1/customers')
			.reply(200, {
				customers: [
					...Array.from({ length: 40 }, (_, k) => customer(k + 1)),
					{ id: 'inf-x', email: 'no-external@example.com' },
				],
				cursor: 'c2',
			});
		const second = api()
			.get('/v1/customers')
			.query({ cursor: 'c2' })
			.reply(200, {
				customers: Array.from({ length: 40 }, (_, k) => customer(k + 41)),
				cursor: 'c3',
			});
		const third = api()
			.get('/v1/customers')
			.query({ cursor: 'c3' })
			.reply(200, { customers: [customer(81)], cursor: null });
		const page = await searchCustomers.call(picker());
		expect(page.results).toHaveLength(50);
		expect(page.results[0]).toEqual({ name: 'Alan 1 <alan1@example.com>', value: 'ext-1' });
		expect(page.results.map((r) => r.value)).not.toContain(undefined);
		expect(page.paginationToken).toBe('50');
		expect([first.isDone(), second.isDone(), third.isDone()]).toEqual([true, true, false]);
	});

	it('filters by name, email or your own ID; the next page skips the matches already shown', async () => {
		const all = Array.from({ length: 120 }, (_, k) => customer(k + 1));
		api().get('/v1/customers').twice().reply(200, { customers: all });
		const found = await searchCustomers.call(picker(), 'ALAN1');
		// alan1, alan10-19, alan100-120: 32 matches, one page.
		expect(found.results).toHaveLength(32);
		expect(found.paginationToken).toBeUndefined();
		const next = await searchCustomers.call(picker(), 'alan', '100');
		expect(next.results.map((r) => r.value)).toEqual(
			Array.from({ length: 20 }, (_, k) => `ext-${101 + k}`),
		);
	});

	it('a rejected key reaches the picker as the node error, without the key', async () => {
		api().get('/v1/customers').reply(403, { message: 'Forbidden' });
		const error = (await searchCustomers.call(picker()).catch((e: unknown) => e)) as Error & {
			description?: string;
		};
		expect(error.message).toContain('403');
		expect(JSON.stringify({ m: error.message, d: error.description })).not.toContain(API_KEY);
	});
});

describe('Influence.io Customer locator accepts what older workflows hold', () => {
	const nodeType = new InfluenceIo();
	it.each([
		['a plain string (templates)', 'ext-1'],
		['a From List value', { __rl: true, mode: 'list', value: 'ext-1', cachedResultName: 'Alan' }],
		['a By ID value', { __rl: true, mode: 'id', value: 'ext-1' }],
	])('Customer → Get takes %s', async (_label, customerId) => {
		api().get('/v1/customers/ext-1').reply(200, customer(1));
		expect(
			(await run({ resource: 'customer', operation: 'get', customerId }, { nodeType }))[0][0].json,
		).toMatchObject({ externalId: 'ext-1' });
	});

	it('Upsert starts in By ID (usually a new customer); Award Points takes a locator', async () => {
		const upsert = nodeType.description.properties.find(
			(p) => p.name === 'customerId' && p.displayOptions?.show?.operation?.includes('upsert'),
		);
		expect(upsert?.default).toEqual({ mode: 'id', value: '' });
		const scope = api().post('/v1/customers/ext-1/points').reply(200, { pointBalance: 10 });
		await run(
			{
				resource: 'customer',
				operation: 'awardPoints',
				customerId: { __rl: true, mode: 'list', value: 'ext-1' },
				points: 10,
				additionalFields: {},
				options: {},
			},
			{ nodeType },
		);
		expect(scope.isDone()).toBe(true);
	});
});
