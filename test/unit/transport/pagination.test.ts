import nock from 'nock';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { vendorCollect, vendorPaginate, type PaginationStrategy } from '../../../nodes/transport';
import { catchError, kotisContext, kotisTestProfile, useFakeTiming, useNock } from './harness';

useNock();

const HOST = 'https://kwf.kotis.test';
const api = () => nock(HOST);

type Contact = { id: number };
type ContactsPage = { contacts: Contact[]; links: { next?: string } };

/** Influitive: `{links: {next: <full URL>}, contacts: [...]}`. */
const linksNext: PaginationStrategy<Contact> = {
	kind: 'nextLink',
	items: (body) => (body as ContactsPage).contacts,
	next: (body) => (body as ContactsPage).links.next,
};

/** Influence.io: a cursor in the body; with a cursor, no other query parameter. */
const influenceCursor: PaginationStrategy<Contact> = {
	kind: 'cursor',
	param: 'cursor',
	dropOtherParams: true,
	items: (body) => (body as { customers: Contact[] }).customers,
	next: (body) => (body as { cursor?: string | null }).cursor,
};

const contacts = (...ids: number[]) => ids.map((id) => ({ id }));

beforeEach(() => useFakeTiming());

describe('vendorPaginate / vendorCollect', () => {
	it("kind 'none' reads one response", async () => {
		const scope = api()
			.get('/api/v1/skus/quantity')
			.reply(200, { data: [{ id: 'a' }, { id: 'b' }] });

		const items = await vendorCollect.call(
			kotisContext().context,
			kotisTestProfile,
			{ method: 'GET', url: '/skus/quantity' },
			{
				kind: 'none',
				items: (body) => (body as { data: Array<{ id: string }> }).data,
			},
		);

		expect(items).toEqual([{ id: 'a' }, { id: 'b' }]);
		expect(scope.isDone()).toBe(true);
	});

	it("kind 'nextLink' follows links.next full URLs (their own query string, not the first qs)", async () => {
		const scope = api()
			.get('/api/v1/contacts')
			.query({ type: 'advocate' })
			.reply(200, {
				contacts: contacts(1, 2),
				links: { next: `${HOST}/api/v1/contacts?type=advocate&page=2` },
			})
			.get('/api/v1/contacts')
			.query({ type: 'advocate', page: '2' })
			.reply(200, {
				contacts: contacts(3, 4),
				links: { next: '/api/v1/contacts?type=advocate&page=3' },
			})
			.get('/api/v1/contacts')
			.query({ type: 'advocate', page: '3' })
			.reply(200, { contacts: contacts(5), links: {} });

		const items = await vendorCollect.call(
			kotisContext().context,
			kotisTestProfile,
			{ method: 'GET', url: '/contacts', qs: { type: 'advocate' } },
			linksNext,
		);

		// Typed through `.call`: Contact[].
		expect(items.map((contact) => contact.id)).toEqual([1, 2, 3, 4, 5]);
		expect(scope.isDone()).toBe(true);
	});

	it("kind 'cursor' sends only the cursor after the first page when dropOtherParams is set", async () => {
		const scope = api()
			.get('/api/v1/customers')
			.query({ updated_at_min: '2026-01-01T00:00:00Z', limit: '2' })
			.reply(200, { customers: contacts(1, 2), cursor: 'c-2' })
			.get('/api/v1/customers')
			.query({ cursor: 'c-2' }) // exact match: no other parameter
			.reply(200, { customers: contacts(3), cursor: null });

		const items = await vendorCollect.call(
			kotisContext().context,
			kotisTestProfile,
			{
				method: 'GET',
				url: '/customers',
				qs: { updated_at_min: '2026-01-01T00:00:00Z', limit: 2 },
			},
			influenceCursor,
		);

		expect(items).toEqual(contacts(1, 2, 3));
		expect(scope.isDone()).toBe(true);
	});

	it("kind 'cursor' keeps the other parameters when dropOtherParams is not set", async () => {
		const scope = api()
			.get('/api/v1/references')
			.query({ status: 'open' })
			.reply(200, { customers: contacts(1), cursor: '1468188804-1' })
			.get('/api/v1/references')
			.query({ status: 'open', cursor: '1468188804-1' })
			.reply(200, { customers: contacts(2) });

		const items = await vendorCollect.call(
			kotisContext().context,
			kotisTestProfile,
			{ method: 'GET', url: '/references', qs: { status: 'open' } },
			{ ...influenceCursor, dropOtherParams: false },
		);

		expect(items).toEqual(contacts(1, 2));
		expect(scope.isDone()).toBe(true);
	});

	it("kind 'nextPageHeader' follows the X-Next-Page header (Kounta)", async () => {
		const scope = api()
			.get('/api/v1/companies/me/products.json')
			.reply(200, contacts(1, 2), {
				'X-Next-Page': `${HOST}/api/v1/companies/me/products.json?page=2`,
			})
			.get('/api/v1/companies/me/products.json')
			.query({ page: '2' })
			.reply(200, contacts(3), { 'X-Next-Page': '' });

		const items = await vendorCollect.call(
			kotisContext().context,
			kotisTestProfile,
			{ method: 'GET', url: '/companies/me/products.json' },
			{ kind: 'nextPageHeader', header: 'x-next-page', items: (body) => body as Contact[] },
		);

		expect(items).toEqual(contacts(1, 2, 3));
		expect(scope.isDone()).toBe(true);
	});

	it("kind 'pageHeader' sends X-Page 0, 1, 2 until X-Pages is reached (Kounta alternative)", async () => {
		const scope = api();
		for (const page of [0, 1, 2]) {
			scope
				.get('/api/v1/companies/me/customers.json')
				.matchHeader('x-page', String(page))
				.reply(200, contacts(page * 10), { 'X-Pages': '3' });
		}

		const items = await vendorCollect.call(
			kotisContext().context,
			kotisTestProfile,
			{ method: 'GET', url: '/companies/me/customers.json' },
			{
				kind: 'pageHeader',
				requestHeader: 'X-Page',
				totalHeader: 'x-pages',
				items: (body) => body as Contact[],
			},
		);

		expect(items).toEqual(contacts(0, 10, 20));
		expect(scope.isDone()).toBe(true);
	});

	it('stops at the limit without fetching another page', async () => {
		const first = api()
			.get('/api/v1/contacts')
			.reply(200, { contacts: contacts(1, 2), links: { next: `${HOST}/api/v1/contacts?page=2` } })
			.get('/api/v1/contacts')
			.query({ page: '2' })
			.reply(200, { contacts: contacts(3, 4), links: { next: `${HOST}/api/v1/contacts?page=3` } });
		const third = api()
			.get('/api/v1/contacts')
			.query({ page: '3' })
			.reply(200, { contacts: contacts(5), links: {} });
		const fake = kotisContext();

		const items = await vendorCollect.call(
			fake.context,
			kotisTestProfile,
			{ method: 'GET', url: '/contacts' },
			linksNext,
			{
				limit: 4,
			},
		);

		expect(items).toEqual(contacts(1, 2, 3, 4));
		expect(first.isDone()).toBe(true);
		expect(third.isDone()).toBe(false);
		expect(fake.requests).toHaveLength(2);
	});

	it('streams: a consumer that stops early causes no further request', async () => {
		const scope = api()
			.get('/api/v1/contacts')
			.reply(200, {
				contacts: contacts(1, 2, 3),
				links: { next: `${HOST}/api/v1/contacts?page=2` },
			});
		const fake = kotisContext();

		const seen: number[] = [];
		for await (const contact of vendorPaginate.call(
			fake.context,
			kotisTestProfile,
			{ method: 'GET', url: '/contacts' },
			linksNext,
		)) {
			seen.push(contact.id);
			if (contact.id === 2) break;
		}

		expect(seen).toEqual([1, 2]);
		expect(fake.requests).toHaveLength(1);
		expect(scope.isDone()).toBe(true);
	});

	it('stops with an error when the same next link comes back twice', async () => {
		const loop = `${HOST}/api/v1/contacts?page=2`;
		const scope = api()
			.get('/api/v1/contacts')
			.reply(200, { contacts: contacts(1), links: { next: loop } })
			.get('/api/v1/contacts')
			.query({ page: '2' })
			.reply(200, { contacts: contacts(2), links: { next: loop } });
		const fake = kotisContext();

		const error = await catchError(
			vendorCollect.call(
				fake.context,
				kotisTestProfile,
				{ method: 'GET', url: '/contacts' },
				linksNext,
			),
		);

		expect(error).toBeInstanceOf(NodeApiError);
		expect(error.message).toBe(
			'Kotis Design returned the same next page twice; stopped to avoid an endless loop',
		);
		expect(fake.requests).toHaveLength(2);
		expect(scope.isDone()).toBe(true);
	});

	it('stops with an error when the same cursor comes back twice', async () => {
		const scope = api()
			.get('/api/v1/customers')
			.reply(200, { customers: contacts(1), cursor: 'same' })
			.get('/api/v1/customers')
			.query({ cursor: 'same' })
			.reply(200, { customers: contacts(2), cursor: 'same' });

		const error = await catchError(
			vendorCollect.call(
				kotisContext().context,
				kotisTestProfile,
				{ method: 'GET', url: '/customers' },
				influenceCursor,
			),
		);

		expect(error.message).toContain('returned the same next page twice');
		expect(scope.isDone()).toBe(true);
	});

	it('refuses a next link to another host (the credential would go there)', async () => {
		const scope = api()
			.get('/api/v1/contacts')
			.reply(200, { contacts: contacts(1), links: { next: 'https://evil.example/steal?page=2' } });
		const fake = kotisContext();

		const error = await catchError(
			vendorCollect.call(
				fake.context,
				kotisTestProfile,
				{ method: 'GET', url: '/contacts' },
				linksNext,
			),
		);

		expect(error.message).toBe(
			'Kotis Design returned a next-page link to another host; it was not followed',
		);
		expect(fake.requests).toHaveLength(1);
		expect(scope.isDone()).toBe(true);
	});

	it('caps the number of pages', async () => {
		const scope = api();
		for (const page of [1, 2, 3]) {
			scope
				.get('/api/v1/contacts')
				.query(page === 1 ? {} : { page: String(page) })
				.reply(200, {
					contacts: contacts(page),
					links: { next: `${HOST}/api/v1/contacts?page=${page + 1}` },
				});
		}

		const error = await catchError(
			vendorCollect.call(
				kotisContext().context,
				kotisTestProfile,
				{ method: 'GET', url: '/contacts' },
				linksNext,
				{
					maxPages: 3,
				},
			),
		);

		expect(error).toBeInstanceOf(NodeOperationError);
		expect(error.message).toBe('Stopped after 3 pages of Kotis Design results (the safety limit)');
		expect(scope.isDone()).toBe(true);
	});

	it('fails clearly when a page does not hold the expected list', async () => {
		const scope = api().get('/api/v1/contacts').reply(200, { unexpected: true });

		const error = await catchError(
			vendorCollect.call(
				kotisContext().context,
				kotisTestProfile,
				{ method: 'GET', url: '/contacts' },
				{
					kind: 'none',
					items: (body) => (body as { contacts: unknown[] }).contacts,
				},
			),
		);

		expect(error.message).toBe('Kotis Design returned a page without the expected list');
		expect(scope.isDone()).toBe(true);
	});

	it('returns nothing, and sends nothing, for limit 0', async () => {
		const fake = kotisContext();

		const items = await vendorCollect.call(
			fake.context,
			kotisTestProfile,
			{ method: 'GET', url: '/contacts' },
			linksNext,
			{
				limit: 0,
			},
		);

		expect(items).toEqual([]);
		expect(fake.requests).toHaveLength(0);
	});
});
