import nock from 'nock';
import { NodeOperationError } from 'n8n-workflow';

import { Kotis } from '../../../nodes/Kotis/Kotis.node';
import { fakeExecuteContext } from '../../helpers/fake-context';
import { useFakeTiming, useNock } from '../../helpers/http-testing';
import { API_KEY, BASE, credentials, inventory } from './fixtures';

useNock();
beforeEach(() => useFakeTiming());

const check = (items: Array<Record<string, unknown>>, options: Record<string, unknown> = {}) =>
	fakeExecuteContext({
		credentials,
		items: items.map(() => ({})),
		parameters: items.map((p) => ({
			resource: 'stock',
			operation: 'check',
			skuInput: 'baseAndSize',
			quantity: 1,
			options,
			...p,
		})),
	});

describe('Kotis Stock → Check', () => {
	it('answers every item from one inventory fetch, with the raw key as Authorization', async () => {
		const scope = nock(BASE)
			.matchHeader('authorization', API_KEY)
			.get('/skus/quantity')
			.once()
			.reply(200, inventory);
		const fake = check([
			{ baseSku: '107529-1', size: 'S' },
			{ baseSku: '107529-1', size: 'M', quantity: 4 },
			{ baseSku: '107529-1', size: 'Small' },
			{ baseSku: '999999-9', size: 'S' },
			{ skuInput: 'sku', sku: '107529-4-OSFA' },
			{ baseSku: '107529-1', size: 's' },
		]);
		const [out] = await new Kotis().execute.call(fake.context);
		scope.done();
		expect(out.map((i) => i.json.status)).toEqual([
			'in_stock',
			'insufficient_stock',
			'invalid_size',
			'unknown_sku',
			'in_stock',
			'invalid_size',
		]);
		expect(out.map((i) => i.pairedItem)).toEqual([0, 1, 2, 3, 4, 5].map((item) => ({ item })));
		expect(out[1].json).toMatchObject({
			sku: '107529-1-M',
			available_quantity: 3,
			requested_quantity: 4,
			in_stock: false,
		});
		expect(out[2].json).toMatchObject({
			valid_sizes: ['S', 'M', 'L', 'XL'],
			suggested_sku: '107529-1-S',
		});
		expect(out[2].json.message).toBe(
			'Size "Small" is not a Kotis size for 107529-1. Valid sizes: S, M, L, XL (did you mean "S"?). Kotis matches sizes exactly, e.g. "S", not "Small".',
		);
		expect(out[5].json.suggested_sku).toBe('107529-1-S');
		expect(out[3].json.message).toBe(
			"SKU 999999-9-S does not exist in this Kotis program's inventory",
		);
	});

	it('treats an out-of-stock row (available 0) as unavailable even when physical stock exists', async () => {
		nock(BASE).get('/skus/quantity').reply(200, inventory);
		const [out] = await new Kotis().execute.call(
			check([{ baseSku: '107529-1', size: 'L' }]).context,
		);
		expect(out[0].json).toMatchObject({
			status: 'insufficient_stock',
			available_quantity: 0,
			physical_quantity: 2,
		});
	});

	it('fails with the valid sizes when told to fail on unavailability', async () => {
		nock(BASE).get('/skus/quantity').reply(200, inventory);
		const fake = check([{ baseSku: '107529-1', size: 'Small' }], { onUnavailable: 'error' });
		const error = await new Kotis().execute.call(fake.context).catch((e: unknown) => e);
		expect(error).toBeInstanceOf(NodeOperationError);
		expect((error as Error).message).toContain('Valid sizes: S, M, L, XL');
	});

	it('names the field for a missing SKU or a non-numeric quantity, before calling Kotis', async () => {
		for (const [params, message] of [
			[{ baseSku: '  ' }, 'Base SKU is empty'],
			[{ skuInput: 'sku', sku: '' }, 'SKU is empty'],
			[
				{ baseSku: '107529-1', size: 'S', quantity: 'two' },
				'Quantity must be a positive whole number, got "two"',
			],
			[
				{ baseSku: '107529-1', size: 'S', quantity: 0 },
				'Quantity must be a positive whole number, got "0"',
			],
		] as const) {
			const error = await new Kotis().execute
				.call(check([params]).context)
				.catch((e: unknown) => e);
			expect(error).toBeInstanceOf(NodeOperationError);
			expect((error as Error).message).toContain(message);
		}
		expect(nock.isDone()).toBe(true);
	});

	it('lists stock with filters and a limit', async () => {
		nock(BASE).get('/skus/quantity').reply(200, inventory);
		const fake = fakeExecuteContext({
			credentials,
			parameters: {
				resource: 'stock',
				operation: 'getAll',
				returnAll: false,
				limit: 2,
				filters: { skuPrefix: '107529-1-', onlyAvailable: true },
			},
		});
		const [out] = await new Kotis().execute.call(fake.context);
		expect(out.map((i) => i.json.sku)).toEqual(['107529-1-S', '107529-1-M']);
	});

	it('reports a bad key as a credential problem without echoing the key', async () => {
		nock(BASE)
			.get('/skus/quantity')
			.times(4)
			.reply(401, { errors: [{ title: 'Invalid Api Key', detail: '' }] });
		const fake = check([{ baseSku: '107529-1', size: 'S' }]);
		const error = (await new Kotis().execute
			.call(fake.context)
			.catch((e: unknown) => e)) as Error & { description?: string };
		expect(error.message).toMatch(/Kotis Design/);
		expect(`${error.message} ${error.description}`).toMatch(/API key/);
		expect(JSON.stringify(error)).not.toContain(API_KEY);
		expect(fake.logText()).not.toContain(API_KEY);
	});
});
