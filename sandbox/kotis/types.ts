/** Kotis stand-in types and status lists used by the admin API and `SandboxClient` (no dependencies). */

/** Order `attributes.status` values published by Kotis. */
export const KOTIS_ORDER_STATUSES = [
	'pending',
	'partially_shipped',
	'shipped',
	'delivered',
	'cancelled',
] as const;
type KotisOrderStatus = (typeof KOTIS_ORDER_STATUSES)[number];

/** Shipment `delivery_status` values published by Kotis. */
export const KOTIS_DELIVERY_STATUSES = [
	'unknown',
	'pre_transit',
	'in_transit',
	'out_for_delivery',
	'delivered',
	'available_for_pickup',
	'return_to_sender',
	'failure',
	'cancelled',
	'error',
] as const;
type KotisDeliveryStatus = (typeof KOTIS_DELIVERY_STATUSES)[number];

/** One row of `GET /skus/quantity` (flattened). `id` is a string on the wire, like Kotis's. */
export interface KotisInventoryRow {
	id: string;
	sku: string;
	physical_quantity: number;
	available_quantity: number;
}

export interface KotisShipment {
	id: string;
	/** One string, possibly several numbers separated by commas (Kotis's plural name, string type). */
	tracking_numbers: string;
	shipment_date: string | null;
	delivery_status: KotisDeliveryStatus;
	/** Render the status under `status` instead of `delivery_status` (the documented oddity of shipment 767586). */
	legacyStatusKey: boolean;
}

export interface KotisOrderLine {
	sku: string;
	quantity: number;
	/** Units taken from `available_quantity` at create time. */
	reserved: number;
	/** Units that were not available at create time (only when `rejectOutOfStock` is off). */
	backordered: number;
}

/**
 * A `POST /orders/create` body as documented (the published example's keys). Stored as received, so
 * values a lenient client sent as numbers stay numbers, and unknown extra keys are kept.
 */
export interface KotisOrderCreateRequest {
	email?: string;
	shipping_method?: string;
	order_id?: string;
	skus?: Array<{ sku?: string; quantity?: string | number; [key: string]: unknown }>;
	address?: {
		name?: string;
		attention?: string;
		address1?: string;
		address2?: string;
		city?: string;
		state?: string;
		zip?: string;
		country?: string;
		phone?: string;
		address_type?: string;
		[key: string]: unknown;
	};
	[key: string]: unknown;
}

/** Internal order record, as listed by `GET /__admin/kotis/orders`. */
export interface KotisOrderRecord {
	order_num: string;
	/** True for the two legacy orders of the seed (12345, 23719201); hidden from the order list by default. */
	seeded: boolean;
	/** The client's `order_id` from the create body ('' when not sent). */
	order_id: string;
	status: KotisOrderStatus;
	/** Serialize without `attributes` (the documented oddity of order 23719201). */
	omitAttributes: boolean;
	email: string;
	shipping_method: string;
	address: Record<string, string>;
	lines: KotisOrderLine[];
	shipments: KotisShipment[];
	/** Stock bookkeeping: reserved at create, taken off the shelf once shipped, returned on cancel. */
	stock: 'reserved' | 'shipped' | 'released';
	/** The create request body exactly as received (parsed JSON); `{}` for seeded legacy orders. */
	request: KotisOrderCreateRequest;
	/** Number of create requests answered with this order (more than 1 only with `idempotentOrderId`). */
	createRequests: number;
	createdAt: string;
	updatedAt: string;
}

/** One order line for `POST /__admin/kotis/orders` (a string quantity, like the docs, or a number). */
export interface KotisOrderLineInput {
	sku: string;
	quantity: string | number;
}

/**
 * Body of `POST /__admin/kotis/orders`: creates an order as if `POST /orders/create` had been called
 * (same validation and stock effects, no auth, not recorded). Omitted fields get a demo recipient.
 */
export interface KotisAdminOrderInput {
	skus: KotisOrderLineInput[];
	email?: string;
	shipping_method?: string;
	order_id?: string;
	address?: KotisOrderCreateRequest['address'];
}

/** Body of `POST /__admin/kotis/orders/:orderNum/status`. */
export interface KotisStatusPatch {
	status?: KotisOrderStatus;
	/**
	 * Shipments to add or update. A shipment whose `id` matches an existing one is updated (omitted
	 * fields kept); otherwise it is added (`id` generated when omitted; `tracking_numbers` and
	 * `delivery_status` required; `shipment_date` defaults to now, `null` is kept as null).
	 */
	shipments?: Array<{
		id?: string;
		tracking_numbers?: string;
		shipment_date?: string | null;
		delivery_status?: KotisDeliveryStatus;
		legacyStatusKey?: boolean;
	}>;
}

/** One `POST /redemption_codes/create` that succeeded, as listed by `GET /__admin/kotis/redemption_codes`. */
export interface KotisRedemptionBatch {
	codes: string[];
	/** The request body as received, secrets fingerprinted. */
	request: unknown;
	createdAt: string;
}
