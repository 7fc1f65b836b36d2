import { useFakeTiming, useNock } from '../../helpers/http-testing';
import { api, fails, run } from './fixtures';

useNock();
beforeEach(() => useFakeTiming());

describe('Order → Create / Update', () => {
	const create = (extra: Record<string, unknown> = {}) => ({
		resource: 'order',
		operation: 'create',
		orderId: '1001',
		financialStatus: 'paid',
		additionalFields: {},
		options: {},
		...extra,
	});

	it('POSTs the order with lineItems and discountCodes as published, the rest under best-known keys', async () => {
		api()
			.post('/v1/orders', {
				orderId: '1001',
				financialStatus: 'paid',
				customerId: 'ext-1',
				email: 'ada@example.com',
				currency: 'USD',
				totalPrice: 39.98,
				createdAt: '2026-11-20T10:00:00.000Z',
				lineItems: [{ productId: 'p1', quantity: 2, price: 19.99 }],
				discountCodes: [{ code: 'LOYAL-1' }, { code: 'FRIEND10' }],
			})
			.reply(201, { id: 'o-1' });
		const [out] = await run(
			create({
				additionalFields: {
					customerId: 'ext-1',
					email: 'ada@example.com',
					currency: 'USD',
					totalPrice: 39.98,
					createdAt: '2026-11-20T10:00:00Z',
					lineItems: '[{"productId": "p1", "quantity": 2, "price": 19.99}]',
					discountCodes: ' LOYAL-1, ,FRIEND10 ',
				},
			}),
		);
		expect(out[0].json).toEqual({ orderId: '1001', created: true, id: 'o-1' });
	});

	it('never re-sends a create after a timeout-like 502', async () => {
		const scope = api().post('/v1/orders').reply(502, { message: 'Bad gateway' });
		const error = await fails(create());
		expect(scope.isDone()).toBe(true);
		expect(error.description).toContain('The request may have been processed');
	});

	it('names bad line items before any call', async () => {
		expect((await fails(create({ additionalFields: { lineItems: '{"a": 1}' } }))).message).toBe(
			'Line Items (JSON) must be a JSON array',
		);
		expect((await fails(create({ additionalFields: { lineItems: '[1]' } }))).message).toBe(
			'Invalid Influence.io order: lineItems.0: every entry must be a JSON object',
		);
		expect((await fails(create({ orderId: '' }))).message).toBe(
			'Invalid Influence.io order: Order ID (orderId): Order ID is empty',
		);
	});

	it('PATCHes the financial status by your order id and retries a 503 (a repeat awards nothing twice)', async () => {
		api().patch('/v1/orders/1001', { financialStatus: 'refunded' }).reply(503, { message: 'busy' });
		api()
			.patch('/v1/orders/1001', { financialStatus: 'refunded' })
			.reply(200, { id: 'o-1', financialStatus: 'refunded' });
		const [out] = await run({
			resource: 'order',
			operation: 'update',
			orderId: '1001',
			financialStatus: 'refunded',
			additionalFields: {},
			options: {},
		});
		expect(out[0].json).toEqual({
			orderId: '1001',
			updated: true,
			id: 'o-1',
			financialStatus: 'refunded',
		});
	});
});

describe('Product → Create or Update / Variants', () => {
	it('PUTs the product and outputs a summary', async () => {
		api()
			.put('/v1/products/p-1', { title: 'T-shirt', url: 'https://shop.test/t', price: 19.99 })
			.reply(200, { id: 'x', huge: 'y'.repeat(500) });
		const [out] = await run({
			resource: 'product',
			operation: 'upsert',
			productId: 'p-1',
			title: 'T-shirt',
			additionalFields: { url: 'https://shop.test/t', price: 19.99 },
			options: {},
		});
		expect(out[0].json).toEqual({ productId: 'p-1', upserted: true, statusCode: 200 });
	});

	it('posts variants as a bare array by default (D7: "array of variants"), or wrapped in {variants}', async () => {
		const variants = [{ id: 'TS-S' }, { id: 'TS-L' }];
		const bare = api().post('/v1/products/p-1/variants', variants).reply(200, {});
		const params = {
			resource: 'product',
			operation: 'upsertVariants',
			productId: 'p-1',
			variants: JSON.stringify(variants),
			options: {},
		};
		expect((await run(params))[0][0].json).toEqual({
			productId: 'p-1',
			variantsSent: 2,
			upserted: true,
		});
		expect(bare.isDone()).toBe(true);
		const wrapped = api().post('/v1/products/p-1/variants', { variants }).reply(200, {});
		await run({ ...params, options: { bodyShape: 'object' } });
		expect(wrapped.isDone()).toBe(true);
	});

	it('refuses variants that are not an array of objects', async () => {
		const params = {
			resource: 'product',
			operation: 'upsertVariants',
			productId: 'p-1',
			options: {},
		};
		expect((await fails({ ...params, variants: '{"sku": "x"}' })).message).toBe(
			'Variants (JSON) must be a JSON array',
		);
		expect((await fails({ ...params, variants: '["x"]' })).message).toBe(
			'Invalid Influence.io product variants: variants.0: every entry must be a JSON object',
		);
	});
});

describe('Reward → Mark Coupon Used', () => {
	it('POSTs to /v1/rewards/{code}/use with the code in the body', async () => {
		api().post('/v1/rewards/LOYAL-5F2K9/use', { couponCode: 'LOYAL-5F2K9' }).reply(200, {});
		const [out] = await run({
			resource: 'reward',
			operation: 'markCouponUsed',
			couponCode: ' LOYAL-5F2K9 ',
		});
		expect(out[0].json).toEqual({ couponCode: 'LOYAL-5F2K9', used: true });
	});

	it('passes the vendor message on', async () => {
		api().post('/v1/rewards/OLD/use').reply(422, { message: 'Coupon already used' });
		expect(
			(await fails({ resource: 'reward', operation: 'markCouponUsed', couponCode: 'OLD' })).message,
		).toBe('Influence.io rejected the request: Coupon already used');
	});
});

describe('Webhook → Get Many / Create / Delete', () => {
	it('lists subscriptions from an array or a {webhooks} object, up to the limit', async () => {
		api()
			.get('/v1/webhooks')
			.reply(200, [{ id: 1 }, { id: 2 }, { id: 3 }]);
		expect(
			(
				await run({
					resource: 'webhook',
					operation: 'getAll',
					returnAll: false,
					limit: 2,
					options: {},
				})
			)[0].map((i) => i.json.id),
		).toEqual([1, 2]);
		api()
			.get('/api/hooks')
			.reply(200, { webhooks: [{ id: 'w1', topic: 'points/redeemed' }] });
		const [out] = await run({
			resource: 'webhook',
			operation: 'getAll',
			returnAll: true,
			options: { webhooksPath: 'api/hooks/' },
		});
		expect(out.map((i) => i.json)).toEqual([{ id: 'w1', topic: 'points/redeemed' }]);
	});

	it('creates with topic + url (key configurable) and deletes by id', async () => {
		api()
			.post('/v1/webhooks', { topic: 'points/redeemed', url: 'https://n8n.test/hook' })
			.reply(201, { webhook: { id: 'w9' } });
		const create = {
			resource: 'webhook',
			operation: 'create',
			topic: 'points/redeemed',
			url: 'https://n8n.test/hook',
			options: {},
		};
		expect((await run(create))[0][0].json).toEqual({ id: 'w9' });
		api()
			.post('/v1/webhooks', { topic: 'points/redeemed', address: 'https://n8n.test/hook' })
			.reply(201, { id: 'w10' });
		await run({ ...create, options: { urlKey: 'address' } });
		expect((await fails({ ...create, url: 'not a url' })).message).toBe(
			'Invalid Influence.io webhook: URL (url): URL must be a full http(s) URL',
		);

		api().delete('/v1/webhooks/w9').reply(204);
		expect(
			(await run({ resource: 'webhook', operation: 'delete', webhookId: 'w9', options: {} }))[0][0]
				.json,
		).toEqual({ deleted: true, id: 'w9' });
	});
});
