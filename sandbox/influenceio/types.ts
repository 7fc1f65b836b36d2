import type { OutboundDelivery } from '../core/outbound';

/**
 * Influence.io stand-in types used by the admin API and `SandboxClient` (no runtime code).
 * Object shapes follow docs/vendor-facts.md: webhook payload keys are exact (published);
 * request keys of customers, points, orders, products and webhook registration are inferred and
 * configurable (see `options.ts`).
 */

/** The tier object of a customer (`currentLoyaltyTier`) (published). */
interface InfluenceIoTierRef {
	id: string;
	title: string;
}

/** A tier as `customers/tier_changed` shows it (`threshold` is a string there) (published). */
export interface InfluenceIoTier extends InfluenceIoTierRef {
	threshold: string;
}

/**
 * The customer object: the eleven (published) fields first, then (third-party notes) extras (`firstName`,
 * `lastName`, `currentMembershipId`, `lifetimePointsEarned`-like) and `lastSeenAt` (implied by D4).
 */
export interface InfluenceIoCustomer {
	id: string;
	externalId: string;
	email: string;
	name: string;
	birthdayMonth: number | null;
	birthdayDay: number | null;
	referralUrl: string;
	pointBalance: number;
	currentLoyaltyTier: InfluenceIoTierRef;
	createdAt: string;
	updatedAt: string;
	firstName: string;
	lastName: string;
	lastSeenAt: string | null;
	currentLoyaltyTierId: string;
	currentMembershipId: string | null;
	customerType: string;
	/** Points ever earned (drives the tier). Inferred. */
	lifetimePoints: number;
}

/** One points movement (admin view). */
export interface InfluenceIoLedgerEntry {
	/** Also the `id` of the `points/earned` / `points/redeemed` payload it produced. */
	id: string;
	customerId: string;
	externalId: string;
	delta: number;
	balance: number;
	/** `award` | `deduct` | `order` | `refund` | `redeem` | `admin`. */
	source: string;
	reason: string;
	ruleId: string;
	/** Order id or coupon code the movement belongs to. */
	ref?: string;
	at: string;
}

export type InfluenceIoFinancialStatus =
	| 'authorized'
	| 'pending'
	| 'paid'
	| 'partially_paid'
	| 'refunded'
	| 'partially_refunded'
	| 'voided'
	| 'expired';

/** An order as stored (and returned by the orders endpoints). */
export interface InfluenceIoOrder {
	/** Your order id (`orderKeys.id` in the body, `{orderId}` in paths). */
	id: string;
	/** The customer's external id; null when no customer matched (a guest order earns nothing). */
	customerId: string | null;
	financialStatus: InfluenceIoFinancialStatus;
	/** The amount points are computed from (`orderKeys.total`), as a number. */
	total: number;
	currency: string | null;
	lineItems: unknown[];
	discountCodes: unknown[];
	/** Every key the client sent, merged over time (create, then updates). */
	fields: Record<string, unknown>;
	/** Points this order has earned (0 until paid; stays once awarded). */
	pointsAwarded: number;
	/** Points taken back on refund. */
	pointsDeducted: number;
	/** When the order first reached an earning status; it never earns again after that. */
	earnedAt: string | null;
	createdAt: string;
	updatedAt: string;
}

export interface InfluenceIoVariant {
	id: string;
	[key: string]: unknown;
}

export interface InfluenceIoProduct {
	id: string;
	fields: Record<string, unknown>;
	variants: InfluenceIoVariant[];
	createdAt: string;
	updatedAt: string;
}

/** A redeem rule (from C2's Launcher rule fields: `title`, `pointCost`; the discount fields are the sandbox's). */
export interface InfluenceIoRedeemRule {
	id: string;
	title: string;
	pointCost: number;
	/** Sent as `rewardType` in `points/redeemed`. Values UNDOCUMENTED: `fixed_amount`, `percentage`, `free_shipping` here. */
	rewardType: string;
	/** The discount the store must create (not in the webhook, only here). */
	discountType: string;
	discountValue: number;
	status: 'active' | 'inactive';
}

export interface InfluenceIoEarnRule {
	id: string;
	title: string;
	points: number;
}

/** A coupon (reward) created by a redemption. */
export interface InfluenceIoCoupon {
	id: string;
	couponCode: string;
	/** `unused` | `used`. Values UNDOCUMENTED (`couponCodeStatus` exists in referral payloads). */
	couponCodeStatus: 'unused' | 'used';
	customerId: string;
	externalId: string;
	ruleId: string;
	rewardType: string;
	discountType: string;
	discountValue: number;
	points: number;
	createdAt: string;
	usedAt: string | null;
}

/** A registered webhook (`/v1/webhooks`; paths and keys INFERRED). */
export interface InfluenceIoWebhook {
	id: string;
	topic: string;
	url: string;
	createdAt: string;
	updatedAt: string;
}

/** `points/earned` (published). */
export interface InfluenceIoPointsEarnedPayload {
	id: string;
	customer: Omit<InfluenceIoCustomer, 'lifetimePoints'>;
	action: string;
	points: number;
	type: string;
	ruleId: string;
}

/** `points/redeemed` (published), key for key. */
interface InfluenceIoPointsRedeemedPayload extends InfluenceIoPointsEarnedPayload {
	couponCode: string;
	rewardType: string;
}

/** Body of `POST /__admin/influenceio/redeem`. */
export interface InfluenceIoRedeemInput {
	/** External id, Influence.io id or email. */
	customer: string;
	/** Default: the first active redeem rule. */
	ruleId?: string;
	/** Force a coupon code (else generated). */
	couponCode?: string;
}

export interface InfluenceIoRedeemResult {
	payload: InfluenceIoPointsRedeemedPayload;
	coupon: InfluenceIoCoupon;
	rule: InfluenceIoRedeemRule;
}

export type InfluenceIoDelivery = OutboundDelivery;

/** A delivery in the history (`GET /__admin/influenceio/deliveries`). */
export interface InfluenceIoDeliveryRecord extends InfluenceIoDelivery {
	seq: number;
	/** Registered webhook id, for automatic deliveries. */
	webhookId?: string;
	url: string;
	topic: string;
	/** The `X-Webhook-Id` header sent. */
	webhookIdHeader: string;
	payload: unknown;
	at: string;
}

/** Body of `POST /__admin/influenceio/webhooks/deliver`. */
export interface InfluenceIoDeliverInput {
	url: string;
	topic: string;
	payload: unknown;
	/** `X-Webhook-Id` to send; default a new id per call (the same for every copy). */
	webhookId?: string;
	copies?: number;
	concurrent?: boolean;
	headers?: Record<string, string>;
	query?: Record<string, string>;
	timeoutMs?: number;
}

/** Body of `POST /__admin/influenceio/customers/seed`. */
export interface InfluenceIoBulkSeedInput {
	count: number;
	/** External ids are `<prefix><n>`; default `bulk-`. */
	prefix?: string;
	/** Balance of each; default n mod 2000. */
	pointBalance?: number;
}
