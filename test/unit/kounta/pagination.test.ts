import nock from 'nock';

import { vendorCollect, type PaginationStrategy } from '../../../nodes/transport';
import { kotisContext, kountaLikeProfile, useFakeTiming, useNock } from '../transport/harness';

useNock();
beforeEach(() => useFakeTiming());

const HOST = 'https://kwf.kotis.test';
type Row = { id: number };
const rows = (...ids: number[]) => ids.map((id) => ({ id }));

const kounta: PaginationStrategy<Row> = {
	kind: 'nextPageHeader',
	header: 'x-next-page',
	pageFallback: { requestHeader: 'X-Page', totalHeader: 'x-pages' },
	items: (body) => body as Row[],
};

describe("nextPageHeader with pageFallback (Kounta's two paging styles)", () => {
	it('follows X-Next-Page when the response has it', async () => {
		const scope = nock(HOST)
			.get('/api/v1/companies/1/products')
			.reply(200, rows(1), {
				'X-Next-Page': `${HOST}/api/v1/companies/1/products?page=2`,
				'X-Pages': '9',
			})
			.get('/api/v1/companies/1/products')
			.query({ page: '2' })
			.reply(200, rows(2));
		const items = await vendorCollect.call(
			kotisContext().context,
			kountaLikeProfile,
			{ method: 'GET', url: '/companies/1/products' },
			kounta,
		);
		expect(items).toEqual(rows(1, 2));
		expect(scope.isDone()).toBe(true);
	});

	it('with both headers on every page, the last page (X-Pages but no X-Next-Page) ends the list: nothing fetched twice', async () => {
		const scope = nock(HOST)
			.get('/api/v1/companies/1/orders')
			.reply(200, rows(1), {
				'X-Next-Page': `${HOST}/api/v1/companies/1/orders?page=2`,
				'X-Pages': '2',
			})
			.get('/api/v1/companies/1/orders')
			.query({ page: '2' })
			.reply(200, rows(2), { 'X-Pages': '2' });
		const items = await vendorCollect.call(
			kotisContext().context,
			kountaLikeProfile,
			{ method: 'GET', url: '/companies/1/orders' },
			kounta,
		);
		expect(items).toEqual(rows(1, 2));
		expect(scope.isDone()).toBe(true);
	});

	it('without X-Next-Page, pages by X-Page 1, 2 until X-Pages', async () => {
		const scope = nock(HOST)
			.get('/api/v1/companies/1/orders')
			.matchHeader('x-page', (value) => value === undefined)
			.reply(200, rows(1), { 'X-Pages': '3' })
			.get('/api/v1/companies/1/orders')
			.matchHeader('x-page', '1')
			.reply(200, rows(2), { 'X-Pages': '3' })
			.get('/api/v1/companies/1/orders')
			.matchHeader('x-page', '2')
			.reply(200, rows(3), { 'X-Pages': '3' });
		const items = await vendorCollect.call(
			kotisContext().context,
			kountaLikeProfile,
			{ method: 'GET', url: '/companies/1/orders' },
			kounta,
		);
		expect(items).toEqual(rows(1, 2, 3));
		expect(scope.isDone()).toBe(true);
	});

	it('stops after one page when neither header is sent, and on an empty page', async () => {
		nock(HOST).get('/api/v1/companies/1/sites').reply(200, rows(1));
		expect(
			await vendorCollect.call(
				kotisContext().context,
				kountaLikeProfile,
				{ method: 'GET', url: '/companies/1/sites' },
				kounta,
			),
		).toEqual(rows(1));
		nock(HOST).get('/api/v1/companies/1/sites').reply(200, [], { 'X-Pages': '5' });
		expect(
			await vendorCollect.call(
				kotisContext().context,
				kountaLikeProfile,
				{ method: 'GET', url: '/companies/1/sites' },
				kounta,
			),
		).toEqual([]);
	});
});
