import { influenceIoVendor } from '../../../nodes/InfluenceIo/api';
import { resetTestPacing as resetRateLimits } from '../../helpers/transport-seam';
import { expectNoSecret, useFakeTiming, useNock } from '../../helpers/http-testing';
import { API_KEY, api, credentials, fails, run } from './fixtures';

useNock();
beforeEach(() => resetRateLimits());

const get = { resource: 'customer', operation: 'get', customerId: 'ext-1' };

describe('Influence.io key rejected', () => {
	beforeEach(() => useFakeTiming());

	it.each([
		[403, 'Forbidden'],
		[401, 'Unauthorized'],
	])(
		'treats %i {"message":"%s"} (API Gateway, unknown key) as a wrong API key, never retried',
		async (status, message) => {
			const scope = api().get('/v1/customers/ext-1').reply(status, { message });
			const error = await fails(get);
			expect(scope.isDone()).toBe(true);
			expect(error.message).toBe(
				`Influence.io rejected the credentials (HTTP ${status}). Check the API key in the 'Influence.io API' credential.`,
			);
			expectNoSecret(error, API_KEY);
		},
	);

	it('keeps other 403 answers as a refusal', async () => {
		api().get('/v1/customers/ext-1').reply(403, { message: 'Platform API needs the Plus plan' });
		expect((await fails(get)).message).toBe(
			'Influence.io refused permission for GET /v1/customers/ext-1 (HTTP 403): Platform API needs the Plus plan',
		);
	});
});

describe('Requests per Second (credential)', () => {
	it('is off by default and paces calls per credential when set', async () => {
		const rateLimit = influenceIoVendor.rateLimit as (c: Record<string, unknown>) => unknown;
		expect(rateLimit({})).toBeUndefined();
		expect(rateLimit({ requestsPerSecond: 0 })).toBeUndefined();
		expect(rateLimit({ requestsPerSecond: 10 })).toEqual({ requests: 1, windowMs: 100 });

		const clock = useFakeTiming();
		api()
			.put(/\/v1\/customers\/c\d/)
			.times(5)
			.reply(200, { id: 'x' });
		const perItem = [1, 2, 3, 4, 5].map((n) => ({
			resource: 'customer',
			operation: 'upsert',
			customerId: `c${n}`,
			email: `c${n}@example.com`,
			additionalFields: {},
			options: { concurrency: 5 },
		}));
		const [out] = await run(perItem, {
			items: perItem.map(() => ({})),
			credentials: { influenceIoApi: { ...credentials.influenceIoApi, requestsPerSecond: 2 } },
		});
		expect(out).toHaveLength(5);
		// 5 calls at 2 per second, spread evenly: 4 waits of 500 ms on the fake clock.
		expect(clock.sleeps.reduce((a, b) => a + b, 0)).toBe(2000);
		expect(clock.sleeps.every((ms) => ms <= 500)).toBe(true);
	});
});
