import { createHmac } from 'node:crypto';

import type {
	ICredentialDataDecryptedObject,
	IHookFunctions,
	NodeTypeAndVersion,
} from 'n8n-workflow';

import { AuthenticatedWebhookTrigger } from '../../../nodes/AuthenticatedWebhook/AuthenticatedWebhookTrigger.node';
import { verifyHmacSha256 } from '../../../nodes/shared/webhook';
import { fakeWebhook } from '../../helpers/fake-webhook';

const SECRET = 'inbound-SECRET-9f2c41';
const HMAC_KEY = 'hmac-KEY-77e1';
const bearer = { authenticatedWebhookApi: { secret: SECRET, headerName: 'Authorization' } };
const named = { authenticatedWebhookApi: { secret: SECRET, headerName: 'X-Webhook-Secret' } };
const signed = (encoding: 'hex' | 'base64' = 'hex') => ({
	authenticatedWebhookApi: {
		hmacSecret: HMAC_KEY,
		signatureHeader: 'X-Shop-Signature',
		signatureEncoding: encoding,
	},
});
const sign = (raw: string, key = HMAC_KEY, encoding: 'hex' | 'base64' = 'hex') =>
	createHmac('sha256', key).update(raw).digest(encoding);

const ORDER = {
	id: 'order-1',
	discount_codes: ['LOYAL-1'],
	customer: { email: 'ada@example.com' },
};

interface Call {
	body?: unknown;
	/** The bytes on the wire; JSON.stringify(body) unless given ('' for no body). */
	raw?: string;
	headers?: Record<string, string>;
	query?: Record<string, string>;
	credentials?: Record<string, ICredentialDataDecryptedObject>;
	responseMode?: string;
	options?: Record<string, unknown>;
}

async function call(c: Call = {}) {
	const body = 'body' in c ? c.body : ORDER;
	const raw = c.raw ?? (body === undefined ? '' : JSON.stringify(body));
	const hook = fakeWebhook({
		body,
		query: c.query ?? {},
		headers: {
			'Content-Type': 'application/json',
			Authorization: `Bearer ${SECRET}`,
			...c.headers,
		},
		credentials: c.credentials ?? bearer,
		parameters: { responseMode: c.responseMode ?? 'onReceived', options: c.options ?? {} },
	});
	hook.context.getRequestObject = () => ({ rawBody: Buffer.from(raw) }) as never;
	const result = await new AuthenticatedWebhookTrigger().webhook.call(hook.context);
	return { result, response: hook.response, item: result.workflowData?.[0][0].json };
}

/** A refused request: the JSON reply, and nothing for n8n to run. */
async function refused(c: Call, status: number) {
	const { result, response } = await call(c);
	expect(result.workflowData).toBeUndefined();
	expect(result.noWebhookResponse).toBe(true);
	expect(response.status).toBe(status);
	return response.body as { error: string; reason: string };
}

describe('Authenticated Webhook Trigger: shared secret', () => {
	it('accepts "Authorization: Bearer <secret>" and outputs body, query and headers without the secret', async () => {
		const { result, item, response } = await call({
			query: { source: 'shop' },
			headers: {
				Cookie: 'session=abc',
				'Proxy-Authorization': 'Basic eA==',
				'X-Request-Id': 'r-1',
				'User-Agent': 'shop/1.0',
			},
		});
		expect(response.status).toBeUndefined();
		expect(result.webhookResponse).toEqual({ received: true });
		expect(item).toEqual({
			body: ORDER,
			query: { source: 'shop' },
			headers: {
				'content-type': 'application/json',
				'x-request-id': 'r-1',
				'user-agent': 'shop/1.0',
			},
		});
		expect(JSON.stringify(result.workflowData)).not.toContain(SECRET);
	});

	it('takes the Bearer scheme in any case (RFC 7235), the token only exactly', async () => {
		expect((await call({ headers: { Authorization: `bearer ${SECRET}` } })).item?.body).toEqual(
			ORDER,
		);
		expect((await call({ headers: { Authorization: `BEARER  ${SECRET}` } })).item?.body).toEqual(
			ORDER,
		);
		// A secret pasted with a stray newline into the credential still matches what HTTP can carry.
		expect(
			(await call({ credentials: { authenticatedWebhookApi: { secret: `${SECRET}\n` } } })).item
				?.body,
		).toEqual(ORDER);
	});

	it.each([
		['no Authorization header', { Authorization: '' }],
		['a wrong secret', { Authorization: 'Bearer not-the-secret' }],
		['the secret with one character more', { Authorization: `Bearer ${SECRET}x` }],
		['the secret with one character less', { Authorization: `Bearer ${SECRET.slice(0, -1)}` }],
		['the secret without Bearer', { Authorization: SECRET }],
		[
			'the secret as Basic credentials',
			{ Authorization: `Basic ${Buffer.from(`user:${SECRET}`).toString('base64')}` },
		],
		['the secret in another header', { Authorization: '', 'X-Webhook-Secret': SECRET }],
		['the secret upper-cased', { Authorization: `Bearer ${SECRET.toUpperCase()}` }],
	])('answers 401 with a JSON reason to %s', async (_label, headers) => {
		const reply = await refused({ headers }, 401);
		expect(reply).toEqual({
			error: 'unauthorized',
			reason: 'missing or wrong bearer token in the Authorization header',
		});
		expect(JSON.stringify(reply)).not.toContain(SECRET);
	});

	it('refuses the secret in the query string', async () => {
		await refused(
			{
				headers: { Authorization: '' },
				query: { Authorization: `Bearer ${SECRET}`, token: SECRET },
			},
			401,
		);
	});

	it('with a named header: that header must carry the secret itself, and is not passed on', async () => {
		const { item } = await call({
			credentials: named,
			headers: { Authorization: '', 'X-Webhook-Secret': SECRET, 'X-Other': '1' },
		});
		expect(item?.headers).toEqual({ 'content-type': 'application/json', 'x-other': '1' });
		for (const headers of [
			{ Authorization: `Bearer ${SECRET}` },
			{ Authorization: '', 'X-Webhook-Secret': `Bearer ${SECRET}` },
			{ Authorization: '', 'X-Webhook-Secret': 'nope' },
		] as Array<Record<string, string>>) {
			expect(await refused({ credentials: named, headers }, 401)).toEqual({
				error: 'unauthorized',
				reason: 'missing or wrong X-Webhook-Secret header',
			});
		}
	});

	it('checks the secret before the body: a wrong secret with a broken body is a 401, not a 400', async () => {
		expect(
			(await refused({ body: [1, 2], headers: { Authorization: 'Bearer x' } }, 401)).error,
		).toBe('unauthorized');
	});
});

describe('Authenticated Webhook Trigger: HMAC-SHA256 signature', () => {
	// Bytes as a sender writes them (spacing that JSON.stringify would not reproduce).
	const raw = '{ "id": "order-1",  "total": 12.50 }';
	const body = { id: 'order-1', total: 12.5 };

	it('accepts the hex HMAC of the raw body, with or without a sha256= prefix, and drops the signature header', async () => {
		for (const signature of [sign(raw), `sha256=${sign(raw)}`, ` ${sign(raw)} `]) {
			const { item } = await call({
				credentials: signed(),
				body,
				raw,
				headers: { Authorization: '', 'X-Shop-Signature': signature },
			});
			expect(item?.body).toEqual(body);
			expect(Object.keys(item?.headers as object)).toEqual(['content-type']);
		}
	});

	it('accepts base64 when the credential says base64, and only then', async () => {
		const b64 = sign(raw, HMAC_KEY, 'base64');
		expect(
			(
				await call({
					credentials: signed('base64'),
					body,
					raw,
					headers: { Authorization: '', 'X-Shop-Signature': b64 },
				})
			).item?.body,
		).toEqual(body);
		await refused(
			{
				credentials: signed('hex'),
				body,
				raw,
				headers: { Authorization: '', 'X-Shop-Signature': b64 },
			},
			401,
		);
		await refused(
			{
				credentials: signed('base64'),
				body,
				raw,
				headers: { Authorization: '', 'X-Shop-Signature': sign(raw) },
			},
			401,
		);
	});

	it.each([
		['missing', undefined, 'X-Shop-Signature header is missing (HMAC-SHA256 of the body, hex)'],
		[
			'made with another key',
			sign(raw, 'other-key'),
			'X-Shop-Signature does not match the HMAC-SHA256 of the body (hex)',
		],
		[
			'over a re-serialized body',
			sign(JSON.stringify(body)),
			'X-Shop-Signature does not match the HMAC-SHA256 of the body (hex)',
		],
		[
			'truncated',
			sign(raw).slice(0, 40),
			'X-Shop-Signature does not match the HMAC-SHA256 of the body (hex)',
		],
	])('answers 401 to a signature %s', async (_label, signature, reason) => {
		const headers: Record<string, string> = {
			Authorization: '',
			...(signature ? { 'X-Shop-Signature': signature } : {}),
		};
		expect(await refused({ credentials: signed(), body, raw, headers }, 401)).toEqual({
			error: 'unauthorized',
			reason,
		});
	});

	it('with both a shared secret and a signing key, a request must pass both', async () => {
		const both = {
			authenticatedWebhookApi: {
				...bearer.authenticatedWebhookApi,
				...signed().authenticatedWebhookApi,
			},
		};
		const { item } = await call({
			credentials: both,
			body,
			raw,
			headers: { 'X-Shop-Signature': sign(raw) },
		});
		expect(item?.headers).toEqual({ 'content-type': 'application/json' });
		expect((await refused({ credentials: both, body, raw }, 401)).reason).toContain(
			'X-Shop-Signature header is missing',
		);
		expect(
			(
				await refused(
					{
						credentials: both,
						body,
						raw,
						headers: { Authorization: '', 'X-Shop-Signature': sign(raw) },
					},
					401,
				)
			).reason,
		).toContain('bearer token');
	});

	it('verifyHmacSha256 (shared): any/hex/base64, and an empty key or signature never matches', () => {
		const hex = sign('x');
		const b64 = sign('x', HMAC_KEY, 'base64');
		expect([verifyHmacSha256('x', hex, HMAC_KEY), verifyHmacSha256('x', b64, HMAC_KEY)]).toEqual([
			true,
			true,
		]);
		expect([
			verifyHmacSha256('x', hex, HMAC_KEY, 'base64'),
			verifyHmacSha256('x', b64, HMAC_KEY, 'hex'),
		]).toEqual([false, false]);
		expect(verifyHmacSha256('x', createHmac('sha256', '').update('x').digest('hex'), '')).toBe(
			false,
		);
		expect(verifyHmacSha256('x', '', HMAC_KEY)).toBe(false);
	});
});

describe('Authenticated Webhook Trigger: closed by default', () => {
	it.each([
		['an empty credential', {}],
		['empty secrets', { secret: '', hmacSecret: '' }],
		['a secret of the wrong type', { secret: 12345 as unknown as string }],
		['only blanks as secret', { secret: '   ' }],
	])('answers every request 401 with %s', async (_label, credential) => {
		for (const headers of [
			{ Authorization: '' },
			{ Authorization: 'Bearer ' },
			{ Authorization: 'Bearer 12345' },
		]) {
			expect(
				await refused({ credentials: { authenticatedWebhookApi: credential }, headers }, 401),
			).toEqual({
				error: 'unauthorized',
				reason: 'this webhook has no secret configured, so it accepts no requests',
			});
		}
	});
});

describe('Authenticated Webhook Trigger: body validation', () => {
	it.each([
		['an array', [1, 2], 'body: expected a JSON object, received array'],
		['a string', 'order-1', 'body: expected a JSON object, received string'],
		['a number', 42, 'body: expected a JSON object, received number'],
		['null', null, 'body: expected a JSON object, received null'],
	])('answers 400 naming the problem to %s', async (_label, body, reason) => {
		expect(await refused({ body }, 400)).toEqual({ error: 'invalid_body', reason });
	});

	it("answers 400 to malformed JSON that n8n left unparsed, with the parser's reason", async () => {
		const reply = await refused({ body: undefined, raw: '{"id": 1,' }, 400);
		expect(reply.error).toBe('invalid_body');
		expect(reply.reason).toMatch(/^body: not valid JSON \(.+\)$/);
	});

	it('answers 415 to a body that is not JSON', async () => {
		for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'application/xml']) {
			expect(
				await refused({ body: { id: '' }, raw: 'id=', headers: { 'Content-Type': type } }, 415),
			).toEqual({
				error: 'unsupported_media_type',
				reason: `Content-Type: expected application/json, received "${type}"`,
			});
		}
		expect((await refused({ raw: '{}', headers: { 'Content-Type': '' } }, 415)).reason).toBe(
			'Content-Type: expected application/json, received none',
		);
		// Parameters of the media type are fine.
		expect(
			(await call({ headers: { 'Content-Type': 'Application/JSON; charset=utf-8' } })).item?.body,
		).toEqual(ORDER);
	});

	it('answers 400 to an empty body, unless Allow Empty Body is on (then the body is {})', async () => {
		expect(await refused({ body: undefined, raw: '' }, 400)).toEqual({
			error: 'invalid_body',
			reason: 'body: the request has no body; send a JSON object',
		});
		const { item } = await call({
			body: undefined,
			raw: '',
			headers: { 'Content-Type': '' },
			options: { allowEmptyBody: true },
		});
		expect(item?.body).toEqual({});
		// A body that is sent must still be an object.
		await refused({ body: [], options: { allowEmptyBody: true } }, 400);
	});

	it('refuses a body nested deeper than Maximum Nesting Depth, naming where', async () => {
		const deep = (levels: number): unknown => (levels === 0 ? 1 : { a: deep(levels - 1) });
		// The body itself is level 1: 32 nested objects pass, 33 do not.
		expect((await call({ body: deep(32) })).item).toBeDefined();
		expect(await refused({ body: deep(33) }, 400)).toEqual({
			error: 'invalid_body',
			reason: `body${'.a'.repeat(32)}: the body nests deeper than 32 levels`,
		});
		expect((await refused({ body: { list: [[[1]]] }, options: { maxDepth: 3 } }, 400)).reason).toBe(
			'body.list[0][0]: the body nests deeper than 3 levels',
		);
		// 10,000 levels: refused without exhausting the stack.
		const raw = `{"d":${'['.repeat(10_000)}${']'.repeat(10_000)}}`;
		expect((await refused({ body: JSON.parse(raw), raw }, 400)).reason).toMatch(
			/nests deeper than 32 levels$/,
		);
	});

	it('refuses "__proto__" keys anywhere (as JSON.parse creates them)', async () => {
		const raw = '{"order":{"id":1,"__proto__":{"isAdmin":true}}}';
		expect(await refused({ body: JSON.parse(raw), raw }, 400)).toEqual({
			error: 'invalid_body',
			reason: 'body.order.__proto__: a "__proto__" key is refused',
		});
		expect(({} as Record<string, unknown>).isAdmin).toBeUndefined();
	});
});

describe('Authenticated Webhook Trigger: reply modes', () => {
	it('Immediately answers {received: true}; the other modes leave the reply to n8n', async () => {
		expect((await call({ responseMode: 'onReceived' })).result.webhookResponse).toEqual({
			received: true,
		});
		for (const responseMode of ['lastNode', 'responseNode']) {
			const { result, item } = await call({ responseMode });
			expect(result.webhookResponse).toBeUndefined();
			expect(item?.body).toEqual(ORDER);
		}
	});

	it('declares the reply to n8n from its parameters', () => {
		const [hook] = new AuthenticatedWebhookTrigger().description.webhooks ?? [];
		expect(hook).toMatchObject({
			name: 'default',
			httpMethod: 'POST',
			path: 'webhook',
			responseMode: '={{$parameter["responseMode"]}}',
		});
		// n8n evaluates these as expressions on the node's parameters; the same logic, evaluated here.
		const responseData = (mode: string, options: Record<string, unknown>) =>
			new Function('$parameter', `return ${String(hook.responseData).slice(3, -2)}`)({
				responseMode: mode,
				options,
			});
		expect(responseData('onReceived', {})).toBe('');
		expect(responseData('lastNode', {})).toBe('firstEntryJson');
		expect(responseData('lastNode', { responseData: 'allEntries' })).toBe('allEntries');
	});
});

describe('Authenticated Webhook Trigger: publishing', () => {
	const RESPOND = 'n8n-nodes-base.respondToWebhook';
	function hookContext(
		credential: ICredentialDataDecryptedObject | undefined,
		responseMode: string,
		children: Array<Partial<NodeTypeAndVersion>> = [],
	) {
		return {
			getNode: () => ({ name: 'Order Request' }),
			getNodeParameter: (name: string, fallback: unknown) =>
				name === 'responseMode' ? responseMode : fallback,
			getCredentials: async () => {
				if (!credential) throw new Error('Node "Order Request" does not have any credentials set');
				return credential;
			},
			getChildNodes: (name: string) => {
				expect(name).toBe('Order Request');
				return children.map((c) => ({
					name: 'Reply',
					type: RESPOND,
					typeVersion: 1,
					disabled: false,
					...c,
				}));
			},
		} as unknown as IHookFunctions;
	}
	const publish = async (ctx: IHookFunctions) => {
		const methods = new AuthenticatedWebhookTrigger().webhookMethods.default;
		await methods.checkExists.call(ctx);
		return await methods.create.call(ctx);
	};

	it('publishes with a configured credential', async () => {
		await expect(publish(hookContext({ secret: SECRET }, 'onReceived'))).resolves.toBe(true);
		await expect(
			publish(hookContext({ hmacSecret: HMAC_KEY }, 'lastNode', [{ type: 'n8n-nodes-base.set' }])),
		).resolves.toBe(true);
		await expect(
			publish(
				hookContext({ secret: SECRET }, 'responseNode', [
					{ name: 'Reply 200' },
					{ name: 'Reply 422' },
				]),
			),
		).resolves.toBe(true);
	});

	it('refuses to publish without a credential, or with one that has no secret', async () => {
		await expect(publish(hookContext(undefined, 'onReceived'))).rejects.toThrow(
			'does not have any credentials set',
		);
		await expect(
			publish(hookContext({ secret: '', hmacSecret: '' }, 'onReceived')),
		).rejects.toThrow('neither a Shared Secret nor an HMAC Signing Secret');
	});

	it('refuses header names no sender can send', async () => {
		await expect(
			publish(hookContext({ secret: SECRET, headerName: 'X-Webhook Secret' }, 'onReceived')),
		).rejects.toThrow('Secret Header "X-Webhook Secret" is not a valid HTTP header name');
		await expect(
			publish(hookContext({ hmacSecret: HMAC_KEY, signatureHeader: 'X-Sig:' }, 'onReceived')),
		).rejects.toThrow('Signature Header "X-Sig:"');
	});

	it('refuses a Respond to Webhook node newer than version 1 after "Using Respond to Webhook", naming it', async () => {
		await expect(
			publish(
				hookContext({ secret: SECRET }, 'responseNode', [
					{ name: 'Reply 200' },
					{ name: 'Reply 422', typeVersion: 1.5 },
				]),
			),
		).rejects.toThrow(
			'"Reply 422" (Respond to Webhook version 1.5) would fail every execution with "No Webhook node found in the workflow"',
		);
	});

	it('refuses "Using Respond to Webhook" with no Respond to Webhook node, and one that could never answer', async () => {
		await expect(
			publish(hookContext({ secret: SECRET }, 'responseNode', [{ name: 'Reply', disabled: true }])),
		).rejects.toThrow('no enabled Respond to Webhook node follows this trigger');
		await expect(
			publish(hookContext({ secret: SECRET }, 'lastNode', [{ name: 'Reply 200' }])),
		).rejects.toThrow('"Reply 200" would never send its reply');
	});

	it('its credential test says what is missing, without any request', async () => {
		const test = new AuthenticatedWebhookTrigger().methods.credentialTest
			.authenticatedWebhookApiTest;
		const run = (data: ICredentialDataDecryptedObject) =>
			test.call({} as never, { id: '1', name: 'c', type: 'authenticatedWebhookApi', data });
		await expect(run({})).resolves.toMatchObject({
			status: 'Error',
			message: expect.stringContaining('neither a Shared Secret'),
		});
		await expect(run({ secret: SECRET, headerName: 'Authorization' })).resolves.toMatchObject({
			status: 'OK',
		});
	});
});
