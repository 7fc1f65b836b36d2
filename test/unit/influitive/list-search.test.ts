import { Influitive } from '../../../nodes/Influitive/Influitive.node';
import { searchMembers, searchRewards } from '../../../nodes/Influitive/methods/listSearch';
import { fakeLoadOptionsContext } from '../../helpers/fake-context';
import { useFakeTiming, useNock } from '../../helpers/http-testing';
import { api, BASE, credentials, run, TOKEN } from './fixtures';

useNock();
beforeEach(() => useFakeTiming());

const picker = () =>
	fakeLoadOptionsContext({ credentials, parameters: { resource: 'member', operation: 'get' } })
		.context;

const member = (n: number) => ({
	id: n,
	uuid: `m-${n}`,
	first_name: 'Grace',
	last_name: `Hopper${n}`,
	name: `Grace Hopper${n}`,
	email: `grace${n}@example.com`,
});

describe('Influitive pickers (listSearch)', () => {
	it('are registered under the names the locators use', () => {
		const node = new Influitive();
		expect(Object.keys(node.methods.listSearch).sort()).toEqual(['searchMembers', 'searchRewards']);
		const used = (
			JSON.stringify(node.description.properties).match(/"searchListMethod":"(\w+)"/g) ?? []
		).map((m) => m.split('"')[3]);
		expect([...new Set(used)].sort()).toEqual(['searchMembers', 'searchRewards']);
	});

	it('rewards: one authorised call, value = UUID (ID when none), unpublished marked, filtered by name', async () => {
		const rewards = [
			{ id: 1, uuid: 'rw-1', name: 'Hoodie', published: 'true' },
			{ id: 2, name: 'Sticker pack', published: false },
			{ id: 3, uuid: 'rw-3', name: 'Mug', published: 'false' },
		];
		api().get('/external/rewards').twice().reply(200, rewards);
		expect(await searchRewards.call(picker())).toEqual({
			results: [
				{ name: 'Hoodie', value: 'rw-1' },
				{ name: 'Sticker pack (unpublished)', value: '2' },
				{ name: 'Mug (unpublished)', value: 'rw-3' },
			],
		});
		expect((await searchRewards.call(picker(), 'MUG')).results).toEqual([
			{ name: 'Mug (unpublished)', value: 'rw-3' },
		]);
	});

	it('members: q[status]=all, follows links.next only as far as the page needs, token = matches shown', async () => {
		const page = (p: number, next?: number) =>
			api()
				.get('/contacts')
				.query(p === 1 ? { 'q[status]': 'all' } : { 'q[status]': 'all', page: String(p) })
				.reply(200, {
					links: next ? { next: `${BASE}/contacts?q%5Bstatus%5D=all&page=${next}` } : {},
					contacts: Array.from({ length: 30 }, (_, k) => member((p - 1) * 30 + k + 1)),
				});
		const scopes = [page(1, 2), page(2, 3), page(3, 4), page(4)];
		const first = await searchMembers.call(picker());
		expect(first.results).toHaveLength(50);
		expect(first.results[0]).toEqual({ name: 'Grace Hopper1 <grace1@example.com>', value: '1' });
		expect(first.paginationToken).toBe('50');
		expect(scopes.map((s) => s.isDone())).toEqual([true, true, false, false]);
	});

	it('members: filters by email, and a garbage token starts from the top', async () => {
		api()
			.get('/contacts')
			.query({ 'q[status]': 'all' })
			.reply(200, {
				links: {},
				contacts: [
					member(1),
					member(2),
					{ id: 3, email: 'alan@example.com' },
					{ email: 'no-id@example.com' },
				],
			});
		expect(await searchMembers.call(picker(), 'alan@', 'not-a-number')).toEqual({
			results: [{ name: 'alan@example.com', value: '3' }],
		});
	});

	it('a rejected token (401) reaches the picker as the node error, without the token', async () => {
		api()
			.get('/external/rewards')
			.times(10)
			.reply(401, { message: `bad token ${TOKEN}` });
		const error = (await searchRewards.call(picker()).catch((e: unknown) => e)) as Error & {
			description?: string;
		};
		expect(error.message).toContain('HTTP 401');
		expect(JSON.stringify({ m: error.message, d: error.description })).not.toContain(TOKEN);
	});
});

describe('Influitive locators accept what older workflows hold', () => {
	const nodeType = new Influitive();
	it.each([
		['a plain string', '7'],
		['a From List value', { __rl: true, mode: 'list', value: '7', cachedResultName: 'Grace' }],
		['a By ID or UUID value', { __rl: true, mode: 'id', value: 'm-7' }],
	])('Member → Get takes %s', async (_label, memberId) => {
		const id = typeof memberId === 'string' ? memberId : memberId.value;
		api().get(`/members/${id}`).reply(200, { id: 7 });
		expect(
			(await run({ resource: 'member', operation: 'get', memberId }, { nodeType }))[0][0].json,
		).toEqual({ id: 7 });
	});

	it('Reward → Publish takes a locator; an empty one fails naming the field', async () => {
		api().post('/external/rewards/rw-1/publish').reply(200, { published: true });
		const [out] = await run(
			{
				resource: 'reward',
				operation: 'publish',
				rewardId: { __rl: true, mode: 'list', value: 'rw-1' },
			},
			{ nodeType },
		);
		expect(out[0].json).toMatchObject({ reward_id: 'rw-1', action: 'publish' });
		await expect(
			run(
				{
					resource: 'reward',
					operation: 'publish',
					rewardId: { __rl: true, mode: 'list', value: '' },
				},
				{ nodeType },
			),
		).rejects.toThrow(/Reward ID or UUID is empty/);
	});

	it('Perk → Send takes the reward and the advocate as plain strings or locators', async () => {
		const scope = api()
			.post('/perks/reward/rw-1', { contact_id: '7', 'send automatically': 'true' })
			.twice()
			.reply(200, {});
		const send = async (rewardUuid: unknown, contactId: unknown) =>
			await run(
				{
					resource: 'perk',
					operation: 'send',
					rewardUuid,
					contactId,
					sendAutomatically: true,
					additionalFields: {},
				},
				{ nodeType },
			);
		await send('rw-1', '7');
		await send({ __rl: true, mode: 'list', value: 'rw-1' }, { __rl: true, mode: 'id', value: '7' });
		expect(scope.isDone()).toBe(true);
	});
});
