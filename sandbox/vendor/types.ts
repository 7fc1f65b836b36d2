/** Fulfilment-vendor stand-in types (no runtime code). */

/** One item of the vendor's catalog. */
export interface VendorCatalogItem {
	sku: string;
	name: string;
	/** Sizes the item comes in; empty = one size (no `size` allowed in an order line). */
	sizes: string[];
	/**
	 * Units in stock: a number for an item without sizes, one number per size otherwise;
	 * `null` = unlimited (digital goods).
	 */
	stock: number | Record<string, number> | null;
	/** A digital item (gift card, voucher) needs no shipping address. */
	digital: boolean;
}

/** Body of `POST /vendor/v1/orders`. */
interface VendorOrderInput {
	/** The caller's own reference, e.g. `influitive-501`; kept and searchable (`GET /orders?reference=`). */
	reference: string;
	recipient: { name: string; email: string; phone?: string };
	shipping_address?: {
		line1: string;
		line2?: string;
		city: string;
		region?: string;
		postal_code: string;
		country: string;
	};
	items: Array<{ sku: string; size?: string; quantity: number }>;
	note?: string;
}

/** An order as the API answers it. */
export interface VendorOrder extends VendorOrderInput {
	/** The vendor's reference, e.g. `VO-10001`. */
	id: string;
	status: 'accepted';
	created_at: string;
}

/** An order as `GET /__admin/vendor/orders` lists it: the order plus what came with the request. */
export interface VendorOrderRecord extends VendorOrder {
	/** The `Idempotency-Key` header sent, if any. */
	idempotency_key?: string;
}
