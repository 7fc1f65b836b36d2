import nock from 'nock';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { Influitive } from '../../../nodes/Influitive/Influitive.node';
import { fakeExecuteContext } from '../../helpers/fake-context';
import { useFakeTiming, useNock } from '../../helpers/http-testing';

const BASE = 'https://api.influitive.test';
const TOKEN = 'influitive-secret-token-9';
const ORG = '3f1c1f7e-0000-4000-8000-000000000001';
const credentials = { influitiveApi: { apiToken: TOKEN, orgId: ORG, baseUrl: BASE, webhookSecret: '' } };

useNock();
let clock: ReturnType<typeof useFakeTiming>;
beforeEach(() => {
	clock = useFakeTiming();
});

const run = (parameters: Record<string, unknown>, continueOnFail = false) =>
	new Influitive().execute.call(fakeExecuteContext({ credentials, parameters, continueOnFail }).context);

const api = () => nock(BASE).matchHeader('authorization', `Token ${TOKEN}`).matchHeader('x_org_id', ORG);

describe('Influitive: Reward Redemption', () => {
	it('lists the queue across pages (links.next) with each advocate joined, sending both auth headers', async () => {
		api()
			.get('/reward_redemptions')
			.reply(200, {
				reward_redemptions: [{ id: 501, reward_id: 77, contact_id: 7, status: 'pending' }],
				contacts: [{ id: 7, email: 'ada@example.com' }],
				links: { self: `${BASE}/reward_redemptions`, next: `${BASE}/reward_redemptions?page=2` },
			});
		api()
			.get('/reward_redemptions')
			.query({ page: '2' })
			.reply(200, { reward_redemptions: [{ id: 502, reward_id: 78, contact_id: 8 }], contacts: [{ id: 8, email: 'grace@example.com' }], links: {} });
		const [out] = await run({ resource: 'rewardRedemption', operation: 'getAll', returnAll: true });
		expect(out.map((i) => [i.json.id, (i.json.contact as { email: string }).email])).toEqual([
			[501, 'ada@example.com'],
			[502, 'grace@example.com'],
		]);
		expect(nock.pendingMocks()).toEqual([]);
	});

	it('stops at the limit without fetching the next page', async () => {
		api()
			.get('/reward_redemptions')
			.reply(200, { reward_redemptions: [{ id: 1 }, { id: 2 }], contacts: [], links: { next: `${BASE}/reward_redemptions?page=2` } });
		const [out] = await run({ resource: 'rewardRedemption', operation: 'getAll', returnAll: false, limit: 1 });
		expect(out.map((i) => i.json.id)).toEqual([1]);
	});

	it('fulfills with the message under "message"', async () => {
		const scope = api().post('/reward_redemptions/501/decision/fulfill', { message: 'Order 5134691 is on its way' }).reply(200, {});
		const [out] = await run({ resource: 'rewardRedemption', operation: 'fulfill', redemptionId: '501', message: 'Order 5134691 is on its way', options: {} });
		scope.done();
		expect(out[0].json).toMatchObject({ redemption_id: '501', decision: 'fulfill' });
	});

	it('refuses on decision/refuse by default, or decision/reject with "feedback" when configured', async () => {
		api().post('/reward_redemptions/501/decision/refuse', { message: 'Out of stock' }).reply(200, {});
		await run({ resource: 'rewardRedemption', operation: 'refuse', redemptionId: '501', message: 'Out of stock', options: {} });
		api().post('/reward_redemptions/502/decision/reject', { feedback: 'Out of stock' }).reply(200, {});
		await run({
			resource: 'rewardRedemption',
			operation: 'refuse',
			redemptionId: '502',
			message: 'Out of stock',
			options: { refusePath: 'reject', messageKey: 'feedback' },
		});
		expect(nock.pendingMocks()).toEqual([]);
	});

	it('never retries a decision answered 500, and never leaks the token', async () => {
		const scope = api().post('/reward_redemptions/501/decision/fulfill').once().reply(500, '');
		const error = (await run({ resource: 'rewardRedemption', operation: 'fulfill', redemptionId: '501', message: 'x', options: {} }).catch(
			(e: unknown) => e,
		)) as NodeApiError;
		scope.done();
		expect(error).toBeInstanceOf(NodeApiError);
		expect(error.description).toMatch(/may have been processed/);
		expect(JSON.stringify(error)).not.toContain(TOKEN);
	});

	it('names the field when the redemption ID is empty', async () => {
		await expect(run({ resource: 'rewardRedemption', operation: 'refuse', redemptionId: ' ', message: '', options: {} })).rejects.toThrow(
			'Redemption ID is empty',
		);
	});
});

describe('Influitive: throttling and auth errors', () => {
	it('treats a WAF 403 as throttling on a GET and honours Retry-After', async () => {
		api().get('/members/me').reply(403, '', { 'Retry-After': '2' });
		api().get('/members/me').reply(200, { id: 1, email: 'api@example.com' });
		const [out] = await run({ resource: 'member', operation: 'getMe' });
		expect(out[0].json.email).toBe('api@example.com');
		expect(clock.sleeps).toEqual([2000]);
	});

	it('reports the empty-body 401 as a credential problem', async () => {
		api().get('/members/me').reply(401, '', { 'WWW-Authenticate': 'Token realm=Api', 'Content-Type': 'text/plain' });
		const error = (await run({ resource: 'member', operation: 'getMe' }).catch((e: unknown) => e)) as Error & { description?: string };
		expect(error.message).toContain("Influitive rejected the credentials (HTTP 401). Check the API token and X_ORG_ID in the 'Influitive API' credential.");
	});
});

describe('Influitive: Member', () => {
	it('finds members by email (an array), and fails when asked to and none exists', async () => {
		api().get('/members').query({ email: 'ada@example.com' }).reply(200, [{ id: 7, email: 'ada@example.com' }]);
		const [found] = await run({ resource: 'member', operation: 'getByEmail', email: 'ada@example.com', failIfNotFound: false });
		expect(found.map((i) => i.json.id)).toEqual([7]);
		api().get('/members').query({ email: 'nobody@example.com' }).reply(200, []);
		await expect(run({ resource: 'member', operation: 'getByEmail', email: 'nobody@example.com', failIfNotFound: true })).rejects.toThrow(
			'No Influitive member has the email nobody@example.com',
		);
	});

	it('gets a member by uuid, URL-encoded', async () => {
		api().get('/members/a%2Fb').reply(200, { id: 9 });
		const [out] = await run({ resource: 'member', operation: 'get', memberId: 'a/b' });
		expect(out[0].json.id).toBe(9);
	});
});

describe('Influitive: Event → Log', () => {
	const base = { resource: 'event', operation: 'log', eventType: 'points_restored', contactBy: 'email', contactValue: 'ada@example.com', points: '500', additionalFields: {} };

	it('sends points as a string and is never retried on 500', async () => {
		const scope = api()
			.post('/events', { type: 'points_restored', contact: { email: 'ada@example.com' }, points: '500' })
			.once()
			.reply(500, '');
		const error = await run(base).catch((e: unknown) => e);
		scope.done();
		expect(error).toBeInstanceOf(NodeApiError);
	});

	it('returns the created event', async () => {
		api().post('/events').reply(201, { id: 1, event_type_code: 'points_restored', points: 500 });
		const [out] = await run(base);
		expect(out[0].json).toMatchObject({ id: 1, points: 500 });
	});

	it.each([
		[{ eventType: '' }, 'Event Type (type): Event Type is empty'],
		[{ points: 'five hundred' }, 'Points (points): Points must be a whole number'],
		[{ contactValue: 'not-an-email' }, 'Advocate (contact.email): is not a valid email'],
		[{ contactValue: '' }, 'Identify the advocate by ID, email or CRM contact ID'],
		[{ additionalFields: { stageCode: 's1', advocacyType: 'review', content: 'c', sourceTitle: 't', sourceUrl: 'https://x.test' } }, 'Stage Code and Advocacy cannot be sent together'],
		[{ additionalFields: { advocacyType: 'review', content: 'c', sourceTitle: 't', sourceUrl: 'x.test' } }, 'Advocacy Source URL (advocacy.source_url): must be a full URL'],
	])('names the bad field and sends nothing: %j', async (override, message) => {
		const error = await run({ ...base, ...override }).catch((e: unknown) => e);
		expect(error).toBeInstanceOf(NodeOperationError);
		expect((error as Error).message).toContain(message);
		expect(nock.pendingMocks()).toEqual([]);
	});
});

describe('Influitive: Member search/create, Reward, Message', () => {
	it('searches contacts with q[...] filters, following links.next up to the limit', async () => {
		api()
			.get('/contacts')
			.query({ 'q[status]': 'all', 'q[company]': 'Acme' })
			.reply(200, { links: { next: `${BASE}/contacts?page=2` }, contacts: [{ id: 1 }, { id: 2 }] });
		api().get('/contacts').query({ page: '2' }).reply(200, { links: {}, contacts: [{ id: 3 }, { id: 4 }] });
		const [out] = await run({
			resource: 'member',
			operation: 'search',
			status: 'all',
			filters: { filter: [{ field: 'company', value: 'Acme' }] },
			returnAll: false,
			limit: 3,
		});
		expect(out.map((i) => i.json.id)).toEqual([1, 2, 3]);
	});

	it('creates a member, naming a bad email before calling', async () => {
		await expect(run({ resource: 'member', operation: 'create', email: 'nope', additionalFields: {} })).rejects.toThrow(
			'Email (email): is not a valid email',
		);
		api().post('/members', { email: 'new@example.com', name: 'New Person', type: 'Nominee' }).reply(201, { id: 42 });
		const [out] = await run({ resource: 'member', operation: 'create', email: 'new@example.com', additionalFields: { name: 'New Person', type: 'Nominee' } });
		expect(out[0].json.id).toBe(42);
	});

	it('lists rewards and publishes one (idempotent, so a 500 is retried)', async () => {
		api().get('/external/rewards').reply(200, [{ uuid: 'a' }, { uuid: 'b' }]);
		const [rewards] = await run({ resource: 'reward', operation: 'getAll', returnAll: false, limit: 1 });
		expect(rewards.map((i) => i.json.uuid)).toEqual(['a']);
		api().post('/external/rewards/a/publish').reply(500, '');
		api().post('/external/rewards/a/publish').reply(200, { status: 'ok' });
		const [published] = await run({ resource: 'reward', operation: 'publish', rewardId: 'a' });
		expect(published[0].json).toMatchObject({ reward_id: 'a', action: 'publish', status: 'ok' });
	});

	it('sends an in-hub message, never retried on 500', async () => {
		const scope = api()
			.post('/messages/send', { message: 'Thanks!', sender_uuid: 's', recipient_uuid: 'r' })
			.once()
			.reply(500, '');
		await expect(run({ resource: 'message', operation: 'send', message: 'Thanks!', senderUuid: 's', recipientUuid: 'r' })).rejects.toBeInstanceOf(
			NodeApiError,
		);
		scope.done();
		await expect(run({ resource: 'message', operation: 'send', message: ' ', senderUuid: 's', recipientUuid: 'r' })).rejects.toThrow('Message is empty');
	});
});

describe('Influitive: Perk and Referral', () => {
	it('sends a perk with the published body, the "send automatically" key spelled with its space', async () => {
		const scope = api()
			.post('/perks/reward/rw-uuid', {
				contact_id: '7',
				'send automatically': 'true',
				shipping: { address: '12 Analytical Way', city: 'Seattle' },
				message: 'Thanks for your help!',
			})
			.reply(200, {});
		const [out] = await run({
			resource: 'perk',
			operation: 'send',
			rewardUuid: 'rw-uuid',
			contactId: '7',
			sendAutomatically: true,
			additionalFields: { address: '12 Analytical Way', city: 'Seattle', message: 'Thanks for your help!' },
		});
		scope.done();
		expect(out[0].json).toMatchObject({ sent: true, reward_uuid: 'rw-uuid' });
	});

	it('creates, lists and advances referrals', async () => {
		api()
			.post('/referrals', {
				referral: {
					prospect: { first_name: 'Pat', last_name: 'Prospect', email: 'pat@prospect.test' },
					contact: { first_name: 'Ada', last_name: 'Lovelace', email: 'ada@example.com' },
					campaign_id: 'camp-1',
				},
			})
			.reply(201, { id: 'ref-1' });
		const [created] = await run({
			resource: 'referral',
			operation: 'create',
			campaignId: 'camp-1',
			prospectFirstName: 'Pat',
			prospectLastName: 'Prospect',
			prospectEmail: 'pat@prospect.test',
			advocateFirstName: 'Ada',
			advocateLastName: 'Lovelace',
			advocateEmail: 'ada@example.com',
		});
		expect(created[0].json.id).toBe('ref-1');

		api().get('/referrals').query({ status_type: 'qualified' }).reply(200, { referrals: [{ id: 'ref-1' }, { id: 'ref-2' }] });
		const [listed] = await run({ resource: 'referral', operation: 'getAll', statusType: 'qualified', returnAll: true });
		expect(listed.map((i) => i.json.id)).toEqual(['ref-1', 'ref-2']);

		api().put('/referrals/ref-1/milestones/won', { feedback: 'Signed!' }).reply(200, {});
		const [advanced] = await run({ resource: 'referral', operation: 'advance', referralId: 'ref-1', milestone: 'won', feedback: 'Signed!' });
		expect(advanced[0].json).toMatchObject({ referral_id: 'ref-1', milestone: 'won' });

		await expect(run({ resource: 'referral', operation: 'get', referralId: '' })).rejects.toThrow('Referral ID is empty');
	});
});
