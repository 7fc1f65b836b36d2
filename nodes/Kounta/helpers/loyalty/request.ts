import { z } from 'zod';

import { LOYALTY_CALLS, type LoyaltyCall } from './replies';

/**
 * A Kounta id as typed output: a number when it is a safe integer (what Kounta sends), kept as the
 * digit string when it is larger (Kounta marks 64-bit ids with an `id_str` copy for that reason).
 */
const kountaId = z
	.union([z.string(), z.number()])
	.transform((value) => String(value).trim())
	.refine((value) => /^\d+$/.test(value), { message: 'must be a Kounta id (digits only)' })
	.transform((value) => (Number.isSafeInteger(Number(value)) ? Number(value) : value));

const optionalId = z.preprocess(
	(value) => (value === '' || value === null ? undefined : value),
	kountaId.optional(),
);

export const loyaltyParamsSchema = z
	.object({
		call: z.enum(LOYALTY_CALLS).optional(),
		keyword: z.string().trim().max(200, 'is longer than 200 characters').optional(),
		company_id: optionalId,
		site_id: optionalId,
		order_id: optionalId,
		customer_id: optionalId,
		// Your own member id, as returned in the search reply: any non-empty text.
		reference_id: z.preprocess(
			(v) => (v === '' || v === null ? undefined : v),
			z.union([z.string(), z.number()]).transform(String).optional(),
		),
		reward_id: z.preprocess(
			(v) => (v === '' || v === null ? undefined : v),
			z.union([z.string(), z.number()]).transform(String).optional(),
		),
		quantity: z.preprocess(
			(v) => (v === '' || v === null ? undefined : v),
			z.coerce
				.number({ invalid_type_error: 'must be a number' })
				.int('must be a whole number')
				.positive('must be more than 0')
				.optional(),
		),
	})
	.passthrough();
export type LoyaltyParams = z.output<typeof loyaltyParamsSchema>;

/** Which call this is: the explicit `call` parameter, else inferred from the documented parameters. */
export function inferCall(params: Record<string, unknown>): LoyaltyCall | undefined {
	const explicit = params.call;
	if (typeof explicit === 'string' && (LOYALTY_CALLS as readonly string[]).includes(explicit))
		return explicit as LoyaltyCall;
	if (params.reward_id !== undefined && params.reward_id !== '') return 'redeem';
	if (params.keyword !== undefined) return 'search';
	if (params.customer_id !== undefined || params.reference_id !== undefined) return 'rewards';
	return undefined;
}

/** What each call must carry (apidoc.kounta.com/loyalty). */
export function missingForCall(call: LoyaltyCall, params: LoyaltyParams): string | undefined {
	if (call === 'search' && !params.keyword) return 'keyword is required for a customer search';
	if (call === 'rewards' && params.customer_id === undefined && params.reference_id === undefined) {
		return 'customer_id or reference_id is required for a reward lookup';
	}
	if (call === 'redeem') {
		if (!params.reward_id)
			return 'reward_id is required for a redemption (use the redeem_url the Rewards Reply built)';
		if (params.order_id === undefined) return 'order_id is required for a redemption';
	}
	return undefined;
}
