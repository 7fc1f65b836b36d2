import nock from 'nock';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { useFakeTiming, useNock } from '../../helpers/http-testing';
import { api, BASE, fails, run } from './fixtures';

useNock();
beforeEach(() => useFakeTiming());

describe('Member → Get / Get Me', () => {
	it('gets a member by ID or UUID, URL-encoded', async () => {
		api().get('/members/7').reply(200, { id: 7 });
		api().get('/members/a%2Fb').reply(200, { id: 9 });
		expect((await run({ resource: 'member', operation: 'get', memberId: '7' }))[0][0].json.id).toBe(
			7,
		);
		expect(
			(await run({ resource: 'member', operation: 'get', memberId: ' a/b ' }))[0][0].json.id,
		).toBe(9);
	});

	it('names the field when the ID is empty', async () => {
		const error = await fails({ resource: 'member', operation: 'get', memberId: '  ' });
		expect(error).toBeInstanceOf(NodeOperationError);
		expect(error.message).toBe(
			'Member ID or UUID is empty: enter the numeric member ID or the member UUID',
		);
	});

	it("returns the API user's own record", async () => {
		api().get('/members/me').reply(200, { id: 1, email: 'api@example.com' });
		const [out] = await run({ resource: 'member', operation: 'getMe' });
		expect(out.map((i) => i.json)).toEqual([{ id: 1, email: 'api@example.com' }]);
	});
});

describe('Member → Get by Email', () => {
	const byEmail = (email: string, failIfNotFound = false) => ({
		resource: 'member',
		operation: 'getByEmail',
		email,
		failIfNotFound,
	});

	it('returns every member of the array Influitive answers', async () => {
		api()
			.get('/members')
			.query({ email: 'ada@example.com' })
			.reply(200, [
				{ id: 7, email: 'ada@example.com' },
				{ id: 8, email: 'ada@example.com' },
			]);
		const [out] = await run(byEmail(' ada@example.com '));
		expect(out.map((i) => i.json.id)).toEqual([7, 8]);
	});

	it('accepts a single object too (one client fixture shows that)', async () => {
		api()
			.get('/members')
			.query({ email: 'ada@example.com' })
			.reply(200, { id: 7, email: 'ada@example.com' });
		const [out] = await run(byEmail('ada@example.com'));
		expect(out.map((i) => i.json.id)).toEqual([7]);
	});

	it('returns no item when nobody has the email, or fails when asked to', async () => {
		api().get('/members').query({ email: 'nobody@example.com' }).twice().reply(200, []);
		expect((await run(byEmail('nobody@example.com')))[0]).toEqual([]);
		const error = await fails(byEmail('nobody@example.com', true));
		expect(error).toBeInstanceOf(NodeOperationError);
		expect(error.message).toBe('No Influitive member has the email nobody@example.com');
	});

	it('names the field for a bad email and sends nothing', async () => {
		const error = await fails(byEmail('not-an-email'));
		expect(error.message).toBe(
			'Invalid Influitive member lookup: Email (email): Email is not a valid email address',
		);
	});
});

describe('Member → Search', () => {
	const search = (extra: Record<string, unknown> = {}) => ({
		resource: 'member',
		operation: 'search',
		status: 'all',
		filters: {},
		returnAll: true,
		...extra,
	});

	it('sends q[status]=all and each filter as q[<field>], following links.next up to the limit', async () => {
		api()
			.get('/contacts')
			.query({ 'q[status]': 'all', 'q[company]': 'Acme', 'q[email_cont]': '@acme.test' })
			.reply(200, {
				links: { self: `${BASE}/contacts`, next: `${BASE}/contacts?page=2` },
				contacts: [{ id: 1 }, { id: 2 }],
			});
		api()
			.get('/contacts')
			.query({ page: '2' })
			.reply(200, { links: { next: `${BASE}/contacts?page=3` }, contacts: [{ id: 3 }, { id: 4 }] });
		const [out] = await run(
			search({
				filters: {
					filter: [
						{ field: 'company', value: 'Acme' },
						{ field: ' email_cont ', value: '@acme.test' },
					],
				},
				returnAll: false,
				limit: 3,
			}),
		);
		expect(out.map((i) => i.json.id)).toEqual([1, 2, 3]);
		expect(nock.pendingMocks()).toEqual([]);
	});

	it('reads every page with Return All and stops when links.next is empty', async () => {
		api()
			.get('/contacts')
			.query({ 'q[status]': 'all' })
			.reply(200, { links: { next: `${BASE}/contacts?page=2` }, contacts: [{ id: 1 }] });
		api()
			.get('/contacts')
			.query({ page: '2' })
			.reply(200, { links: { next: '' }, contacts: [{ id: 2 }] });
		const [out] = await run(search());
		expect(out.map((i) => i.json.id)).toEqual([1, 2]);
	});

	it('refuses a next link to another host', async () => {
		api()
			.get('/contacts')
			.query(true)
			.reply(200, { links: { next: 'https://evil.test/contacts?page=2' }, contacts: [{ id: 1 }] });
		const error = await fails(search());
		expect(error).toBeInstanceOf(NodeApiError);
	});

	it.each([
		[
			{ filters: { filter: [{ field: 'email]&q[x', value: 'y' }] } },
			'Filter 1 Field (filters.0.field): Field may hold only letters',
		],
		[
			{
				filters: {
					filter: [
						{ field: 'company', value: 'a' },
						{ field: '', value: 'b' },
					],
				},
			},
			'Filter 2 Field (filters.1.field): Field is empty',
		],
		[{ status: ' ' }, 'Status (status): Status is empty'],
	])('names the bad field and sends nothing: %j', async (override, message) => {
		const error = await fails(search(override));
		expect(error).toBeInstanceOf(NodeOperationError);
		expect(error.message).toContain(message);
	});
});

describe('Member → Create', () => {
	it('sends the email and only the fields that were set', async () => {
		const scope = api()
			.post('/members', {
				email: 'new@example.com',
				name: 'New Person',
				company: 'Acme',
				type: 'Nominee',
			})
			.reply(201, { id: 42, email: 'new@example.com' });
		const [out] = await run({
			resource: 'member',
			operation: 'create',
			email: ' new@example.com ',
			additionalFields: { name: 'New Person', company: 'Acme', title: '', type: 'Nominee' },
		});
		scope.done();
		expect(out[0].json).toEqual({ id: 42, email: 'new@example.com' });
	});

	it('names the field for a missing or bad email', async () => {
		expect(
			(await fails({ resource: 'member', operation: 'create', email: '', additionalFields: {} }))
				.message,
		).toBe('Invalid Influitive member: Email (email): Email is empty');
		expect(
			(
				await fails({
					resource: 'member',
					operation: 'create',
					email: 'nope',
					additionalFields: {},
				})
			).message,
		).toBe('Invalid Influitive member: Email (email): Email is not a valid email address');
	});

	it('quotes "already taken" and does not retry the create', async () => {
		api()
			.post('/members')
			.once()
			.reply(422, { errors: ['Email has already been taken'] });
		const error = await fails({
			resource: 'member',
			operation: 'create',
			email: 'ada@example.com',
			additionalFields: {},
		});
		expect(error.message).toBe('Influitive rejected the request: Email has already been taken');
	});
});
