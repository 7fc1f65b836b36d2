import nock from 'nock';
import type { IDataObject } from 'n8n-workflow';

import { InfluitiveRedemptionTrigger } from '../../../nodes/Influitive/InfluitiveRedemptionTrigger.node';
import { fakePollContext } from '../../helpers/fake-context';
import { useFakeTiming, useNock } from '../../helpers/http-testing';

const BASE = 'https://api.influitive.test';
const credentials = { influitiveApi: { apiToken: 'tok', orgId: 'org', baseUrl: BASE, webhookSecret: '' } };

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
	nock(BASE).get('/reward_redemptions').reply(200, { reward_redemptions: ids.map(redemption), contacts: [{ id: 7, name: 'Ada Lovelace', email: 'ada@example.com' }], links: {} });

const poll = (state: IDataObject, options: IDataObject = {}, mode = 'trigger') =>
	new InfluitiveRedemptionTrigger().poll.call(fakePollContext({ credentials, staticData: state, mode: mode as 'trigger', parameters: { options } }).context);

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
		expect((await poll(state, { emitBacklog: false }))?.[0].map((i) => i.json.redemption_id)).toEqual([502]);
	});

	it('shows one redemption in manual mode without touching the state', async () => {
		const state: IDataObject = {};
		queue(501, 502);
		const out = await poll(state, {}, 'manual');
		expect(out?.[0]).toHaveLength(1);
		expect(state).toEqual({});
	});
});
