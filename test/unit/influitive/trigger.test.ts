import { InfluitiveTrigger } from '../../../nodes/Influitive/InfluitiveTrigger.node';
import { resetClaims } from '../../../nodes/shared/dedupe';
import { fakeHookContext } from '../../helpers/fake-context';
import { fakeWebhook, type FakeWebhookOptions } from '../../helpers/fake-webhook';

const SECRET = 'hook-secret-42';
const credentials = {
	influitiveApi: {
		apiToken: 't',
		orgId: 'o',
		baseUrl: 'https://api.influitive.test',
		webhookSecret: SECRET,
	},
};

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
			shipping_address: {
				name: 'Ada Lovelace',
				address: '12 Analytical Way',
				address_2: '',
				city: 'Seattle',
				state: 'WA',
				zip: '98102',
				country: 'US',
				phone_number: '',
			},
			answers: [
				{ question: 'Colour', answer: 'Blue' },
				{ question: 'size', answer: ' S ' },
			],
		},
		reward: {
			id: 77,
			uuid: 'rw-uuid',
			name: 'Kotis T-shirt',
			points: 500,
			metadata: { provider: 'Kotis', sku: '107529-1' },
		},
	},
	points: -500,
	challenge: {},
	contact: {
		id: 7,
		uuid: 'c-uuid',
		first_name: 'Ada',
		last_name: 'Lovelace',
		email: 'ada@example.com',
	},
	additional_data: {},
	...overrides,
});

async function deliver(
	options: Partial<FakeWebhookOptions> & {
		events?: string[];
		nodeOptions?: Record<string, unknown>;
		authentication?: string;
		deliveryMemory?: string;
	} = {},
) {
	const hook = fakeWebhook({
		credentials,
		query: { token: SECRET },
		body: redemptionEvent(),
		...options,
		parameters: {
			events: options.events ?? ['reward_redemption_requested'],
			options: options.nodeOptions ?? {},
			...(options.authentication ? { webhookAuthentication: options.authentication } : {}),
			...(options.deliveryMemory ? { deliveryMemory: options.deliveryMemory } : {}),
		},
	});
	const result = await new InfluitiveTrigger().webhook.call(hook.context);
	return { result, response: hook.response };
}

beforeEach(() => resetClaims());

describe('Influitive AdvocateHub Trigger', () => {
	it('emits one flat redemption item with the raw event kept', async () => {
		const { result, response } = await deliver();
		// Answered by the node itself, so n8n saves the dedupe ids before it creates the execution.
		expect(response).toEqual({ status: 200, body: { received: true, event_id: 20001 } });
		expect(result.noWebhookResponse).toBe(true);
		expect(result.webhookResponse).toBeUndefined();
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
			shipping: {
				name: 'Ada Lovelace',
				address1: '12 Analytical Way',
				city: 'Seattle',
				state: 'WA',
				zip: '98102',
				country: 'US',
			},
		});
		expect(item?.event).toMatchObject({ id: 20001, type: 'reward_redemption_requested' });
	});

	it.each([
		[{ query: {} }, 'missing or wrong token'],
		[{ query: { token: 'hook-secret-4' } }, 'missing or wrong token'],
		[{ query: { token: `${SECRET}x` } }, 'missing or wrong token'],
	])(
		'answers 401 with a JSON reason and starts nothing for a bad secret: %j',
		async (override, reason) => {
			const { result, response } = await deliver(override);
			expect(response).toEqual({ status: 401, body: { error: 'unauthorized', reason } });
			expect(result).toEqual({ noWebhookResponse: true });
		},
	);

	it('accepts the secret from a header when configured so', async () => {
		const ok = await deliver({
			query: {},
			headers: { 'X-Hub-Token': SECRET },
			nodeOptions: { verificationLocation: 'header', verificationParameter: 'X-Hub-Token' },
		});
		expect(ok.result.workflowData).toHaveLength(1);
	});

	const noSecret = { influitiveApi: { ...credentials.influitiveApi, webhookSecret: '' } };

	it('accepts nothing when the credential has no Webhook Secret (closed by default)', async () => {
		const { result, response } = await deliver({ query: {}, credentials: noSecret });
		expect(result).toEqual({ noWebhookResponse: true });
		expect(response).toEqual({
			status: 401,
			body: { error: 'unauthorized', reason: expect.stringContaining('no Webhook Secret') },
		});
	});

	it('accepts unauthenticated deliveries only when the user chose None, and says so in the reply', async () => {
		const { result, response } = await deliver({
			query: {},
			credentials: noSecret,
			authentication: 'none',
		});
		expect(result.workflowData).toHaveLength(1);
		expect(response.body).toMatchObject({
			received: true,
			warning: expect.stringContaining('without any secret'),
		});
	});

	it('refuses to publish without a Webhook Secret unless authentication is None', async () => {
		const methods = new InfluitiveTrigger().webhookMethods.default;
		const hook = (
			parameters: Record<string, unknown>,
			creds: Record<string, Record<string, unknown>>,
		) =>
			fakeHookContext({
				credentials: creds as never,
				parameters: { events: [], options: {}, ...parameters },
			}).context;
		await expect(methods.checkExists.call(hook({}, noSecret))).rejects.toThrow(/no Webhook Secret/);
		await expect(methods.create.call(hook({}, noSecret))).rejects.toThrow(/no Webhook Secret/);
		await expect(
			methods.checkExists.call(hook({ webhookAuthentication: 'none' }, noSecret)),
		).resolves.toBe(true);
		await expect(methods.checkExists.call(hook({}, credentials))).resolves.toBe(true);
	});

	it.each([
		[
			{ type: 'reward_redemption_requested' },
			'id: must be the event id (a number or a non-empty string); parameters: Required',
		],
		['not json', 'Expected object'],
		[{ ...redemptionEvent(), parameters: 'x' }, 'parameters: Expected object, received string'],
		[
			{ ...redemptionEvent(), parameters: { reward: {} } },
			'parameters.reward_redemption.id is missing',
		],
	])('answers 400 with the reason for a malformed body: %j', async (body, reason) => {
		const { result, response } = await deliver({ body });
		expect(response.status).toBe(400);
		expect((response.body as { reason: string }).reason).toContain(reason);
		expect(result.workflowData).toBeUndefined();
	});

	it('acknowledges and ignores event types that are not selected', async () => {
		const { result, response } = await deliver({
			body: { ...redemptionEvent(), type: 'earned_badge' },
		});
		expect(response).toEqual({
			status: 200,
			body: { received: true, ignored: true, reason: 'event type "earned_badge" is not selected' },
		});
		expect(result.workflowData).toBeUndefined();
		const custom = await deliver({
			body: { ...redemptionEvent(), type: 'reward_redemption_created' },
			nodeOptions: { customEventTypes: 'foo, reward_redemption_created' },
		});
		expect(custom.result.workflowData).toHaveLength(1);
	});

	it('drops a repeated event id and a second event for the same redemption, across contexts', async () => {
		const staticData = {};
		const first = await deliver({ staticData });
		const again = await deliver({ staticData });
		const otherEventSameRedemption = await deliver({
			staticData,
			body: redemptionEvent({ id: 20002 }),
		});
		expect(first.result.workflowData).toHaveLength(1);
		expect(again.response).toEqual({
			status: 200,
			body: { received: true, duplicate: true, reason: 'event 20001 was already received' },
		});
		expect(otherEventSameRedemption.response.body).toMatchObject({
			duplicate: true,
			reason: 'redemption 501 was already received',
		});
		// After a restart only static data remains, and it still knows the ids.
		resetClaims();
		const afterRestart = await deliver({ staticData });
		expect(afterRestart.response.body).toMatchObject({ duplicate: true });
	});

	it('lets exactly one of several simultaneous deliveries through, with separate static data each', async () => {
		const results = await Promise.all([1, 2, 3, 4, 5].map(() => deliver({ staticData: {} })));
		expect(results.filter((r) => r.result.workflowData).length).toBe(1);
	});

	it('with Remember Deliveries In: Nowhere, lets every copy through untouched and leaves the answer to n8n, after it stored the run', async () => {
		const staticData = {};
		const copies = await Promise.all(
			[1, 2, 3].map(() => deliver({ staticData, deliveryMemory: 'workflowClaim' })),
		);
		for (const { result, response } of copies) {
			// n8n answers this after WorkflowRunner.run returned (500 if it could not store the run).
			expect(result).toEqual({
				webhookResponse: { received: true, event_id: 20001 },
				workflowData: [
					[expect.objectContaining({ json: expect.objectContaining({ redemption_id: 501 }) })],
				],
			});
			expect(response).toEqual({});
		}
		// Nothing for n8n to save: the workflow's Reward Ledger claim is the one owner of repeats.
		expect(staticData).toEqual({});
		// '' keeps n8n from answering its default response data instead of webhookResponse.
		expect(new InfluitiveTrigger().description.webhooks?.[0]).toMatchObject({
			responseMode: 'onReceived',
			responseData: '',
		});
		// Refusals are still answered by the node itself.
		const wrongSecret = await deliver({
			deliveryMemory: 'workflowClaim',
			query: { token: 'nope' },
		});
		expect(wrongSecret.response.status).toBe(401);
		expect(wrongSecret.result).toEqual({ noWebhookResponse: true });
	});

	it('passes the raw event when Simplify is off', async () => {
		const { result } = await deliver({ nodeOptions: { simplify: false } });
		expect(result.workflowData?.[0][0].json).toMatchObject({
			id: 20001,
			parameters: expect.any(Object),
		});
	});
});

describe('Influitive AdvocateHub Trigger: redemption types named by the user', () => {
	const renamed = (id: number, redemptionId: number, type = 'reward_redeemed') => {
		const event = redemptionEvent({ id, type });
		(event.parameters.reward_redemption as { id: number }).id = redemptionId;
		return event;
	};

	it('accepts a renamed redemption type and applies the redemption handling (ID, Simplify, dedupe) to it', async () => {
		const staticData = {};
		const nodeOptions = { redemptionEventTypes: 'reward_redemption_requested, reward_redeemed' };
		const first = await deliver({ staticData, nodeOptions, body: renamed(30001, 601) });
		expect(first.result.workflowData?.[0][0].json).toMatchObject({
			event_type: 'reward_redeemed',
			redemption_id: 601,
			provider: 'Kotis',
			sku: '107529-1',
			size: 'S',
		});
		// Another event for the same redemption is dropped: the dedupe on the redemption ID applies too.
		const repeat = await deliver({ staticData, nodeOptions, body: renamed(30002, 601) });
		expect(repeat.response.body).toMatchObject({
			duplicate: true,
			reason: 'redemption 601 was already received',
		});
		// The built-in name still works alongside.
		const builtIn = await deliver({
			staticData,
			nodeOptions,
			body: renamed(30003, 602, 'reward_redemption_requested'),
		});
		expect(builtIn.result.workflowData?.[0][0].json).toMatchObject({ redemption_id: 602 });
		// A renamed redemption without its ID is refused (400) rather than passed on raw.
		const noId = await deliver({
			staticData,
			nodeOptions,
			body: { ...renamed(30004, 603), parameters: { reward: {} } },
		});
		expect(noId.response.status).toBe(400);
	});

	it('ignores the renamed type when Reward Redemption Requested is not selected, and passes custom types on raw', async () => {
		const nodeOptions = {
			redemptionEventTypes: 'reward_redeemed',
			customEventTypes: 'reward_redemption_fulfilled',
		};
		const ignored = await deliver({
			events: ['referral_won'],
			nodeOptions,
			body: renamed(30010, 610),
		});
		expect(ignored.response.body).toMatchObject({ ignored: true });
		const raw = await deliver({
			nodeOptions,
			body: renamed(30011, 611, 'reward_redemption_fulfilled'),
		});
		expect(raw.result.workflowData?.[0][0].json).toMatchObject({
			id: 30011,
			type: 'reward_redemption_fulfilled',
		});
		expect(raw.result.workflowData?.[0][0].json).not.toHaveProperty('redemption_id');
	});
});

describe('Influitive AdvocateHub Trigger: payload keys as options', () => {
	const otherShape = () =>
		redemptionEvent({
			parameters: {
				redemption: {
					redemption_id: 'R-9',
					qty: 2,
					ship_to: {
						recipient: 'Ada L.',
						street: '1 Loop Rd',
						town: 'Leeds',
						postcode: 'LS1',
						nation: 'GB',
					},
					responses: { 'T-Shirt Size': 'XL' },
				},
				item: { id: 5, name: 'Hoodie', auto_fulfillment: { vendor: 'Kotis', item_id: '200-1' } },
			},
		});
	const nodeOptions = {
		redemptionIdPath: 'parameters.redemption.redemption_id',
		quantityPath: 'parameters.redemption.qty',
		rewardPath: 'parameters.item',
		providerPath: 'auto_fulfillment.vendor',
		skuPath: 'auto_fulfillment.item_id',
		shippingAddressPath: 'parameters.redemption.ship_to',
		shippingAddressKeys: {
			keys: {
				name: 'recipient',
				address1: 'street',
				city: 'town',
				zip: 'postcode',
				country: 'nation',
			},
		},
		answersPath: 'parameters.redemption.responses',
		sizeQuestion: 't-shirt size',
	};

	it('reads every simplified field from where the options say, answers given as an object', async () => {
		const { result } = await deliver({ nodeOptions, body: otherShape() });
		expect(result.workflowData?.[0][0].json).toMatchObject({
			redemption_id: 'R-9',
			quantity: 2,
			reward_id: 5,
			reward_name: 'Hoodie',
			provider: 'Kotis',
			sku: '200-1',
			size: 'XL',
			shipping: {
				name: 'Ada L.',
				address1: '1 Loop Rd',
				city: 'Leeds',
				zip: 'LS1',
				country: 'GB',
				state: '',
				phone: '',
			},
			shipping_missing: [],
		});
	});

	it('reads answers listed under other keys', async () => {
		const body = redemptionEvent();
		(body.parameters.reward_redemption as Record<string, unknown>).answers = [
			{ label: 'Size', value: 'M' },
		];
		const { result } = await deliver({
			body,
			nodeOptions: { answerQuestionKey: 'label', answerValueKey: 'value' },
		});
		expect(result.workflowData?.[0][0].json.size).toBe('M');
	});

	it('offers the same path options, with webhook defaults, as the polling trigger', () => {
		const names = (node: {
			description: { properties: Array<{ name: string; options?: unknown }> };
		}) =>
			(node.description.properties.find((p) => p.name === 'options')?.options ?? []) as Array<{
				name: string;
				default: unknown;
			}>;
		const hook = names(new InfluitiveTrigger());
		for (const name of [
			'redemptionIdPath',
			'rewardPath',
			'providerPath',
			'skuPath',
			'shippingAddressPath',
			'shippingAddressKeys',
			'answersPath',
			'answerQuestionKey',
			'answerValueKey',
			'quantityPath',
			'requiredShippingFields',
			'sizeQuestion',
		]) {
			expect(hook.map((o) => o.name)).toContain(name);
		}
		expect(hook.find((o) => o.name === 'shippingAddressPath')?.default).toBe(
			'parameters.reward_redemption.shipping_address',
		);
		const sorted = hook.map((o) => (o as unknown as { displayName: string }).displayName);
		expect(sorted).toEqual([...sorted].sort((a, b) => a.localeCompare(b)));
	});
});

describe('Influitive AdvocateHub Trigger: missing shipping address', () => {
	it('lists the required shipping fields a redemption lacks, in keys and in words', async () => {
		const body = redemptionEvent();
		const rr = body.parameters.reward_redemption as Record<string, unknown>;
		rr.shipping_address = {
			name: 'Ada Lovelace',
			address: ' ',
			city: 'Seattle',
			zip: '',
			country: 'US',
		};
		const { result } = await deliver({ body });
		expect(result.workflowData?.[0][0].json).toMatchObject({
			shipping_missing: ['address1', 'zip'],
			shipping_missing_text: 'street address and ZIP or postal code',
		});
	});

	it('flags every required field when the reward asks no shipping question (no address at all), naming the advocate', async () => {
		const body = redemptionEvent();
		delete (body.parameters.reward_redemption as Record<string, unknown>).shipping_address;
		const { result } = await deliver({ body });
		const item = result.workflowData?.[0][0].json;
		// The name falls back to the advocate's, so only the address itself is missing.
		expect(item).toMatchObject({
			shipping_missing: ['address1', 'city', 'zip', 'country'],
			shipping_missing_text: 'street address, city, ZIP or postal code and country',
		});
		const none = await deliver({
			body: { ...body, id: 20009 },
			nodeOptions: { requiredShippingFields: [], dedupeOnRedemptionId: false },
		});
		expect(none.result.workflowData?.[0][0].json).toMatchObject({
			shipping_missing: [],
			shipping_missing_text: '',
		});
	});

	it('finds a complete address complete', async () => {
		const { result } = await deliver();
		expect(result.workflowData?.[0][0].json).toMatchObject({
			shipping_missing: [],
			shipping_missing_text: '',
		});
	});
});
