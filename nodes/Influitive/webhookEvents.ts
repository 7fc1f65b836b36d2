import { z } from 'zod';

/**
 * The envelope of every Influitive webhook, as published for "Referral Won" (the only payload
 * Influitive documents). Extra keys pass through untouched.
 */
export const webhookEnvelopeSchema = z
	.object({
		id: z.union([z.number(), z.string().min(1)], {
			errorMap: () => ({ message: 'must be the event id (a number or a non-empty string)' }),
		}),
		type: z.string().min(1),
		name: z.string().optional(),
		created: z.number().optional(),
		parameters: z.record(z.unknown()),
		points: z.number().nullish(),
		contact: z.record(z.unknown()).nullish(),
		additional_data: z.unknown().optional(),
	})
	.passthrough();
export type WebhookEnvelope = z.infer<typeof webhookEnvelopeSchema>;

/**
 * Known event type strings. `referral_won` is published; `earned_badge` appears in client code;
 * `reward_redemption_requested` is inferred from the naming pattern (Influitive has not published
 * it), which is why the node also takes custom type strings.
 */
export const KNOWN_EVENT_TYPES = [
	{ name: 'Reward Redemption Requested', value: 'reward_redemption_requested' },
	{ name: 'Referral Won', value: 'referral_won' },
	{ name: 'Earned Badge', value: 'earned_badge' },
] as const;

export const REDEMPTION_EVENT = 'reward_redemption_requested';

/** Where the simplified redemption fields are read from; every path is a node option. */
export interface RedemptionPaths {
	redemptionId: string;
	reward: string;
	shippingAddress: string;
	answers: string;
	sizeQuestion: string;
}

export const DEFAULT_REDEMPTION_PATHS: RedemptionPaths = {
	redemptionId: 'parameters.reward_redemption.id',
	reward: 'parameters.reward',
	shippingAddress: 'parameters.reward_redemption.shipping_address',
	answers: 'parameters.reward_redemption.answers',
	sizeQuestion: 'Size',
};

export function getPath(value: unknown, path: string): unknown {
	let current = value;
	for (const key of path.split('.').filter(Boolean)) {
		if (current === null || typeof current !== 'object') return undefined;
		current = (current as Record<string, unknown>)[key];
	}
	return current;
}

const text = (value: unknown): string => (value === undefined || value === null ? '' : String(value));

/** One flat item for a redemption: what a fulfillment flow needs, without digging through the payload. */
export function simplifyRedemption(event: WebhookEnvelope, paths: RedemptionPaths) {
	const reward = (getPath(event, paths.reward) ?? {}) as Record<string, unknown>;
	const metadata = (reward.metadata ?? {}) as Record<string, unknown>;
	const shipping = (getPath(event, paths.shippingAddress) ?? {}) as Record<string, unknown>;
	const answers = getPath(event, paths.answers);
	const contact = (event.contact ?? {}) as Record<string, unknown>;
	const wantedQuestion = paths.sizeQuestion.trim().toLowerCase();
	const sizeAnswer = Array.isArray(answers)
		? (answers as Array<Record<string, unknown>>).find((a) => text(a.question).trim().toLowerCase() === wantedQuestion)
		: undefined;
	const fullName = text(contact.full_name) || [text(contact.first_name), text(contact.last_name)].filter(Boolean).join(' ');
	return {
		event_id: event.id,
		event_type: event.type,
		created_at: event.created ? new Date(event.created * 1000).toISOString() : null,
		redemption_id: getPath(event, paths.redemptionId) ?? null,
		reward_id: reward.id ?? null,
		reward_uuid: reward.uuid ?? null,
		reward_name: reward.name ?? null,
		reward_points: reward.points ?? null,
		provider: metadata.provider ?? null,
		sku: metadata.sku ?? null,
		size: sizeAnswer ? text(sizeAnswer.answer).trim() : '',
		quantity: Number(getPath(event, paths.redemptionId.replace(/\.id$/, '.quantity')) ?? 1) || 1,
		shipping: {
			name: text(shipping.name) || fullName,
			address1: text(shipping.address),
			address2: text(shipping.address_2),
			city: text(shipping.city),
			state: text(shipping.state),
			zip: text(shipping.zip),
			country: text(shipping.country),
			phone: text(shipping.phone_number),
		},
		advocate_id: contact.id ?? null,
		advocate_uuid: contact.uuid ?? null,
		advocate_name: fullName,
		advocate_email: contact.email ?? null,
		points: event.points ?? null,
	};
}
