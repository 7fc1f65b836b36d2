import type { OutboundDelivery } from '../core/outbound';

/**
 * Influitive stand-in types used by the admin API and `SandboxClient` (no dependencies, no runtime code).
 * API object shapes follow docs/vendor-facts.md; the redemption and webhook shapes are the
 * package's documented assumption (nodes/Influitive/REDEMPTION_PAYLOAD.md).
 */

/** Member `address` object (C3's Go struct, an object since 2023). */
export interface InfluitiveAddress {
	address: string;
	address_2: string;
	city: string;
	state: string;
	zip: string;
	country: string;
	phone_number: string;
}

/** A member as `GET /members/:id` returns it (fields of C3's Member struct). */
export interface InfluitiveMember {
	id: number;
	uuid: string;
	name: string;
	first_name: string;
	last_name: string;
	email: string;
	title: string;
	company: string;
	/** `Advocate`, `Nominee`, ... */
	type: string;
	created_at: string;
	joined_at: string | null;
	locked_at: string | null;
	external_ids: Record<string, string>;
	match_categories: Record<string, unknown>;
	custom_fields: Record<string, unknown>;
	nps_score: number | null;
	current_points: number;
	lifetime_points: number;
	crm_contact_id: string | null;
	salesforce_id: string | null;
	invite_link: string | null;
	language: string;
	address: InfluitiveAddress;
	level: { id: number; name: string };
	source: string;
	thumb: string | null;
}

/** The `contact` object of a webhook envelope, as published for Referral Won (also the side-loaded queue contacts). */
export interface InfluitiveWebhookContact {
	id: number;
	uuid: string;
	first_name: string;
	last_name: string;
	full_name: string;
	email: string;
	company: string;
	title: string;
	contact_points: number;
	salesforce_id: string | null;
	crm_metadata: { type: string | null; contact_id: string | null; account_id: string | null };
	external_systems: {
		salesforce_contact_id: string | null;
		salesforce_account_id: string | null;
		salesforce_account_name: string | null;
		marketo_contact_id: string | null;
		marketo_account_id: string | null;
		roi_contact_id: string | null;
		external_contact_id: string | null;
		external_account_id: string | null;
	};
}

export interface InfluitiveReward {
	id: number;
	uuid: string;
	name: string;
	description: string;
	/** Points per unit. */
	points: number;
	published: boolean;
	/** "Reward Metadata" (enabled by Influitive support), e.g. `{provider: 'Kotis', sku: '107529-1'}`. */
	metadata: Record<string, string>;
	/** Questions asked at redemption, e.g. `['Size']`. */
	questions: string[];
	/** "Administrator Approval Required": redemptions wait for an admin's approval (Items to Review). */
	approvalRequired: boolean;
	/** The Redeeming tab's Shipping Information question; off, redemptions carry no shipping address (null). */
	shippingInformation: boolean;
}

/** Body of `POST /__admin/influitive/rewards`. */
export interface InfluitiveRewardInput {
	name: string;
	points: number;
	id?: number;
	uuid?: string;
	description?: string;
	published?: boolean;
	metadata?: Record<string, string>;
	questions?: string[];
	/** Default false. */
	approvalRequired?: boolean;
	/** Default true. */
	shippingInformation?: boolean;
}

/**
 * `pending`: waiting for a fulfilment or refusal. With "Administrator Approval Required" a redemption
 * starts `awaiting_approval` and becomes `approved` when an admin clicks "Approve Without
 * Fulfilling"; both are still outstanding. These two values are inferred: Influitive has not
 * published how its API shows approval.
 */
export type InfluitiveRedemptionStatus =
	'pending' | 'awaiting_approval' | 'approved' | 'fulfilled' | 'refused';

export type InfluitiveShippingAddress = InfluitiveAddress & { name: string };

/** One item of `GET /reward_redemptions` (shape inferred, REDEMPTION_PAYLOAD.md). */
export interface InfluitiveRedemptionView {
	id: number;
	uuid: string;
	status: InfluitiveRedemptionStatus;
	reward_id: number;
	contact_id: number;
	quantity: number;
	created_at: string;
	/** Points the advocate paid (reward points × quantity). */
	points: number;
	reward: {
		id: number;
		uuid: string;
		name: string;
		points: number;
		metadata: Record<string, string>;
	};
	/** Null when the reward's Shipping Information question is off. */
	shipping_address: InfluitiveShippingAddress | null;
	answers: Array<{ question: string; answer: string }>;
}

interface InfluitiveDecision {
	decision: 'fulfill' | 'refuse';
	/** The message shown to the advocate. */
	message: string;
	at: string;
}

/** A redemption as the admin API lists it: any status, with its decision. */
export interface InfluitiveRedemptionRecord extends InfluitiveRedemptionView {
	decision?: InfluitiveDecision;
	/** Decision requests received for it (`POST .../decision/*`), accepted or not. */
	decisions: number;
	/** Id of its "Reward Redemption Requested" webhook event (what `deliver({redemptionId})` sends). */
	event_id: number;
	/** When an admin approved it ("Approve Without Fulfilling"). */
	approved_at?: string;
}

/** The webhook envelope (same keys as the published Referral Won example). */
export interface InfluitiveWebhookEvent<P = Record<string, unknown>> {
	id: number;
	type: string;
	name: string;
	created: number;
	source_type: null;
	source_name: string;
	billable: boolean;
	parameters: P;
	points: number;
	challenge: Record<string, never>;
	contact: InfluitiveWebhookContact;
	additional_data: Record<string, never>;
}

/** `parameters` of `reward_redemption_requested` (REDEMPTION_PAYLOAD.md, exactly). */
type InfluitiveRedemptionParameters = {
	reward_redemption: {
		id: number;
		uuid: string;
		status: InfluitiveRedemptionStatus;
		quantity: number;
		created_at: string;
		shipping_address: InfluitiveShippingAddress | null;
		answers: Array<{ question: string; answer: string }>;
	};
	reward: InfluitiveRedemptionView['reward'];
};

export type InfluitiveRedemptionEvent = InfluitiveWebhookEvent<InfluitiveRedemptionParameters>;

/** Body of `POST /__admin/influitive/redemptions`: give one member key and one reward key. */
export interface InfluitiveRedemptionInput {
	/** Member id, uuid or email. */
	member?: string | number;
	memberId?: string | number;
	email?: string;
	/** Reward id or uuid. */
	reward?: string | number;
	rewardId?: string | number;
	rewardUuid?: string;
	/** Answer to the reward's first question (`Size`). */
	size?: string;
	/** Replaces the answers entirely. */
	answers?: Array<{ question: string; answer: string }>;
	quantity?: number;
	/** Overrides fields of the member's address (and `name`). */
	shippingAddress?: Partial<InfluitiveShippingAddress>;
}

/** One points movement. */
export interface InfluitiveLedgerEntry {
	id: number;
	member_id: number;
	delta: number;
	/** Balance after this entry. */
	balance: number;
	reason: string;
	/** Redemption or event id the entry belongs to, when there is one. */
	ref?: number;
	at: string;
}

/** An event record: logged through `POST /events`, or emitted by the hub (redemption requested, referral won). */
export interface InfluitiveEventRecord {
	id: number;
	type: string;
	/** Same as `type` (the name `POST /events` answers with). */
	event_type_code: string;
	name: string;
	created: number;
	points: number;
	contact_id: number;
	parameters: Record<string, unknown>;
	/** The `POST /events` request body, for logged events. */
	body?: unknown;
}

export interface InfluitiveReferral {
	id: string;
	campaign_id: string;
	status: { code: string; label: string; type: string };
	feedback: string | null;
	prospect: Record<string, unknown>;
	contact_id: number;
	milestones: Array<{ milestone: string; feedback: string | null; at: string }>;
	created_at: string;
	updated_at: string;
}

export interface InfluitiveMessage {
	id: number;
	message: string;
	sender_uuid: string;
	recipient_uuid: string;
	sent_at: string;
}

export interface InfluitivePerk {
	id: number;
	reward_uuid: string;
	contact_id: number;
	/** Parsed from the published key `"send automatically"` (with a space); false when the key is absent. */
	send_automatically: boolean;
	shipping: Record<string, unknown>;
	message: string | null;
	sender_id: number | string | null;
	body: unknown;
	sent_at: string;
}

/** Body of `POST /__admin/influitive/webhooks/deliver`. */
export interface InfluitiveDeliverInput {
	url: string;
	/** The envelope to send as is (any JSON object)... */
	event?: Record<string, unknown>;
	/** ...or the id/uuid of a redemption: its stored webhook event (same event id every time). */
	redemptionId?: string | number;
	/** Deliveries of the same event (default 1). */
	copies?: number;
	/** Send all copies at once (Promise.all) instead of one after the other. */
	concurrent?: boolean;
	headers?: Record<string, string>;
	query?: Record<string, string>;
	/** Per-delivery timeout, default 30 s. */
	timeoutMs?: number;
}

/** One webhook POST and what the receiver answered (`status` 0 and `error` when nothing came back). */
export type InfluitiveDelivery = OutboundDelivery;

/** A delivery in the history (`GET /__admin/influitive/webhooks/deliveries`). */
export interface InfluitiveDeliveryRecord extends InfluitiveDelivery {
	id: number;
	/** Set for automatic deliveries. */
	subscription_id?: number;
	url: string;
	event_id: unknown;
	event_type: unknown;
	at: string;
}

export interface InfluitiveSubscription {
	id: number;
	url: string;
	/** Event types delivered; default `['reward_redemption_requested']`, `['*']` for all. */
	events: string[];
	headers: Record<string, string>;
	query: Record<string, string>;
	created_at: string;
}

/** Body of `POST /__admin/influitive/webhooks/subscriptions`. */
export interface InfluitiveSubscriptionInput {
	url: string;
	events?: string[];
	headers?: Record<string, string>;
	query?: Record<string, string>;
}
