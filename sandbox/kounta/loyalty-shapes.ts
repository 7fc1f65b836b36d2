import { z } from 'zod';

/**
 * The replies Kounta's POS expects from a loyalty add-on (https://apidoc.kounta.com/loyalty/), as zod schemas. The POS
 * simulator validates every reply with these; tests of the n8n reply builder can import them too.
 *
 * Evidence: the search member record is published field for field (B, support article 215799728); the
 * reward fields and their required set are published (A, apidoc /loyalty), but the NESTING of the lookup
 * reply is NOT published: `lookupReplySchema` is the best-known reading ("like the search response,
 * the individual member record and the rewards associated with that member": `members` keyed by member id,
 * the member record carrying a `rewards` array). `obsoleteLookupReplySchema` is the obsolete spec C
 * (`{member, rewards}`), kept for comparison. The redeem body is NOT published in A; C's
 * `{success, error}` is the best-known shape.
 *
 * Unknown keys are allowed everywhere (a superset may be tolerated, 5.3), documented keys are typed strictly.
 */

const text = z.string();
const url = z.string().regex(/^https?:\/\/\S+$/, 'must be an absolute http(s) URL');

/** B: one member in a search reply. `current_points` is a STRING in B (an integer in obsolete C). */
const loyaltyMemberSchema = z
	.object({
		id: text.min(1, 'is required (your member id, a string)'),
		first_name: text.min(1, 'is required'),
		last_name: text.optional(),
		email_address: text.min(1, 'is required'),
		current_points: text.optional(),
		points_label: text.optional(),
		icon_url: url.optional(),
		intro_text: text.optional(),
		params: z.record(z.unknown()).optional(),
	})
	.passthrough();

/**
 * `members` keyed by member id (B). That the key equals the record's `id` is inferred from "keyed by
 * member id"; a mismatch is reported.
 */
function membersKeyedById<T extends z.ZodTypeAny>(member: T) {
	return z.record(member).superRefine((members, ctx) => {
		for (const [key, value] of Object.entries(members)) {
			const id = (value as { id?: unknown } | undefined)?.id;
			if (typeof id === 'string' && id !== key) {
				ctx.addIssue({
					code: z.ZodIssueCode.custom,
					path: [key, 'id'],
					message: `must equal its key "${key}" in members`,
				});
			}
		}
	});
}

/** C: `{"error": "..."}` instead of a result (obsolete spec; not restated in A). */
export const loyaltyErrorReplySchema = z.object({ error: text.min(1) }).passthrough();

/** Customer search reply (A, B). */
export const searchReplySchema = z
	.object({ members: membersKeyedById(loyaltyMemberSchema) })
	.passthrough();

/**
 * One reward (A). Required by A: `id`, `redeem_url`, `title`. `points_required` is required here because
 * the POS needs it as the upper bound of a variable quantity (the brief's contract; A does not say).
 * `variable_quantity` is inferred boolean. `redeem_url` must carry `order_id=<placeholder sent>`; that
 * check needs the request and lives in `rewardIssues`.
 */
const loyaltyRewardSchema = z
	.object({
		id: text.min(1, 'is required (a string reward id)'),
		title: text.min(1, 'is required'),
		redeem_url: url,
		points_required: z
			.number({ invalid_type_error: 'must be a number' })
			.int('must be a whole number')
			.min(0),
		points_label: text.optional(),
		action_label: text.optional(),
		variable_quantity: z.boolean().optional(),
	})
	.passthrough();

/** Best-known lookup reply: the one member (B fields) with its `rewards` array, under `members`. */
const lookupMemberSchema = loyaltyMemberSchema.extend({ rewards: z.array(loyaltyRewardSchema) });

export const lookupReplySchema = z
	.object({ members: membersKeyedById(lookupMemberSchema) })
	.passthrough()
	.refine((reply) => Object.keys(reply.members).length === 1, {
		message: 'must hold exactly the one member looked up',
		path: ['members'],
	});

/** Obsolete spec C: `{member: {id, icon_url, current_points (integer)}, rewards: [...]}`. */
export const obsoleteLookupReplySchema = z
	.object({
		member: z
			.object({
				id: text.min(1),
				icon_url: url.optional(),
				current_points: z.number().int().optional(),
			})
			.passthrough(),
		rewards: z.array(loyaltyRewardSchema.extend({ terms: text.optional() })),
	})
	.passthrough();

/** Redeem reply (C): `success`, and `error` when `success` is false (omitted otherwise). */
export const redeemReplySchema = z
	.object({ success: z.boolean(), error: text.optional() })
	.passthrough()
	.superRefine((reply, ctx) => {
		if (!reply.success && !reply.error)
			ctx.addIssue({
				code: z.ZodIssueCode.custom,
				path: ['error'],
				message: 'is required when success is false',
			});
		if (reply.success && reply.error !== undefined)
			ctx.addIssue({
				code: z.ZodIssueCode.custom,
				path: ['error'],
				message: 'must be omitted when success is true',
			});
	});

export type LoyaltyMember = z.infer<typeof loyaltyMemberSchema>;
export type LoyaltyReward = z.infer<typeof loyaltyRewardSchema>;

/** `path: message` lines of a zod error, `(root)` for the top level. */
export function issueLines(error: z.ZodError): string[] {
	return error.issues.map(
		(i) => `${i.path.length > 0 ? i.path.join('.') : '(root)'}: ${i.message}`,
	);
}

/** The rewards of a lookup reply in either layout. */
export function lookupRewards(reply: unknown): LoyaltyReward[] {
	const best = lookupReplySchema.safeParse(reply);
	if (best.success)
		return Object.values(best.data.members).flatMap((m) => m.rewards as LoyaltyReward[]);
	const old = obsoleteLookupReplySchema.safeParse(reply);
	return old.success ? (old.data.rewards as LoyaltyReward[]) : [];
}

/** A and C: each `redeem_url` must carry the `order_id` placeholder the POS sent, as `order_id=<placeholder>`. */
export function rewardIssues(rewards: LoyaltyReward[], placeholderOrderId: string): string[] {
	const issues: string[] = [];
	rewards.forEach((reward, i) => {
		let params: URLSearchParams;
		try {
			params = new URL(reward.redeem_url).searchParams;
		} catch {
			return; // already reported by the schema
		}
		if (params.get('order_id') !== placeholderOrderId) {
			issues.push(
				`rewards.${i}.redeem_url: must carry order_id=${placeholderOrderId} (the placeholder sent), got ${params.get('order_id') ?? 'none'}`,
			);
		}
	});
	return issues;
}
