/** Generic store stand-in types (no runtime code). */

type StoreCouponType = 'fixed_amount' | 'percentage' | 'free_shipping';

/** Body of `POST /store/coupons`. */
interface StoreCouponInput {
	code: string;
	type: StoreCouponType;
	/** Currency amount; required for `fixed_amount`. */
	amount?: number;
	/** 0 < p ≤ 100; required for `percentage`. */
	percentage?: number;
	customer_email?: string;
	currency?: string;
	usage_limit?: number;
	expires_at?: string;
	/** Free-form: where the coupon came from (e.g. the Influence.io rule id). */
	source?: string;
	metadata?: Record<string, unknown>;
}

export interface StoreCoupon extends StoreCouponInput {
	id: number;
	created_at: string;
	times_used: number;
}

/** An element of `GET /store/customers` (generated: see `storeCustomer`). */
export interface StoreCustomer {
	id: number;
	email: string;
	first_name: string;
	last_name: string;
	created_at: string;
}
