import { createHmac, timingSafeEqual } from 'node:crypto';

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

