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

export interface RedemptionParts {
	eventId: unknown;
	eventType: string;
	createdAt: string | null;
	redemption: Record<string, unknown>;
	redemptionId: unknown;
	reward: Record<string, unknown>;
	shipping: Record<string, unknown>;
	answers: unknown;
	contact: Record<string, unknown>;
	points: unknown;
}

/** One flat item for a redemption: what a fulfillment flow needs, without digging through the payload. */
export function flattenRedemption(parts: RedemptionParts, sizeQuestion: string) {
	const metadata = (parts.reward.metadata ?? {}) as Record<string, unknown>;
	const { shipping, contact } = parts;
	const wantedQuestion = sizeQuestion.trim().toLowerCase();
	const sizeAnswer = Array.isArray(parts.answers)
		? (parts.answers as Array<Record<string, unknown>>).find((a) => text(a.question).trim().toLowerCase() === wantedQuestion)
		: undefined;
	const fullName = text(contact.full_name) || text(contact.name) || [text(contact.first_name), text(contact.last_name)].filter(Boolean).join(' ');
	return {
		event_id: parts.eventId ?? null,
		event_type: parts.eventType,
		created_at: parts.createdAt,
		redemption_id: parts.redemptionId ?? null,
		reward_id: parts.reward.id ?? null,
		reward_uuid: parts.reward.uuid ?? null,
		reward_name: parts.reward.name ?? null,
		reward_points: parts.reward.points ?? null,
		provider: metadata.provider ?? null,
		sku: metadata.sku ?? null,
		size: sizeAnswer ? text(sizeAnswer.answer).trim() : '',
		quantity: Number(parts.redemption.quantity ?? 1) || 1,
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
		points: parts.points ?? null,
	};
}

const record = (value: unknown): Record<string, unknown> =>
	value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};

/** The webhook's view: parts found at the configured paths of the event envelope. */
export function simplifyRedemption(event: WebhookEnvelope, paths: RedemptionPaths) {
	const redemptionPath = paths.redemptionId.replace(/\.id$/, '');
	return flattenRedemption(
		{
			eventId: event.id,
			eventType: event.type,
			createdAt: event.created ? new Date(event.created * 1000).toISOString() : null,
			redemption: record(getPath(event, redemptionPath)),
			redemptionId: getPath(event, paths.redemptionId),
			reward: record(getPath(event, paths.reward)),
			shipping: record(getPath(event, paths.shippingAddress)),
			answers: getPath(event, paths.answers),
			contact: record(event.contact),
			points: event.points,
		},
		paths.sizeQuestion,
	);
}
