import nock from 'nock';
import { NodeApiError } from 'n8n-workflow';

import { InfluitiveApi } from '../../../credentials/InfluitiveApi.credentials';
import { influitiveErrors, influitiveVendor } from '../../../nodes/Influitive/api';
import {
	catchError,
	expectNoSecret,
	startServer,
	useFakeTiming,
	useNock,
} from '../../helpers/http-testing';
import { api, BASE, credentials, node, ORG, run, TOKEN } from './fixtures';

useNock();
let clock: ReturnType<typeof useFakeTiming>;
beforeEach(() => {
	clock = useFakeTiming();
});

describe('Influitive API credential', () => {
	it('declares the token, the org id and the base URL, with the headers sent exactly as published', () => {
		const credential = new InfluitiveApi();
		expect(credential.name).toBe('influitiveApi');
		expect(credential.displayName).toBe('Influitive API');
		const fields = Object.fromEntries(credential.properties.map((p) => [p.name, p]));
		expect(fields.apiToken.typeOptions).toMatchObject({ password: true });
		expect(fields.orgId.type).toBe('string');
		expect(fields.baseUrl.default).toBe('https://api.influitive.com');
		expect(credential.authenticate).toEqual({
			type: 'generic',
			properties: {
				headers: {
					Authorization: '=Token {{$credentials.apiToken}}',
					X_ORG_ID: '={{$credentials.orgId}}',
					Accept: 'application/json',
				},
			},
		});
		expect(credential.test.request).toMatchObject({
			baseURL: '={{$credentials.baseUrl}}',
			url: '/members/me',
			method: 'GET',
		});
		expect(credential.documentationUrl).toMatch(/^https:\/\/support\.influitive\.com\//);
	});

	it('sends Authorization: Token …, X_ORG_ID and Accept on every call', async () => {
		const scope = api()
			.matchHeader('accept', /application\/json/)
			.get('/members/me')
			.reply(200, { id: 1 });
		await run({ resource: 'member', operation: 'getMe' });
		scope.done();
	});

	it('puts X_ORG_ID on the wire with its underscores and upper case, not as X-Org-Id', async () => {
		let rawHeaders: string[] = [];
		const server = await startServer((req, res) => {
			rawHeaders = req.rawHeaders;
			res.setHeader('Content-Type', 'application/json');
			res.end('{"id":1}');
		});
		try {
			await run(
				{ resource: 'member', operation: 'getMe' },
				{ credentials: { influitiveApi: { ...credentials.influitiveApi, baseUrl: server.url } } },
			);
		} finally {
			await server.close();
		}
		const names = rawHeaders.filter((_v, i) => i % 2 === 0);
		expect(names).toContain('X_ORG_ID');
		expect(rawHeaders[rawHeaders.indexOf('X_ORG_ID') + 1]).toBe(ORG);
		expect(names.some((name) => /^x-org-id$/i.test(name))).toBe(false);
		const auth =
			rawHeaders[
				rawHeaders.findIndex((v, i) => i % 2 === 0 && v.toLowerCase() === 'authorization') + 1
			];
		expect(auth).toBe(`Token ${TOKEN}`);
	});
});

describe('Influitive vendor profile', () => {
	it('uses the published limits and treats the WAF 403 as throttling', () => {
		expect(influitiveVendor).toMatchObject({
			displayName: 'Influitive',
			credentialType: 'influitiveApi',
			credentialHint: 'the API token and X_ORG_ID',
		});
		const throttled = (statusCode: number, body: unknown) =>
			influitiveVendor.isThrottled?.({ statusCode, body, headers: {}, url: BASE });
		expect(throttled(429, undefined)).toBe(true);
		expect(throttled(403, '<html>403 Forbidden</html>')).toBe(true);
		expect(throttled(403, { error: 'You are not allowed to log events' })).toBe(false);
		const rateLimit = influitiveVendor.rateLimit as (
			credentials: Record<string, unknown>,
		) => unknown;
		expect(rateLimit({})).toEqual({ requests: 200, windowMs: 300_000 });
		expect(rateLimit({ requestsPer5Minutes: 150 })).toEqual({ requests: 150, windowMs: 300_000 });
		expect(influitiveVendor.secretFields).toContain('apiToken');
		expect(influitiveVendor.baseUrl({ baseUrl: 'https://api.influitive.com/' })).toBe(
			'https://api.influitive.com',
		);
		expect(influitiveVendor.baseUrl({ baseUrl: '' })).toBe('https://api.influitive.com');
	});

	it.each([
		[
			'string errors',
			422,
			{ errors: ['Email has already been taken', 'Name is too long'] },
			'Email has already been taken; Name is too long',
		],
		[
			'JSON:API-like entries',
			422,
			{ errors: [{ title: 'Invalid', detail: 'contact not found' }] },
			'Invalid: contact not found',
		],
		[
			'a Rails field map',
			422,
			{ errors: { email: ['has already been taken'], crm_contact_id: ["can't be blank"] } },
			"email has already been taken; crm contact id can't be blank",
		],
		[
			'an error string',
			400,
			{ error: 'param is missing or the value is empty: type' },
			'param is missing or the value is empty: type',
		],
		['a message field', 400, { message: 'Bad points' }, 'Bad points'],
		['an empty 401', 401, '', 'HTTP 401 with an empty body'],
	])('reads %s', (_what, statusCode, body, message) => {
		expect(
			influitiveVendor.extractError({ statusCode, body, headers: {}, url: BASE })?.message,
		).toBe(message);
	});

	it('ignores bare reason phrases and anything on a 2xx', () => {
		expect(
			influitiveErrors({
				statusCode: 404,
				body: { status: 404, error: 'Not Found' },
				headers: {},
				url: BASE,
			}),
		).toBeUndefined();
		expect(
			influitiveVendor.extractError({
				statusCode: 200,
				body: { id: 1, errors: ['not an error here'] },
				headers: {},
				url: BASE,
			}),
		).toBeUndefined();
	});
});

describe('Influitive errors, throttling and secrets', () => {
	it('reports the empty-body 401 as a credential problem', async () => {
		api()
			.get('/members/me')
			.reply(401, '', { 'WWW-Authenticate': 'Token realm=Api', 'Content-Type': 'text/plain' });
		const error = await catchError(run({ resource: 'member', operation: 'getMe' }));
		expect(error.message).toBe(
			"Influitive rejected the credentials (HTTP 401). Check the API token and X_ORG_ID in the 'Influitive API' credential.",
		);
		expectNoSecret(error, TOKEN);
	});

	it('says "not found" for a Rails 404 body', async () => {
		api().get('/members/404').reply(404, { status: 404, error: 'Not Found' });
		const error = await catchError(run({ resource: 'member', operation: 'get', memberId: '404' }));
		expect(error.message).toBe('Influitive could not find the requested resource (HTTP 404).');
	});

	it('retries a WAF 403 on a GET, honouring Retry-After', async () => {
		api().get('/members/me').reply(403, '<html>Request blocked</html>', {
			'Retry-After': '2',
			'Content-Type': 'text/html',
		});
		api().get('/members/me').reply(200, { id: 1, email: 'api@example.com' });
		const [out] = await run({ resource: 'member', operation: 'getMe' });
		expect(out[0].json.email).toBe('api@example.com');
		expect(clock.sleeps).toEqual([2000]);
	});

	it('gives up on a 403 that never clears, saying Influitive is rate-limiting', async () => {
		api().get('/members/me').times(30).reply(403, '');
		const error = await catchError(run({ resource: 'member', operation: 'getMe' }));
		expect(error).toBeInstanceOf(NodeApiError);
		// Retried for the transport's time budget (90 s by default), not a fixed count.
		expect(error.message).toMatch(
			/^Influitive is rate-limiting requests \(HTTP 403\); gave up after \d+ attempts\.$/,
		);
		expect(clock.sleeps.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(90_000);
		nock.cleanAll();
	});

	it('never lets the token into a message, an error rendering or a log line, even when Influitive echoes it', async () => {
		api().get('/members/me').reply(503, `upstream saw Token ${TOKEN}`);
		api()
			.get('/members/me')
			.reply(422, { errors: [`Token ${TOKEN} is not allowed here`] });
		const { fake, run: execute } = node({ resource: 'member', operation: 'getMe' });
		const error = await catchError(execute());
		expect(error.message).toBe('Influitive rejected the request: Token *** is not allowed here');
		expectNoSecret(error, TOKEN);
		expect(fake.logs.length).toBeGreaterThan(0);
		expect(fake.logText()).not.toContain(TOKEN);
	});
});
