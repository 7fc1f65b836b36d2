import { InfluitiveTrigger } from '../../../nodes/Influitive/InfluitiveTrigger.node';
import { resetClaims } from '../../../nodes/shared/dedupe';
import { fakeHookContext } from '../../helpers/fake-context';
import { fakeWebhook, type FakeWebhookOptions } from '../../helpers/fake-webhook';

const SECRET = 'hook-secret-42';
const credentials = { influitiveApi: { apiToken: 't', orgId: 'o', baseUrl: 'https://api.influitive.test', webhookSecret: SECRET } };

const redemptionEvent = (overrides: Record<string, unknown> = {}) => ({
	id: 20001,
	type: 'reward_redemption_requested',
	name: 'Reward Redemption Requested',
	created: 1763800000,
	source_type: null,
	source_name: '',
	billable: true,
	parameters: {
		reward_redemption: {
			id: 501,
			uuid: 'r-uuid',
			status: 'pending',
			quantity: 1,
			shipping_address: { name: 'Ada Lovelace', address: '12 Analytical Way', address_2: '', city: 'Seattle', state: 'WA', zip: '98102', country: 'US', phone_number: '' },
			answers: [{ question: 'Colour', answer: 'Blue' }, { question: 'size', answer: ' S ' }],
		},
		reward: { id: 77, uuid: 'rw-uuid', name: 'Kotis T-shirt', points: 500, metadata: { provider: 'Kotis', sku: '107529-1' } },
	},
	points: -500,
	challenge: {},
	contact: { id: 7, uuid: 'c-uuid', first_name: 'Ada', last_name: 'Lovelace', email: 'ada@example.com' },
	additional_data: {},
	...overrides,
});

async function deliver(options: Partial<FakeWebhookOptions> & { events?: string[]; nodeOptions?: Record<string, unknown>; authentication?: string } = {}) {
	const hook = fakeWebhook({
		credentials,
		query: { token: SECRET },
		body: redemptionEvent(),
		...options,
		parameters: {
			events: options.events ?? ['reward_redemption_requested'],
			options: options.nodeOptions ?? {},
			...(options.authentication ? { webhookAuthentication: options.authentication } : {}),
		},
	});
	const result = await new InfluitiveTrigger().webhook.call(hook.context);
	return { result, response: hook.response };
}

beforeEach(() => resetClaims());

describe('Influitive AdvocateHub Trigger', () => {
	it('emits one flat redemption item with the raw event kept', async () => {
		const { result, response } = await deliver();
		expect(response.status).toBeUndefined();
		expect(result.webhookResponse).toEqual({ received: true, event_id: 20001 });
		const item = result.workflowData?.[0][0].json;
		expect(item).toMatchObject({
			event_id: 20001,
			redemption_id: 501,
			reward_name: 'Kotis T-shirt',
			provider: 'Kotis',
			sku: '107529-1',
			size: 'S',
			quantity: 1,
			advocate_id: 7,
			advocate_name: 'Ada Lovelace',
			advocate_email: 'ada@example.com',
			created_at: '2025-11-22T08:26:40.000Z',
			shipping: { name: 'Ada Lovelace', address1: '12 Analytical Way', city: 'Seattle', state: 'WA', zip: '98102', country: 'US' },
		});
		expect(item?.event).toMatchObject({ id: 20001, type: 'reward_redemption_requested' });
	});

	it.each([
		[{ query: {} }, 'missing or wrong token'],
		[{ query: { token: 'hook-secret-4' } }, 'missing or wrong token'],
		[{ query: { token: `${SECRET}x` } }, 'missing or wrong token'],
	])('answers 401 with a JSON reason and starts nothing for a bad secret: %j', async (override, reason) => {
		const { result, response } = await deliver(override);
		expect(response).toEqual({ status: 401, body: { error: 'unauthorized', reason } });
		expect(result).toEqual({ noWebhookResponse: true });
	});

	it('accepts the secret from a header when configured so', async () => {
		const ok = await deliver({ query: {}, headers: { 'X-Hub-Token': SECRET }, nodeOptions: { verificationLocation: 'header', verificationParameter: 'X-Hub-Token' } });
		expect(ok.result.workflowData).toHaveLength(1);
	});

	const noSecret = { influitiveApi: { ...credentials.influitiveApi, webhookSecret: '' } };

	it('accepts nothing when the credential has no Webhook Secret (closed by default)', async () => {
		const { result, response } = await deliver({ query: {}, credentials: noSecret });
		expect(result).toEqual({ noWebhookResponse: true });
		expect(response).toEqual({ status: 401, body: { error: 'unauthorized', reason: expect.stringContaining('no Webhook Secret') } });
	});

	it('accepts unauthenticated deliveries only when the user chose None, and says so in the reply', async () => {
		const { result } = await deliver({ query: {}, credentials: noSecret, authentication: 'none' });
		expect(result.workflowData).toHaveLength(1);
		expect(result.webhookResponse).toMatchObject({ received: true, warning: expect.stringContaining('without any secret') });
	});

	it('refuses to publish without a Webhook Secret unless authentication is None', async () => {
		const methods = new InfluitiveTrigger().webhookMethods.default;
		const hook = (parameters: Record<string, unknown>, creds: Record<string, Record<string, unknown>>) =>
			fakeHookContext({ credentials: creds as never, parameters: { events: [], options: {}, ...parameters } }).context;
		await expect(methods.checkExists.call(hook({}, noSecret))).rejects.toThrow(/no Webhook Secret/);
		await expect(methods.create.call(hook({}, noSecret))).rejects.toThrow(/no Webhook Secret/);
		await expect(methods.checkExists.call(hook({ webhookAuthentication: 'none' }, noSecret))).resolves.toBe(true);
		await expect(methods.checkExists.call(hook({}, credentials))).resolves.toBe(true);
	});

	it.each([
		[{ type: 'reward_redemption_requested' }, 'id: must be the event id (a number or a non-empty string); parameters: Required'],
		['not json', 'Expected object'],
		[{ ...redemptionEvent(), parameters: 'x' }, 'parameters: Expected object, received string'],
		[{ ...redemptionEvent(), parameters: { reward: {} } }, 'parameters.reward_redemption.id is missing'],
	])('answers 400 with the reason for a malformed body: %j', async (body, reason) => {
		const { result, response } = await deliver({ body });
		expect(response.status).toBe(400);
		expect((response.body as { reason: string }).reason).toContain(reason);
		expect(result.workflowData).toBeUndefined();
	});

	it('acknowledges and ignores event types that are not selected', async () => {
		const { result, response } = await deliver({ body: { ...redemptionEvent(), type: 'earned_badge' } });
		expect(response).toEqual({ status: 200, body: { received: true, ignored: true, reason: 'event type "earned_badge" is not selected' } });
		expect(result.workflowData).toBeUndefined();
		const custom = await deliver({ body: { ...redemptionEvent(), type: 'reward_redemption_created' }, nodeOptions: { customEventTypes: 'foo, reward_redemption_created' } });
		expect(custom.result.workflowData).toHaveLength(1);
	});

	it('drops a repeated event id and a second event for the same redemption, across contexts', async () => {
		const staticData = {};
		const first = await deliver({ staticData });
		const again = await deliver({ staticData });
		const otherEventSameRedemption = await deliver({ staticData, body: redemptionEvent({ id: 20002 }) });
		expect(first.result.workflowData).toHaveLength(1);
		expect(again.response).toEqual({ status: 200, body: { received: true, duplicate: true, reason: 'event 20001 was already received' } });
		expect(otherEventSameRedemption.response.body).toMatchObject({ duplicate: true, reason: 'redemption 501 was already received' });
		// After a restart only static data remains, and it still knows the ids.
		resetClaims();
		const afterRestart = await deliver({ staticData });
		expect(afterRestart.response.body).toMatchObject({ duplicate: true });
	});

	it('lets exactly one of several simultaneous deliveries through, with separate static data each', async () => {
		const results = await Promise.all([1, 2, 3, 4, 5].map(() => deliver({ staticData: {} })));
		expect(results.filter((r) => r.result.workflowData).length).toBe(1);
	});

	it('passes the raw event when Simplify is off', async () => {
		const { result } = await deliver({ nodeOptions: { simplify: false } });
		expect(result.workflowData?.[0][0].json).toMatchObject({ id: 20001, parameters: expect.any(Object) });
	});
});
