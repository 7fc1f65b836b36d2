import { randomBytes } from 'node:crypto';

import type { ResolvedKountaOptions } from './options';
import {
	customer,
	KOUNTA_SECOND_SITE_ID,
	KOUNTA_SITE_ID,
	PAYMENT_METHODS,
	seedCompany,
	seedCustomers,
	seedProducts,
	seedSites,
} from './seed';
import type {
	KountaCompany,
	KountaCustomer,
	KountaDeliveryRecord,
	KountaLoyaltyConfig,
	KountaOrder,
	KountaOrderInput,
	KountaOrderLine,
	KountaOrderStatus,
	KountaPayment,
	KountaProduct,
	KountaSite,
	KountaWebhook,
} from './types';

/** `2026-11-22T10:00:00+00:00`: ISO 8601 without milliseconds. */
function isoSeconds(date: Date): string {
	return date.toISOString().replace(/\.\d{3}Z$/, '+00:00');
}

const round2 = (n: number): number => Math.round(n * 100) / 100;

export interface LineInput {
	product_id: number;
	quantity?: number;
	unit_price?: number;
	price_variation?: number;
	notes?: string;
	modifiers?: number[];
}

export interface PaymentInput {
	method_id: number;
	amount: number;
	ref?: string;
}

interface AccessToken {
	token: string;
	expiresAt: number;
	refreshToken: string;
}

type Counter = 'order' | 'customer' | 'webhook' | 'delivery' | 'payment' | 'sale';

/**
 * Company state plus the OAuth2 grants. Order, customer, webhook and delivery ids keep counting across
 * `reset()`, as a real POS never reuses one and webhook receivers dedupe on them.
 */
export class KountaState {
	company!: KountaCompany;

	sites: KountaSite[] = [];

	products: KountaProduct[] = [];

	customers: KountaCustomer[] = [];

	orders: KountaOrder[] = [];

	webhooks: KountaWebhook[] = [];

	deliveries: KountaDeliveryRecord[] = [];

	loyalty: KountaLoyaltyConfig = {};

	/** Authorization codes: code → redirect_uri it was issued for and expiry (epoch ms). */
	codes = new Map<string, { redirectUri: string; expiresAt: number }>();

	accessTokens = new Map<string, AccessToken>();

	refreshTokens = new Set<string>();

	private readonly seq: Record<Counter, number> = {
		order: 93824800,
		customer: 390000,
		webhook: 549,
		delivery: 1,
		payment: 1,
		sale: 5001,
	};

	constructor(private readonly options: ResolvedKountaOptions) {
		this.reset();
	}

	reset(): void {
		this.company = seedCompany();
		this.sites = seedSites();
		this.products = seedProducts();
		this.customers = seedCustomers();
		this.orders = [];
		this.webhooks = [];
		// A new array: deliveries still in flight from before the reset land in the old one.
		this.deliveries = [];
		this.loyalty = {};
		this.codes.clear();
		// Issued access and refresh tokens survive a reset: an n8n credential connected once (OAuth2
		// authorize flow at stack start) keeps working across tests, as an add-on's authorization
		// survives a merchant's data changes. `expireAccessTokens()` forces a refresh.
		this.seedOrders();
	}

	next(kind: Counter): number {
		return this.seq[kind]++;
	}

	now(): Date {
		return this.options.now();
	}

	stamp(): string {
		return isoSeconds(this.now());
	}

	// ----- OAuth2 -----

	issueCode(redirectUri: string): string {
		const code = randomBytes(16).toString('hex');
		this.codes.set(code, { redirectUri, expiresAt: this.now().getTime() + 10 * 60_000 });
		return code;
	}

	/** One use only; undefined when unknown, expired or issued for another redirect_uri. */
	takeCode(code: string, redirectUri: string | undefined): boolean {
		const grant = this.codes.get(code);
		if (!grant) return false;
		this.codes.delete(code);
		if (grant.expiresAt < this.now().getTime()) return false;
		return redirectUri === undefined || redirectUri === grant.redirectUri;
	}

	issueTokens(previousRefresh?: string): {
		access_token: string;
		refresh_token: string;
		expires_in: number;
		token_type: 'Bearer';
	} {
		const refresh =
			previousRefresh && !this.options.rotateRefreshTokens
				? previousRefresh
				: randomBytes(24).toString('hex');
		if (previousRefresh && this.options.rotateRefreshTokens)
			this.refreshTokens.delete(previousRefresh);
		this.refreshTokens.add(refresh);
		const token = randomBytes(24).toString('hex');
		const ttl = this.options.accessTokenTtlSeconds;
		this.accessTokens.set(token, {
			token,
			refreshToken: refresh,
			expiresAt: this.now().getTime() + ttl * 1000,
		});
		return { access_token: token, refresh_token: refresh, expires_in: ttl, token_type: 'Bearer' };
	}

	/** Makes every access token issued so far expired (refresh tokens stay valid). */
	expireAccessTokens(): number {
		const at = this.now().getTime() - 1;
		for (const t of this.accessTokens.values()) t.expiresAt = at;
		return this.accessTokens.size;
	}

	tokenStatus(token: string): 'valid' | 'expired' | 'unknown' {
		const t = this.accessTokens.get(token);
		if (!t) return 'unknown';
		return t.expiresAt <= this.now().getTime() ? 'expired' : 'valid';
	}

	// ----- lookups -----

	site(id: number | string): KountaSite | undefined {
		return this.sites.find((s) => String(s.id) === String(id));
	}

	product(id: number | string): KountaProduct | undefined {
		return this.products.find((p) => String(p.id) === String(id));
	}

	customer(id: number | string): KountaCustomer | undefined {
		return this.customers.find((c) => String(c.id) === String(id));
	}

	order(id: number | string): KountaOrder | undefined {
		return this.orders.find((o) => String(o.id) === String(id));
	}

	paymentMethod(id: number): { id: number; name: string } | undefined {
		return PAYMENT_METHODS.find((m) => m.id === id);
	}

	// ----- customers -----

	createCustomer(input: {
		first_name: string;
		last_name?: string;
		email?: string;
		phone?: string;
		reference_id?: string;
		tags?: string[];
	}): KountaCustomer {
		const c = customer(
			this.next('customer'),
			input.first_name,
			input.last_name ?? '',
			input.email ?? '',
			input.reference_id ?? '',
		);
		c.phone = input.phone ?? '';
		c.tags = input.tags ?? [];
		c.created_at = c.updated_at = this.stamp();
		this.customers.push(c);
		return c;
	}

	// ----- orders -----

	line(input: LineInput, number: number): KountaOrderLine | string {
		const product = this.product(input.product_id);
		if (!product) return `product_id ${input.product_id} does not exist`;
		const line: KountaOrderLine = {
			number,
			product_id: product.id,
			quantity: input.quantity ?? 1,
			unit_price: input.unit_price ?? product.unit_price,
			price_variation: input.price_variation ?? 1,
			notes: input.notes ?? '',
			modifiers: input.modifiers ?? [],
			line_total_ex_tax: 0,
			line_total_tax: 0,
		};
		return line;
	}

	payment(input: PaymentInput): KountaPayment | string {
		const method = this.paymentMethod(input.method_id);
		if (!method)
			return `method_id ${input.method_id} is not a payment method of this company (${PAYMENT_METHODS.map((m) => m.id).join(', ')})`;
		return {
			id: this.next('payment'),
			method,
			amount: round2(input.amount),
			ref: input.ref ?? '',
			created_at: this.stamp(),
		};
	}

	/** Recomputes line totals, `total` (tax inclusive, 10% GST), `total_tax` and `paid`. */
	recompute(order: KountaOrder): void {
		let total = 0;
		for (const line of order.lines) {
			const gross = line.quantity * line.unit_price * line.price_variation;
			line.line_total_tax = round2(gross / 11);
			line.line_total_ex_tax = round2(gross - gross / 11);
			total += gross;
		}
		order.total = round2(total * order.price_variation);
		order.total_tax = round2(order.total / 11);
		order.paid = round2(order.payments.reduce((sum, p) => sum + p.amount, 0));
	}

	customerRef(customerId: number | undefined): KountaOrder['customer'] {
		const c = customerId === undefined ? undefined : this.customer(customerId);
		return c
			? {
					id: c.id,
					first_name: c.first_name,
					last_name: c.last_name,
					email: c.primary_email_address,
					image: c.image,
				}
			: null;
	}

	/** Creates an order; returns an error message when a product, customer or site does not exist. */
	createOrder(
		input: KountaOrderInput & {
			id?: number;
			sale_number?: string;
			price_variation?: number;
			callback_uri?: string;
			placed_at?: string;
			payments?: PaymentInput[];
		},
	): KountaOrder | string {
		const siteId = input.site_id ?? KOUNTA_SITE_ID;
		if (!this.site(siteId)) return `site_id ${siteId} does not exist`;
		if (input.customer_id !== undefined && !this.customer(input.customer_id))
			return `customer_id ${input.customer_id} does not exist`;
		const lines: KountaOrderLine[] = [];
		for (const [i, l] of (input.lines ?? [{ product_id: 1001 }]).entries()) {
			const line = this.line(l, i + 1);
			if (typeof line === 'string') return line;
			lines.push(line);
		}
		const payments: KountaPayment[] = [];
		for (const p of input.payments ?? []) {
			const payment = this.payment(p);
			if (typeof payment === 'string') return payment;
			payments.push(payment);
		}
		const at = this.stamp();
		const order: KountaOrder = {
			id: input.id ?? this.next('order'),
			company_id: this.company.id,
			status: input.status ?? 'PENDING',
			notes: input.notes ?? '',
			customer: this.customerRef(input.customer_id),
			register_id: 1,
			site_id: siteId,
			sale_number: input.sale_number ?? String(this.next('sale')),
			total: 0,
			paid: 0,
			total_tax: 0,
			price_variation: input.price_variation ?? 1,
			lines,
			payments,
			callback_uri: input.callback_uri ?? null,
			placed_at: input.placed_at ?? at,
			fulfil_at: null,
			created_at: input.placed_at ?? at,
			updated_at: input.placed_at ?? at,
		};
		this.recompute(order);
		this.orders.push(order);
		return order;
	}

	setStatus(order: KountaOrder, status: KountaOrderStatus): void {
		order.status = status;
		order.updated_at = this.stamp();
	}

	private seedOrders(): void {
		const seed = (
			id: number,
			status: KountaOrderStatus,
			siteId: number,
			customerId: number | undefined,
			placedAt: string,
			lines: LineInput[],
		): void => {
			const created = this.createOrder({
				id,
				status,
				site_id: siteId,
				customer_id: customerId,
				placed_at: placedAt,
				sale_number: String(id - 93820000),
				lines,
			});
			if (typeof created === 'string') throw new Error(`kounta seed: ${created}`);
			if (status === 'COMPLETE') {
				const paid = this.payment({ method_id: 2, amount: created.total, ref: `seed-${id}` });
				if (typeof paid !== 'string') created.payments.push(paid);
				this.recompute(created);
			}
		};
		seed(93824701, 'COMPLETE', KOUNTA_SITE_ID, 389427, '2026-03-01T08:15:00+00:00', [
			{ product_id: 1001, quantity: 2 },
			{ product_id: 1003, quantity: 1, price_variation: 0.9, notes: '10% off' },
		]);
		seed(93824702, 'COMPLETE', KOUNTA_SECOND_SITE_ID, undefined, '2026-03-02T09:00:00+00:00', [
			{ product_id: 1002 },
		]);
		seed(93824703, 'PENDING', KOUNTA_SITE_ID, 789, '2026-03-03T10:30:00+00:00', [
			{ product_id: 1004 },
		]);
		seed(93824704, 'ON_HOLD', KOUNTA_SECOND_SITE_ID, 790, '2026-03-04T11:45:00+00:00', [
			{ product_id: 1001 },
			{ product_id: 1003 },
		]);
		seed(93824705, 'REJECTED', KOUNTA_SITE_ID, undefined, '2026-03-05T12:00:00+00:00', [
			{ product_id: 1002, quantity: 3 },
		]);
	}
}
