import type { InfluenceIoEarnRule, InfluenceIoRedeemRule, InfluenceIoTier } from './types';

/**
 * Start options of the Influence.io stand-in. Influence.io publishes paths, the `x-api-key` header,
 * cursor pagination (without the response key), webhook topics, headers and payloads; nearly every
 * request key is unpublished (influenceio.md, caveat on the reference pages). Every option below
 * marked UNDOCUMENTED covers such a gap: its default is the best-evidenced guess, or where nothing
 * points either way, the behaviour that is hardest on the client.
 */
export interface InfluenceIoOptions {
	/** Expected in the `x-api-key` header (published). Default `influenceio-test-key`. */
	apiKey?: string;
	/**
	 * Status of a missing or wrong key. UNDOCUMENTED; default 403 `{"message":"Forbidden"}`, what AWS
	 * API Gateway (whose header `x-api-key` is, and whose error body is `{message}` as C1 reads) answers.
	 */
	authFailureStatus?: 401 | 403;
	/** Requests per API key in a sliding window. UNDOCUMENTED ("plan for 429", C2); default 10 per second. `null` = no limit. */
	rateLimit?: { requests: number; windowMs: number } | null;
	/** Send `Retry-After` (seconds) with 429. UNDOCUMENTED (API Gateway sends none); default true. */
	retryAfterHeader?: boolean;
	/** Customers per page of `GET /v1/customers`. UNDOCUMENTED ("a limited number"); default 50. */
	pageSize?: number;
	/** Response key of the customer array. UNDOCUMENTED; default `customers`. */
	customersKey?: string;
	/** Response key of the next cursor. UNDOCUMENTED; default `cursor` (the query param's name; the Launcher uses `nextToken`). */
	cursorKey?: string;
	/** The next-cursor key on the last page: left out (default), `null` or `""`. UNDOCUMENTED. */
	lastPageCursor?: 'omit' | 'null' | 'empty';
	/**
	 * Filter query names of `GET /v1/customers`. UNDOCUMENTED except that the text mentions
	 * `lastSeenAtMin`; defaults follow that pattern (`pointBalanceMin`, `createdAtMax`, `updatedAtMin`...).
	 */
	filterParams?: Partial<Record<CustomerFilter, string>>;
	/** Customers seeded at start and on reset (3 named ones, then generated). Default 25. */
	seedCustomers?: number;
	/** Require `email` when `PUT /v1/customers/{id}` creates a customer. UNDOCUMENTED; default true. */
	requireEmailOnCreate?: boolean;
	/** Body keys of `POST /v1/customers/{id}/points` (and of deduct). UNDOCUMENTED names, documented meanings. */
	pointsKeys?: Partial<PointsKeys>;
	/** Path (after `/v1/customers/{id}`) of deduct points. UNDOCUMENTED (exists per C2's inventory); default `/points/deduct`. */
	deductPath?: string;
	/** Status when a deduction would take the balance below zero (`{"message": ...}`). UNDOCUMENTED; default 400. */
	insufficientPointsStatus?: number;
	/** Body keys of orders. UNDOCUMENTED except `financialStatus` (C2), `lineItems`, `discountCodes` (D6). */
	orderKeys?: Partial<OrderKeys>;
	/** Points per currency unit of the order total when an order becomes paid. Default 1 (floored). */
	pointsPerCurrencyUnit?: number;
	/** Financial statuses that earn the order's points (once per order). Default `['paid']`. */
	earnStatuses?: string[];
	/** Statuses that take the earned points back (once). Default `['refunded']`. */
	refundStatuses?: string[];
	/**
	 * `POST /v1/orders` with an order id that exists: `upsert` (update it, 200) or `conflict` (409
	 * `{"message":"Order already exists"}`). UNDOCUMENTED; default `upsert`. Either way it earns once.
	 */
	duplicateOrder?: 'upsert' | 'conflict';
	/** A coupon code in an order's `discountCodes` marks that coupon used. Default true (inferred, D6/C2). */
	discountCodesMarkUsed?: boolean;
	/** Key of the variant id in variant objects. UNDOCUMENTED; default `id`. */
	variantIdKey?: string;
	/** `POST /v1/rewards/{code}/use` on a used coupon: `error` (400) or `ok` (200, unchanged). UNDOCUMENTED; default `error`. */
	reuseCoupon?: 'error' | 'ok';
	/** Key of the target URL when registering a webhook. UNDOCUMENTED; default `url` (Shopify says `address`). */
	webhookUrlKey?: string;
	/** `GET /v1/webhooks` answers `{"webhooks": [...]}` (default) or a bare array. UNDOCUMENTED. */
	webhookListShape?: 'wrapped' | 'array';
	/** Registering the same topic + URL twice: `reject` (422, default) or `allow`. UNDOCUMENTED. */
	duplicateWebhook?: 'reject' | 'allow';
	/**
	 * What `X-Webhook-Id` carries. The published webhook page says "the webhook ID": read literally, the registered
	 * webhook's id, the same on every delivery (`subscription`, default, hardest for a receiver that
	 * dedupes on it); `event`: one id per event, repeated on redelivery.
	 */
	webhookIdHeader?: 'subscription' | 'event';
	/** Loyalty tiers by lifetime points, lowest first. UNDOCUMENTED thresholds; default Bronze 0, Silver 500, Gold 2000. */
	tiers?: InfluenceIoTier[];
	redeemRules?: InfluenceIoRedeemRule[];
	earnRules?: InfluenceIoEarnRule[];
	/** Referral URL prefix; the customer's code is appended. */
	referralUrlBase?: string;
	/** Delivery history kept (oldest dropped). Default 10,000. */
	maxDeliveries?: number;
	/** Clock for timestamps (not for the rate limit, which uses real time). */
	now?: () => Date;
}

export type CustomerFilter =
	| 'pointBalanceMin'
	| 'pointBalanceMax'
	| 'createdAtMin'
	| 'createdAtMax'
	| 'updatedAtMin'
	| 'updatedAtMax'
	| 'lastSeenAtMin'
	| 'lastSeenAtMax';

export const CUSTOMER_FILTERS: readonly CustomerFilter[] = [
	'pointBalanceMin',
	'pointBalanceMax',
	'createdAtMin',
	'createdAtMax',
	'updatedAtMin',
	'updatedAtMax',
	'lastSeenAtMin',
	'lastSeenAtMax',
];

export interface PointsKeys {
	/** Integer > 0; required unless an earn rule id is sent (published meaning). */
	points: string;
	/** "Brief summary of why" (published meaning). */
	reason: string;
	earnRuleId: string;
	/** Boolean: false keeps `lastSeenAt` unchanged (published meaning). */
	updateLastSeenAt: string;
}

export interface OrderKeys {
	/** Your order id (in the `POST /v1/orders` body). Default `orderId`, the path parameter's published name. */
	id: string;
	/** Your customer id (the customer's `externalId`). */
	customerId: string;
	/** Customer email, used when no customer id is sent (the customer must exist). */
	email: string;
	/** Amount points are computed from (string or number). */
	total: string;
	currency: string;
	financialStatus: string;
	lineItems: string;
	discountCodes: string;
}

export type ResolvedInfluenceIoOptions = Required<
	Omit<InfluenceIoOptions, 'filterParams' | 'pointsKeys' | 'orderKeys' | 'rateLimit'>
> & {
	rateLimit: { requests: number; windowMs: number } | null;
	filterParams: Record<CustomerFilter, string>;
	pointsKeys: PointsKeys;
	orderKeys: OrderKeys;
};

const INFLUENCEIO_DEFAULT_API_KEY = 'influenceio-test-key';

const DEFAULT_TIERS: InfluenceIoTier[] = [
	{ id: 'tier-bronze', title: 'Bronze', threshold: '0' },
	{ id: 'tier-silver', title: 'Silver', threshold: '500' },
	{ id: 'tier-gold', title: 'Gold', threshold: '2000' },
];

/** "20% off coupon" is S2's example title; costs and discount values are the sandbox's. */
const DEFAULT_REDEEM_RULES: InfluenceIoRedeemRule[] = [
	{
		id: 'rule-10-off',
		title: '$10 off coupon',
		pointCost: 500,
		rewardType: 'fixed_amount',
		discountType: 'fixed_amount',
		discountValue: 10,
		status: 'active',
	},
	{
		id: 'rule-20-pct',
		title: '20% off coupon',
		pointCost: 1000,
		rewardType: 'percentage',
		discountType: 'percentage',
		discountValue: 20,
		status: 'active',
	},
	{
		id: 'rule-free-ship',
		title: 'Free shipping',
		pointCost: 300,
		rewardType: 'free_shipping',
		discountType: 'free_shipping',
		discountValue: 0,
		status: 'active',
	},
	{
		id: 'rule-retired',
		title: 'Retired $5 off',
		pointCost: 100,
		rewardType: 'fixed_amount',
		discountType: 'fixed_amount',
		discountValue: 5,
		status: 'inactive',
	},
];

const DEFAULT_EARN_RULES: InfluenceIoEarnRule[] = [
	{ id: 'earn-signup', title: 'Sign up', points: 100 },
	{ id: 'earn-birthday', title: 'Birthday', points: 200 },
	{ id: 'earn-general', title: 'General purpose', points: 50 },
];

export function resolveInfluenceIoOptions(
	options: InfluenceIoOptions = {},
): ResolvedInfluenceIoOptions {
	const rateLimit =
		options.rateLimit === undefined ? { requests: 10, windowMs: 1000 } : options.rateLimit;
	if (rateLimit && !(rateLimit.requests > 0 && rateLimit.windowMs > 0))
		throw new Error('influenceio.rateLimit needs positive requests and windowMs');
	const pageSize = options.pageSize ?? 50;
	if (!(Number.isInteger(pageSize) && pageSize > 0))
		throw new Error('influenceio.pageSize must be a positive integer');
	const seedCustomers = options.seedCustomers ?? 25;
	if (!(Number.isInteger(seedCustomers) && seedCustomers >= 0))
		throw new Error('influenceio.seedCustomers must be a whole number');
	const rate = options.pointsPerCurrencyUnit ?? 1;
	if (!(rate >= 0)) throw new Error('influenceio.pointsPerCurrencyUnit must not be negative');
	const deductPath = options.deductPath ?? '/points/deduct';
	if (!deductPath.startsWith('/')) throw new Error('influenceio.deductPath must start with "/"');
	return {
		apiKey: options.apiKey ?? INFLUENCEIO_DEFAULT_API_KEY,
		authFailureStatus: options.authFailureStatus ?? 403,
		rateLimit,
		retryAfterHeader: options.retryAfterHeader ?? true,
		pageSize,
		customersKey: options.customersKey ?? 'customers',
		cursorKey: options.cursorKey ?? 'cursor',
		lastPageCursor: options.lastPageCursor ?? 'omit',
		filterParams: Object.fromEntries(
			CUSTOMER_FILTERS.map((f) => [f, options.filterParams?.[f] ?? f]),
		) as Record<CustomerFilter, string>,
		seedCustomers,
		requireEmailOnCreate: options.requireEmailOnCreate ?? true,
		pointsKeys: {
			points: 'points',
			reason: 'reason',
			earnRuleId: 'earnRuleId',
			updateLastSeenAt: 'updateLastSeenAt',
			...options.pointsKeys,
		},
		deductPath,
		insufficientPointsStatus: options.insufficientPointsStatus ?? 400,
		orderKeys: {
			id: 'orderId',
			customerId: 'customerId',
			email: 'email',
			total: 'totalPrice',
			currency: 'currency',
			financialStatus: 'financialStatus',
			lineItems: 'lineItems',
			discountCodes: 'discountCodes',
			...options.orderKeys,
		},
		pointsPerCurrencyUnit: rate,
		earnStatuses: options.earnStatuses ?? ['paid'],
		refundStatuses: options.refundStatuses ?? ['refunded'],
		duplicateOrder: options.duplicateOrder ?? 'upsert',
		discountCodesMarkUsed: options.discountCodesMarkUsed ?? true,
		variantIdKey: options.variantIdKey ?? 'id',
		reuseCoupon: options.reuseCoupon ?? 'error',
		webhookUrlKey: options.webhookUrlKey ?? 'url',
		webhookListShape: options.webhookListShape ?? 'wrapped',
		duplicateWebhook: options.duplicateWebhook ?? 'reject',
		webhookIdHeader: options.webhookIdHeader ?? 'subscription',
		tiers: options.tiers ?? DEFAULT_TIERS,
		redeemRules: options.redeemRules ?? DEFAULT_REDEEM_RULES,
		earnRules: options.earnRules ?? DEFAULT_EARN_RULES,
		referralUrlBase: options.referralUrlBase ?? 'https://shop.example.com/?ref=',
		maxDeliveries: options.maxDeliveries ?? 10_000,
		now: options.now ?? (() => new Date()),
	};
}
