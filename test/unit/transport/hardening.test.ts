/**
 * Issue 11 defects in the shared transport, each pinned by a test written before its fix:
 * Retry-After parsing, path segments, empty pages, scrubbing of Basic-auth pairs.
 */
import nock from 'nock';
import { NodeOperationError } from 'n8n-workflow';

import { influenceIoVendor, path as influencePath } from '../../../nodes/InfluenceIo/api';
import { kountaBasicVendor } from '../../../nodes/Kounta/api';
import {
	parseRetryAfter,
	vendorCollect,
	vendorRequest,
	type PaginationStrategy,
} from '../../../nodes/transport';
import { fakeExecuteContext } from '../../helpers/fake-context';
import {
	catchError,
	expectNoSecret,
	kotisContext,
	kotisTestProfile,
	useFakeTiming,
	useNock,
} from './harness';

useNock();

const NOW = Date.UTC(2026, 10, 22, 12, 0, 0);

describe('Retry-After accepts delay-seconds or an HTTP-date only (issue 11 item 8)', () => {
	it.each(['-1', '+5', '5.5.5', '1.5', '0x10', '2026-11-22T12:00:05Z', 'soon', '5 s'])(
		'ignores %p',
		(value) => {
			expect(parseRetryAfter(value, NOW)).toBeUndefined();
		},
	);

	it('reads seconds and the three HTTP-date forms', () => {
		expect(parseRetryAfter('5', NOW)).toBe(5000);
		expect(parseRetryAfter(' 0 ', NOW)).toBe(0);
		expect(parseRetryAfter(['7'], NOW)).toBe(7000);
		expect(parseRetryAfter('Sun, 22 Nov 2026 12:00:30 GMT', NOW)).toBe(30_000);
		expect(parseRetryAfter('Sunday, 22-Nov-26 12:00:30 GMT', NOW)).toBe(30_000);
		expect(parseRetryAfter('Sun Nov 22 12:00:30 2026', NOW)).toBe(30_000);
		expect(parseRetryAfter('Sun, 22 Nov 2026 11:00:00 GMT', NOW)).toBe(0);
	});

	it('backs off normally, not back to back, when a 429 says Retry-After: -1', async () => {
		const clock = useFakeTiming();
		const scope = nock('https://kwf.kotis.test')
			.get('/api/v1/skus/quantity')
			.reply(429, '', { 'Retry-After': '-1' })
			.get('/api/v1/skus/quantity')
			.reply(200, { data: [] });
		await vendorRequest.call(kotisContext().context, kotisTestProfile, {
			method: 'GET',
			url: '/skus/quantity',
		});
		expect(clock.sleeps).toEqual([250]);
		expect(scope.isDone()).toBe(true);
	});
});

describe('path segments (issue 11 item 10)', () => {
	it.each(['.', '..', '', '  '])(
		'refuses the id %p, naming the field, before anything is sent',
		(id) => {
			expect(() => influencePath('v1', 'customers', id)).toThrow(/^Customer ID /);
		},
	);

	it('encodes other ids (spaces, @, and / ? # which then stay inside one segment) and names fields after their collection', () => {
		expect(influencePath('v1', 'customers', 'ada lovelace@x')).toBe(
			'/v1/customers/ada%20lovelace%40x',
		);
		expect(influencePath('v1', 'customers', 'a/../b?c#d')).toBe('/v1/customers/a%2F..%2Fb%3Fc%23d');
		expect(() => influencePath('v1', 'reward_redemptions', '..')).toThrow(
			/^Reward Redemption ID "\.\."/,
		);
		expect(() => influencePath('v1', 'companies', '.')).toThrow(/^Company ID /);
	});

	it('the transport refuses a dot or empty segment however the path was built', async () => {
		const fake = kotisContext();
		for (const url of ['/v1/customers/../points/deduct', '/v1/customers/%2e%2e/x', '/v1//x']) {
			const error = await catchError(
				vendorRequest.call(fake.context, kotisTestProfile, { method: 'POST', url, body: {} }),
			);
			expect(error).toBeInstanceOf(NodeOperationError);
			expect(error.message).toMatch(/has an empty, "\." or "\.\." segment/);
		}
		expect(fake.requests).toHaveLength(0);
	});
});

describe('pagination stops on an empty page (issue 11 item 13)', () => {
	const cursor: PaginationStrategy<{ id: number }> = {
		kind: 'cursor',
		param: 'cursor',
		items: (body) => (body as { customers: Array<{ id: number }> }).customers,
		next: (body) => (body as { cursor?: string }).cursor,
	};

	it('does not follow a new cursor that came with an empty page', async () => {
		useFakeTiming();
		const scope = nock('https://kwf.kotis.test')
			.get('/api/v1/customers')
			.reply(200, { customers: [{ id: 1 }], cursor: 'c1' })
			.get('/api/v1/customers')
			.query({ cursor: 'c1' })
			.reply(200, { customers: [], cursor: 'c2' });
		const fake = kotisContext();
		const items = await vendorCollect.call(
			fake.context,
			kotisTestProfile,
			{ method: 'GET', url: '/customers' },
			cursor,
		);
		expect(items).toEqual([{ id: 1 }]);
		expect(fake.requests).toHaveLength(2);
		expect(scope.isDone()).toBe(true);
	});

	it('stops at 1,000 pages by default, with an error that says results were cut', async () => {
		useFakeTiming();
		let served = 0;
		nock('https://kwf.kotis.test')
			.persist()
			.get(/\/api\/v1\/customers.*/)
			.reply(() => [200, { customers: [{ id: ++served }], cursor: `c${served}` }]);
		const error = await catchError(
			vendorCollect.call(
				kotisContext().context,
				kotisTestProfile,
				{ method: 'GET', url: '/customers' },
				cursor,
			),
		);
		expect(error.message).toBe(
			'Stopped after 1000 pages of Kotis Design results (the safety limit)',
		);
		expect(served).toBe(1000);
	}, 60_000);
});

describe('scrubbing (issue 11 item 7)', () => {
	const CLIENT_ID = 'kounta-client-77';
	const CLIENT_SECRET = 'kounta-secret-Zq81x';
	const basic = Buffer.from(`${CLIENT_ID}:${CLIENT_SECRET}`).toString('base64');

	it('scrubs the base64 client id:secret pair of Basic auth when Kounta echoes the header', async () => {
		useFakeTiming();
		nock('https://api.kounta.test')
			.get('/v1/companies/me')
			.reply(400, { error: 'bad_request', error_description: `Bad header Basic ${basic}` });
		const fake = fakeExecuteContext({
			credentials: {
				kountaApi: {
					clientId: CLIENT_ID,
					clientSecret: CLIENT_SECRET,
					baseUrl: 'https://api.kounta.test/v1',
				},
			},
		});
		const error = await catchError(
			vendorRequest.call(fake.context, kountaBasicVendor, { method: 'GET', url: '/companies/me' }),
		);
		expect(error.message).toContain('Bad header Basic ***');
		expectNoSecret(error, basic);
	});

	it('scrubs the base64 pair of any credential (user field + secret field)', async () => {
		useFakeTiming();
		const profile = { ...influenceIoVendor, credentialType: 'kotisApi', secretFields: ['apiKey'] };
		const pair = Buffer.from('someone@example.com:kotis-live-KEY-7f3a9c21e0').toString('base64');
		nock('https://kwf.kotis.test')
			.get('/api/v1/x')
			.reply(400, { message: `echo ${pair}` });
		const fake = fakeExecuteContext({
			credentials: {
				kotisApi: {
					apiKey: 'kotis-live-KEY-7f3a9c21e0',
					user: 'someone@example.com',
					baseUrl: 'https://kwf.kotis.test/api/v1',
				},
			},
		});
		const error = await catchError(
			vendorRequest.call(fake.context, profile, { method: 'GET', url: '/x' }),
		);
		expectNoSecret(error, pair);
	});
});
