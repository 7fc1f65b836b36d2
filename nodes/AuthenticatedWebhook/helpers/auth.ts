import type { IWebhookFunctions } from 'n8n-workflow';
import { z } from 'zod';

import { headerValue, rawBodyOf, sameSecret, verifyHmacSha256 } from '../../shared/webhook';

export const CREDENTIAL_TYPE = 'authenticatedWebhookApi';

/** Text of the credential; a value of the wrong type (an expression gone wrong) counts as unset, never as a pass. */
const text = z.string().catch('');

/** The credential as the trigger uses it; empty strings mean "not set". */
const settingsSchema = z.object({
	// HTTP drops spaces around a header value, so a pasted secret's stray edges could never match.
	secret: text.transform((s) => s.trim()),
	headerName: text.transform((h) => h.trim() || 'Authorization'),
	hmacSecret: text,
	signatureHeader: text.transform((h) => h.trim() || 'X-Signature'),
	signatureEncoding: z.enum(['hex', 'base64']).catch('hex'),
});

type InboundAuthSettings = z.output<typeof settingsSchema>;

export function readSettings(credentials: Record<string, unknown>): InboundAuthSettings {
	return settingsSchema.parse(credentials);
}

const NOT_CONFIGURED =
	'The Authenticated Webhook credential has neither a Shared Secret nor an HMAC Signing Secret, so anyone could start this workflow through its URL. Set at least one in the credential.';

const NOT_CONFIGURED_REASON = 'this webhook has no secret configured, so it accepts no requests';

const isConfigured = (settings: InboundAuthSettings) =>
	settings.secret !== '' || settings.hmacSecret !== '';

/** RFC 9110 field-name characters: a header name the sender can actually send. */
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

/** What is wrong with the credential, or undefined: at least one secret, and header names that can exist. */
export function settingsProblem(settings: InboundAuthSettings): string | undefined {
	if (!isConfigured(settings)) return NOT_CONFIGURED;
	for (const [label, name] of [
		['Secret Header', settings.headerName],
		['Signature Header', settings.signatureHeader],
	]) {
		if (!HEADER_NAME.test(name))
			return `${label} "${name}" is not a valid HTTP header name (letters, digits and - only, no spaces or colons)`;
	}
	return undefined;
}

const isAuthorization = (header: string) => header.toLowerCase() === 'authorization';

/** The headers that carry a secret or a proof of it: never passed on into execution data. */
export function secretHeaderNames(settings: InboundAuthSettings): string[] {
	return [
		'authorization',
		'proxy-authorization',
		'cookie',
		...(settings.secret ? [settings.headerName.toLowerCase()] : []),
		...(settings.hmacSecret ? [settings.signatureHeader.toLowerCase()] : []),
	];
}

/**
 * Why the request must be refused, or undefined when it carries every proof the credential asks
 * for: the Shared Secret (as a Bearer token in Authorization, or alone in the named header) and
 * the HMAC-SHA256 of the raw body. Both compares are constant-time.
 */
export function authenticationProblem(
	ctx: IWebhookFunctions,
	settings: InboundAuthSettings,
): string | undefined {
	if (!isConfigured(settings)) return NOT_CONFIGURED_REASON;
	if (settings.secret) {
		const presented = headerValue(ctx, settings.headerName) ?? '';
		if (isAuthorization(settings.headerName)) {
			// RFC 7235: the scheme name is case-insensitive; the token is compared exactly.
			const bearer = /^bearer[ \t]+(.*)$/i.exec(presented);
			if (!bearer || !sameSecret(bearer[1], settings.secret))
				return 'missing or wrong bearer token in the Authorization header';
		} else if (!sameSecret(presented, settings.secret)) {
			return `missing or wrong ${settings.headerName} header`;
		}
	}
	if (settings.hmacSecret) {
		const signature = headerValue(ctx, settings.signatureHeader);
		if (!signature)
			return `${settings.signatureHeader} header is missing (HMAC-SHA256 of the body, ${settings.signatureEncoding})`;
		if (
			!verifyHmacSha256(rawBodyOf(ctx), signature, settings.hmacSecret, settings.signatureEncoding)
		) {
			return `${settings.signatureHeader} does not match the HMAC-SHA256 of the body (${settings.signatureEncoding})`;
		}
	}
	return undefined;
}
