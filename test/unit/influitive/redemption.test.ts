import nock from 'nock';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { decideRedemption, listRedemptions } from '../../../nodes/Influitive/api';
import { fakeExecuteContext } from '../../helpers/fake-context';
import { catchError, expectNoSecret, useFakeTiming, useNock } from '../../helpers/http-testing';
import { api, BASE, credentials, fails, node, run, TOKEN } from './fixtures';

useNock();
let clock: ReturnType<typeof useFakeTiming>;
beforeEach(() => {
	clock = useFakeTiming();
});

const getMany = (extra: Record<string, unknown> = {}) => ({
	resource: 'rewardRedemption',
	operation: 'getAll',
	returnAll: true,
	...extra,
});
const decision = (operation: 'fulfill' | 'refuse', extra: Record<string, unknown> = {}) => ({
	resource: 'rewardRedemption',
	operation,
	redemptionId: '501',
	message: 'Order 5134691 is on its way',
	options: {},
	...extra,
});

describe('Reward Redemption → Get Many', () => {
	it('follows links.next and joins each redemption with its advocate from the side-loaded contacts', async () => {
		api()
			.get('/reward_redemptions')
			.reply(200, {
				reward_redemptions: [
					{ id: 501, reward_id: 77, contact_id: 7, status: 'pending' },
					{ id: 502, reward_id: 78, contact_id: 8 },
				],
				contacts: [
					{ id: 7, email: 'ada@example.com' },
					{ id: 8, email: 'grace@example.com' },
				],
				links: { self: `${BASE}/reward_redemptions`, next: `${BASE}/reward_redemptions?page=2` },
			});
		api()
			.get('/reward_redemptions')
			.query({ page: '2' })
			.reply(200, {
				reward_redemptions: [
					{ id: 503, reward_id: 77, contact_id: '7' },
					{ id: 504, reward_id: 77, contact_id: 99 },
				],
				contacts: [{ id: 7, email: 'ada@example.com' }],
				links: { self: `${BASE}/reward_redemptions?page=2`, next: null },
			});
		const [out] = await run(getMany());
		expect(
			out.map((i) => [i.json.id, (i.json.contact as { email?: string } | null)?.email ?? null]),
		).toEqual([
			[501, 'ada@example.com'],
			[502, 'grace@example.com'],
			[503, 'ada@example.com'],
			[504, null],
		]);
		expect(out.every((i) => i.pairedItem && (i.pairedItem as { item: number }).item === 0)).toBe(
			true,
		);
		expect(nock.pendingMocks()).toEqual([]);
	});

	it('with Simplify, outputs the flat item the redemption triggers give, read at the configured paths', async () => {
		const queued = {
			id: 501,
			status: 'pending',
			created_at: '2026-11-20T10:00:00Z',
			reward_id: 77,
			contact_id: 7,
			quantity: 1,
			reward: { id: 77, name: 'Kotis T-shirt', metadata: { provider: 'Kotis', sku: '107529-1' } },
			shipping_address: { address: '12 Analytical Way', city: 'Seattle', zip: '98102' },
			answers: [{ question: 'Size', answer: 'L' }],
			qa: [{ question: 'Size', answer: 'XL' }],
		};
		const reply = {
			reward_redemptions: [queued],
			contacts: [{ id: 7, name: 'Ada Lovelace', email: 'ada@example.com' }],
			links: {},
		};
		api().get('/reward_redemptions').reply(200, reply);
		const [[item]] = await run(getMany({ simplify: true }));
		expect(item.json).toMatchObject({
			redemption_id: 501,
			created_at: '2026-11-20T10:00:00Z',
			reward_name: 'Kotis T-shirt',
			provider: 'Kotis',
			sku: '107529-1',
			size: 'L',
			quantity: 1,
			advocate_email: 'ada@example.com',
			shipping: {
				name: 'Ada Lovelace',
				address1: '12 Analytical Way',
				city: 'Seattle',
				zip: '98102',
			},
			shipping_missing: ['country'],
			redemption: { id: 501, status: 'pending' },
		});

		api().get('/reward_redemptions').reply(200, reply);
		const [[other]] = await run(getMany({ simplify: true, paths: { answersPath: 'qa' } }));
		expect(other.json.size).toBe('XL');

		api().get('/reward_redemptions').reply(200, reply);
		const [[raw]] = await run(getMany());
		expect(raw.json).toMatchObject({ id: 501, answers: queued.answers });
		expect(raw.json.redemption_id).toBeUndefined();
	});

	it('stops at the limit without fetching the next page', async () => {
		api()
			.get('/reward_redemptions')
			.reply(200, {
				reward_redemptions: [{ id: 1 }, { id: 2 }],
				contacts: [],
				links: { next: `${BASE}/reward_redemptions?page=2` },
			});
		const [out] = await run(getMany({ returnAll: false, limit: 1 }));
		expect(out.map((i) => i.json)).toEqual([{ id: 1, contact: null }]);
	});

	it('keeps an embedded contact and joins by contact_uuid when there is no contact_id', async () => {
		api()
			.get('/reward_redemptions')
			.reply(200, {
				reward_redemptions: [
					{ id: 1, contact_uuid: 'c-uuid' },
					{ id: 2, contact: { id: 9, email: 'embedded@example.com' } },
				],
				contacts: [{ id: 7, uuid: 'c-uuid', email: 'ada@example.com' }],
			});
		const fake = fakeExecuteContext({ credentials });
		const queue = await listRedemptions.call(fake.context, {});
		expect(queue.map((r) => r.contact?.email)).toEqual(['ada@example.com', 'embedded@example.com']);
	});

	it('fails with a shape error naming the page when reward_redemptions is missing', async () => {
		api().get('/reward_redemptions').reply(200, { something: [] });
		const error = await fails(getMany());
		expect(error).toBeInstanceOf(NodeApiError);
		expect(error.message).toMatch(/reward redemptions page/);
	});
});

describe('Reward Redemption → Fulfill / Refuse', () => {
	it('fulfils on decision/fulfill with the message under "message"', async () => {
		const scope = api()
			.post('/reward_redemptions/501/decision/fulfill', { message: 'Order 5134691 is on its way' })
			.matchHeader('content-type', /application\/json/)
			.reply(200, { id: 501, status: 'fulfilled' });
		const [out] = await run(decision('fulfill'));
		scope.done();
		expect(out[0].json).toEqual({
			id: 501,
			status: 'fulfilled',
			redemption_id: '501',
			decision: 'fulfill',
			message: 'Order 5134691 is on its way',
		});
	});

	it('refuses on decision/refuse by default', async () => {
		const scope = api()
			.post('/reward_redemptions/501/decision/refuse', { message: 'Out of stock' })
			.reply(200, {});
		const [out] = await run(decision('refuse', { message: 'Out of stock' }));
		scope.done();
		expect(out[0].json).toMatchObject({ redemption_id: '501', decision: 'refuse' });
	});

	it('uses decision/reject and "feedback" when configured', async () => {
		const scope = api()
			.post('/reward_redemptions/502/decision/reject', { feedback: 'Out of stock' })
			.reply(200, {});
		await run(
			decision('refuse', {
				redemptionId: '502',
				message: 'Out of stock',
				options: { refusePath: 'reject', messageKey: 'feedback' },
			}),
		);
		scope.done();
	});

	it('sends "feedback" on fulfil too, and ignores a stray refuse path there', async () => {
		const scope = api()
			.post('/reward_redemptions/503/decision/fulfill', { feedback: 'Shipped' })
			.reply(200, {});
		await run(
			decision('fulfill', {
				redemptionId: '503',
				message: 'Shipped',
				options: { messageKey: 'feedback', refusePath: 'reject' },
			}),
		);
		scope.done();
	});

	it('always sends the message key, even with an empty message', async () => {
		const scope = api()
			.post('/reward_redemptions/501/decision/fulfill', { message: '' })
			.reply(200, {});
		await run(decision('fulfill', { message: '' }));
		scope.done();
	});

	it('URL-encodes the redemption id', async () => {
		const scope = api().post('/reward_redemptions/a%2F1/decision/fulfill').reply(200, {});
		await run(decision('fulfill', { redemptionId: ' a/1 ' }));
		scope.done();
	});

	it('never retries a decision answered 500, says it may have gone through, and never leaks the token', async () => {
		const scope = api().post('/reward_redemptions/501/decision/fulfill').once().reply(500, '');
		const { fake, run: execute } = node(decision('fulfill'));
		const error = await catchError(execute());
		scope.done();
		expect(error).toBeInstanceOf(NodeApiError);
		expect(error.message).toBe(
			'Influitive is temporarily unavailable (HTTP 500); gave up after 1 attempt. It may have been applied: check Influitive before retrying.',
		);
		expect(error.description).toMatch(/may have been processed/);
		expect(clock.sleeps).toEqual([]);
		expectNoSecret(error, TOKEN);
		expect(fake.logText()).not.toContain(TOKEN);
	});

	it('does retry a decision throttled with 429/403, since Influitive did not process it', async () => {
		api().post('/reward_redemptions/501/decision/refuse').reply(429, '', { 'Retry-After': '1' });
		api().post('/reward_redemptions/501/decision/refuse').reply(403, '', { 'Retry-After': '1' });
		const scope = api().post('/reward_redemptions/501/decision/refuse').reply(200, {});
		await run(decision('refuse'));
		scope.done();
		expect(clock.sleeps).toEqual([1000, 1000]);
	});

	it('quotes an "already decided" 422 and does not retry it', async () => {
		api()
			.post('/reward_redemptions/501/decision/fulfill')
			.once()
			.reply(422, { errors: ['Reward redemption has already been decided'] });
		const error = await fails(decision('fulfill'));
		expect(error.message).toBe(
			'Influitive rejected the request: Reward redemption has already been decided',
		);
	});

	it.each([
		[{ redemptionId: ' ' }, 'Redemption ID (redemptionId): Redemption ID is empty'],
		[
			{ options: { refusePath: 'decline' } },
			'Refuse Path (refusePath): Refuse Path must be "refuse" or "reject"',
		],
		[
			{ options: { messageKey: 'note' } },
			'Message Field (messageKey): Message Field must be "message" or "feedback"',
		],
	])('names the bad field and sends nothing: %j', async (override, message) => {
		const error = await fails(decision('refuse', override));
		expect(error).toBeInstanceOf(NodeOperationError);
		expect(error.message).toBe(`Invalid Influitive redemption decision: ${message}`);
	});

	it('turns a failure into an error item per input item under Continue On Fail', async () => {
		api().post('/reward_redemptions/2/decision/fulfill').reply(200, { id: 2 });
		const [out] = await run(
			{},
			{
				continueOnFail: true,
				items: [{}, {}],
				parameters: [
					decision('fulfill', { redemptionId: '' }),
					decision('fulfill', { redemptionId: '2' }),
				],
			},
		);
		expect(out.map((i) => [i.pairedItem, i.json.error ?? i.json.redemption_id])).toEqual([
			[
				{ item: 0 },
				'Invalid Influitive redemption decision: Redemption ID (redemptionId): Redemption ID is empty',
			],
			[{ item: 1 }, '2'],
		]);
	});

	it('is callable from other nodes as decideRedemption.call(this, id, decision, message, options)', async () => {
		const scope = api()
			.post('/reward_redemptions/77/decision/reject', { feedback: 'No stock' })
			.reply(200, { ok: true });
		const fake = fakeExecuteContext({ credentials });
		const result = await decideRedemption.call(fake.context, 77, 'refuse', 'No stock', {
			refusePath: 'reject',
			messageKey: 'feedback',
		});
		scope.done();
		expect(result).toEqual({
			ok: true,
			redemption_id: '77',
			decision: 'refuse',
			message: 'No stock',
		});
	});
});
