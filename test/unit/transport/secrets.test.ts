import { inspect } from 'node:util';

import nock from 'nock';
import { NodeApiError } from 'n8n-workflow';
import { z } from 'zod';

import { parseVendorResponse, vendorCollect, vendorRequest } from '../../../nodes/transport';
import {
	KOTIS_KEY,
	catchError,
	closedPortUrl,
	expectNoSecret,
	kotisContext,
	kotisTestProfile,
	startServer,
	useFakeTiming,
	useNock,
} from './harness';

useNock();

const kotis = () => nock('https://kwf.kotis.test');

/**
 * The API key must not leak through any error rendering (message, description, JSON, toJSON,
 * util.inspect with hidden properties, stack) or any log line, whatever fails.
 */
describe('the API key never appears in errors or logs', () => {
	it('when the request throws: connection refused on a closed port', async () => {
		useFakeTiming();
		const url = await closedPortUrl();
		const fake = kotisContext();

		// What n8n itself throws here carries the key (axios config headers as `cause`)...
		const raw = await catchError(
			fake.context.helpers.httpRequestWithAuthentication.call(fake.context, 'kotisApi', {
				url: `${url}/skus/quantity`,
				method: 'GET',
				json: true,
				returnFullResponse: true,
				ignoreHttpStatusErrors: true,
			}),
		);
		expect(inspect(raw, { depth: 10, showHidden: true })).toContain(KOTIS_KEY);

		// ...the transport's error does not.
		const error = await catchError(
			vendorRequest.call(fake.context, kotisTestProfile, {
				method: 'GET',
				url: `${url}/skus/quantity`,
				maxAttempts: 4,
			}),
		);
		expect(error).toBeInstanceOf(NodeApiError);
		expect(error.message).toBe('Kotis Design refused the connection; gave up after 4 attempts.');
		expect(error.cause).toBeUndefined();
		expectNoSecret(error, KOTIS_KEY);
		expect(fake.logs.length).toBeGreaterThan(0);
		expect(fake.logText()).not.toContain(KOTIS_KEY);
	});

	it('when the request times out', async () => {
		useFakeTiming();
		const server = await startServer(() => undefined);
		const fake = kotisContext();
		try {
			const error = await catchError(
				vendorRequest.call(fake.context, kotisTestProfile, {
					method: 'POST',
					url: `${server.url}/orders/create`,
					body: { email: 'a@example.com' },
					timeoutMs: 50,
				}),
			);
			expectNoSecret(error, KOTIS_KEY);
		} finally {
			await server.close();
		}
	});

	it('when the vendor echoes the key in an error body', async () => {
		useFakeTiming();
		const scope = kotis()
			.post('/api/v1/redemption_codes/create')
			.reply(422, {
				errors: [{ title: 'Invalid Portal', detail: `API_KEY ${KOTIS_KEY} has no active portal` }],
			});
		const fake = kotisContext();

		const error = await catchError(
			vendorRequest.call(fake.context, kotisTestProfile, {
				method: 'POST',
				url: '/redemption_codes/create',
				body: { API_KEY: KOTIS_KEY, quantity: 1 },
			}),
		);

		expect(error.message).toBe(
			'Kotis Design rejected the request: Invalid Portal: API_KEY *** has no active portal',
		);
		expectNoSecret(error, KOTIS_KEY);
		expect(scope.isDone()).toBe(true);
	});

	it('when a 5xx body (no vendor message) quotes the key, through retries and their log lines', async () => {
		useFakeTiming();
		const scope = kotis()
			.get('/api/v1/skus/quantity')
			.times(4)
			.reply(503, `upstream rejected Authorization: ${KOTIS_KEY}`);
		const fake = kotisContext();

		const error = await catchError(
			vendorRequest.call(fake.context, kotisTestProfile, {
				method: 'GET',
				url: '/skus/quantity',
				maxAttempts: 4,
			}),
		);

		expect(error.description).toContain('Response body: upstream rejected Authorization: ***');
		expectNoSecret(error, KOTIS_KEY);
		expect(fake.logs).toHaveLength(3);
		expect(fake.logText()).not.toContain(KOTIS_KEY);
		expect(scope.isDone()).toBe(true);
	});

	it('when the key (or its URL-encoded form) is in the URL: query values are never shown', async () => {
		useFakeTiming();
		const scope = kotis()
			.get('/api/v1/export')
			.query({ token: KOTIS_KEY, page: '2' })
			.reply(400, { errors: [{ title: 'Bad token', detail: encodeURIComponent(KOTIS_KEY) }] });
		const fake = kotisContext();

		const error = await catchError(
			vendorRequest.call(fake.context, kotisTestProfile, {
				method: 'GET',
				url: `https://kwf.kotis.test/api/v1/export?token=${encodeURIComponent(KOTIS_KEY)}&page=2`,
			}),
		);

		expect(error.description).toContain(
			'Request: GET https://kwf.kotis.test/api/v1/export?token=…&page=…',
		);
		expectNoSecret(error, KOTIS_KEY);
		expectNoSecret(error, encodeURIComponent(KOTIS_KEY));
		expect(scope.isDone()).toBe(true);
	});

	it('when a paginated list fails midway', async () => {
		useFakeTiming();
		const scope = kotis()
			.get('/api/v1/contacts')
			.reply(200, {
				contacts: [{ id: 1 }],
				links: { next: 'https://kwf.kotis.test/api/v1/contacts?page=2' },
			})
			.get('/api/v1/contacts')
			.query({ page: '2' })
			.reply(401, '');
		const fake = kotisContext();

		const error = await catchError(
			vendorCollect.call(
				fake.context,
				kotisTestProfile,
				{ method: 'GET', url: '/contacts' },
				{
					kind: 'nextLink',
					items: (body) => (body as { contacts: unknown[] }).contacts,
					next: (body) => (body as { links: { next?: string } }).links.next,
				},
			),
		);

		expect(error.failure).toEqual({ cause: 'credential-invalid' });
		expectNoSecret(error, KOTIS_KEY);
		expect(scope.isDone()).toBe(true);
	});
});

describe('parseVendorResponse', () => {
	const schema = z.object({ status: z.literal('success'), order_num: z.string() });

	it('returns the typed output of a matching body', () => {
		const { context } = kotisContext();
		const parsed = parseVendorResponse.call(
			context,
			kotisTestProfile,
			schema,
			{
				status: 'success',
				order_num: '5134691',
			},
			{ what: 'order confirmation' },
		);
		const orderNumber: string = parsed.order_num;
		expect(orderNumber).toBe('5134691');
	});

	it('fails naming the fields, without quoting received values', () => {
		const { context } = kotisContext();
		let error: NodeApiError | undefined;
		try {
			parseVendorResponse.call(
				context,
				kotisTestProfile,
				schema,
				{ status: `no ${KOTIS_KEY}` },
				{
					what: 'order confirmation',
					itemIndex: 3,
				},
			);
		} catch (caught) {
			error = caught as NodeApiError;
		}

		expect(error).toBeInstanceOf(NodeApiError);
		expect(error?.message).toBe('Kotis Design returned an unexpected order confirmation response');
		expect(error?.description).toContain('status: Invalid literal value, expected "success"');
		expect(error?.description).toContain('order_num: Required');
		expect(error?.context.itemIndex).toBe(3);
		expectNoSecret(error, KOTIS_KEY);
	});
});

describe('secrets a request carries besides the credential', () => {
	it('scrubs spec.secrets (and their URL-encoded form) from the error, as credential secrets are', async () => {
		useFakeTiming();
		const generated = 'whsec generated/by+the node';
		kotis()
			.post('/api/v1/orders/create')
			.reply(422, {
				errors: [
					{
						title: 'Invalid',
						detail: `url https://n8n.test/hook?token=${encodeURIComponent(generated)} rejected; secret ${generated}`,
					},
				],
			});
		const fake = kotisContext();
		const error = await catchError(
			vendorRequest.call(fake.context, kotisTestProfile, {
				method: 'POST',
				url: '/orders/create',
				body: {},
				secrets: [generated],
			}),
		);
		expect(error.message).toContain('rejected');
		expectNoSecret(error, generated);
		expectNoSecret(error, encodeURIComponent(generated));
	});
});
