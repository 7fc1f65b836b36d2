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
		action_label: text.min(1).default('Redeem'),
		variable_quantity: z.boolean().optional(),
		// Not in the current docs; the obsolete spec shows `terms` as the text to display.
		terms: z.string().optional(),
	})
	.strict();
export type Reward = z.output<typeof rewardSchema>;

export const searchReplySchema = z
	.object({
		members: z.record(memberSchema),
		order_id: z.union([z.string(), z.number()]).optional(),
		error: z.string().optional(),
	})
	.strict();
export type SearchReply = z.output<typeof searchReplySchema>;

/** Where the rewards list sits in the reward-lookup reply: unpublished, so both candidates. */
export const REWARDS_PLACEMENTS = ['inMember', 'topLevel'] as const;
export type RewardsPlacement = (typeof REWARDS_PLACEMENTS)[number];

export const rewardsReplySchema = z
	.object({
		members: z.record(memberSchema.extend({ rewards: z.array(rewardSchema).optional() }).strict()),
		rewards: z.array(rewardSchema).optional(),
		error: z.string().optional(),
	})
	.strict();
export type RewardsReply = z.output<typeof rewardsReplySchema>;

/** Redeem reply (obsolete spec's shape; the current docs only say "200 OK"): `error` only on failure. */
export const redeemReplySchema = z.discriminatedUnion('success', [
	z.object({ success: z.literal(true) }).strict(),
	z.object({ success: z.literal(false), error: text.min(1, 'must say why the redemption failed') }).strict(),
]);
export type RedeemReply = z.output<typeof redeemReplySchema>;

export function buildSearchReply(members: Member[], extras: { orderId?: string | number; error?: string } = {}): SearchReply {
	const keyed: Record<string, Member> = {};
	for (const member of members) keyed[member.id] = member;
	const reply: SearchReply = { members: keyed };
	if (extras.orderId !== undefined && extras.orderId !== '') reply.order_id = extras.orderId;
	if (extras.error) reply.error = extras.error;
	return searchReplySchema.parse(reply);
}

export function buildRewardsReply(member: Member, rewards: Reward[], placement: RewardsPlacement, error?: string): RewardsReply {
	const reply: RewardsReply =
		placement === 'topLevel' ? { members: { [member.id]: member }, rewards } : { members: { [member.id]: { ...member, rewards } } };
	if (error) reply.error = error;
	return rewardsReplySchema.parse(reply);
}

/** What a till gets when the workflow is too slow or fails before building a reply. */
export function fallbackReply(call: LoyaltyCall, message: string): Record<string, unknown> {
	return call === 'redeem' ? { success: false, error: message } : { members: {}, error: message };
}

export const LOYALTY_CALLS = ['search', 'rewards', 'redeem'] as const;
export type LoyaltyCall = (typeof LOYALTY_CALLS)[number];
