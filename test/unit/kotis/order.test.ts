import nock from 'nock';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { Kotis } from '../../../nodes/Kotis/Kotis.node';
import { fakeExecuteContext } from '../../helpers/fake-context';
import { useFakeTiming, useNock } from '../../helpers/http-testing';
import { API_KEY, BASE, credentials, statusExample } from './fixtures';

useNock();
beforeEach(() => useFakeTiming());

const orderParams = {
	resource: 'order',
	operation: 'create',
	email: 'test@example.com',
	lineItems: {
		item: [
			{ sku: '107529-1-S', quantity: 3 },
			{ sku: '107529-4-OSFA', quantity: 1 },
		],
	},
	name: 'Test Person',
	address1: '123 First Street',
	city: 'Seattle',
	state: 'WA',
	zip: '98102',
	shippingMethod: 'Economy',
	orderId: 'redemption-1',
	additionalFields: {},
};

const create = (overrides: Record<string, unknown> = {}, continueOnFail = false) =>
	fakeExecuteContext({ credentials, parameters: { ...orderParams, ...overrides }, continueOnFail });

describe('Kotis Order → Create', () => {
	it('sends the published body shape, quantities as strings', async () => {
		const scope = nock(BASE)
			.post('/orders/create', {
				email: 'test@example.com',
				shipping_method: 'Economy',
				order_id: 'redemption-1',
				skus: [
					{ quantity: '3', sku: '107529-1-S' },
					{ quantity: '1', sku: '107529-4-OSFA' },
				],
				address: {
					name: 'Test Person',
					attention: '',
					address1: '123 First Street',
					address2: '',
					city: 'Seattle',
					state: 'WA',
					zip: '98102',
					country: '',
					phone: '',
					address_type: '',
				},
			})
			.matchHeader('authorization', API_KEY)
			.reply(200, { status: 'success', order_num: '5134691' });
		const [out] = await new Kotis().execute.call(create().context);
		scope.done();
		expect(out[0].json).toMatchObject({
			order_num: '5134691',
			status: 'success',
			order_id: 'redemption-1',
		});
	});

	it.each([
		[{ address1: '  ' }, 'Address Line 1 (address.address1): Address Line 1 is empty'],
		[{ zip: '' }, 'ZIP / Postal Code (address.zip)'],
		[{ email: 'not-an-email' }, 'Recipient Email (email): Email is not a valid email address'],
		[
			{ lineItems: { item: [{ sku: '107529-1-S', quantity: 'abc' }] } },
			'Line 1 Quantity (skus.0.quantity): Quantity must be a positive whole number',
		],
		[{ lineItems: { item: [{ sku: '', quantity: 1 }] } }, 'Line 1 SKU (skus.0.sku): SKU is empty'],
		[{ lineItems: { item: [] } }, 'Line Items (skus): At least one line item'],
	])('names the bad field and calls nothing: %j', async (override, message) => {
		const error = await new Kotis().execute.call(create(override).context).catch((e: unknown) => e);
		expect(error).toBeInstanceOf(NodeOperationError);
		expect((error as Error).message).toContain('Invalid Kotis order');
		expect((error as Error).message).toContain(message);
		expect(nock.pendingMocks()).toEqual([]);
	});

	it('treats an errors array in a 200 reply as a failure, with the unknown SKUs named', async () => {
		nock(BASE)
			.post('/orders/create')
			.reply(200, {
				errors: [{ title: 'Invalid Order', detail: 'Sku 107529-1-S does not exist' }],
			});
		const error = await new Kotis().execute.call(create().context).catch((e: unknown) => e);
		expect(error).toBeInstanceOf(NodeApiError);
		expect((error as Error).message).toContain('Invalid Order: Sku 107529-1-S does not exist');
	});

	it('never retries a create that got a 500, and says it may have gone through', async () => {
		const scope = nock(BASE).post('/orders/create').once().reply(500, 'oops');
		const error = (await new Kotis().execute
			.call(create().context)
			.catch((e: unknown) => e)) as NodeApiError;
		scope.done();
		expect(error).toBeInstanceOf(NodeApiError);
		expect(error.description).toMatch(/may have been processed/);
	});

	it('turns a failure into an error item under Continue On Fail', async () => {
		const [out] = await new Kotis().execute.call(create({ city: '' }, true).context);
		expect(out).toHaveLength(1);
		expect(out[0].json.error).toContain('City (address.city)');
		expect(out[0].pairedItem).toEqual({ item: 0 });
	});
});

describe('Kotis Order → Get Status', () => {
	it('batches every item into one call and tolerates the documented oddities', async () => {
		const scope = nock(BASE)
			.get('/orders/status')
			.query({ order_numbers: '12345,23719201,999' })
			.once()
			.reply(200, statusExample);
		const fake = fakeExecuteContext({
			credentials,
			items: [{}, {}],
			parameters: [
				{ resource: 'order', operation: 'getStatus', orderNumbers: '12345, 23719201', options: {} },
				{ resource: 'order', operation: 'getStatus', orderNumbers: '999\n12345', options: {} },
			],
		});
		const [out] = await new Kotis().execute.call(fake.context);
		scope.done();
		expect(out.map((i) => [i.json.order_num, i.pairedItem])).toEqual([
			['12345', { item: 0 }],
			['23719201', { item: 0 }],
			['999', { item: 1 }],
			['12345', { item: 1 }],
		]);
		expect(out[0].json).toEqual({
			order_num: '12345',
			found: true,
			status: 'shipped',
			shipments: [
				{
					id: '543416',
					tracking_numbers: ['1Z8424330419842539'],
					shipment_date: '2018-10-02T14:50:24-07:00',
					delivery_status: 'delivered',
				},
				{ id: '544568', tracking_numbers: [], shipment_date: null, delivery_status: 'unknown' },
			],
			tracking_numbers: ['1Z8424330419842539'],
		});
		expect(out[1].json).toMatchObject({
			status: 'unknown',
			shipments: [{ id: '767586', delivery_status: 'in_transit' }],
		});
		expect(out[2].json).toMatchObject({ found: false, status: 'not_found' });
	});

	it('splits long lists by batch size and accepts an empty reply for unknown orders', async () => {
		nock(BASE)
			.get('/orders/status')
			.query({ order_numbers: '1,2' })
			.reply(200, { data: [], jsonapi: { version: '1.0' } });
		nock(BASE)
			.get('/orders/status')
			.query({ order_numbers: '3' })
			.reply(200, { data: [], jsonapi: { version: '1.0' } });
		const fake = fakeExecuteContext({
			credentials,
			parameters: {
				resource: 'order',
				operation: 'getStatus',
				orderNumbers: '1,2,3',
				options: { batchSize: 2 },
			},
		});
		const [out] = await new Kotis().execute.call(fake.context);
		expect(out.map((i) => i.json.found)).toEqual([false, false, false]);
		expect(nock.pendingMocks()).toEqual([]);
	});

	it('names the field when no order number is given', async () => {
		const fake = fakeExecuteContext({
			credentials,
			parameters: { resource: 'order', operation: 'getStatus', orderNumbers: ' , ', options: {} },
		});
		await expect(new Kotis().execute.call(fake.context)).rejects.toThrow('Order Numbers is empty');
	});
});
