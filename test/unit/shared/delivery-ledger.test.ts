/**
 * Webhook triggers with Remember Deliveries In: Reward Ledger. The ledger's own claim is proven
 * against a real n8n (test/e2e/ledger.test.ts, test/e2e/queue-trigger-dedupe.test.ts); here it is a
 * stand-in, to pin what the triggers do with each of its answers.
 */
import type { IDataObject } from 'n8n-workflow';

import { InfluenceIoTrigger } from '../../../nodes/InfluenceIo/InfluenceIoTrigger.node';
import { InfluitiveTrigger } from '../../../nodes/Influitive/InfluitiveTrigger.node';
import { claim, ledgerTables } from '../../../nodes/RewardLedger/api';
import { DEFAULT_DELIVERY_TABLE } from '../../../nodes/RewardLedger/deliveries';
import { digestKey, resetClaims } from '../../../nodes/shared/dedupe';
import { fakeHookContext } from '../../helpers/fake-context';
import { fakeWebhook } from '../../helpers/fake-webhook';

jest.mock('../../../nodes/RewardLedger/api', () => ({
	ledgerTables: jest.fn(),
	claim: jest.fn(),
}));

const mockedTables = ledgerTables as jest.MockedFunction<typeof ledgerTables>;
const mockedClaim = claim as jest.MockedFunction<typeof claim>;
const entry = {
	id: 1,
	key: 'k',
	state: 'claimed' as const,
	vendor_ref: '',
	detail: '',
	changed_ms: 0,
	attempts: 1,
	reported_ms: 0,
	token: '',
};

/** The ledger as every process shares it: the first claim of a key wins. */
function sharedLedger() {
	const keys = new Set<string>();
	mockedClaim.mockImplementation(async (_ctx, _tables, key) => {
		if (keys.has(key)) return { claimed: false, entry };
		keys.add(key);
		return { claimed: true, entry: { ...entry, token: 't' } };
	});
	return keys;
}

const IIO_SECRET = 'iio-secret';
const redeemed = {
	id: 'pt-1',
	customer: { id: 'c-1', email: 'ada@example.com' },
	action: 'redeem',
	points: 500,
	type: 'redeem',
	ruleId: 'r',
	couponCode: 'LOYAL-1',
	rewardType: 'fixed_amount',
};

async function influenceIo(
	options: {
		memory?: string;
		staticData?: IDataObject;
		nodeOptions?: Record<string, unknown>;
	} = {},
) {
	const hook = fakeWebhook({
		credentials: {
			influenceIoApi: {
				apiKey: 'k',
				baseUrl: 'https://api.influence.test',
				webhookSecret: IIO_SECRET,
			},
		},
		query: { token: IIO_SECRET },
		headers: { 'X-Webhook-Topic': 'points/redeemed', 'X-Webhook-Id': 'wh-1' },
		body: redeemed,
		staticData: options.staticData,
		parameters: {
			register: false,
			topics: [],
			deliveryMemory: options.memory ?? 'ledger',
			options: options.nodeOptions ?? {},
		},
	});
	const result = await new InfluenceIoTrigger().webhook.call(hook.context);
	return { result, response: hook.response, warnings: hook.warnings };
}

beforeEach(() => {
	resetClaims();
	jest.resetAllMocks();
	mockedTables.mockResolvedValue({ ledgerId: 'L', locksId: 'K' });
});

describe('Influence.io Trigger remembering deliveries in the Reward Ledger', () => {
	it('starts the workflow on the first claim anywhere, claiming a key that names the workflow, the node and the delivery digest', async () => {
		sharedLedger();
		const { result, response } = await influenceIo();
		expect(result.workflowData).toHaveLength(1);
		expect(response).toEqual({ status: 200, body: { received: true } });
		expect(mockedTables).toHaveBeenCalledWith(expect.anything(), DEFAULT_DELIVERY_TABLE, 0);
		const [, , key, options] = mockedClaim.mock.calls[0];
		expect(key).toBe(`delivery:wf-1:node-1:${digestKey('points/redeemed|wh-1|pt-1')}`);
		expect(options).toEqual({ reclaimAfterMs: 0, detail: 'points/redeemed' });
	});

	it('drops a delivery another process claimed first (this process never saw it)', async () => {
		const keys = sharedLedger();
		keys.add(`delivery:wf-1:node-1:${digestKey('points/redeemed|wh-1|pt-1')}`);
		const { result, response } = await influenceIo();
		expect(result).toEqual({ noWebhookResponse: true });
		expect(response).toEqual({
			status: 200,
			body: { received: true, duplicate: true, reason: 'this delivery was already received' },
		});
	});

	it('answers a repeat this process already saw without asking the ledger', async () => {
		sharedLedger();
		await influenceIo();
		const again = await influenceIo();
		expect(again.response.body).toMatchObject({ duplicate: true });
		expect(mockedClaim).toHaveBeenCalledTimes(1);
	});

	it('answers 503 when the ledger cannot be asked, starts nothing, and counts the retry as new', async () => {
		const staticData: IDataObject = {};
		mockedClaim.mockRejectedValueOnce(new Error('Reward Ledger did not respond within 5 s'));
		const refused = await influenceIo({ staticData });
		expect(refused.result).toEqual({ noWebhookResponse: true });
		expect(refused.response.status).toBe(503);
		expect(refused.response.body).toEqual({
			error: 'dedupe_unavailable',
			reason: expect.stringContaining('send it again'),
		});
		expect(JSON.stringify(refused.response.body)).not.toContain('5 s');
		expect(refused.warnings).toEqual([expect.stringContaining('Reward Ledger did not respond')]);
		expect(staticData.seenEventIds).toEqual([]);

		sharedLedger();
		const retry = await influenceIo({ staticData });
		expect(retry.result.workflowData).toHaveLength(1);
	});

	it('asks nothing of the ledger in the default memory, or with Drop Repeated Deliveries off', async () => {
		sharedLedger();
		expect((await influenceIo({ memory: 'process' })).result.workflowData).toHaveLength(1);
		resetClaims();
		expect(
			(await influenceIo({ nodeOptions: { dedupe: false } })).result.workflowData,
		).toHaveLength(1);
		expect(mockedClaim).not.toHaveBeenCalled();
	});

	it('uses the Delivery Ledger Table option', async () => {
		sharedLedger();
		await influenceIo({ nodeOptions: { deliveryLedgerTable: ' my_deliveries ' } });
		expect(mockedTables).toHaveBeenCalledWith(expect.anything(), 'my_deliveries', 0);
	});
});

describe('Influitive AdvocateHub Trigger remembering deliveries in the Reward Ledger', () => {
	const SECRET = 'hub-secret';
	const event = (id: number, redemptionId: number) => ({
		id,
		type: 'reward_redemption_requested',
		name: 'Reward Redemption Requested',
		created: 1763800000,
		parameters: {
			reward_redemption: { id: redemptionId, quantity: 1 },
			reward: { id: 77, name: 'T-shirt', points: 500 },
		},
		points: -500,
		contact: { id: 7, first_name: 'Ada', last_name: 'Lovelace', email: 'ada@example.com' },
	});
	const deliver = async (body: unknown, nodeOptions: Record<string, unknown> = {}) => {
		const hook = fakeWebhook({
			credentials: {
				influitiveApi: {
					apiToken: 't',
					orgId: 'o',
					baseUrl: 'https://api.influitive.test',
					webhookSecret: SECRET,
				},
			},
			query: { token: SECRET },
			body,
			parameters: {
				events: ['reward_redemption_requested'],
				deliveryMemory: 'ledger',
				options: nodeOptions,
			},
		});
		const result = await new InfluitiveTrigger().webhook.call(hook.context);
		return { result, response: hook.response };
	};

	it('claims the redemption once (it covers the event): another event for a redemption claimed elsewhere is dropped', async () => {
		const keys = sharedLedger();
		keys.add(`delivery:wf-1:node-1:${digestKey('redemption:501')}`);
		const { result, response } = await deliver(event(9, 501));
		expect(result.workflowData).toBeUndefined();
		expect(response.body).toEqual({
			received: true,
			duplicate: true,
			reason: 'redemption 501 was already received',
		});
		expect(mockedClaim).toHaveBeenCalledTimes(1);
	});

	it('claims the event when repeats of a redemption are not dropped', async () => {
		sharedLedger();
		const { result, response } = await deliver(event(10, 502), { dedupeOnRedemptionId: false });
		expect(result.workflowData).toHaveLength(1);
		expect(response).toEqual({ status: 200, body: { received: true, event_id: 10 } });
		expect(mockedClaim.mock.calls[0][2]).toBe(`delivery:wf-1:node-1:${digestKey('event:10')}`);
	});

	it('gives both in-process claims back when the ledger cannot be asked', async () => {
		mockedClaim.mockRejectedValueOnce(new Error('down'));
		expect((await deliver(event(11, 503))).response.status).toBe(503);
		sharedLedger();
		expect((await deliver(event(11, 503))).result.workflowData).toHaveLength(1);
	});
});

describe('publishing a trigger that remembers deliveries in the Reward Ledger', () => {
	const hook = (parameters: Record<string, unknown>) =>
		fakeHookContext({
			credentials: {
				influenceIoApi: {
					apiKey: 'k',
					baseUrl: 'https://api.influence.test',
					webhookSecret: IIO_SECRET,
				},
				influitiveApi: {
					apiToken: 't',
					orgId: 'o',
					baseUrl: 'https://api.influitive.test',
					webhookSecret: 's',
				},
			},
			parameters: { register: false, topics: [], events: [], options: {}, ...parameters },
		}).context;

	it('creates the delivery tables then (Influence.io and Influitive), not at the first delivery', async () => {
		await new InfluenceIoTrigger().webhookMethods.default.checkExists.call(
			hook({ deliveryMemory: 'ledger', options: { deliveryLedgerTable: 'iio_deliveries' } }),
		);
		await new InfluitiveTrigger().webhookMethods.default.checkExists.call(
			hook({ deliveryMemory: 'ledger' }),
		);
		expect(mockedTables.mock.calls.map((call) => call[1])).toEqual([
			'iio_deliveries',
			DEFAULT_DELIVERY_TABLE,
		]);
	});

	it('fails the publish when the ledger cannot be reached', async () => {
		mockedTables.mockRejectedValueOnce(new Error('The Reward Ledger API key was refused'));
		await expect(
			new InfluenceIoTrigger().webhookMethods.default.checkExists.call(
				hook({ deliveryMemory: 'ledger' }),
			),
		).rejects.toThrow(/refused/);
	});

	it('touches no ledger in the default memory or with Drop Repeated Deliveries off', async () => {
		await new InfluenceIoTrigger().webhookMethods.default.checkExists.call(hook({}));
		await new InfluitiveTrigger().webhookMethods.default.checkExists.call(
			hook({ deliveryMemory: 'process' }),
		);
		await new InfluenceIoTrigger().webhookMethods.default.checkExists.call(
			hook({ deliveryMemory: 'ledger', options: { dedupe: false } }),
		);
		expect(mockedTables).not.toHaveBeenCalled();
	});
});
