import nock from 'nock';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { createTransport, vendorRequest } from '../../../nodes/transport';
import {
	KOTIS_BASE,
	KOTIS_KEY,
	STORES_BASE,
	catchError,
	closedPortUrl,
	influitiveLikeProfile,
	kotisContext,
	kotisTestProfile,
	kountaLikeProfile,
	startServer,
	useFakeTiming,
	useNock,
} from './harness';

useNock();

const kotis = nock.bind(null, 'https://kwf.kotis.test');
const PROCESSED_NOTE = 'It may have been applied: check Kotis Design before retrying.';
const UNKNOWN_OUTCOME =
	'Outcome: unknown. The request may have been processed; check Kotis Design before retrying, to avoid a duplicate.';
const order = { email: 'a@example.com', skus: [{ sku: '107529-1-L', quantity: '1' }] };

describe('vendorRequest: success path', () => {
	it('applies the credential (raw key in Authorization) through httpRequestWithAuthentication', async () => {
		useFakeTiming();
		const scope = kotis()
			.get('/api/v1/skus/quantity')
			.matchHeader('authorization', KOTIS_KEY)
			.matchHeader('accept', 'application/json')
			.reply(200, { data: [{ id: '1' }] }, { 'X-Request-Id': 'r-1' });
		const fake = kotisContext();

		const response = await vendorRequest.call(fake.context, kotisTestProfile, {
			method: 'GET',
			url: '/skus/quantity',
		});

		expect(response).toEqual({
			statusCode: 200,
			headers: expect.objectContaining({ 'x-request-id': 'r-1' }),
			body: { data: [{ id: '1' }] },
			url: `${KOTIS_BASE}/skus/quantity`,
		});
		expect(scope.isDone()).toBe(true);
	});

	it('routes a call to the second host with baseUrlKey', async () => {
		const scope = nock('https://stores.kotis.test')
			.post('/api/v1/redemption_codes/create', { quantity: 1 })
			.matchHeader('authorization', KOTIS_KEY)
			.reply(201, { codes: ['A'] });

		const response = await vendorRequest.call(kotisContext().context, kotisTestProfile, {
			method: 'POST',
			url: 'redemption_codes/create',
			baseUrlKey: 'storesBaseUrl',
			body: { quantity: 1 },
		});

		expect(response.url).toBe(`${STORES_BASE}/redemption_codes/create`);
		expect(response.body).toEqual({ codes: ['A'] });
		expect(scope.isDone()).toBe(true);
	});

	it('sends the profile default headers (Kounta needs Accept: application/json)', async () => {
		const scope = kotis()
			.get('/api/v1/companies/me.json')
			.matchHeader('accept', 'application/json')
			.matchHeader('x-extra', 'yes')
			.reply(200, { id: 7 });

		const response = await vendorRequest.call(kotisContext().context, kountaLikeProfile, {
			method: 'GET',
			url: '/companies/me.json',
			headers: { 'X-Extra': 'yes' },
		});

		expect(response.body).toEqual({ id: 7 });
		expect(scope.isDone()).toBe(true);
	});

	it("returns text as text with expect 'text', and no body with expect 'empty'", async () => {
		const scope = kotis()
			.get('/api/v1/export')
			.reply(200, '{"looks":"like json"}', { 'Content-Type': 'text/plain' })
			.post('/api/v1/orders')
			.reply(201, '', { Location: '/orders/9' });
		const { context } = kotisContext();

		const text = await vendorRequest.call(context, kotisTestProfile, {
			method: 'GET',
			url: '/export',
			expect: 'text',
		});
		const empty = await vendorRequest.call(context, kotisTestProfile, {
			method: 'POST',
			url: '/orders',
			body: order,
			expect: 'empty',
		});

		expect(text.body).toBe('{"looks":"like json"}');
		expect(empty.statusCode).toBe(201);
		expect(empty.body).toBeUndefined();
		expect(empty.headers.location).toBe('/orders/9');
		expect(scope.isDone()).toBe(true);
	});

	it('rejects a credential without a usable base URL before sending anything', async () => {
		const fake = kotisContext({ credentials: { kotisApi: { apiKey: KOTIS_KEY, baseUrl: '' } } });

		const error = await catchError(
			vendorRequest.call(fake.context, kotisTestProfile, { method: 'GET', url: '/skus/quantity' }),
		);

		expect(error).toBeInstanceOf(NodeOperationError);
		expect(error.failure).toEqual({ cause: 'configuration-invalid' });
		expect(fake.requests).toHaveLength(0);
	});
});

describe('vendorRequest: retries', () => {
	it('retries a GET after HTTP 500 and returns the later success', async () => {
		const clock = useFakeTiming();
		const scope = kotis()
			.get('/api/v1/skus/quantity')
			.reply(500, { errors: [{ title: 'Server Error', detail: '' }] })
			.get('/api/v1/skus/quantity')
			.reply(200, { data: [] });

		const response = await vendorRequest.call(kotisContext().context, kotisTestProfile, {
			method: 'GET',
			url: '/skus/quantity',
		});

		expect(response.body).toEqual({ data: [] });
		// Full jitter, first retry: uniform in [0, 500 ms]; the fake random is 0.5.
		expect(clock.sleeps).toEqual([250]);
		expect(scope.isDone()).toBe(true);
	});

	it('backs off exponentially with full jitter, capped', async () => {
		const clock = useFakeTiming();
		const scope = kotis().get('/api/v1/x').times(4).reply(502, 'Bad gateway');

		const error = await catchError(
			vendorRequest.call(kotisContext().context, kotisTestProfile, {
				method: 'GET',
				url: '/x',
				maxAttempts: 4,
			}),
		);

		expect(clock.sleeps).toEqual([250, 500, 1000]);
		expect(error.message).toBe(
			'Kotis Design is temporarily unavailable (HTTP 502); gave up after 4 attempts.',
		);
		expect(error.failure).toEqual({ cause: 'temporarily-unavailable' });
		expect(scope.isDone()).toBe(true);
	});

	it('honours Retry-After: 1 on HTTP 429', async () => {
		const clock = useFakeTiming();
		const scope = kotis()
			.get('/api/v1/skus/quantity')
			.reply(429, '', { 'Retry-After': '1' })
			.get('/api/v1/skus/quantity')
			.reply(200, { data: [] });

		await vendorRequest.call(kotisContext().context, kotisTestProfile, {
			method: 'GET',
			url: '/skus/quantity',
		});

		expect(clock.sleeps).toEqual([1000]);
		expect(scope.isDone()).toBe(true);
	});

	it('honours Retry-After given as an HTTP date, on HTTP 503', async () => {
		const clock = useFakeTiming();
		const scope = kotis()
			.get('/api/v1/skus/quantity')
			.reply(503, '', { 'Retry-After': new Date(clock.now + 5000).toUTCString() })
			.get('/api/v1/skus/quantity')
			.reply(200, { data: [] });

		await vendorRequest.call(kotisContext().context, kotisTestProfile, {
			method: 'GET',
			url: '/skus/quantity',
		});

		expect(clock.sleeps).toEqual([5000]);
		expect(scope.isDone()).toBe(true);
	});

	it('fails at once, rate-limited with retryAfterMs, when Retry-After exceeds the cap', async () => {
		const clock = useFakeTiming();
		const scope = kotis().get('/api/v1/skus/quantity').reply(429, '', { 'Retry-After': '120' });
		const fake = kotisContext();

		const error = await catchError(
			vendorRequest.call(fake.context, kotisTestProfile, {
				method: 'GET',
				url: '/skus/quantity',
				itemIndex: 0,
			}),
		);

		expect(error).toBeInstanceOf(NodeApiError);
		expect(error.failure).toEqual({ cause: 'rate-limited', retryAfterMs: 120_000 });
		expect(error.message).toBe(
			"Kotis Design is rate-limiting requests (HTTP 429) and asked to wait 2 min, longer than the 90 s left of this call's retry budget; stopped after 1 attempt.",
		);
		expect(error.httpCode).toBe('429');
		expect(clock.sleeps).toEqual([]);
		expect(fake.requests).toHaveLength(1);
		expect(scope.isDone()).toBe(true);
	});

	it('reports rate-limited with the attempt count when every attempt is throttled', async () => {
		useFakeTiming();
		const scope = kotis()
			.get('/api/v1/skus/quantity')
			.times(3)
			.reply(429, '', { 'Retry-After': '2' });

		const error = await catchError(
			vendorRequest.call(kotisContext().context, kotisTestProfile, {
				method: 'GET',
				url: '/skus/quantity',
				maxAttempts: 3,
			}),
		);

		expect(error.message).toBe(
			'Kotis Design is rate-limiting requests (HTTP 429); gave up after 3 attempts.',
		);
		expect(error.failure).toEqual({ cause: 'rate-limited', retryAfterMs: 2000 });
		expect(error.description).toContain('Kotis Design asked to retry after 2 s.');
		expect(scope.isDone()).toBe(true);
	});

	it("treats the profile's throttle statuses as throttling (Influitive: WAF 403)", async () => {
		const clock = useFakeTiming();
		const scope = kotis()
			.post('/api/v1/events')
			.reply(403, '<html>Request blocked</html>')
			.post('/api/v1/events')
			.reply(201, { id: 1 });

		const response = await vendorRequest.call(kotisContext().context, influitiveLikeProfile, {
			method: 'POST',
			url: '/events',
			body: { type: 'award', points: 10 },
		});

		expect(response.statusCode).toBe(201);
		expect(clock.sleeps).toEqual([250]);
		expect(scope.isDone()).toBe(true);
	});

	it('retries a malformed JSON body on a GET, then surfaces it', async () => {
		const clock = useFakeTiming();
		const scope = kotis().get('/api/v1/skus/quantity').times(3).reply(200, '{"data": [{"id": "1"', {
			'Content-Type': 'application/json',
		});
		const fake = kotisContext();

		const error = await catchError(
			vendorRequest.call(fake.context, kotisTestProfile, {
				method: 'GET',
				url: '/skus/quantity',
				maxAttempts: 3,
			}),
		);

		expect(error.message).toBe(
			'Kotis Design returned a response that is not valid JSON (HTTP 200); gave up after 3 attempts.',
		);
		expect(error.failure).toEqual({ cause: 'temporarily-unavailable' });
		expect(fake.requests).toHaveLength(3);
		expect(clock.sleeps).toHaveLength(2);
		expect(scope.isDone()).toBe(true);
	});

	it('recovers when a malformed body is followed by a good one', async () => {
		useFakeTiming();
		const scope = kotis()
			.get('/api/v1/skus/quantity')
			.reply(200, '{"data": [', { 'Content-Type': 'application/json' })
			.get('/api/v1/skus/quantity')
			.reply(200, { data: [] });

		const response = await vendorRequest.call(kotisContext().context, kotisTestProfile, {
			method: 'GET',
			url: '/skus/quantity',
		});

		expect(response.body).toEqual({ data: [] });
		expect(scope.isDone()).toBe(true);
	});

	it('retries a GET whose connection was dropped (real socket reset)', async () => {
		useFakeTiming();
		const server = await startServer((req) => req.socket.destroy());
		try {
			const error = await catchError(
				vendorRequest.call(kotisContext().context, kotisTestProfile, {
					method: 'GET',
					url: `${server.url}/skus/quantity`,
					maxAttempts: 2,
				}),
			);

			expect(server.hits()).toBe(2);
			expect(error.message).toBe(
				'The connection to Kotis Design closed before a response arrived; gave up after 2 attempts.',
			);
			expect(error.failure).toEqual({ cause: 'temporarily-unavailable' });
		} finally {
			await server.close();
		}
	});

	it('surfaces a timeout as temporarily-unavailable after retrying a GET (real hanging server)', async () => {
		useFakeTiming();
		const server = await startServer(() => undefined); // never answers
		try {
			const error = await catchError(
				vendorRequest.call(kotisContext().context, kotisTestProfile, {
					method: 'GET',
					url: `${server.url}/skus/quantity`,
					timeoutMs: 100,
					maxAttempts: 2,
				}),
			);

			expect(server.hits()).toBe(2);
			expect(error).toBeInstanceOf(NodeApiError);
			expect(error.message).toBe(
				'Kotis Design did not respond within 100 ms; gave up after 2 attempts.',
			);
			expect(error.failure).toEqual({ cause: 'temporarily-unavailable' });
			expect(error.description).not.toContain('may have been processed');
		} finally {
			await server.close();
		}
	});

	it('stops at once, without retrying, when the execution is cancelled', async () => {
		useFakeTiming();
		const controller = new AbortController();
		controller.abort();
		const fake = kotisContext({ abortSignal: controller.signal });
		kotis().get('/api/v1/skus/quantity').reply(200, {});

		const error = await catchError(
			vendorRequest.call(fake.context, kotisTestProfile, { method: 'GET', url: '/skus/quantity' }),
		);

		expect(error.message).toBe('The request to Kotis Design was cancelled.');
		expect(fake.requests).toHaveLength(1);
	});
});

describe('vendorRequest: non-idempotent calls are never blind-retried', () => {
	it('sends a POST once on HTTP 500 and says it may have been processed', async () => {
		const clock = useFakeTiming();
		const scope = kotis().post('/api/v1/orders/create').reply(500, 'Internal Server Error');
		const fake = kotisContext();

		const error = await catchError(
			vendorRequest.call(fake.context, kotisTestProfile, {
				method: 'POST',
				url: '/orders/create',
				body: order,
				itemIndex: 2,
			}),
		);

		expect(fake.requests).toHaveLength(1);
		expect(clock.sleeps).toEqual([]);
		expect(error.message).toBe(
			`Kotis Design is temporarily unavailable (HTTP 500); gave up after 1 attempt. ${PROCESSED_NOTE}`,
		);
		expect(error.description).toContain(UNKNOWN_OUTCOME);
		expect(error.context.outcome).toBe('unknown');
		expect(error.description).toContain(`Request: POST ${KOTIS_BASE}/orders/create`);
		expect(error.context.itemIndex).toBe(2);
		expect(scope.isDone()).toBe(true);
	});

	it('sends a POST once on a timeout (real hanging server) and says it may have been processed', async () => {
		useFakeTiming();
		const server = await startServer(() => undefined);
		try {
			const error = await catchError(
				vendorRequest.call(kotisContext().context, kotisTestProfile, {
					method: 'POST',
					url: `${server.url}/orders/create`,
					body: order,
					timeoutMs: 100,
				}),
			);

			expect(server.hits()).toBe(1);
			expect(error.message).toBe(
				`Kotis Design did not respond within 100 ms; gave up after 1 attempt. ${PROCESSED_NOTE}`,
			);
			expect(error.failure).toEqual({ cause: 'temporarily-unavailable' });
			expect(error.context.outcome).toBe('unknown');
		} finally {
			await server.close();
		}
	});

	it('sends a POST once when its success body is malformed (the order probably exists)', async () => {
		useFakeTiming();
		const scope = kotis().post('/api/v1/orders/create').reply(200, '{"status":"succ', {
			'Content-Type': 'application/json',
		});
		const fake = kotisContext();

		const error = await catchError(
			vendorRequest.call(fake.context, kotisTestProfile, {
				method: 'POST',
				url: '/orders/create',
				body: order,
			}),
		);

		expect(fake.requests).toHaveLength(1);
		expect(error.message).toContain(PROCESSED_NOTE);
		expect(error.description).toContain(UNKNOWN_OUTCOME);
		expect(scope.isDone()).toBe(true);
	});

	it('retries a POST on HTTP 429: the server explicitly declined it', async () => {
		const clock = useFakeTiming();
		const scope = kotis()
			.post('/api/v1/orders/create')
			.reply(429, '', { 'Retry-After': '3' })
			.post('/api/v1/orders/create', order)
			.reply(200, { status: 'success', order_num: '5134691' });

		const response = await vendorRequest.call(kotisContext().context, kotisTestProfile, {
			method: 'POST',
			url: '/orders/create',
			body: order,
		});

		expect(response.body).toEqual({ status: 'success', order_num: '5134691' });
		expect(clock.sleeps).toEqual([3000]);
		expect(scope.isDone()).toBe(true);
	});

	it('retries a POST whose connection was refused (nothing was sent), and says nothing about duplicates', async () => {
		useFakeTiming();
		const url = await closedPortUrl();
		const fake = kotisContext();

		const error = await catchError(
			vendorRequest.call(fake.context, kotisTestProfile, {
				method: 'POST',
				url: `${url}/orders/create`,
				body: order,
				maxAttempts: 3,
			}),
		);

		expect(fake.requests).toHaveLength(3);
		expect(error.message).toBe('Kotis Design refused the connection; gave up after 3 attempts.');
		expect(error.description).toContain('Network error code: ECONNREFUSED.');
		expect(error.description).not.toContain('may have been processed');
	});

	it('lets a caller declare a POST idempotent (a search endpoint)', async () => {
		useFakeTiming();
		const scope = kotis()
			.post('/api/v1/search')
			.reply(500, '')
			.post('/api/v1/search')
			.reply(200, { hits: [] });

		const response = await vendorRequest.call(kotisContext().context, kotisTestProfile, {
			method: 'POST',
			url: '/search',
			body: { q: 'x' },
			idempotent: true,
		});

		expect(response.body).toEqual({ hits: [] });
		expect(scope.isDone()).toBe(true);
	});
});

describe('vendorRequest: error mapping', () => {
	it('maps a Kotis errors array on HTTP 200 to a NodeApiError with joined title: detail', async () => {
		useFakeTiming();
		const scope = kotis()
			.post('/api/v1/orders/create')
			.reply(200, {
				errors: [{ title: 'Invalid Order', detail: 'Sku 1 does not exist, Sku 2 does not exist' }],
			});
		const fake = kotisContext();

		const error = await catchError(
			vendorRequest.call(fake.context, kotisTestProfile, {
				method: 'POST',
				url: '/orders/create',
				body: order,
			}),
		);

		expect(error).toBeInstanceOf(NodeApiError);
		expect(error.message).toBe(
			'Kotis Design rejected the request: Invalid Order: Sku 1 does not exist, Sku 2 does not exist',
		);
		expect(error.httpCode).toBe('200');
		expect(error.failure).toBeUndefined();
		// A definite rejection: not retried, and no duplicate warning.
		expect(fake.requests).toHaveLength(1);
		expect(error.description).not.toContain('may have been processed');
		expect(error.errorResponse).toMatchObject({
			statusCode: 200,
			vendorErrors: [
				{ title: 'Invalid Order', detail: 'Sku 1 does not exist, Sku 2 does not exist' },
			],
		});
		expect(scope.isDone()).toBe(true);
	});

	it('maps "Invalid Api Key" (even on HTTP 200) to credential-invalid', async () => {
		const scope = kotis()
			.get('/api/v1/orders/status')
			.query({ order_numbers: '12345' })
			.reply(200, { errors: [{ title: 'Invalid Api Key', detail: '' }] });

		const error = await catchError(
			vendorRequest.call(kotisContext().context, kotisTestProfile, {
				method: 'GET',
				url: '/orders/status',
				qs: { order_numbers: '12345' },
			}),
		);

		expect(error.failure).toEqual({ cause: 'credential-invalid' });
		expect(error.message).toBe(
			"Kotis Design rejected the credentials (HTTP 200). Check the API key in the 'Kotis Design API' credential.",
		);
		expect(error.description).toContain(`Request: GET ${KOTIS_BASE}/orders/status?order_numbers=…`);
		expect(scope.isDone()).toBe(true);
	});

	it('maps a 401 with an empty body to credential-invalid', async () => {
		const scope = kotis()
			.get('/api/v1/members/me')
			.reply(401, '', { 'Content-Type': 'text/plain', 'WWW-Authenticate': 'Token realm=Api' });

		const error = await catchError(
			vendorRequest.call(kotisContext().context, kotisTestProfile, {
				method: 'GET',
				url: '/members/me',
			}),
		);

		expect(error.message).toBe(
			"Kotis Design rejected the credentials (HTTP 401). Check the API key in the 'Kotis Design API' credential.",
		);
		expect(error.failure).toEqual({ cause: 'credential-invalid' });
		expect(error.httpCode).toBe('401');
		expect(error.description).toContain('Kotis Design said: HTTP 401 with an empty body.');
		expect(scope.isDone()).toBe(true);
	});

	it('leaves failure unset for a 404 of an unknown record', async () => {
		const scope = kotis().get('/api/v1/customers/42').reply(404, { message: 'Customer not found' });

		const error = await catchError(
			vendorRequest.call(
				kotisContext().context,
				{ ...kotisTestProfile, extractError: influitiveLikeProfile.extractError },
				{
					method: 'GET',
					url: '/customers/42',
				},
			),
		);

		expect(error.message).toBe('Kotis Design rejected the request: Customer not found');
		expect(error.failure).toBeUndefined();
		expect(error.httpCode).toBe('404');
		expect(scope.isDone()).toBe(true);
	});

	it("surfaces Kounta's error + error_description", async () => {
		const scope = kotis().get('/api/v1/sites.json').reply(400, {
			error: 'invalid_request',
			error_description: 'The access token provided has expired',
		});

		const error = await catchError(
			vendorRequest.call(kotisContext().context, kountaLikeProfile, {
				method: 'GET',
				url: '/sites.json',
			}),
		);

		expect(error.message).toBe(
			'Kounta rejected the request: invalid_request: The access token provided has expired',
		);
		expect(scope.isDone()).toBe(true);
	});

	it('keeps messages that contain words n8n would swap for generic texts', async () => {
		const scope = kotis()
			.post('/api/v1/orders/create')
			.reply(422, {
				errors: [{ title: 'Invalid Order', detail: 'ETIMEDOUT is not a shipping method' }],
			});

		const error = await catchError(
			vendorRequest.call(kotisContext().context, kotisTestProfile, {
				method: 'POST',
				url: '/orders/create',
				body: order,
			}),
		);

		expect(error.message).toBe(
			'Kotis Design rejected the request: Invalid Order: ETIMEDOUT is not a shipping method',
		);
		expect(scope.isDone()).toBe(true);
	});
});

describe('vendorRequest: cancellation during a wait', () => {
	it('stops waiting for a retry when the execution is cancelled, with a NodeApiError', async () => {
		const controller = new AbortController();
		let sleeping!: () => void;
		const asleep = new Promise<void>((resolve) => (sleeping = resolve));
		// A transport whose sleep only ends through the abort signal, like n8n's sleep(ms, signal) would.
		const { vendorRequest: request } = createTransport({
			sleep: async (_ms, signal) =>
				await new Promise<void>((_resolve, reject) => {
					signal?.addEventListener('abort', () => reject(new Error('aborted')));
					sleeping();
				}),
		});
		const scope = kotis().get('/api/v1/skus/quantity').reply(503, '', { 'Retry-After': '30' });
		const fake = kotisContext({ abortSignal: controller.signal });

		const pending = catchError(
			request.call(fake.context, kotisTestProfile, { method: 'GET', url: '/skus/quantity' }),
		);
		await asleep;
		controller.abort();
		const error = await pending;

		expect(error).toBeInstanceOf(NodeApiError);
		expect(error.message).toBe('The request to Kotis Design was cancelled.');
		expect(fake.requests).toHaveLength(1);
		expect(scope.isDone()).toBe(true);
	});
});

describe('vendorRequest: the action a failure names', () => {
	it('tells a person a failed read changed nothing and can run again; a failed create gets no such promise', async () => {
		useFakeTiming();
		kotis().get('/api/v1/skus/quantity').reply(404, { error: 'gone' });
		kotis().post('/api/v1/orders').reply(422, { error: 'bad sku' });

		const read = await catchError(
			vendorRequest.call(kotisContext().context, kotisTestProfile, {
				method: 'GET',
				url: '/skus/quantity',
			}),
		);
		const create = await catchError(
			vendorRequest.call(kotisContext().context, kotisTestProfile, {
				method: 'POST',
				url: '/orders',
				body: order,
			}),
		);

		expect((read as NodeApiError).description).toContain(
			'Action: this read changed nothing at Kotis Design; run it again once Kotis Design answers.',
		);
		expect((create as NodeApiError).description).not.toContain('Action:');
	});
});
