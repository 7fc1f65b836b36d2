import nock from 'nock';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { useFakeTiming, useNock } from '../../helpers/http-testing';
import { api, BASE, fails, run } from './fixtures';

useNock();
let clock: ReturnType<typeof useFakeTiming>;
beforeEach(() => {
	clock = useFakeTiming();
});

describe('Reward', () => {
	it('lists the rewards, up to the limit', async () => {
		api()
			.get('/external/rewards')
			.twice()
			.reply(200, [{ uuid: 'a', published: 'true' }, { uuid: 'b' }]);
		expect(
			(await run({ resource: 'reward', operation: 'getAll', returnAll: false, limit: 1 }))[0].map(
				(i) => i.json.uuid,
			),
		).toEqual(['a']);
		expect(
			(await run({ resource: 'reward', operation: 'getAll', returnAll: true }))[0].map(
				(i) => i.json.uuid,
			),
		).toEqual(['a', 'b']);
	});

	it('publishes and unpublishes (idempotent, so a 500 is retried)', async () => {
		api().post('/external/rewards/a/publish').reply(500, '');
		api().post('/external/rewards/a/publish').reply(200, { status: 'ok' });
		const [published] = await run({ resource: 'reward', operation: 'publish', rewardId: 'a' });
		expect(published[0].json).toEqual({ reward_id: 'a', action: 'publish', status: 'ok' });
		api().post('/external/rewards/a/unpublish').reply(200, {});
		const [unpublished] = await run({ resource: 'reward', operation: 'unpublish', rewardId: 'a' });
		expect(unpublished[0].json).toEqual({ reward_id: 'a', action: 'unpublish' });
		await expect(run({ resource: 'reward', operation: 'publish', rewardId: '' })).rejects.toThrow(
			'Reward ID or UUID is empty',
		);
	});
});

describe('Perk → Send', () => {
	const perk = (extra: Record<string, unknown> = {}) => ({
		resource: 'perk',
		operation: 'send',
		rewardUuid: 'rw-uuid',
		contactId: '7',
		sendAutomatically: true,
		additionalFields: {},
		...extra,
	});

	it('sends the published body, "send automatically" spelled with its space and as a string', async () => {
		const scope = api()
			.post('/perks/reward/rw-uuid', {
				contact_id: '7',
				'send automatically': 'true',
				shipping: {
					address: '12 Analytical Way',
					address_2: 'Unit 4',
					city: 'Seattle',
					state: 'WA',
					country: 'US',
					phone_number: '555',
				},
				message: 'Thanks for your help!\nThe team',
				sender_id: 5,
			})
			.reply(200, { status: 'ok' });
		const [out] = await run(
			perk({
				additionalFields: {
					address: '12 Analytical Way',
					address_2: 'Unit 4',
					city: 'Seattle',
					state: 'WA',
					country: 'US',
					phone_number: '555',
					message: 'Thanks for your help!\nThe team',
					sender_id: 5,
				},
			}),
		);
		scope.done();
		expect(out[0].json).toEqual({ sent: true, reward_uuid: 'rw-uuid', status: 'ok' });
	});

	it('sends "false" and leaves out empty shipping and a 0 sender', async () => {
		const scope = api()
			.post('/perks/reward/rw-uuid', { contact_id: '7', 'send automatically': 'false' })
			.reply(200, {});
		await run(perk({ sendAutomatically: false, additionalFields: { city: ' ', sender_id: 0 } }));
		scope.done();
	});

	it('is not retried on a 500', async () => {
		const scope = api().post('/perks/reward/rw-uuid').once().reply(500, '');
		expect(await fails(perk())).toBeInstanceOf(NodeApiError);
		scope.done();
		expect(clock.sleeps).toEqual([]);
	});

	it.each([
		[{ rewardUuid: '' }, 'Reward UUID (rewardUuid): Reward UUID is empty'],
		[{ contactId: ' ' }, 'Advocate (Contact) ID (body.contact_id): Advocate (Contact) ID is empty'],
		[
			{ additionalFields: { sender_id: 2.5 } },
			'Sender ID (body.sender_id): Sender ID must be a whole number',
		],
	])('names the bad field and sends nothing: %j', async (override, message) => {
		const error = await fails(perk(override));
		expect(error).toBeInstanceOf(NodeOperationError);
		expect(error.message).toBe(`Invalid Influitive perk: ${message}`);
	});
});

describe('Message → Send', () => {
	const message = (extra: Record<string, unknown> = {}) => ({
		resource: 'message',
		operation: 'send',
		message: 'Thanks!\n',
		senderUuid: 's-uuid',
		recipientUuid: 'r-uuid',
		...extra,
	});

	it('posts the message as written, and never retries it on a 500', async () => {
		const ok = api()
			.post('/messages/send', {
				message: 'Thanks!\n',
				sender_uuid: 's-uuid',
				recipient_uuid: 'r-uuid',
			})
			.reply(200, {});
		const [out] = await run(message());
		ok.done();
		expect(out[0].json).toMatchObject({ sent: true, recipient_uuid: 'r-uuid' });
		const failing = api().post('/messages/send').once().reply(500, '');
		expect(await fails(message())).toBeInstanceOf(NodeApiError);
		failing.done();
	});

	it.each([
		[{ message: '  ' }, 'Message (message): Message is empty'],
		[{ senderUuid: '' }, 'Sender UUID (sender_uuid): Sender UUID is empty'],
		[{ recipientUuid: '' }, 'Recipient UUID (recipient_uuid): Recipient UUID is empty'],
	])('names the bad field: %j', async (override, text) => {
		expect((await fails(message(override))).message).toBe(`Invalid Influitive message: ${text}`);
	});
});

describe('Referral', () => {
	const create = (extra: Record<string, unknown> = {}) => ({
		resource: 'referral',
		operation: 'create',
		campaignId: 'camp-1',
		prospectFirstName: 'Pat',
		prospectLastName: 'Prospect',
		prospectEmail: 'pat@prospect.test',
		prospectTitle: '',
		advocateFirstName: 'Ada',
		advocateLastName: '',
		advocateEmail: 'ada@example.com',
		...extra,
	});

	it('creates a referral with the published envelope, leaving empty names out', async () => {
		const scope = api()
			.post('/referrals', {
				referral: {
					prospect: { first_name: 'Pat', last_name: 'Prospect', email: 'pat@prospect.test' },
					contact: { first_name: 'Ada', email: 'ada@example.com' },
					campaign_id: 'camp-1',
				},
			})
			.reply(201, { id: 'ref-1' });
		const [out] = await run(create());
		scope.done();
		expect(out[0].json.id).toBe('ref-1');
	});

	it.each([
		[{ campaignId: '' }, 'Campaign ID (referral.campaign_id): Campaign ID is empty'],
		[
			{ prospectEmail: 'pat' },
			'Prospect Email (referral.prospect.email): Prospect Email is not a valid email address',
		],
		[{ advocateEmail: '' }, 'Advocate Email (referral.contact.email): Advocate Email is empty'],
	])('names the bad field: %j', async (override, text) => {
		expect((await fails(create(override))).message).toBe(`Invalid Influitive referral: ${text}`);
	});

	it('gets one referral and lists them (an object with referrals, following links.next)', async () => {
		api().get('/referrals/ref-1').reply(200, { id: 'ref-1' });
		expect(
			(await run({ resource: 'referral', operation: 'get', referralId: 'ref-1' }))[0][0].json.id,
		).toBe('ref-1');
		await expect(run({ resource: 'referral', operation: 'get', referralId: '' })).rejects.toThrow(
			'Referral ID is empty',
		);

		api()
			.get('/referrals')
			.query({ status_type: 'qualified' })
			.reply(200, {
				referrals: [{ id: 'ref-1' }, { id: 'ref-2' }],
				links: { next: `${BASE}/referrals?page=2` },
			});
		api()
			.get('/referrals')
			.query({ page: '2' })
			.reply(200, { referrals: [{ id: 'ref-3' }] });
		const [listed] = await run({
			resource: 'referral',
			operation: 'getAll',
			statusType: 'qualified',
			returnAll: true,
		});
		expect(listed.map((i) => i.json.id)).toEqual(['ref-1', 'ref-2', 'ref-3']);
	});

	it('lists referrals answered as a bare array, up to the limit', async () => {
		api()
			.get('/referrals')
			.reply(200, [{ id: 'a' }, { id: 'b' }]);
		const [listed] = await run({
			resource: 'referral',
			operation: 'getAll',
			statusType: '',
			returnAll: false,
			limit: 1,
		});
		expect(listed.map((i) => i.json.id)).toEqual(['a']);
	});

	it('advances a referral with feedback (PUT), and does not retry it on a 500', async () => {
		const scope = api()
			.put('/referrals/ref-1/milestones/won', { feedback: 'Signed!' })
			.reply(200, { status: { code: 'won' } });
		const [out] = await run({
			resource: 'referral',
			operation: 'advance',
			referralId: 'ref-1',
			milestone: 'won',
			feedback: 'Signed!',
		});
		scope.done();
		expect(out[0].json).toEqual({
			referral_id: 'ref-1',
			milestone: 'won',
			status: { code: 'won' },
		});

		const failing = api().put('/referrals/ref-1/milestones/won').once().reply(500, '');
		const error = (await fails({
			resource: 'referral',
			operation: 'advance',
			referralId: 'ref-1',
			milestone: 'won',
			feedback: '',
		})) as NodeApiError;
		failing.done();
		expect(error.description).toMatch(/may have been processed/);
		expect(nock.pendingMocks()).toEqual([]);
	});

	it('names a bad milestone', async () => {
		const error = await fails({
			resource: 'referral',
			operation: 'advance',
			referralId: 'ref-1',
			milestone: 'won/../x',
			feedback: '',
		});
		expect(error.message).toBe(
			'Invalid Influitive referral milestone: Milestone (milestone): Milestone must be a milestone code such as won',
		);
	});
});
