import nock from 'nock';

import { api, run } from './fixtures';

afterEach(() => nock.cleanAll());

/** Customer → Get Many → One Page per Item: how the customer-index resync walks a large list with bounded memory. */
describe('Customer → Get Many, one page per item', () => {
	const page = (pageCursor = '', extra: Record<string, unknown> = {}) => ({
		resource: 'customer',
		operation: 'getAll',
		returnAll: true,
		filters: {},
		options: { onePage: true, pageCursor, ...extra },
	});

	it('returns the first page as one item with its next_cursor, without fetching the next page', async () => {
		const first = api()
			.get('/v1/customers')
			.query({})
			.reply(200, { customers: [{ id: 'a' }, { id: 'b' }], cursor: 'c2' });
		const [out] = await run(page());
		expect(first.isDone()).toBe(true);
		expect(out.map((i) => i.json)).toEqual([
			{ customers: [{ id: 'a' }, { id: 'b' }], next_cursor: 'c2', count: 2 },
		]);
		expect(nock.pendingMocks()).toEqual([]);
	});

	it('sends the given cursor alone and answers next_cursor null on the last page', async () => {
		api()
			.get('/v1/customers')
			.query({ cursor: 'c2' })
			.reply(200, { customers: [{ id: 'c' }] });
		const [out] = await run(page('c2'));
		expect(out.map((i) => i.json)).toEqual([
			{ customers: [{ id: 'c' }], next_cursor: null, count: 1 },
		]);
	});

	it('honours a configured cursor parameter and next-cursor field', async () => {
		api()
			.get('/v1/customers')
			.query({ after: 'zz' })
			.reply(200, { data: [{ id: 'd' }], meta: { next: 'yy' } });
		const [out] = await run(page('zz', { cursorParam: 'after', nextCursorField: 'meta.next' }));
		expect(out[0].json).toEqual({ customers: [{ id: 'd' }], next_cursor: 'yy', count: 1 });
	});
});
