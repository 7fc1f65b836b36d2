import nock from 'nock';

import { InfluenceIoTrigger } from '../../../nodes/InfluenceIo/InfluenceIoTrigger.node';
import { deliveryKey } from '../../../nodes/InfluenceIo/helpers/webhookDelivery';
import { resetClaims } from '../../../nodes/shared/dedupe';
import { fakeHookContext } from '../../helpers/fake-context';
import { fakeWebhook, type FakeWebhookOptions } from '../../helpers/fake-webhook';
import { expectNoSecret, useFakeTiming, useNock } from '../../helpers/http-testing';
import { API_KEY, BASE } from './fixtures';

useNock();

const SECRET = 'url-secret-9d2c';
const credentials = { influenceIoApi: { apiKey: API_KEY, baseUrl: BASE, webhookSecret: SECRET } };

const customer = (overrides: Record<string, unknown> = {}) => ({
	id: 'inf-9',
	externalId: 'ext-1',
	email: 'ada@example.com',
	name: 'Ada Lovelace',
	birthdayMonth: 12,
	birthdayDay: 10,
	referralUrl: 'https://shop.test/r/ada',
	pointBalance: 250,
	currentLoyaltyTier: { id: 't1', title: 'Silver' },
	createdAt: '2026-01-01T00:00:00Z',
	updatedAt: '2026-11-20T10:00:00Z',
	...overrides,
});

const redeemed = (overrides: Record<string, unknown> = {}) => ({
	id: 'pt-1',
	customer: customer(),
	action: 'redeem',
	points: 500,
	type: 'redeem',
	ruleId: 'rr-1',
	couponCode: 'LOYAL-5F2K9',
	rewardType: 'fixed_amount',
	...overrides,
});

async function deliver(
	options: Partial<FakeWebhookOptions> & {
		topic?: string | null;
		webhookId?: string;
		topics?: string[];
		nodeOptions?: Record<string, unknown>;
		deliveryMemory?: string;
	} = {},
) {
	const headers: Record<string, string> = { ...options.headers };
	const topic = options.topic === undefined ? 'points/redeemed' : options.topic;
	if (topic !== null) headers['X-Webhook-Topic'] = topic;
	headers['X-Webhook-Id'] = options.webhookId ?? 'wh-1';
	const hook = fakeWebhook({
		credentials,
		query: { token: SECRET },
		body: redeemed(),
		...options,
		headers,
		parameters: {
			register: true,
			topics: options.topics ?? [],
			options: options.nodeOptions ?? {},
			...(options.deliveryMemory ? { deliveryMemory: options.deliveryMemory } : {}),
		},
	});
	const result = await new InfluenceIoTrigger().webhook.call(hook.context);
	return { result, response: hook.response };
}

beforeEach(() => resetClaims());

describe('Influence.io Trigger → deliveries', () => {
	it('emits the payload with its topic and webhook id', async () => {
		const { result, response } = await deliver();
		// Answered by the node itself, so n8n saves the dedupe ids before it creates the execution.
		expect(response).toEqual({ status: 200, body: { received: true } });
		expect(result.noWebhookResponse).toBe(true);
		expect(result.webhookResponse).toBeUndefined();
		expect(result.workflowData?.[0][0].json).toEqual({
			...redeemed(),
			topic: 'points/redeemed',
			webhookId: 'wh-1',
		});
	});

	it.each([
		[{}],
		[{ token: 'url-secret-9d2' }],
		[{ token: `${SECRET}x` }],
		[{ token: ['a', 'b'] }],
	])('answers 401 and starts nothing for query %j', async (query) => {
		const { result, response } = await deliver({ query });
		expect(response).toEqual({
			status: 401,
			body: { error: 'unauthorized', reason: 'missing or wrong token' },
		});
		expect(result).toEqual({ noWebhookResponse: true });
	});

	it('checks the secret the trigger generated when the credential has none', async () => {
		const noSecret = { influenceIoApi: { ...credentials.influenceIoApi, webhookSecret: '' } };
		const staticData = { webhookSecret: 'generated-1' };
		expect(
			(await deliver({ credentials: noSecret, staticData, query: { token: SECRET } })).response
				.status,
		).toBe(401);
		expect(
			(await deliver({ credentials: noSecret, staticData, query: { token: 'generated-1' } })).result
				.workflowData,
		).toHaveLength(1);
	});

	it('accepts nothing when there is neither a credential secret nor a generated one (manual mode without a secret)', async () => {
		const noSecret = { influenceIoApi: { ...credentials.influenceIoApi, webhookSecret: '' } };
		const { result, response } = await deliver({
			credentials: noSecret,
			staticData: {},
			query: {},
		});
		expect(result).toEqual({ noWebhookResponse: true });
		expect(response).toEqual({
			status: 401,
			body: { error: 'unauthorized', reason: expect.stringContaining('no webhook secret') },
		});
	});

	it('answers 400 without the topic header', async () => {
		const { result, response } = await deliver({ topic: null });
		expect(response).toEqual({
			status: 400,
			body: { error: 'invalid_request', reason: 'the X-Webhook-Topic header is missing' },
		});
		expect(result.workflowData).toBeUndefined();
	});

	it('answers 400 naming the fields of a malformed payload', async () => {
		const { result, response } = await deliver({
			body: redeemed({ couponCode: '', points: '500', customer: { email: 'x' } }),
		});
		expect(response.status).toBe(400);
		expect(response.body).toEqual({
			error: 'invalid_payload',
			reason:
				'points/redeemed: customer.id: Required; points: Expected number, received string; couponCode: String must contain at least 1 character(s)',
		});
		expect(result.workflowData).toBeUndefined();
	});

	it('validates every topic with its own schema (published field names)', async () => {
		const ok = async (topic: string, body: unknown) =>
			(await deliver({ topic, body, webhookId: topic })).result.workflowData?.[0][0].json;
		expect(await ok('customers/updated', customer())).toMatchObject({
			id: 'inf-9',
			topic: 'customers/updated',
		});
		expect(
			await ok('customers/tier_changed', {
				customer: customer(),
				oldTier: null,
				newTier: { id: 't2', title: 'Gold', threshold: '1000' },
			}),
		).toMatchObject({
			newTier: { title: 'Gold' },
		});
		expect(
			await ok('points/earned', {
				id: 'pt-2',
				customer: customer(),
				action: 'order',
				points: 40,
				type: 'earn',
				ruleId: null,
			}),
		).toMatchObject({ points: 40 });
		const referral = {
			id: 'ref-1',
			customer: customer(),
			friendCustomer: null,
			friendEmail: 'bob@example.com',
			customerReward: null,
			friendReward: {
				id: 'r',
				couponCode: 'FRIEND10',
				couponCodeStatus: 'active',
				discountType: 'percentage',
				discountAmount: 10,
			},
		};
		expect(await ok('referrals/started', referral)).toMatchObject({
			friendEmail: 'bob@example.com',
		});
		expect(await ok('customers/tier_entry_reward_earned', { anything: true })).toMatchObject({
			anything: true,
		});

		const bad = await deliver({
			topic: 'customers/tier_changed',
			body: { customer: customer() },
			webhookId: 'x',
		});
		expect(bad.response).toEqual({
			status: 400,
			body: { error: 'invalid_payload', reason: 'customers/tier_changed: newTier: Required' },
		});
	});

	it('acknowledges and ignores unknown and unselected topics', async () => {
		expect((await deliver({ topic: 'orders/created' })).response).toEqual({
			status: 200,
			body: { received: true, ignored: true, reason: 'unknown topic "orders/created"' },
		});
		const { result, response } = await deliver({ topics: ['referrals/completed'] });
		expect(response).toEqual({
			status: 200,
			body: { received: true, ignored: true, reason: 'topic "points/redeemed" is not selected' },
		});
		expect(result.workflowData).toBeUndefined();
	});

	it('drops a repeated delivery, not a new event of the same subscription', async () => {
		const staticData = {};
		expect((await deliver({ staticData })).result.workflowData).toHaveLength(1);
		const again = await deliver({ staticData });
		expect(again.response).toEqual({
			status: 200,
			body: { received: true, duplicate: true, reason: 'this delivery was already received' },
		});
		expect(
			(await deliver({ staticData, body: redeemed({ id: 'pt-2' }) })).result.workflowData,
		).toHaveLength(1);
		// Customer updates repeat the customer id; a later updatedAt is a new event.
		const update = (updatedAt: string) =>
			deliver({ staticData, topic: 'customers/updated', body: customer({ updatedAt }) });
		expect((await update('2026-11-21T00:00:00Z')).result.workflowData).toHaveLength(1);
		expect((await update('2026-11-21T00:00:00Z')).response.body).toMatchObject({ duplicate: true });
		expect((await update('2026-11-22T00:00:00Z')).result.workflowData).toHaveLength(1);
		// Can be turned off.
		expect(
			(await deliver({ staticData, nodeOptions: { dedupe: false } })).result.workflowData,
		).toHaveLength(1);
	});

	it('leaves the answer to n8n (after it stored the run) when it drops nothing: Remember Deliveries In: Nowhere, or dedupe off', async () => {
		for (const setting of [
			{ deliveryMemory: 'workflowClaim' },
			{ nodeOptions: { dedupe: false } },
		]) {
			resetClaims();
			const staticData = {};
			const copies = [
				await deliver({ staticData, ...setting }),
				await deliver({ staticData, ...setting }),
			];
			for (const { result, response } of copies) {
				expect(result).toEqual({
					webhookResponse: { received: true },
					workflowData: [
						[
							expect.objectContaining({
								json: expect.objectContaining({ topic: 'points/redeemed' }),
							}),
						],
					],
				});
				expect(response).toEqual({});
			}
			expect(staticData).toEqual({});
		}
		expect(new InfluenceIoTrigger().description.webhooks?.[0]).toMatchObject({
			responseMode: 'onReceived',
			responseData: '',
		});
	});

	it('keys deliveries by topic, webhook id and payload identity', () => {
		expect(deliveryKey('referrals/started', 'w', { id: 'r1' })).toBe('referrals/started|w|r1');
		expect(deliveryKey('referrals/completed', 'w', { id: 'r1' })).toBe('referrals/completed|w|r1');
		expect(
			deliveryKey('customers/tier_changed', '', {
				customer: { id: 'c', updatedAt: 'u' },
				newTier: { id: 't2' },
			}),
		).toBe('customers/tier_changed|||c|u|t2');
		expect(deliveryKey('customers/tier_entry_reward_earned', '', {})).toMatch(
			/^customers\/tier_entry_reward_earned\|\|.*\|body:[0-9a-f]{64}$/,
		);
	});

	it('keys on the body when there is no per-event id nor updatedAt and X-Webhook-Id names the subscription', async () => {
		const staticData = {};
		const update = (email: string) =>
			deliver({
				staticData,
				webhookId: 'subscription-7',
				topic: 'customers/updated',
				body: customer({ updatedAt: undefined, email }),
			});
		expect((await update('a@example.com')).result.workflowData).toHaveLength(1);
		expect((await update('b@example.com')).result.workflowData).toHaveLength(1);
		// The same body again is a redelivery.
		expect((await update('b@example.com')).response.body).toMatchObject({ duplicate: true });
		const a = deliveryKey('points/redeemed', 'sub', { points: 1 } as never);
		const b = deliveryKey('points/redeemed', 'sub', { points: 2 } as never);
		expect(a).not.toBe(b);
	});
});

describe('Influence.io Trigger → registration', () => {
	const HOOK_URL = 'https://n8n.test/webhook/abc/webhook';
	const api = () => nock(BASE).matchHeader('x-api-key', API_KEY);
	const hookContext = (
		parameters: Record<string, unknown>,
		staticData: Record<string, unknown>,
		creds = credentials,
	) =>
		fakeHookContext({
			credentials: creds,
			parameters: { register: true, options: {}, ...parameters },
			staticData: staticData as never,
			webhookUrl: HOOK_URL,
		});
	const methods = new InfluenceIoTrigger().webhookMethods.default;

	beforeEach(() => useFakeTiming());

	it('creates one subscription per topic with the secret in the URL, and stores the ids', async () => {
		const staticData: Record<string, unknown> = {};
		const url = `${HOOK_URL}?token=${SECRET}`;
		api().get('/v1/webhooks').reply(200, []);
		api()
			.post('/v1/webhooks', { topic: 'points/redeemed', url })
			.reply(201, { id: 'w1', topic: 'points/redeemed', url });
		api()
			.post('/v1/webhooks', { topic: 'referrals/completed', url })
			.reply(201, { webhook: { id: 2 } });
		const { context } = hookContext(
			{ topics: ['points/redeemed', 'referrals/completed'] },
			staticData,
		);
		expect(await methods.create.call(context)).toBe(true);
		expect(staticData.webhookIds).toEqual({ 'points/redeemed': 'w1', 'referrals/completed': '2' });
	});

	it('generates and keeps a secret when the credential has none', async () => {
		const staticData: Record<string, unknown> = {};
		const noSecret = { influenceIoApi: { ...credentials.influenceIoApi, webhookSecret: '' } };
		let sent = '';
		api().get('/v1/webhooks').reply(200, []);
		api()
			.post('/v1/webhooks', (body: { url: string }) => ((sent = body.url), true))
			.reply(201, { id: 'w1' });
		await methods.create.call(
			hookContext({ topics: ['points/redeemed'] }, staticData, noSecret).context,
		);
		expect(staticData.webhookSecret).toMatch(/^[0-9a-f]{48}$/);
		expect(sent).toBe(`${HOOK_URL}?token=${String(staticData.webhookSecret)}`);
	});

	it('keeps a generated secret out of the error when Influence.io echoes the URL back', async () => {
		const staticData: Record<string, unknown> = { webhookSecret: 'generated-secret-77' };
		const noSecret = { influenceIoApi: { ...credentials.influenceIoApi, webhookSecret: '' } };
		api().get('/v1/webhooks').reply(200, []);
		api()
			.post('/v1/webhooks')
			.reply(422, { message: `Invalid url ${HOOK_URL}?token=generated-secret-77` });
		const error = await methods.create
			.call(hookContext({ topics: ['points/redeemed'] }, staticData, noSecret).context)
			.then(
				() => undefined,
				(e: unknown) => e,
			);
		expect((error as Error).message).toBe(
			`Influence.io rejected the request: Invalid url ${HOOK_URL}?token=***`,
		);
		expectNoSecret(error, 'generated-secret-77');
	});

	it('adopts its own subscription and replaces one with an old secret', async () => {
		const staticData: Record<string, unknown> = {};
		const url = `${HOOK_URL}?token=${SECRET}`;
		api()
			.get('/v1/webhooks')
			.reply(200, {
				webhooks: [
					{ id: 'keep', topic: 'points/redeemed', url },
					{ id: 'stale', topic: 'points/earned', url: `${HOOK_URL}?token=old` },
					{ id: 'other', topic: 'points/earned', url: 'https://elsewhere.test/hook' },
				],
			});
		api().delete('/v1/webhooks/stale').reply(204);
		api().post('/v1/webhooks', { topic: 'points/earned', url }).reply(201, { id: 'new' });
		await methods.create.call(
			hookContext({ topics: ['points/redeemed', 'points/earned'] }, staticData).context,
		);
		expect(staticData.webhookIds).toEqual({ 'points/redeemed': 'keep', 'points/earned': 'new' });
	});

	it('checkExists: true only when every topic is still subscribed with the current URL', async () => {
		const url = `${HOOK_URL}?token=${SECRET}`;
		const staticData = { webhookIds: { 'points/redeemed': 'w1' } };
		api()
			.get('/v1/webhooks')
			.reply(200, [{ id: 'w1', url }]);
		expect(
			await methods.checkExists.call(
				hookContext({ topics: ['points/redeemed'] }, staticData).context,
			),
		).toBe(true);
		api()
			.get('/v1/webhooks')
			.reply(200, [{ id: 'w1', url: `${HOOK_URL}?token=old` }]);
		expect(
			await methods.checkExists.call(
				hookContext({ topics: ['points/redeemed'] }, staticData).context,
			),
		).toBe(false);
		api().get('/v1/webhooks').reply(200, []);
		expect(
			await methods.checkExists.call(
				hookContext({ topics: ['points/redeemed'] }, staticData).context,
			),
		).toBe(false);
		// A topic never registered: no call needed.
		expect(
			await methods.checkExists.call(
				hookContext({ topics: ['points/earned'] }, staticData).context,
			),
		).toBe(false);
	});

	it('delete removes stored subscriptions, ignores ones already gone, forgets the generated secret', async () => {
		const staticData: Record<string, unknown> = {
			webhookIds: { a: 'w1', b: 'w2' },
			webhookSecret: 'gen',
		};
		api().delete('/v1/webhooks/w1').reply(204);
		api().delete('/v1/webhooks/w2').reply(404, { message: 'Webhook not found' });
		expect(await methods.delete.call(hookContext({}, staticData).context)).toBe(true);
		expect(staticData).toEqual({});
	});

	it('delete fails loudly on other errors, so stranded subscriptions are noticed', async () => {
		api().delete('/v1/webhooks/w1').reply(403, { message: 'Forbidden' });
		await expect(
			methods.delete.call(hookContext({}, { webhookIds: { a: 'w1' } }).context),
		).rejects.toThrow(
			"Influence.io rejected the credentials (HTTP 403). Check the API key in the 'Influence.io API' credential.",
		);
	});

	it('manual mode makes no calls at all', async () => {
		const { context, requests } = hookContext({ register: false, topics: ['points/redeemed'] }, {});
		expect(await methods.checkExists.call(context)).toBe(true);
		expect(await methods.create.call(context)).toBe(true);
		expect(await methods.delete.call(context)).toBe(true);
		expect(requests).toEqual([]);
	});

	it('manual mode refuses to publish without a Webhook Secret in the credential', async () => {
		const noSecret = { influenceIoApi: { ...credentials.influenceIoApi, webhookSecret: '' } };
		const { context } = hookContext({ register: false, topics: ['points/redeemed'] }, {}, noSecret);
		await expect(methods.checkExists.call(context)).rejects.toThrow(/no Webhook Secret/);
	});
});
