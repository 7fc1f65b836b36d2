import type { INodeProperties } from 'n8n-workflow';
import { z } from 'zod';

import { asObject, isRecord } from '../../transport';

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
 * it: docs/vendor-facts.md), which is why the node also takes custom type strings.
 */
export const KNOWN_EVENT_TYPES = [
	{ name: 'Reward Redemption Requested', value: 'reward_redemption_requested' },
	{ name: 'Referral Won', value: 'referral_won' },
	{ name: 'Earned Badge', value: 'earned_badge' },
] as const;

export const REDEMPTION_EVENT = 'reward_redemption_requested';

/** The redemption event types named in the option (comma separated); the built-in guess when empty. */
export function redemptionEventTypes(option: string | undefined): string[] {
	const types = (option ?? '')
		.split(',')
		.map((t) => t.trim())
		.filter(Boolean);
	return types.length > 0 ? types : [REDEMPTION_EVENT];
}

// ---------------------------------------------------------------------------------------------
// Where a redemption's fields are. Influitive has published no redemption payload
// (REDEMPTION_PAYLOAD.md), so every path and key is an option, shared by both triggers: only the
// defaults differ (the webhook nests the redemption under `parameters`, a queue item is flat).
// ---------------------------------------------------------------------------------------------

/** The simplified item's shipping fields, and the payload key each is read from by default. */
const SHIPPING_FIELDS = {
	name: { key: 'name', label: 'recipient name' },
	address1: { key: 'address', label: 'street address' },
	address2: { key: 'address_2', label: 'address line 2' },
	city: { key: 'city', label: 'city' },
	state: { key: 'state', label: 'state or province' },
	zip: { key: 'zip', label: 'ZIP or postal code' },
	country: { key: 'country', label: 'country' },
	phone: { key: 'phone_number', label: 'phone number' },
} as const;
type ShippingField = keyof typeof SHIPPING_FIELDS;
const SHIPPING_FIELD_NAMES = Object.keys(SHIPPING_FIELDS) as ShippingField[];

/** State is left out: many countries have none. Add it for US-only shipping. */
const DEFAULT_REQUIRED_SHIPPING: ShippingField[] = ['name', 'address1', 'city', 'zip', 'country'];

export interface RedemptionFields {
	redemptionIdPath: string;
	quantityPath: string;
	rewardPath: string;
	providerPath: string;
	skuPath: string;
	shippingAddressPath: string;
	shippingKeys: Record<ShippingField, string>;
	requiredShipping: ShippingField[];
	answersPath: string;
	questionKey: string;
	answerKey: string;
	sizeQuestion: string;
}

/** Where a trigger's payload keeps the redemption and the reward. */
export interface RedemptionRoots {
	/** Prefix of the redemption's own fields: `parameters.reward_redemption.` (webhook) or `` (queue item). */
	redemption: string;
	reward: string;
}

export const WEBHOOK_ROOTS: RedemptionRoots = {
	redemption: 'parameters.reward_redemption.',
	reward: 'parameters.reward',
};
export const QUEUE_ROOTS: RedemptionRoots = { redemption: '', reward: 'reward' };

const INFERRED =
	'Inferred: Influitive has not published the redemption payload, so check a real one and change this if it differs';

/**
 * The payload-path options of both redemption triggers (one definition, the trigger's defaults).
 * Merged into each trigger's Options collection, sorted by name there.
 */
export function redemptionFieldOptions(roots: RedemptionRoots): INodeProperties[] {
	const at = (key: string) => `${roots.redemption}${key}`;
	return [
		{
			displayName: 'Answer Question Key',
			name: 'answerQuestionKey',
			type: 'string',
			default: 'question',
			description: `When the answers are a list, the key holding each question (the answers may also be one object keyed by question). ${INFERRED}.`,
		},
		{
			displayName: 'Answer Value Key',
			name: 'answerValueKey',
			type: 'string',
			default: 'answer',
			description: `When the answers are a list, the key holding each answer. ${INFERRED}.`,
		},
		{
			displayName: 'Answers Path',
			name: 'answersPath',
			type: 'string',
			default: at('answers'),
			description: `Where the redemption questions and answers (e.g. the size) are. ${INFERRED}.`,
		},
		{
			displayName: 'Provider Path',
			name: 'providerPath',
			type: 'string',
			default: 'metadata.provider',
			description: `Where the provider (e.g. Kotis) is, inside the reward: the Reward Metadata Influitive support enables. ${INFERRED}.`,
		},
		{
			displayName: 'Quantity Path',
			name: 'quantityPath',
			type: 'string',
			default: at('quantity'),
			description: `Where the quantity is; 1 when absent. ${INFERRED}.`,
		},
		{
			displayName: 'Redemption ID Path',
			name: 'redemptionIdPath',
			type: 'string',
			default: at('id'),
			description: `Where the redemption ID (the one Fulfill and Refuse take) is. ${INFERRED}.`,
		},
		{
			displayName: 'Required Shipping Fields',
			name: 'requiredShippingFields',
			type: 'multiOptions',
			default: ['name', 'address1', 'city', 'zip', 'country'],
			options: SHIPPING_FIELD_NAMES.map((field) => ({
				name: SHIPPING_FIELDS[field].label,
				value: field,
			})),
			description:
				"Shipping fields a redemption must have; the ones it lacks are listed in shipping_missing (and in words in shipping_missing_text), e.g. when the reward's Shipping Information question is off. Leave empty for rewards that ship nothing.",
		},
		{
			displayName: 'Reward Path',
			name: 'rewardPath',
			type: 'string',
			default: `${roots.reward}`,
			description: `Where the reward (ID, name, metadata) is. ${INFERRED}.`,
		},
		{
			displayName: 'Shipping Address Keys',
			name: 'shippingAddressKeys',
			type: 'fixedCollection',
			default: {},
			placeholder: 'Set Keys',
			description: `The key of each shipping field inside the shipping address. ${INFERRED}.`,
			options: [
				{
					displayName: 'Keys',
					name: 'keys',
					values: SHIPPING_FIELD_NAMES.map((field) => ({
						displayName: `Key of ${SHIPPING_FIELDS[field].label}`,
						name: field,
						type: 'string' as const,
						default: SHIPPING_FIELDS[field].key,
					})),
				},
			],
		},
		{
			displayName: 'Shipping Address Path',
			name: 'shippingAddressPath',
			type: 'string',
			default: at('shipping_address'),
			description: `Where the shipping address is. ${INFERRED}.`,
		},
		{
			displayName: 'Size Question',
			name: 'sizeQuestion',
			type: 'string',
			default: 'Size',
			description: 'The question whose answer is the size (matched ignoring case)',
		},
		{
			displayName: 'SKU Path',
			name: 'skuPath',
			type: 'string',
			default: 'metadata.sku',
			description: `Where the SKU is, inside the reward (Reward Metadata). ${INFERRED}.`,
		},
	];
}

/** Options sorted by display name, as n8n's lint asks of a collection (ours is assembled from two lists). */
export function sortedByName(options: INodeProperties[]): INodeProperties[] {
	return [...options].sort((a, b) => a.displayName.localeCompare(b.displayName));
}

/** The options as n8n hands them over (every key optional). */
export interface RedemptionFieldOptionValues {
	answerQuestionKey?: string;
	answerValueKey?: string;
	answersPath?: string;
	providerPath?: string;
	quantityPath?: string;
	redemptionIdPath?: string;
	requiredShippingFields?: string[];
	rewardPath?: string;
	shippingAddressKeys?: { keys?: Partial<Record<ShippingField, string>> };
	shippingAddressPath?: string;
	sizeQuestion?: string;
	skuPath?: string;
}

/** Option values with the trigger's defaults filled in (an emptied field falls back to its default). */
export function readRedemptionFields(
	options: RedemptionFieldOptionValues,
	roots: RedemptionRoots,
): RedemptionFields {
	const at = (key: string) => `${roots.redemption}${key}`;
	const keys = options.shippingAddressKeys?.keys ?? {};
	const shippingKeys = Object.fromEntries(
		SHIPPING_FIELD_NAMES.map((f) => [f, keys[f]?.trim() || SHIPPING_FIELDS[f].key]),
	) as Record<ShippingField, string>;
	return {
		redemptionIdPath: options.redemptionIdPath || at('id'),
		quantityPath: options.quantityPath || at('quantity'),
		rewardPath: options.rewardPath || roots.reward,
		providerPath: options.providerPath || 'metadata.provider',
		skuPath: options.skuPath || 'metadata.sku',
		shippingAddressPath: options.shippingAddressPath || at('shipping_address'),
		shippingKeys,
		requiredShipping: (options.requiredShippingFields ?? DEFAULT_REQUIRED_SHIPPING).filter(
			(f): f is ShippingField => f in SHIPPING_FIELDS,
		),
		answersPath: options.answersPath || at('answers'),
		questionKey: options.answerQuestionKey || 'question',
		answerKey: options.answerValueKey || 'answer',
		sizeQuestion: options.sizeQuestion || 'Size',
	};
}

export function getPath(value: unknown, path: string): unknown {
	let current = value;
	for (const key of path.split('.').filter(Boolean)) {
		if (current === null || typeof current !== 'object') return undefined;
		current = (current as Record<string, unknown>)[key];
	}
	return current;
}

const text = (value: unknown): string =>
	value === undefined || value === null ? '' : String(value).trim();

/** The answer to `question` (ignoring case), from a list of `{question, answer}` or an object keyed by question. */
function findAnswer(answers: unknown, question: string, fields: RedemptionFields): string {
	const wanted = question.trim().toLowerCase();
	if (Array.isArray(answers)) {
		const hit = answers.find(
			(a) => isRecord(a) && text(a[fields.questionKey]).toLowerCase() === wanted,
		);
		return hit ? text((hit as Record<string, unknown>)[fields.answerKey]) : '';
	}
	if (isRecord(answers)) {
		const key = Object.keys(answers).find((k) => k.trim().toLowerCase() === wanted);
		return key === undefined ? '' : text(answers[key]);
	}
	return '';
}

/** "a", "a and b", "a, b and c". */
function inWords(parts: string[]): string {
	return parts.length <= 1
		? parts.join('')
		: `${parts.slice(0, -1).join(', ')} and ${parts[parts.length - 1]}`;
}

/** What the trigger knows beyond the payload paths. */
export interface RedemptionContext {
	eventId: unknown;
	eventType: string;
	createdAt: string | null;
	contact: Record<string, unknown>;
	points: unknown;
	/** Reward fields to fall back on (a queue item's `reward_id`). */
	rewardDefaults?: Record<string, unknown>;
}

/**
 * One flat item for a redemption, read from `source` (the webhook event or a queue item) at the
 * configured paths: what a fulfilment flow needs, without digging through the payload. Missing
 * required shipping fields are listed, so a flow can refuse or hold the redemption instead of
 * ordering to a half address.
 */
function flattenRedemption(source: unknown, fields: RedemptionFields, ctx: RedemptionContext) {
	const reward = { ...ctx.rewardDefaults, ...asObject(getPath(source, fields.rewardPath)) };
	const rawShipping = asObject(getPath(source, fields.shippingAddressPath));
	const { contact } = ctx;
	const fullName =
		text(contact.full_name) ||
		text(contact.name) ||
		[text(contact.first_name), text(contact.last_name)].filter(Boolean).join(' ');
	const shipping = Object.fromEntries(
		SHIPPING_FIELD_NAMES.map((f) => [f, text(rawShipping[fields.shippingKeys[f]])]),
	) as Record<ShippingField, string>;
	shipping.name = shipping.name || fullName;
	const missing = fields.requiredShipping.filter((f) => shipping[f] === '');
	const provider = getPath(reward, fields.providerPath);
	const sku = getPath(reward, fields.skuPath);
	return {
		event_id: ctx.eventId ?? null,
		event_type: ctx.eventType,
		created_at: ctx.createdAt,
		redemption_id: getPath(source, fields.redemptionIdPath) ?? null,
		reward_id: reward.id ?? null,
		reward_uuid: reward.uuid ?? null,
		reward_name: reward.name ?? null,
		reward_points: reward.points ?? null,
		provider: provider ?? null,
		sku: sku ?? null,
		size: findAnswer(getPath(source, fields.answersPath), fields.sizeQuestion, fields),
		quantity: Number(getPath(source, fields.quantityPath) ?? 1) || 1,
		shipping,
		shipping_missing: missing,
		shipping_missing_text: inWords(missing.map((f) => SHIPPING_FIELDS[f].label)),
		advocate_id: contact.id ?? null,
		advocate_uuid: contact.uuid ?? null,
		advocate_name: fullName,
		advocate_email: contact.email ?? null,
		points: ctx.points ?? null,
	};
}

/** The webhook's view: the event envelope read at the configured paths. */
export function simplifyRedemption(event: WebhookEnvelope, fields: RedemptionFields) {
	return flattenRedemption(event, fields, {
		eventId: event.id,
		eventType: event.type,
		createdAt: event.created ? new Date(event.created * 1000).toISOString() : null,
		contact: asObject(event.contact),
		points: event.points,
	});
}

const asRecord = (value: unknown): Record<string, unknown> =>
	value && typeof value === 'object' && !Array.isArray(value)
		? (value as Record<string, unknown>)
		: {};

/**
 * A queued redemption (polling trigger, Reward Redemption → Get Many) as the same flat item the
 * webhook trigger emits, read at the configured paths.
 */
export function simplifyQueuedRedemption(
	r: { created_at?: string | null; contact?: unknown; reward_id?: unknown },
	fields: RedemptionFields,
) {
	const raw = r as unknown as Record<string, unknown>;
	return flattenRedemption(r, fields, {
		eventId: null,
		eventType: 'reward_redemption_polled',
		createdAt: r.created_at ?? null,
		contact: asRecord(r.contact),
		points: raw.points ?? null,
		rewardDefaults: r.reward_id !== undefined && r.reward_id !== null ? { id: r.reward_id } : {},
	});
}
