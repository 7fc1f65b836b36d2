import { createHmac, timingSafeEqual } from 'node:crypto';
import type { INodeProperties, IWebhookFunctions } from 'n8n-workflow';

export type SignatureEncoding = 'any' | 'hex' | 'base64';

/**
 * `X-Kounta-Signature`: documented to exist (gift cards & payments) but not how it is computed.
 * Best-known: HMAC-SHA256 of the raw body keyed with the add-on's Signature Token; hex or base64
 * unconfirmed, so both are accepted unless the user pins one.
 */
export function verifyKountaSignature(
	rawBody: Buffer | string,
	presented: string | undefined,
	secret: string,
	encoding: SignatureEncoding = 'any',
): boolean {
	if (!presented) return false;
	const digest = createHmac('sha256', secret).update(rawBody).digest();
	const candidates: string[] = [];
	if (encoding !== 'base64') candidates.push(digest.toString('hex'));
	if (encoding !== 'hex') candidates.push(digest.toString('base64'));
	const given = presented.trim().replace(/^sha256=/i, '');
	let ok = false;
	for (const candidate of candidates) {
		const a = Buffer.from(candidate);
		const b = Buffer.from(given);
		// Compare every candidate, so timing does not reveal which encoding matched.
		if (a.length === b.length && timingSafeEqual(a, b)) ok = true;
	}
	return ok;
}


export type SignatureCheck = 'whenPresent' | 'required' | 'off';

/** The two trigger options for X-Kounta-Signature; `what` names the request (a call, a delivery). */
export function signatureOptions(what: string): INodeProperties[] {
	return [
		{
			displayName: 'Signature Check',
			name: 'signatureCheck',
			type: 'options',
			options: [
				{ name: 'When Present', value: 'whenPresent', description: `Verify X-Kounta-Signature when a ${what} carries it` },
				{ name: 'Required', value: 'required', description: `Refuse ${what}s without a valid X-Kounta-Signature` },
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
			description: 'How the HMAC-SHA256 in X-Kounta-Signature is encoded; unpublished, so both are accepted by default',
		},
	];
}

/**
 * Checks X-Kounta-Signature over the request's raw body when the credential has a Signature Token;
 * returns why the request must be refused, or undefined.
 */
export function signatureProblem(
	ctx: IWebhookFunctions,
	signatureToken: string,
	check: SignatureCheck = 'whenPresent',
	encoding: SignatureEncoding = 'any',
): string | undefined {
	if (!signatureToken || check === 'off') return undefined;
	const header = ctx.getHeaderData()['x-kounta-signature'];
	const presented = Array.isArray(header) ? String(header[0]) : header === undefined ? undefined : String(header);
	if (!presented && check !== 'required') return undefined;
	const rawBody = (ctx.getRequestObject() as { rawBody?: Buffer }).rawBody ?? Buffer.alloc(0);
	if (verifyKountaSignature(rawBody, presented, signatureToken, encoding)) return undefined;
	return presented ? 'X-Kounta-Signature does not match' : 'X-Kounta-Signature is missing';
}
