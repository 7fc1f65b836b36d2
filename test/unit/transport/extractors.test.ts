import {
	collectSecrets,
	emptyBodyError,
	firstError,
	jsonApiErrors,
	kountaErrorFields,
	messageField,
	parseRetryAfter,
	scrub,
	type VendorResponse,
} from '../../../nodes/transport';

const response = (statusCode: number, body: unknown): VendorResponse => ({
	statusCode,
	headers: {},
	body,
	url: 'https://vendor.test/x',
});

describe('error-shape extractors', () => {
	it('jsonApiErrors joins title: detail, at any status (Kotis sends errors with HTTP 200)', () => {
		const body = {
			errors: [
				{ title: 'Invalid Order', detail: 'Sku 1 does not exist' },
				{ title: 'Invalid Api Key', detail: '' },
				{ detail: 'only a detail' },
			],
		};
		expect(jsonApiErrors(response(200, body))).toEqual({
			message: 'Invalid Order: Sku 1 does not exist; Invalid Api Key; only a detail',
			details: body.errors,
		});
		expect(jsonApiErrors(response(200, { errors: [] }))).toBeUndefined();
		expect(jsonApiErrors(response(200, { data: [] }))).toBeUndefined();
	});

	it('messageField reads {message} on error statuses only (Influence.io)', () => {
		expect(messageField(response(404, { message: 'Customer not found' }))).toEqual({
			message: 'Customer not found',
		});
		expect(messageField(response(200, { message: 'Created' }))).toBeUndefined();
	});

	it('kountaErrorFields combines error, error_description, error_message, message', () => {
		expect(
			kountaErrorFields(
				response(400, { error: 'invalid_grant', error_description: 'Refresh token expired' }),
			),
		).toEqual({ message: 'invalid_grant: Refresh token expired' });
		expect(kountaErrorFields(response(422, { error_message: 'Order has no lines' }))).toEqual({
			message: 'Order has no lines',
		});
		expect(kountaErrorFields(response(200, { error: 'x' }))).toBeUndefined();
	});

	it('emptyBodyError names the status of an empty error body (Influitive 401)', () => {
		expect(emptyBodyError(response(401, undefined))).toEqual({
			message: 'HTTP 401 with an empty body',
		});
		expect(emptyBodyError(response(401, '  '))).toEqual({ message: 'HTTP 401 with an empty body' });
		expect(emptyBodyError(response(204, undefined))).toBeUndefined();
	});

	it('firstError takes the first extractor that recognises the response', () => {
		const extract = firstError(jsonApiErrors, messageField, emptyBodyError);
		expect(extract(response(500, { message: 'boom' }))?.message).toBe('boom');
		expect(extract(response(500, undefined))?.message).toBe('HTTP 500 with an empty body');
		expect(extract(response(200, { ok: true }))).toBeUndefined();
	});

	it('clips very long vendor texts', () => {
		const info = messageField(response(400, { message: 'x'.repeat(2000) }));
		expect(info?.message.length).toBeLessThanOrEqual(501);
	});
});

describe('Retry-After', () => {
	it('reads seconds and HTTP dates (more cases in hardening.test.ts)', () => {
		const now = Date.UTC(2026, 10, 22, 12, 0, 0);
		expect(parseRetryAfter('1', now)).toBe(1000);
		expect(parseRetryAfter('Sun, 22 Nov 2026 12:00:30 GMT', now)).toBe(30_000);
		expect(parseRetryAfter('Sun, 22 Nov 2026 11:00:00 GMT', now)).toBe(0);
		expect(parseRetryAfter(['7'], now)).toBe(7000);
		expect(parseRetryAfter('soon', now)).toBeUndefined();
		expect(parseRetryAfter(undefined, now)).toBeUndefined();
	});
});

describe('secret scrubbing', () => {
	it('collects string leaves of the secret fields, including nested OAuth token data', () => {
		const secrets = collectSecrets(
			{
				clientId: 'public-id',
				clientSecret: 'cs/with+chars',
				oauthTokenData: { access_token: 'at-123456', refresh_token: 'rt-654321', expires_in: 3600 },
			},
			['clientSecret', 'oauthTokenData'],
		);
		expect(secrets).toEqual(
			expect.arrayContaining([
				'cs/with+chars',
				encodeURIComponent('cs/with+chars'),
				'at-123456',
				'rt-654321',
			]),
		);
		expect(secrets).not.toContain('public-id');
		expect(scrub('token at-123456 and cs%2Fwith%2Bchars', secrets)).toBe('token *** and ***');
	});

	it('ignores values too short to be secrets', () => {
		expect(collectSecrets({ apiKey: 'a' }, ['apiKey'])).toEqual([]);
	});
});
