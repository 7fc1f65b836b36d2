import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Redeem URLs travel to the POS inside the reward-lookup reply and come back as the redeem call.
 * They are built with URL/URLSearchParams only (a customer name or reward title can never change
 * the URL's structure), and signed: `sig` is an HMAC of every parameter except the ones Kounta
 * itself rewrites (`order_id`, replaced by the real order) or appends (`quantity`), so the loyalty
 * URL token never has to appear in a reply or in execution data.
 */

export const UNSIGNED_PARAMS = new Set(['order_id', 'quantity', 'sig', 'token']);

function canonicalParams(params: URLSearchParams | Record<string, string>): string {
	const entries = (
		params instanceof URLSearchParams ? [...params.entries()] : Object.entries(params)
	)
		.filter(([name]) => !UNSIGNED_PARAMS.has(name))
		.sort(([a, av], [b, bv]) => (a === b ? (av < bv ? -1 : av > bv ? 1 : 0) : a < b ? -1 : 1));
	return new URLSearchParams(entries).toString();
}

function signParams(params: URLSearchParams | Record<string, string>, secret: string): string {
	return createHmac('sha256', secret).update(canonicalParams(params)).digest('hex');
}

export function verifySignedParams(
	params: URLSearchParams | Record<string, string>,
	presented: string,
	secret: string,
): boolean {
	if (!secret || !presented) return false;
	const expected = Buffer.from(signParams(params, secret));
	const given = Buffer.from(presented);
	return expected.length === given.length && timingSafeEqual(expected, given);
}

export interface RedeemUrlInput {
	/** The Kounta Loyalty Trigger's URL. */
	baseUrl: string;
	/** The placeholder order id Kounta sent; it replaces it with the real order on redeem. */
	orderId: string;
	rewardId: string;
	memberId: string;
	customerId?: string;
	extra?: Record<string, string>;
	/** The credential's Loyalty URL Token; no signature when empty. */
	secret?: string;
}

export function buildRedeemUrl(input: RedeemUrlInput): string {
	const url = new URL(input.baseUrl);
	if (url.protocol !== 'https:' && url.protocol !== 'http:')
		throw new Error('must be an http(s) URL');
	// A token pasted into the base must not leak into replies: the signature replaces it.
	for (const name of [
		'token',
		'sig',
		'call',
		'order_id',
		'reward_id',
		'reference_id',
		'customer_id',
		'quantity',
	]) {
		url.searchParams.delete(name);
	}
	for (const [name, value] of Object.entries(input.extra ?? {})) {
		if (!UNSIGNED_PARAMS.has(name)) url.searchParams.set(name, value);
	}
	url.searchParams.set('call', 'redeem');
	url.searchParams.set('reward_id', input.rewardId);
	url.searchParams.set('reference_id', input.memberId);
	if (input.customerId) url.searchParams.set('customer_id', input.customerId);
	if (input.secret) url.searchParams.set('sig', signParams(url.searchParams, input.secret));
	// Last, so Kounta's "order_id=<placeholder>" replacement finds it as it was sent.
	url.searchParams.set('order_id', input.orderId);
	return url.toString();
}
