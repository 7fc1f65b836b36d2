import { z } from 'zod';

/**
 * The replies Kounta's POS expects from the loyalty URLs (apidoc.kounta.com/loyalty, support
 * article 215799728). Field names are exact; where the docs are silent the choice is marked.
 */

const text = z.string().trim();

/** Customer-search member record: `id`, `first_name`, `email_address` required. */
export const memberSchema = z
	.object({
		id: text.min(1, 'is required (the member id in your system)'),
		first_name: text.min(1, 'is required'),
		last_name: text.optional(),
		email_address: text.min(1, 'is required').email('must be an email address'),
		// A string in the current docs ("how many points the member currently has").
		current_points: z.string().optional(),
		points_label: text.min(1).default('Points'),
		icon_url: text.url('must be a full URL of a 300x300 image').optional(),
		intro_text: z.string().optional(),
		params: z.record(z.union([z.string(), z.number(), z.boolean()])).optional(),
	})
	.strict();
export type Member = z.output<typeof memberSchema>;

/** Reward-lookup reward: `id`, `redeem_url`, `title` required. */
export const rewardSchema = z
	.object({
		id: text.min(1, 'is required'),
		title: text.min(1, 'is required'),
		redeem_url: text.url('must be a full URL'),
		points_required: z.number().int('must be a whole number').nonnegative().optional(),
		// The loyalty doc (apidoc.kounta.com/loyalty) lists points_label among the reward fields too.
		points_label: text.min(1).optional(),
		action_label: text.min(1).default('Redeem'),
		variable_quantity: z.boolean().optional(),
		// Not in the current docs; the obsolete spec shows `terms` as the text to display.
		terms: z.string().optional(),
	})
	.strict();
export type Reward = z.output<typeof rewardSchema>;

const searchReplySchema = z
	.object({
		members: z.record(memberSchema),
		// Echoed exactly as the POS sent it: a query-string value, so a string.
		order_id: z.string().optional(),
		error: z.string().optional(),
	})
	.strict();
export type SearchReply = z.output<typeof searchReplySchema>;

/**
 * Layout of the reward-lookup reply. The current docs do not publish the nesting: `inMember` is the
 * best reading (the member record under `members`, carrying its `rewards`); `obsolete` is the obsolete
 * spec's `{member, rewards}` (Kounta support article 204010194). `topLevel` is the name older saved
 * workflows used for the obsolete layout.
 */
export type RewardsPlacement = 'inMember' | 'obsolete' | 'topLevel';

const rewardsReplySchema = z
	.object({
		members: z.record(memberSchema.extend({ rewards: z.array(rewardSchema).optional() }).strict()),
		error: z.string().optional(),
	})
	.strict();

/** The obsolete spec's member: `id`, `icon_url`, `current_points` as an integer (plus the current fields). */
const obsoleteMemberSchema = memberSchema
	.omit({ current_points: true })
	.extend({ current_points: z.number().int().optional() })
	.strict();

const obsoleteRewardsReplySchema = z
	.object({
		member: obsoleteMemberSchema,
		rewards: z.array(rewardSchema),
		error: z.string().optional(),
	})
	.strict();
export type RewardsReply =
	z.output<typeof rewardsReplySchema> | z.output<typeof obsoleteRewardsReplySchema>;

/** Redeem reply (obsolete spec's shape; the current docs only say "200 OK"): `error` only on failure. */
export const redeemReplySchema = z.discriminatedUnion('success', [
	z.object({ success: z.literal(true) }).strict(),
	z
		.object({ success: z.literal(false), error: text.min(1, 'must say why the redemption failed') })
		.strict(),
]);

export function buildSearchReply(
	members: Member[],
	extras: { orderId?: string; error?: string } = {},
): SearchReply {
	const keyed: Record<string, Member> = {};
	for (const member of members) keyed[member.id] = member;
	const reply: SearchReply = { members: keyed };
	if (extras.orderId !== undefined && extras.orderId !== '') reply.order_id = extras.orderId;
	if (extras.error) reply.error = extras.error;
	return searchReplySchema.parse(reply);
}

export function buildRewardsReply(
	member: Member,
	rewards: Reward[],
	placement: RewardsPlacement,
	error?: string,
): RewardsReply {
	if (placement === 'obsolete' || placement === 'topLevel') {
		const { current_points: points, ...rest } = member;
		const whole =
			points !== undefined && /^-?\d+$/.test(points.trim()) ? Number(points) : undefined;
		return obsoleteRewardsReplySchema.parse({
			member: {
				...rest,
				...(whole !== undefined && Number.isSafeInteger(whole) ? { current_points: whole } : {}),
			},
			rewards,
			...(error ? { error } : {}),
		});
	}
	return rewardsReplySchema.parse({
		members: { [member.id]: { ...member, rewards } },
		...(error ? { error } : {}),
	});
}

/** What a till gets when the workflow is too slow or fails before building a reply. */
export function fallbackReply(call: LoyaltyCall, message: string): Record<string, unknown> {
	return call === 'redeem' ? { success: false, error: message } : { members: {}, error: message };
}

export const LOYALTY_CALLS = ['search', 'rewards', 'redeem'] as const;
export type LoyaltyCall = (typeof LOYALTY_CALLS)[number];
