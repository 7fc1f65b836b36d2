import { createHmac } from 'node:crypto';

import { resetCompanyCache } from '../../../nodes/Kounta/api';
import { KountaTrigger } from '../../../nodes/Kounta/KountaTrigger.node';
import {
	deliveryKey,
	VERIFY_HEADER_NAME,
	TOPIC_HEADER,
} from '../../../nodes/Kounta/helpers/webhookDelivery';
import { digestKey, resetClaims } from '../../../nodes/shared/dedupe';
import { fakeHookContext } from '../../helpers/fake-context';
import { fakeWebhook, type FakeWebhookOptions } from '../../helpers/fake-webhook';
import { expectNoSecret, useFakeTiming, useNock } from '../../helpers/http-testing';
import { api, BASE, CLIENT_SECRET, credentials } from './fixtures';

useNock();

const HOOK_URL = 'https://n8n.test/webhook/abc/webhook';
const SIGNATURE_TOKEN = 'kounta-SIGNATURE-token-31';
const REGISTERED = 'registered-secret-5a';
const withSignature = {
	kountaApi: { ...credentials.kountaApi, signatureToken: SIGNATURE_TOKEN },
	kountaOAuth2Api: { ...credentials.kountaOAuth2Api, signatureToken: SIGNATURE_TOKEN },
};

const order = (overrides: Record<string, unknown> = {}) => ({
	id: 93824701,
	company_id: 456,
	status: 'COMPLETE',
	site_id: 123,
	total: 9,
	lines: [{ number: 1, product_id: 5, quantity: 2 }],
	updated_at: '2026-11-22T10:00:00+11:00',
	...overrides,
});

const hmac = (raw: string, key = SIGNATURE_TOKEN, encoding: 'hex' | 'base64' = 'hex') =>
	createHmac('sha256', key).update(raw).digest(encoding);

async function deliver(
	options: Partial<FakeWebhookOptions> & {
		rawBody?: string;
		signature?: string | null;
		secret?: string | null;
		topic?: string | null;
		nodeOptions?: Record<string, unknown>;
		topics?: string[];
	} = {},
) {
	const body = options.body ?? order();
	const raw = options.rawBody ?? JSON.stringify(body);
	const headers: Record<string, string> = {
		'Content-Type': 'application/json',
		...options.headers,
	};
	if (options.secret !== null) headers[VERIFY_HEADER_NAME] = options.secret ?? REGISTERED;
	if (options.topic !== null) headers[TOPIC_HEADER] = options.topic ?? 'orders/completed';
	if (options.signature !== null) headers['X-Kounta-Signature'] = options.signature ?? hmac(raw);
	const staticData = options.staticData ?? {
		webhookSecret: REGISTERED,
		webhookIds: { 'orders/completed': '549' },
		companyId: '456',
	};
	const hook = fakeWebhook({
		credentials: withSignature,
		...options,
		body,
		headers,
		staticData,
		parameters: {
			authentication: 'basic',
			topics: options.topics ?? ['orders/completed'],
			options: options.nodeOptions ?? {},
		},
	});
	const request = hook.context.getRequestObject();
	hook.context.getRequestObject = () => ({ ...request, rawBody: Buffer.from(raw) }) as never;
	const result = await new KountaTrigger().webhook.call(hook.context);
	return { result, response: hook.response, staticData };
}

beforeEach(() => {
	resetClaims();
	resetCompanyCache();
});

describe('Kounta Trigger → deliveries', () => {
	it('emits the order with topic and order_id when the secret header and hex signature match', async () => {
		const { result, response } = await deliver();
		expect(response).toEqual({ status: 200, body: { received: true } });
		expect(result.noWebhookResponse).toBe(true);
		expect(result.workflowData?.[0].map((i) => i.json)).toEqual([
			{ topic: 'orders/completed', order_id: 93824701, ...order() },
		]);
	});

	it('accepts a base64 signature and an envelope {topic, data}', async () => {
		const body = {
			topic: 'orders/completed',
			company_id: 456,
			created_at: '2026-11-22',
			data: order({ id: 7 }),
		};
		const raw = JSON.stringify(body);
		const { result } = await deliver({
			body,
			rawBody: raw,
			signature: hmac(raw, SIGNATURE_TOKEN, 'base64'),
			topic: null,
		});
		expect(result.workflowData?.[0][0].json).toMatchObject({
			topic: 'orders/completed',
			order_id: 7,
			id: 7,
			status: 'COMPLETE',
		});
	});

	it.each([
		['no secret header', { secret: null }, `missing or wrong ${VERIFY_HEADER_NAME} header`],
		[
			'a wrong secret header',
			{ secret: `${REGISTERED}x` },
			`missing or wrong ${VERIFY_HEADER_NAME} header`,
		],
		[
			'a signature by another key',
			{ signature: hmac(JSON.stringify(order()), 'other-key') },
			'X-Kounta-Signature does not match',
		],
		[
			'a signature of another body',
			{ signature: hmac(JSON.stringify(order({ total: 1 }))) },
			'X-Kounta-Signature does not match',
		],
	])('answers 401 and starts nothing for %s', async (_name, options, reason) => {
		const { result, response } = await deliver(options);
		expect(response).toEqual({ status: 401, body: { error: 'unauthorized', reason } });
		expect(result).toEqual({ noWebhookResponse: true });
	});

	it('refuses everything while nothing is registered (no secret in static data)', async () => {
		const { response } = await deliver({ staticData: {}, secret: '' });
		expect(response.status).toBe(401);
	});

	it('with Signature Check = Required, an unsigned delivery is refused; with Off a bad one passes', async () => {
		expect(
			(await deliver({ signature: null, nodeOptions: { signatureCheck: 'required' } })).response,
		).toEqual({
			status: 401,
			body: { error: 'unauthorized', reason: 'X-Kounta-Signature is missing' },
		});
		expect((await deliver({ signature: null })).result.workflowData).toHaveLength(1);
		resetClaims();
		expect(
			(await deliver({ signature: 'garbage', nodeOptions: { signatureCheck: 'off' } })).result
				.workflowData,
		).toHaveLength(1);
	});

	it.each([
		[[], 'invalid_payload'],
		[{ status: 'COMPLETE' }, 'id'],
		[{ id: 'abc' }, 'must be digits'],
		['not json', 'invalid_payload'],
	])('answers 400 for body %j and starts nothing', async (body, reason) => {
		const { result, response } = await deliver({ body });
		expect(response.status).toBe(400);
		expect(JSON.stringify(response.body)).toContain(reason);
		expect(result).toEqual({ noWebhookResponse: true });
	});

	it('drops a repeated delivery of the same order, also at the same moment, and remembers it in static data', async () => {
		const staticData = { webhookSecret: REGISTERED };
		const [a, b] = await Promise.all([deliver({ staticData }), deliver({ staticData })]);
		expect([a, b].filter((r) => r.result.workflowData)).toHaveLength(1);
		expect([a, b].map((r) => r.response.body)).toEqual(
			expect.arrayContaining([
				{ received: true },
				{ received: true, duplicate: true, reason: 'this delivery was already received' },
			]),
		);
		expect((staticData as { seenEventIds?: string[] }).seenEventIds).toEqual([
			digestKey('orders/completed|93824701'),
		]);
		resetClaims();
		// After a restart (memory gone) the static data still knows it.
		expect((await deliver({ staticData })).result.workflowData).toBeUndefined();
		// Another order is new.
		expect(
			(await deliver({ staticData, body: order({ id: 2 }) })).result.workflowData,
		).toHaveLength(1);
	});

	it('with Drop Repeated Deliveries off, lets every copy through, keeps nothing, and leaves the answer to n8n (after it stored the run)', async () => {
		const staticData = { webhookSecret: REGISTERED };
		const copies = await Promise.all(
			[1, 2].map(() => deliver({ staticData, nodeOptions: { dedupe: false } })),
		);
		for (const { result, response } of copies) {
			expect(result).toEqual({
				webhookResponse: { received: true },
				workflowData: [
					[expect.objectContaining({ json: expect.objectContaining({ order_id: 93824701 }) })],
				],
			});
			expect(response).toEqual({});
		}
		expect(staticData).toEqual({ webhookSecret: REGISTERED });
		expect(new KountaTrigger().description.webhooks?.[0]).toMatchObject({
			responseMode: 'onReceived',
			responseData: '',
		});
	});

	it('acknowledges an unselected topic without starting the workflow', async () => {
		const { result, response } = await deliver({ topic: 'orders/deleted' });
		expect(response).toEqual({
			status: 200,
			body: { received: true, ignored: true, reason: 'topic "orders/deleted" is not selected' },
		});
		expect(result).toEqual({ noWebhookResponse: true });
	});

	it('dedupe keys: orders by topic and id; other records also by updated_at', () => {
		expect(deliveryKey('orders/completed', { id: 1, updated_at: 'x' })).toBe('orders/completed|1');
		expect(deliveryKey('customers/updated', { id: 1, updated_at: 'x' })).toBe(
			'customers/updated|1|x',
		);
	});
});

describe('Kounta Trigger → webhook registration', () => {
	const methods = new KountaTrigger().webhookMethods.default;
	const hookContext = (parameters: Record<string, unknown>, staticData: Record<string, unknown>) =>
		fakeHookContext({
			credentials,
			parameters: {
				authentication: 'basic',
				topics: ['orders/completed'],
				options: {},
				...parameters,
			},
			staticData: staticData as never,
			webhookUrl: HOOK_URL,
		});

	beforeEach(() => useFakeTiming());

	it('creates one webhook per topic with the secret and topic headers and the site filter, reading the id from the 201 Location', async () => {
		const staticData: Record<string, unknown> = {};
		const sent: Array<Record<string, unknown>> = [];
		api().get('/v1/companies/me').reply(200, { id: 456 });
		api()
			.get('/v1/companies/456/webhooks')
			.reply(200, [
				{ id: 11, topic: 'orders/completed', address: HOOK_URL, format: 'json', headers: {} },
				{ id: 12, topic: 'orders/completed', address: 'https://elsewhere.test/hook' },
			]);
		api().delete('/v1/companies/456/webhooks/11').reply(204);
		api()
			.post(
				'/v1/companies/456/webhooks',
				(body: Record<string, unknown>) => (sent.push(body), true),
			)
			.twice()
			.reply(201, '', { Location: `${BASE}/companies/456/webhooks/549` });
		api().get('/v1/companies/456/webhooks/549').twice().reply(200, { id: 549 });
		const { context } = hookContext(
			{ topics: ['orders/completed', 'orders/deleted'], options: { siteIds: '123, 456' } },
			staticData,
		);
		expect(await methods.create.call(context)).toBe(true);
		const secret = staticData.webhookSecret as string;
		expect(secret).toMatch(/^[0-9a-f]{48}$/);
		expect(sent).toEqual(
			['orders/completed', 'orders/deleted'].map((topic) => ({
				topic,
				address: HOOK_URL,
				format: 'json',
				headers: { [VERIFY_HEADER_NAME]: secret, [TOPIC_HEADER]: topic },
				filter: { site_ids: [123, 456] },
			})),
		);
		expect(staticData).toMatchObject({
			companyId: '456',
			webhookIds: { 'orders/completed': '549', 'orders/deleted': '549' },
		});
	});

	it('names a bad site id and registers nothing', async () => {
		const { context, requests } = hookContext({ options: { siteIds: '12a' } }, {});
		await expect(methods.create.call(context)).rejects.toThrow(
			'Site IDs: "12a" is not a Kounta site id',
		);
		expect(requests).toEqual([]);
	});

	it('keeps the generated secret out of a registration error that echoes it', async () => {
		const staticData: Record<string, unknown> = {};
		api().get('/v1/companies/me').reply(200, { id: 456 });
		api().get('/v1/companies/456/webhooks').reply(200, []);
		api()
			.post('/v1/companies/456/webhooks')
			.reply(400, (_uri, body) => ({
				error: 'invalid_request',
				error_description: `bad headers ${JSON.stringify((body as { headers: unknown }).headers)}`,
			}));
		const error = await methods.create.call(hookContext({}, staticData).context).then(
			() => undefined,
			(e: unknown) => e,
		);
		expect((error as Error).message).toContain('bad headers');
		expectNoSecret(error, staticData.webhookSecret as string);
		expectNoSecret(error, CLIENT_SECRET);
	});

	it('checkExists: true only when the stored webhook still has this URL, topic and secret', async () => {
		const staticData = {
			webhookIds: { 'orders/completed': '549' },
			webhookSecret: REGISTERED,
			companyId: '456',
		};
		const hook = {
			id: 549,
			topic: 'orders/completed',
			address: HOOK_URL,
			headers: { [VERIFY_HEADER_NAME]: REGISTERED },
		};
		api().get('/v1/companies/456/webhooks/549').reply(200, hook);
		expect(await methods.checkExists.call(hookContext({}, staticData).context)).toBe(true);
		api()
			.get('/v1/companies/456/webhooks/549')
			.reply(200, { ...hook, headers: { [VERIFY_HEADER_NAME]: 'old' } });
		expect(await methods.checkExists.call(hookContext({}, staticData).context)).toBe(false);
		api()
			.get('/v1/companies/456/webhooks/549')
			.reply(200, { ...hook, address: 'https://elsewhere.test' });
		expect(await methods.checkExists.call(hookContext({}, staticData).context)).toBe(false);
		api().get('/v1/companies/456/webhooks/549').reply(404, { error: 'not_found' });
		expect(await methods.checkExists.call(hookContext({}, staticData).context)).toBe(false);
		// A topic never registered: no call needed.
		expect(
			await methods.checkExists.call(
				hookContext({ topics: ['orders/deleted'] }, staticData).context,
			),
		).toBe(false);
	});

	it('delete removes the stored webhooks, ignores ones already gone, and forgets the secret', async () => {
		const staticData: Record<string, unknown> = {
			webhookIds: { a: '1', b: '2' },
			webhookSecret: 'gen',
			companyId: '456',
		};
		api().delete('/v1/companies/456/webhooks/1').reply(204);
		api().delete('/v1/companies/456/webhooks/2').reply(404, { error: 'not_found' });
		expect(await methods.delete.call(hookContext({}, staticData).context)).toBe(true);
		expect(staticData).toEqual({});
	});

	it('delete fails loudly on other errors, so stranded webhooks are noticed', async () => {
		api()
			.delete('/v1/companies/456/webhooks/1')
			.reply(403, { error: 'forbidden', error_description: 'No access' });
		await expect(
			methods.delete.call(hookContext({}, { webhookIds: { a: '1' }, companyId: '456' }).context),
		).rejects.toThrow(/403/);
	});
});
