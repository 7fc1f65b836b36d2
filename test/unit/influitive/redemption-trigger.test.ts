import nock from 'nock';
import type { IDataObject } from 'n8n-workflow';

import { InfluitiveRedemptionTrigger } from '../../../nodes/Influitive/InfluitiveRedemptionTrigger.node';
import { InfluitiveTrigger } from '../../../nodes/Influitive/InfluitiveTrigger.node';
import { fakePollContext } from '../../helpers/fake-context';
import { useFakeTiming, useNock } from '../../helpers/http-testing';

const BASE = 'https://api.influitive.test';
const credentials = {
	influitiveApi: { apiToken: 'tok', orgId: 'org', baseUrl: BASE, webhookSecret: '' },
};

useNock();
beforeEach(() => useFakeTiming());

const redemption = (id: number) => ({
	id,
	status: 'pending',
	reward_id: 77,
	contact_id: 7,
	quantity: 1,
	reward: { id: 77, name: 'Kotis T-shirt', metadata: { provider: 'Kotis', sku: '107529-1' } },
	shipping_address: { address: '12 Analytical Way', city: 'Seattle', zip: '98102' },
	answers: [{ question: 'Size', answer: 'L' }],
});
const queue = (...ids: number[]) =>
	nock(BASE)
		.get('/reward_redemptions')
		.reply(200, {
			reward_redemptions: ids.map(redemption),
			contacts: [{ id: 7, name: 'Ada Lovelace', email: 'ada@example.com' }],
			links: {},
		});

const poll = (state: IDataObject, options: IDataObject = {}, mode = 'trigger') =>
	new InfluitiveRedemptionTrigger().poll.call(
		fakePollContext({
			credentials,
			staticData: state,
			mode: mode as 'trigger',
			parameters: { options },
		}).context,
	);

describe('Influitive AdvocateHub Redemption Trigger', () => {
	it('emits each new redemption once, as the same flat item the webhook trigger gives', async () => {
		const state: IDataObject = {};
		queue(501, 502);
		const first = await poll(state);
		expect(first?.[0].map((i) => i.json.redemption_id)).toEqual([501, 502]);
		expect(first?.[0][0].json).toMatchObject({
			provider: 'Kotis',
			sku: '107529-1',
			size: 'L',
			advocate_name: 'Ada Lovelace',
			advocate_email: 'ada@example.com',
			shipping: { address1: '12 Analytical Way', zip: '98102' },
		});

		queue(501, 502);
		expect(await poll(state)).toBeNull();

		// 501 was decided (left the queue), 503 is new.
		queue(502, 503);
		const next = await poll(state);
		expect(next?.[0].map((i) => i.json.redemption_id)).toEqual([503]);
		expect(state.emitted).toEqual(['502', '503']);
	});

	it('can record the waiting backlog without emitting it', async () => {
		const state: IDataObject = {};
		queue(501);
		expect(await poll(state, { emitBacklog: false })).toBeNull();
		queue(501, 502);
		expect(
			(await poll(state, { emitBacklog: false }))?.[0].map((i) => i.json.redemption_id),
		).toEqual([502]);
	});

	it('shows one redemption in manual mode without touching the state', async () => {
		const state: IDataObject = {};
		queue(501, 502);
		const out = await poll(state, {}, 'manual');
		expect(out?.[0]).toHaveLength(1);
		expect(state).toEqual({});
	});
});

describe('Influitive AdvocateHub Redemption Trigger: administrator approval', () => {
	const item = (id: number, status: string) => ({ ...redemption(id), status });
	const queueOf = (...items: Array<Record<string, unknown>>) =>
		nock(BASE)
			.get('/reward_redemptions')
			.reply(200, {
				reward_redemptions: items,
				contacts: [{ id: 7, name: 'Ada Lovelace' }],
				links: {},
			});

	it('emits only approved redemptions; the others wait (not recorded) and go out once approved', async () => {
		const state: IDataObject = {};
		queueOf(item(501, 'awaiting_approval'), item(502, 'approved'));
		const first = await poll(state, { onlyApproved: true });
		expect(first?.[0].map((i) => i.json.redemption_id)).toEqual([502]);
		expect(state.emitted).toEqual(['502']);

		queueOf(item(501, 'awaiting_approval'), item(502, 'approved'));
		expect(await poll(state, { onlyApproved: true })).toBeNull();

		// The administrator approves 501 (Approve Without Fulfilling).
		queueOf(item(501, 'approved'), item(502, 'approved'));
		expect(
			(await poll(state, { onlyApproved: true }))?.[0].map((i) => i.json.redemption_id),
		).toEqual([501]);
	});

	it('reads approval from the configured field and values (ignoring case); a missing field waits', async () => {
		const state: IDataObject = {};
		const options = {
			onlyApproved: true,
			approvalField: 'approval.state',
			approvedValues: 'Approved, not_required',
		};
		queueOf(
			{ ...redemption(501), approval: { state: 'NOT_REQUIRED' } },
			{ ...redemption(502), approval: { state: 'waiting' } },
			{ ...redemption(503) },
			{ ...redemption(504), approval: { state: 'approved' } },
		);
		expect((await poll(state, options))?.[0].map((i) => i.json.redemption_id)).toEqual([501, 504]);
	});

	it('emits everything when the filter is off (the default)', async () => {
		queueOf(item(501, 'awaiting_approval'), item(502, 'approved'));
		expect((await poll({}))?.[0].map((i) => i.json.redemption_id)).toEqual([501, 502]);
	});

	it('shows only an approved redemption in manual mode', async () => {
		queueOf(item(501, 'awaiting_approval'), item(502, 'approved'));
		expect(
			(await poll({}, { onlyApproved: true }, 'manual'))?.[0].map((i) => i.json.redemption_id),
		).toEqual([502]);
	});
});

describe('Influitive AdvocateHub Redemption Trigger: item paths and missing shipping', () => {
	it('reads every field from where the options say, as the webhook trigger does', async () => {
		nock(BASE)
			.get('/reward_redemptions')
			.reply(200, {
				reward_redemptions: [
					{
						id: 9,
						ref: 'R-9',
						contact_id: 7,
						item: { name: 'Hoodie', fulfilment: { vendor: 'Kotis', code: '200-1' } },
						count: 3,
						to: { line1: '1 Loop Rd', town: 'Leeds', pc: 'LS1', nation: 'GB' },
						qa: [{ q: 'Size', a: 'XL' }],
					},
				],
				contacts: [{ id: 7, name: 'Ada Lovelace' }],
				links: {},
			});
		const out = await poll(
			{},
			{
				redemptionIdPath: 'ref',
				rewardPath: 'item',
				providerPath: 'fulfilment.vendor',
				skuPath: 'fulfilment.code',
				quantityPath: 'count',
				shippingAddressPath: 'to',
				shippingAddressKeys: {
					keys: { address1: 'line1', city: 'town', zip: 'pc', country: 'nation' },
				},
				answersPath: 'qa',
				answerQuestionKey: 'q',
				answerValueKey: 'a',
			},
		);
		expect(out?.[0][0].json).toMatchObject({
			redemption_id: 'R-9',
			reward_name: 'Hoodie',
			provider: 'Kotis',
			sku: '200-1',
			quantity: 3,
			size: 'XL',
			shipping: {
				name: 'Ada Lovelace',
				address1: '1 Loop Rd',
				city: 'Leeds',
				zip: 'LS1',
				country: 'GB',
			},
			shipping_missing: [],
		});
	});

	it('flags a redemption with no shipping address (the reward asks no shipping question)', async () => {
		nock(BASE)
			.get('/reward_redemptions')
			.reply(200, {
				reward_redemptions: [{ ...redemption(501), shipping_address: null }],
				contacts: [],
				links: {},
			});
		const out = await poll(
			{},
			{ requiredShippingFields: ['name', 'address1', 'city', 'state', 'zip', 'country'] },
		);
		expect(out?.[0][0].json).toMatchObject({
			shipping_missing: ['name', 'address1', 'city', 'state', 'zip', 'country'],
			shipping_missing_text:
				'recipient name, street address, city, state or province, ZIP or postal code and country',
		});
	});

	it('has the same payload options as the webhook trigger, with queue-item defaults', () => {
		const opts = (node: {
			description: { properties: Array<{ name: string; options?: unknown }> };
		}) =>
			(node.description.properties.find((p) => p.name === 'options')?.options ?? []) as Array<{
				name: string;
				default: unknown;
			}>;
		const poller = opts(new InfluitiveRedemptionTrigger());
		const hook = opts(new InfluitiveTrigger());
		const shared = hook.filter((o) => poller.some((p) => p.name === o.name)).map((o) => o.name);
		expect(shared).toEqual(
			expect.arrayContaining([
				'redemptionIdPath',
				'rewardPath',
				'providerPath',
				'skuPath',
				'shippingAddressPath',
				'shippingAddressKeys',
				'answersPath',
				'quantityPath',
				'requiredShippingFields',
				'sizeQuestion',
			]),
		);
		expect(poller.find((o) => o.name === 'shippingAddressPath')?.default).toBe('shipping_address');
		expect(poller.find((o) => o.name === 'redemptionIdPath')?.default).toBe('id');
		expect(poller.find((o) => o.name === 'onlyApproved')?.default).toBe(false);
	});
});
