import type { INodeProperties, IWebhookFunctions } from 'n8n-workflow';

import {
	headerValue,
	rawBodyOf,
	verifyHmacSha256,
	type SignatureEncoding,
} from '../../../shared/webhook';

export type { SignatureEncoding };

export type SignatureCheck = 'whenPresent' | 'required' | 'off';

/** The two trigger options for X-Kounta-Signature; `what` names the request (a call, a delivery). */
export function signatureOptions(what: string): INodeProperties[] {
	return [
		{
			displayName: 'Signature Check',
			name: 'signatureCheck',
			type: 'options',
			options: [
				{
					name: 'When Present',
					value: 'whenPresent',
					description: `Verify X-Kounta-Signature when a ${what} carries it`,
				},
				{
					name: 'Required',
					value: 'required',
					description: `Refuse ${what}s without a valid X-Kounta-Signature`,
				},
				{ name: 'Off', value: 'off' },
			],
			default: 'whenPresent',
			description:
				'Only applies when the credential has a Signature Token. Best-known scheme: HMAC-SHA256 of the raw body keyed with the Signature Token; Kounta has not published it, nor which requests are signed.',
		},
		{
			displayName: 'Signature Encoding',
			name: 'signatureEncoding',
			type: 'options',
			options: [
				{ name: 'Hex or Base64', value: 'any' },
				{ name: 'Hex', value: 'hex' },
				{ name: 'Base64', value: 'base64' },
			],
			default: 'any',
			description:
				'How the HMAC-SHA256 in X-Kounta-Signature is encoded; unpublished, so both are accepted by default',
		},
	];
}

/**
 * Checks X-Kounta-Signature over the request's raw body when the credential has a Signature Token;
 * returns why the request must be refused, or undefined. The header is documented to exist (gift
 * cards & payments) but not how it is computed. Best-known: HMAC-SHA256 of the raw body keyed with
 * the add-on's Signature Token; hex or base64 unconfirmed, so both are accepted unless the user
 * pins one.
 */
export function signatureProblem(
	ctx: IWebhookFunctions,
	signatureToken: string,
	check: SignatureCheck = 'whenPresent',
	encoding: SignatureEncoding = 'any',
): string | undefined {
	if (!signatureToken || check === 'off') return undefined;
	const presented = headerValue(ctx, 'x-kounta-signature');
	if (!presented && check !== 'required') return undefined;
	if (verifyHmacSha256(rawBodyOf(ctx), presented, signatureToken, encoding)) return undefined;
	return presented ? 'X-Kounta-Signature does not match' : 'X-Kounta-Signature is missing';
}
