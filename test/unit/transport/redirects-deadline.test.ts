/**
 * Issue 11 items 3, 4, 9 and issue 12 item 11 in the shared transport: redirects stay on the
 * credential's origin; Do Not Send After bounds each attempt and reports outcome unknown; an
 * Influitive JSON 403 is a permission refusal, not throttling; Kounta's 400 "expired" refreshes.
 */
import nock from 'nock';
import { NodeApiError } from 'n8n-workflow';
import type { IDataObject, IHttpRequestOptions } from 'n8n-workflow';

import { influitiveVendor } from '../../../nodes/Influitive/api';
import { kountaOAuth2Vendor, resetCompanyCache } from '../../../nodes/Kounta/api';
import { Kounta } from '../../../nodes/Kounta/Kounta.node';
import { errorItem } from '../../../nodes/shared/items';
import { vendorRequest } from '../../../nodes/transport';
import { fakeExecuteContext } from '../../helpers/fake-context';
import {
	KOTIS_KEY,
	catchError,
	expectNoSecret,
	kotisContext,
	kotisTestProfile,
	startServer,
	useFakeTiming,
	useNock,
} from './harness';

useNock();

const kotis = () => nock('https://kwf.kotis.test');

describe('redirects (issue 11 item 3)', () => {
	it('follows a redirect on the same origin, with the credential', async () => {
		useFakeTiming();
		const scope = kotis()
			.get('/api/v1/old')
			.reply(301, '', { Location: '/api/v1/new?x=1' })
			.get('/api/v1/new')
			.query({ x: '1' })
			.matchHeader('authorization', KOTIS_KEY)
			.reply(200, { ok: true });
		const response = await vendorRequest.call(kotisContext().context, kotisTestProfile, {
			method: 'GET',
			url: '/old',
		});
		expect(response.body).toEqual({ ok: true });
		expect(response.url).toBe('https://kwf.kotis.test/api/v1/new?x=1');
		expect(scope.isDone()).toBe(true);
	});

	it.each([301, 302, 303, 307, 308])(
		'does not follow a %i to another host: nothing is sent there, the error names the host',
		async (status) => {
			useFakeTiming();
			kotis()
				.post('/api/v1/orders/create')
				.reply(status, '', { Location: 'https://evil.example:8443/steal?key=x' });
			const evil = nock('https://evil.example:8443')
				.post('/steal')
				.query(true)
				.reply(200, {})
				.get('/steal')
				.query(true)
				.reply(200, {});
			const fake = kotisContext();
			const error = await catchError(
				vendorRequest.call(fake.context, kotisTestProfile, {
					method: 'POST',
					url: '/orders/create',
					body: { a: 1 },
				}),
			);
			expect(error).toBeInstanceOf(NodeApiError);
			expect(
				error.message.startsWith(
					'Kotis Design redirected the request to another host (evil.example:8443); it was not followed, so nothing was sent there.',
				),
			).toBe(true);
			// 307/308 ask for the same request elsewhere (this host did not process it); after a 301/302/303
			// to a POST the first host may have acted on it.
			expect(error.context.outcome).toBe(status >= 307 ? 'rejected' : 'unknown');
			expect(evil.isDone()).toBe(false);
			expect(fake.requests).toHaveLength(1);
			expectNoSecret(error, KOTIS_KEY);
			expect(error.message).not.toContain('key=x');
		},
	);

	it('never lets the HTTP client follow by itself (custom headers such as x-api-key are not stripped by it)', async () => {
		useFakeTiming();
		const seen: IHttpRequestOptions[] = [];
		const fake = kotisContext();
		const real = fake.context.helpers.httpRequestWithAuthentication;
		fake.context.helpers.httpRequestWithAuthentication = async function (
			this: unknown,
			type: string,
			options: IHttpRequestOptions,
		) {
			seen.push({ ...options });
			return await real.call(fake.context, type, options);
		} as typeof real;
		kotis().get('/api/v1/x').reply(200, {});
		await vendorRequest.call(fake.context, kotisTestProfile, { method: 'GET', url: '/x' });
		expect(seen[0].disableFollowRedirect).toBe(true);
	});
});

describe('Do Not Send After bounds each attempt (issue 11 item 4)', () => {
	it('cuts the attempt at the deadline, does not re-send the PUT, and reports outcome unknown', async () => {
		const clock = useFakeTiming();
		const server = await startServer(() => undefined); // answers too late (never)
		try {
			const fake = kotisContext();
			const error = await catchError(
				vendorRequest.call(fake.context, kotisTestProfile, {
					method: 'PUT',
					url: `${server.url}/orders/7`,
					body: { price_variation: 0.9 },
					notAfter: clock.now + 150,
				}),
			);
			expect(server.hits()).toBe(1);
			expect(error.message).toBe(
				`Kotis Design did not answer before the deadline set for this call (${new Date(clock.now + 150).toISOString()}); gave up after 1 attempt. It may have been applied: check Kotis Design before retrying.`,
			);
			expect(error.context.outcome).toBe('unknown');
			expect(errorItem(error, { item: 0 }).json).toMatchObject({ details: { outcome: 'unknown' } });
		} finally {
			await server.close();
		}
	});

	it('reports not_sent when the deadline passed before anything was sent', async () => {
		const clock = useFakeTiming();
		const fake = kotisContext();
		const error = await catchError(
			vendorRequest.call(fake.context, kotisTestProfile, {
				method: 'PUT',
				url: '/orders/7',
				body: {},
				notAfter: clock.now - 1,
			}),
		);
		expect(fake.requests).toHaveLength(0);
		expect(error.context.outcome).toBe('not_sent');
		expect(errorItem(error, { item: 0 }).json).toMatchObject({ details: { outcome: 'not_sent' } });
	});

	it('reports rejected when the vendor refused the change', async () => {
		useFakeTiming();
		kotis()
			.put('/api/v1/orders/7')
			.reply(422, { errors: [{ title: 'Invalid', detail: 'closed order' }] });
		const error = await catchError(
			vendorRequest.call(kotisContext().context, kotisTestProfile, {
				method: 'PUT',
				url: '/orders/7',
				body: {},
			}),
		);
		expect(error.context.outcome).toBe('rejected');
		expect(error.message).not.toContain('may have been applied');
	});

	it('Kounta Order Update: a PUT answered late is not retried and its error item says outcome unknown', async () => {
		const clock = useFakeTiming();
		resetCompanyCache();
		const server = await startServer((req, res) => {
			if (req.method === 'GET') {
				res.setHeader('Content-Type', 'application/json');
				res.end(JSON.stringify({ id: 77, notes: '' }));
			}
			// The PUT never gets an answer in time.
		});
		try {
			const fake = fakeExecuteContext({
				credentials: {
					kountaApi: {
						clientId: 'kounta-client',
						clientSecret: 'kounta-SECRET-1234',
						baseUrl: `${server.url}/v1`,
					},
				},
				parameters: {
					authentication: 'basic',
					resource: 'order',
					operation: 'update',
					orderId: '77',
					companyId: '9',
					change: 'priceVariation',
					discountMode: 'percent',
					discountValue: 10,
					doNotSendAfter: new Date(clock.now + 200).toISOString(),
				},
				continueOnFail: true,
			});
			const [out] = await new Kounta().execute.call(fake.context);
			expect(server.hits()).toBe(1);
			expect(out[0].json).toMatchObject({ details: { outcome: 'unknown' } });
			expect(String(out[0].json.error)).toContain(
				'may have been applied: check Kounta before retrying',
			);
		} finally {
			await server.close();
		}
	});
});

describe('Influitive 403: firewall throttling vs permission refusal (issue 11 item 9)', () => {
	const context = () =>
		fakeExecuteContext({
			credentials: {
				influitiveApi: {
					apiToken: 'infl-TOKEN-abcdef',
					orgId: 'org-1',
					baseUrl: 'https://api.influitive.test',
				},
			},
		});

	it('does not re-send a POST /events refused with a JSON 403, and reports a permission error naming what to do', async () => {
		const clock = useFakeTiming();
		const scope = nock('https://api.influitive.test')
			.post('/events')
			.once()
			.reply(403, { error: 'You are not authorized to log events' });
		const fake = context();
		const error = await catchError(
			vendorRequest.call(fake.context, influitiveVendor, {
				method: 'POST',
				url: '/events',
				body: { type: 'x' },
			}),
		);
		expect(fake.requests).toHaveLength(1);
		expect(clock.sleeps).toEqual([]);
		expect(error.message).toBe(
			'Influitive refused permission for POST /events (HTTP 403): You are not authorized to log events',
		);
		expect(error.description).toContain(
			"give the user behind the 'Influitive API' credential the right to do this in Influitive",
		);
		expect(error.failure).toEqual({ cause: 'configuration-invalid' });
		expect(error.context.outcome).toBe('rejected');
		expect(scope.isDone()).toBe(true);
	});

	it('still retries the firewall 403 (HTML page) as throttling', async () => {
		useFakeTiming();
		const scope = nock('https://api.influitive.test')
			.post('/events')
			.reply(403, '<html><head><title>403 Forbidden</title></head></html>', {
				'Content-Type': 'text/html',
			})
			.post('/events')
			.reply(201, { id: 1 });
		const response = await vendorRequest.call(context().context, influitiveVendor, {
			method: 'POST',
			url: '/events',
			body: { type: 'x' },
		});
		expect(response.statusCode).toBe(201);
		expect(scope.isDone()).toBe(true);
	});
});

describe('Kounta OAuth2: an expired token answered 400 is refreshed (issue 12 item 11)', () => {
	it('sends again, telling n8n that this 400 means "expired", so n8n refreshes', async () => {
		useFakeTiming();
		const calls: Array<{ options: IHttpRequestOptions; extra?: IDataObject }> = [];
		const fake = fakeExecuteContext({
			credentials: {
				kountaOAuth2Api: {
					clientId: 'c',
					clientSecret: 'kounta-SECRET-1234',
					baseUrl: 'https://api.kounta.test/v1',
					oauthTokenData: { access_token: 'old-token-1234' },
				},
			},
		});
		// What n8n's requestOAuth2 does: on the status it is told means "expired", refresh and repeat.
		fake.context.helpers.httpRequestWithAuthentication = (async (
			_type: string,
			options: IHttpRequestOptions,
			extra?: IDataObject,
		) => {
			calls.push({ options, extra });
			const expired = {
				statusCode: 400,
				headers: {},
				body: {
					error: 'invalid_token',
					error_description: 'The access token provided has expired',
				},
			};
			if (calls.length === 1) return expired;
			const oauth2 = extra?.oauth2 as { tokenExpiredStatusCode?: number } | undefined;
			if (oauth2?.tokenExpiredStatusCode === 400 && options.ignoreHttpStatusErrors === false)
				return { statusCode: 200, headers: {}, body: { id: 456 } };
			throw Object.assign(new Error('Request failed with status code 400'), {
				response: { status: 400, data: expired.body, headers: {} },
			});
		}) as never;
		const response = await vendorRequest.call(fake.context, kountaOAuth2Vendor, {
			method: 'GET',
			url: '/companies/me',
		});
		expect(response.body).toEqual({ id: 456 });
		expect(calls).toHaveLength(2);
	});

	it('does not take an ordinary 400 for an expired token', () => {
		const response = (body: unknown) => ({
			statusCode: 400,
			headers: {},
			body,
			url: 'https://api.kounta.test/v1/x',
		});
		expect(
			kountaOAuth2Vendor.tokenExpired?.(
				response({ error: 'bad_request', error_description: 'quantity must be positive' }),
			),
		).toBe(false);
		expect(
			kountaOAuth2Vendor.tokenExpired?.(
				response({ message: 'The access token provided has expired' }),
			),
		).toBe(true);
		expect(kountaOAuth2Vendor.tokenExpired?.({ ...response(''), statusCode: 401 })).toBe(true);
	});
});
