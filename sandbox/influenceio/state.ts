import type { ResolvedInfluenceIoOptions } from './options';
import {
	buildCustomer,
	bulkCustomerFields,
	objectId,
	seedCustomerFields,
	tierFor,
	type CustomerFields,
} from './seed';
import type {
	InfluenceIoCoupon,
	InfluenceIoCustomer,
	InfluenceIoDeliveryRecord,
	InfluenceIoFinancialStatus,
	InfluenceIoLedgerEntry,
	InfluenceIoOrder,
	InfluenceIoPointsEarnedPayload,
	InfluenceIoProduct,
	InfluenceIoRedeemResult,
	InfluenceIoRedeemRule,
	InfluenceIoVariant,
	InfluenceIoWebhook,
} from './types';

export const TOPICS = [
	'customers/updated',
	'customers/tier_changed',
	'customers/tier_entry_reward_earned',
	'points/earned',
	'points/redeemed',
	'referrals/started',
	'referrals/completed',
] as const;

export const FINANCIAL_STATUSES: readonly InfluenceIoFinancialStatus[] = [
	'authorized',
	'pending',
	'paid',
	'partially_paid',
	'refunded',
	'partially_refunded',
	'voided',
	'expired',
];

/** The earn rule id orders earn under; Influence.io calls it the "place order" earn rule (published). */
const PLACE_ORDER_RULE_ID = 'earn-place-order';

/** A customer as the API shows it (the internal lifetime counter left out). */
export type CustomerView = Omit<InfluenceIoCustomer, 'lifetimePoints'>;

export type Listener = (topic: string, payload: unknown) => void;

type Counter = 'customer' | 'ledger' | 'coupon' | 'webhook' | 'delivery' | 'event';

interface Movement {
	source: string;
	reason: string;
	ruleId: string;
	ref?: string;
	/** Counts towards lifetime points (and so the tier). */
	earned?: boolean;
	touchLastSeen?: boolean;
	/** `action`/`type` of the `points/earned` payload; none is emitted without it. Values UNDOCUMENTED. */
	earnedEvent?: { action: string; type: string };
}

/** An order's fields as the API's order routes read them (already validated). */
export interface OrderInput {
	customerId?: string;
	email?: string;
	financialStatus?: InfluenceIoFinancialStatus;
	total?: number;
	currency?: string;
	lineItems?: unknown[];
	discountCodes?: unknown[];
	fields: Record<string, unknown>;
}

export type OrderResult =
	| { ok: true; order: InfluenceIoOrder; created: boolean }
	| { ok: false; status: number; message: string };

/**
 * Platform state. Customers live in an append-only array (insertion order is the list order, and an
 * index is a stable cursor position because the Platform API cannot delete customers) plus maps by
 * external id and email, so 10,000+ customers cost one object each and lookups stay O(1).
 *
 * Ids of ledger entries (= payload ids), coupons, webhooks and API-created customers keep counting
 * across `reset()`: receivers dedupe on them across test cases.
 */
export class InfluenceIoState {
	customers: InfluenceIoCustomer[] = [];

	ledger: InfluenceIoLedgerEntry[] = [];

	orders = new Map<string, InfluenceIoOrder>();

	products = new Map<string, InfluenceIoProduct>();

	/** By upper-cased code. */
	coupons = new Map<string, InfluenceIoCoupon>();

	webhooks: InfluenceIoWebhook[] = [];

	deliveries: InfluenceIoDeliveryRecord[] = [];

	private byExternalId = new Map<string, InfluenceIoCustomer>();

	private byEmail = new Map<string, InfluenceIoCustomer>();

	private byId = new Map<string, InfluenceIoCustomer>();

	/** Customers removed in the Influence.io dashboard: kept in `customers` (stable cursors), left out of every answer. */
	private removed = new Set<InfluenceIoCustomer>();

	private listeners: Listener[] = [];

	private readonly seq: Record<Counter, number> = {
		customer: 1_000_001,
		ledger: 1,
		coupon: 1,
		webhook: 1,
		delivery: 1,
		event: 1,
	};

	constructor(readonly options: ResolvedInfluenceIoOptions) {
		this.reset();
	}

	reset(): void {
		this.customers = [];
		this.byExternalId = new Map();
		this.byEmail = new Map();
		this.byId = new Map();
		this.removed = new Set();
		for (let n = 1; n <= this.options.seedCustomers; n++)
			this.addCustomer(objectId('customer', n), seedCustomerFields(n));
		this.ledger = [];
		this.orders = new Map();
		this.products = new Map();
		this.coupons = new Map();
		this.webhooks = [];
		// A new array: deliveries still in flight from before the reset land in the old one.
		this.deliveries = [];
	}

	next(kind: Counter): number {
		return this.seq[kind]++;
	}

	now(): string {
		return this.options.now().toISOString();
	}

	onEvent(listener: Listener): void {
		this.listeners.push(listener);
	}

	private emit(topic: string, payload: unknown): void {
		for (const listener of this.listeners) listener(topic, payload);
	}

	// ----- customers -----

	private addCustomer(id: string, fields: CustomerFields): InfluenceIoCustomer {
		const customer = buildCustomer(id, fields, this.options.tiers, this.options.referralUrlBase);
		this.customers.push(customer);
		this.byExternalId.set(customer.externalId, customer);
		this.byId.set(customer.id, customer);
		if (customer.email) this.byEmail.set(customer.email.toLowerCase(), customer);
		return customer;
	}

	/**
	 * A customer deleted in the Influence.io dashboard. The Platform API publishes no delete call and no
	 * deletion topic, so nothing is sent: API reads answer 404 and the list leaves it out.
	 */
	removeCustomer(customer: InfluenceIoCustomer): void {
		this.removed.add(customer);
		this.byExternalId.delete(customer.externalId);
		this.byId.delete(customer.id);
		if (customer.email) this.byEmail.delete(customer.email.toLowerCase());
	}

	isRemoved(customer: InfluenceIoCustomer): boolean {
		return this.removed.has(customer);
	}

	/** By external id (API paths). */
	customerByExternalId(externalId: string): InfluenceIoCustomer | undefined {
		return this.byExternalId.get(externalId);
	}

	customerByEmail(email: string): InfluenceIoCustomer | undefined {
		return this.byEmail.get(email.toLowerCase());
	}

	/** By external id, Influence.io id or email (admin routes). */
	customer(key: string): InfluenceIoCustomer | undefined {
		return this.byExternalId.get(key) ?? this.byId.get(key) ?? this.byEmail.get(key.toLowerCase());
	}

	view(customer: InfluenceIoCustomer): CustomerView {
		const { lifetimePoints: _lifetime, ...rest } = customer;
		return { ...rest, currentLoyaltyTier: { ...rest.currentLoyaltyTier } };
	}

	/** `PUT /v1/customers/{externalId}`: creates or updates; emits `customers/updated` either way. */
	upsertCustomer(
		externalId: string,
		input: {
			email?: string;
			firstName?: string;
			lastName?: string;
			birthdayMonth?: number | null;
			birthdayDay?: number | null;
			createdAt?: string;
		},
	): { customer: InfluenceIoCustomer; created: boolean } | { error: string } {
		const now = this.now();
		let customer = this.byExternalId.get(externalId);
		const created = !customer;
		if (input.email !== undefined) {
			const holder = this.byEmail.get(input.email.toLowerCase());
			if (holder && holder !== customer)
				return { error: `email ${input.email} already belongs to customer ${holder.externalId}` };
		}
		if (!customer) {
			customer = this.addCustomer(objectId('customer', this.next('customer')), {
				externalId,
				email: input.email ?? '',
				firstName: input.firstName ?? '',
				lastName: input.lastName ?? '',
				pointBalance: 0,
				lifetimePoints: 0,
				createdAt: input.createdAt ?? now,
				updatedAt: now,
				lastSeenAt: null,
				birthdayMonth: input.birthdayMonth ?? null,
				birthdayDay: input.birthdayDay ?? null,
			});
		} else {
			if (input.email !== undefined && input.email.toLowerCase() !== customer.email.toLowerCase()) {
				this.byEmail.delete(customer.email.toLowerCase());
				this.byEmail.set(input.email.toLowerCase(), customer);
			}
			if (input.email !== undefined) customer.email = input.email;
			if (input.firstName !== undefined) customer.firstName = input.firstName;
			if (input.lastName !== undefined) customer.lastName = input.lastName;
			if (input.birthdayMonth !== undefined) customer.birthdayMonth = input.birthdayMonth;
			if (input.birthdayDay !== undefined) customer.birthdayDay = input.birthdayDay;
			customer.name = [customer.firstName, customer.lastName].filter(Boolean).join(' ');
			customer.updatedAt = now;
		}
		this.emit('customers/updated', this.view(customer));
		return { customer, created };
	}

	/** Admin bulk seeding: `count` customers at once, no webhooks. Returns how many exist now. */
	bulkSeed(
		count: number,
		prefix: string,
		pointBalance?: number,
	): { created: number; skipped: number; total: number } {
		const at = this.now();
		let created = 0;
		let skipped = 0;
		for (let n = 1; n <= count; n++) {
			const fields = bulkCustomerFields(prefix, n, at, pointBalance);
			if (
				this.byExternalId.has(fields.externalId) ||
				this.byEmail.has(fields.email.toLowerCase())
			) {
				skipped += 1;
				continue;
			}
			this.addCustomer(objectId('customer', this.next('customer')), fields);
			created += 1;
		}
		return { created, skipped, total: this.customers.length };
	}

	setMembership(customer: InfluenceIoCustomer, membershipId: string | null): void {
		customer.currentMembershipId = membershipId;
		customer.updatedAt = this.now();
		this.emit('customers/updated', this.view(customer));
	}

	// ----- points -----

	/** Moves points, writes the ledger, keeps the tier, emits `points/earned`, `customers/tier_changed`, `customers/updated`. */
	move(customer: InfluenceIoCustomer, delta: number, m: Movement): InfluenceIoLedgerEntry {
		const now = this.now();
		customer.pointBalance += delta;
		customer.updatedAt = now;
		if (m.touchLastSeen) customer.lastSeenAt = now;
		const oldTier = tierFor(this.options.tiers, customer.lifetimePoints);
		if (m.earned && delta > 0) customer.lifetimePoints += delta;
		const newTier = tierFor(this.options.tiers, customer.lifetimePoints);
		customer.currentLoyaltyTier = { id: newTier.id, title: newTier.title };
		customer.currentLoyaltyTierId = newTier.id;
		const entry: InfluenceIoLedgerEntry = {
			id: objectId('ledger', this.next('ledger')),
			customerId: customer.id,
			externalId: customer.externalId,
			delta,
			balance: customer.pointBalance,
			source: m.source,
			reason: m.reason,
			ruleId: m.ruleId,
			at: now,
		};
		if (m.ref !== undefined) entry.ref = m.ref;
		this.ledger.push(entry);
		if (m.earnedEvent && delta > 0) {
			const payload: InfluenceIoPointsEarnedPayload = {
				id: entry.id,
				customer: this.view(customer),
				action: m.earnedEvent.action,
				points: delta,
				type: m.earnedEvent.type,
				ruleId: m.ruleId,
			};
			this.emit('points/earned', payload);
		}
		if (oldTier.id !== newTier.id)
			this.emit('customers/tier_changed', {
				customer: this.view(customer),
				oldTier: { ...oldTier },
				newTier: { ...newTier },
			});
		this.emit('customers/updated', this.view(customer));
		return entry;
	}

	/** Admin: set or move a balance without any earn semantics. */
	adminAdjust(
		customer: InfluenceIoCustomer,
		delta: number,
		reason: string,
	): InfluenceIoLedgerEntry {
		return this.move(customer, delta, { source: 'admin', reason, ruleId: '' });
	}

	// ----- orders -----

	order(id: string): InfluenceIoOrder | undefined {
		return this.orders.get(id);
	}

	/**
	 * Creates or updates an order from already-validated fields. Earning happens once per order, the
	 * first time it reaches an earning status; a refund status takes those points back once.
	 */
	applyOrder(id: string, input: OrderInput, mode: 'create' | 'update'): OrderResult {
		const now = this.now();
		let order = this.orders.get(id);
		if (mode === 'update' && !order) return { ok: false, status: 404, message: 'Order not found' };
		if (mode === 'create' && order && this.options.duplicateOrder === 'conflict')
			return { ok: false, status: 409, message: 'Order already exists' };
		const created = !order;
		if (!order) {
			order = this.newOrder(id, input, now);
			this.orders.set(id, order);
		} else {
			this.mergeOrder(order, input, now);
		}
		if (input.discountCodes && this.options.discountCodesMarkUsed)
			this.markCodesUsed(input.discountCodes, now);
		this.settleOrderPoints(order, now);
		return { ok: true, order, created };
	}

	/** The customer an order names, by external id or else by email. */
	private orderCustomer(input: OrderInput): InfluenceIoCustomer | undefined {
		return (
			(input.customerId !== undefined ? this.byExternalId.get(input.customerId) : undefined) ??
			(input.email !== undefined ? this.customerByEmail(input.email) : undefined)
		);
	}

	private newOrder(id: string, input: OrderInput, now: string): InfluenceIoOrder {
		return {
			id,
			customerId: this.orderCustomer(input)?.externalId ?? null,
			financialStatus: input.financialStatus ?? 'pending',
			total: input.total ?? 0,
			currency: input.currency ?? null,
			lineItems: input.lineItems ?? [],
			discountCodes: input.discountCodes ?? [],
			fields: { ...input.fields },
			pointsAwarded: 0,
			pointsDeducted: 0,
			earnedAt: null,
			createdAt: now,
			updatedAt: now,
		};
	}

	private mergeOrder(order: InfluenceIoOrder, input: OrderInput, now: string): void {
		if (order.customerId === null) {
			const customer = this.orderCustomer(input);
			if (customer) order.customerId = customer.externalId;
		}
		if (input.financialStatus !== undefined) order.financialStatus = input.financialStatus;
		if (input.total !== undefined) order.total = input.total;
		if (input.currency !== undefined) order.currency = input.currency;
		if (input.lineItems !== undefined) order.lineItems = input.lineItems;
		if (input.discountCodes !== undefined) order.discountCodes = input.discountCodes;
		order.fields = { ...order.fields, ...input.fields };
		order.updatedAt = now;
	}

	private markCodesUsed(discountCodes: unknown[], now: string): void {
		for (const code of discountCodeTexts(discountCodes)) {
			const coupon = this.coupon(code);
			if (coupon && coupon.couponCodeStatus === 'unused') {
				coupon.couponCodeStatus = 'used';
				coupon.usedAt = now;
			}
		}
	}

	/** Points for an order that reached an earning status (once), taken back on a refund status (once). */
	private settleOrderPoints(order: InfluenceIoOrder, now: string): void {
		const customer =
			order.customerId !== null ? this.byExternalId.get(order.customerId) : undefined;
		if (!customer) return;
		if (this.options.earnStatuses.includes(order.financialStatus) && order.earnedAt === null) {
			order.earnedAt = now;
			const points = Math.floor(order.total * this.options.pointsPerCurrencyUnit);
			if (points > 0) {
				order.pointsAwarded = points;
				this.move(customer, points, {
					source: 'order',
					reason: `order ${order.id} ${order.financialStatus}`,
					ruleId: PLACE_ORDER_RULE_ID,
					ref: order.id,
					earned: true,
					touchLastSeen: true,
					earnedEvent: { action: 'place_order', type: 'earn' },
				});
			}
		}
		if (
			this.options.refundStatuses.includes(order.financialStatus) &&
			order.pointsAwarded > 0 &&
			order.pointsDeducted === 0
		) {
			order.pointsDeducted = order.pointsAwarded;
			this.move(customer, -order.pointsAwarded, {
				source: 'refund',
				reason: `order ${order.id} ${order.financialStatus}`,
				ruleId: PLACE_ORDER_RULE_ID,
				ref: order.id,
			});
		}
	}

	// ----- products -----

	product(id: string): InfluenceIoProduct | undefined {
		return this.products.get(id);
	}

	upsertProduct(
		id: string,
		fields: Record<string, unknown>,
	): { product: InfluenceIoProduct; created: boolean } {
		const now = this.now();
		const { variants, ...rest } = fields;
		let product = this.products.get(id);
		const created = !product;
		if (!product) {
			product = { id, fields: rest, variants: [], createdAt: now, updatedAt: now };
			this.products.set(id, product);
		} else {
			product.fields = { ...product.fields, ...rest };
			product.updatedAt = now;
		}
		if (Array.isArray(variants))
			this.replaceVariants(product, variants as Array<Record<string, unknown>>);
		return { product, created };
	}

	/** D7: posted variants are merged into existing ones, new ones created, missing ones deleted. */
	replaceVariants(
		product: InfluenceIoProduct,
		posted: Array<Record<string, unknown>>,
	): { created: number; updated: number; deleted: number } {
		const key = this.options.variantIdKey;
		const existing = new Map(product.variants.map((v) => [v.id, v]));
		let created = 0;
		let updated = 0;
		const next: InfluenceIoVariant[] = posted.map((v) => {
			const id = String(v[key]);
			const old = existing.get(id);
			if (old) updated += 1;
			else created += 1;
			return { ...(old ?? {}), ...v, id };
		});
		const kept = new Set(next.map((v) => v.id));
		const deleted = product.variants.filter((v) => !kept.has(v.id)).length;
		product.variants = next;
		product.updatedAt = this.now();
		return { created, updated, deleted };
	}

	productView(product: InfluenceIoProduct): Record<string, unknown> {
		return {
			...product.fields,
			id: product.id,
			variants: product.variants.map((v) => ({ ...v })),
			createdAt: product.createdAt,
			updatedAt: product.updatedAt,
		};
	}

	// ----- rewards and coupons -----

	redeemRule(id: string): InfluenceIoRedeemRule | undefined {
		return this.options.redeemRules.find((r) => r.id === id);
	}

	coupon(code: string): InfluenceIoCoupon | undefined {
		return this.coupons.get(code.toUpperCase());
	}

	/** A customer redeems points in a widget: points deducted, coupon created, `points/redeemed` emitted. */
	redeem(
		customer: InfluenceIoCustomer,
		rule: InfluenceIoRedeemRule,
		couponCode?: string,
	): { ok: true; result: InfluenceIoRedeemResult } | { ok: false; message: string } {
		if (rule.status !== 'active')
			return { ok: false, message: `redeem rule ${rule.id} is not active` };
		if (customer.pointBalance < rule.pointCost)
			return {
				ok: false,
				message: `customer ${customer.externalId} has ${customer.pointBalance} points, needs ${rule.pointCost}`,
			};
		const n = this.next('coupon');
		const code =
			couponCode ??
			`INF-${n.toString(36).toUpperCase().padStart(4, '0')}-${rule.id
				.replace(/^rule-/, '')
				.toUpperCase()
				.slice(0, 6)}`;
		if (this.coupon(code)) return { ok: false, message: `coupon code ${code} already exists` };
		const entry = this.move(customer, -rule.pointCost, {
			source: 'redeem',
			reason: `redeemed ${rule.title}`,
			ruleId: rule.id,
			ref: code,
			touchLastSeen: true,
		});
		const coupon: InfluenceIoCoupon = {
			id: objectId('coupon', n),
			couponCode: code,
			couponCodeStatus: 'unused',
			customerId: customer.id,
			externalId: customer.externalId,
			ruleId: rule.id,
			rewardType: rule.rewardType,
			discountType: rule.discountType,
			discountValue: rule.discountValue,
			points: rule.pointCost,
			createdAt: entry.at,
			usedAt: null,
		};
		this.coupons.set(code.toUpperCase(), coupon);
		// Key order exactly as the published "Webhook Handler" page.
		const payload = {
			id: entry.id,
			customer: this.view(customer),
			action: 'redeem',
			points: rule.pointCost,
			type: 'coupon',
			ruleId: rule.id,
			couponCode: code,
			rewardType: rule.rewardType,
		};
		this.emit('points/redeemed', payload);
		return { ok: true, result: { payload, coupon, rule } };
	}

	// ----- webhooks -----

	webhook(id: string): InfluenceIoWebhook | undefined {
		return this.webhooks.find((w) => w.id === id);
	}

	addDelivery(
		record: Omit<InfluenceIoDeliveryRecord, 'seq'>,
		history: InfluenceIoDeliveryRecord[],
	): void {
		history.push({ seq: this.next('delivery'), ...record });
		if (history.length > this.options.maxDeliveries)
			history.splice(0, history.length - this.options.maxDeliveries);
	}
}

/** Codes in `discountCodes`: strings, or objects with `code` (Shopify's key) or `couponCode`. */
function discountCodeTexts(items: unknown[]): string[] {
	return items.flatMap((item) => {
		if (typeof item === 'string') return [item];
		if (item && typeof item === 'object') {
			const o = item as Record<string, unknown>;
			const code = o.code ?? o.couponCode;
			return typeof code === 'string' ? [code] : [];
		}
		return [];
	});
}
