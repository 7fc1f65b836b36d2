/**
 * Kounta stand-in types used by the REST routes, the admin API and `SandboxClient` (no runtime code).
 * Field names follow https://apidoc.kounta.com/ and public client fixtures (TandaHQ/Kounta and gokounta on GitHub).
 */

export interface KountaAddress {
	id: number;
	lines: string[];
	city: string;
	zone: string;
	postal_code: string;
	country: string;
}

/** `GET /companies/me` (TandaHQ `companies_me.json` fields). */
export interface KountaCompany {
	id: number;
	name: string;
	shipping_address: KountaAddress;
	postal_address: KountaAddress;
	addresses: { count: number; updated_at: string };
	business_number: string;
	contact_staff_member: { id: number; first_name: string; last_name: string; email: string };
	image: string | null;
	website: string;
	currency: string;
	timezone: { offset: string; name: string };
	sites: { count: number; updated_at: string };
	registers: { count: number; limit: number; updated_at: string };
	created_at: string;
	updated_at: string;
}

export interface KountaSite {
	id: number;
	company_id: number;
	name: string;
	code: string;
	business_number: string;
	contact_person: string;
	shipping_address: KountaAddress;
	postal_address: KountaAddress;
	email: string;
	mobile: string;
	phone: string;
	fax: string;
	location: { latitude: number; longitude: number };
	image: string | null;
	website: string;
	register_level_reconciliation: boolean;
	price_list: { id: number; name: string };
}

export interface KountaProduct {
	id: number;
	company_id: number;
	code: string;
	barcode: string;
	stock: number;
	name: string;
	description: string;
	tags: string[];
	image: string | null;
	unit_price: number;
	cost_price: number;
	taxes: Array<{ id: number; code: string; name: string; rate: number }>;
	sites: number[];
	number: string;
}

/** Full customer record (`GET /customers/{id}`); lists return the abridged view. */
export interface KountaCustomer {
	id: number;
	company_id: number;
	people_id: number;
	first_name: string;
	last_name: string;
	description: string;
	primary_email_address: string;
	email_addresses: string[];
	phone: string;
	mobile: string;
	fax: string;
	shipping_address: KountaAddress | null;
	postal_address: KountaAddress | null;
	addresses: { count: number; updated_at: string };
	image: string | null;
	tags: string[];
	/** Set by a loyalty add-on (app-scoped in the real API; the sandbox has one app). */
	reference_id: string;
	created_at: string;
	updated_at: string;
}

export interface KountaOrderLine {
	number: number;
	product_id: number;
	quantity: number;
	unit_price: number;
	/** Multiplier: 0.9 = 10% off, 1.15 = 15% surcharge. */
	price_variation: number;
	notes: string;
	modifiers: number[];
	line_total_ex_tax: number;
	line_total_tax: number;
}

export interface KountaPayment {
	id: number;
	method: { id: number; name: string };
	amount: number;
	ref: string;
	created_at: string;
}

export type KountaOrderStatus =
	'SUBMITTED' | 'ON_HOLD' | 'PENDING' | 'ACCEPTED' | 'REJECTED' | 'COMPLETE' | 'DELETED';

export interface KountaOrder {
	id: number;
	company_id: number;
	status: KountaOrderStatus;
	notes: string;
	customer: {
		id: number;
		first_name: string;
		last_name: string;
		email: string;
		image: string | null;
	} | null;
	register_id: number | null;
	site_id: number;
	sale_number: string;
	/** Sum of the line totals times the order's `price_variation` (tax inclusive, 2 decimals). */
	total: number;
	paid: number;
	total_tax: number;
	price_variation: number;
	lines: KountaOrderLine[];
	payments: KountaPayment[];
	callback_uri: string | null;
	placed_at: string;
	fulfil_at: string | null;
	created_at: string;
	updated_at: string;
}

export interface KountaWebhook {
	id: number;
	topic: string;
	address: string;
	format: 'json' | 'xml';
	filter: { site_ids?: number[] } & Record<string, unknown>;
	headers: Record<string, string>;
	created_at: string;
	updated_at: string;
}

/** One webhook POST made by the sandbox (automatic on an event, or sent through the admin API). */
export interface KountaDeliveryRecord {
	id: number;
	webhook_id: number | null;
	topic: string;
	url: string;
	/** Headers sent, `X-Kounta-Signature` included (tests check it). */
	headers: Record<string, string>;
	body: unknown;
	status: number;
	response: unknown;
	error?: string;
	durationMs: number;
	at: string;
}

/** Admin input: a customer as the merchant creates it in back office. */
export interface KountaCustomerInput {
	first_name: string;
	last_name?: string;
	email?: string;
	phone?: string;
	reference_id?: string;
	tags?: string[];
}

/** Admin input: an open order rung up on a till (defaults: site 123, status PENDING, one flat white). */
export interface KountaOrderInput {
	site_id?: number;
	customer_id?: number;
	status?: KountaOrderStatus;
	notes?: string;
	lines?: Array<{
		product_id: number;
		quantity?: number;
		unit_price?: number;
		price_variation?: number;
		notes?: string;
	}>;
}

/** The add-on's Loyalty tab: where the POS sends its calls. */
export interface KountaLoyaltyConfig {
	/** "Customer Search URL". Kounta appends its query parameters to it. */
	searchUrl?: string;
	/** "Actions/Rewards URL". */
	rewardsUrl?: string;
	/** When set, loyalty calls carry `X-Kounta-Signature` keyed with this (whether they are signed is not published). */
	signatureSecret?: string;
}

/** Result of one POS call to a loyalty URL. */
export interface KountaPosResult<Body = unknown> {
	/** 2xx (the redeem step: exactly 200) and the body matches the documented shape. */
	ok: boolean;
	method: string;
	/** The URL called, query included. */
	url: string;
	/** HTTP status; 0 when no reply came (refused, timeout). */
	status: number;
	/** Time until the whole reply was read, in milliseconds. */
	ms: number;
	/** Parsed JSON, or the raw text when it does not parse. */
	body: Body | unknown;
	/** One line per problem: zod issues (`path: message`), HTTP status, transport error. Empty when ok. */
	issues: string[];
	/** Headers sent (`X-Kounta-Signature` included). */
	sentHeaders: Record<string, string>;
}
