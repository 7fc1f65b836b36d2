import { z } from 'zod';

/** `GET /skus/quantity`: JSON:API framing, one row per SKU (size is part of the SKU). */
export const inventoryResponseSchema = z.object({
	data: z.array(
		z.object({
			id: z.union([z.string(), z.number()]).transform(String),
			type: z.string().optional(),
			attributes: z.object({
				sku: z.string(),
				physical_quantity: z.coerce.number(),
				available_quantity: z.coerce.number(),
			}),
		}),
	),
});
export type InventoryRow = {
	id: string;
	sku: string;
	physical_quantity: number;
	available_quantity: number;
};

/** `POST /orders/create` success. Failures carry `errors[]` and are mapped by the transport. */
export const orderCreatedSchema = z.object({
	status: z.literal('success'),
	order_num: z.union([z.string(), z.number()]).transform(String),
});

/**
 * What we send to `POST /orders/create`, exactly as Kotis publishes it (quantities as strings).
 * Validated before sending so bad input fails with the field named, not with a vendor 200-error.
 */
const nonBlank = (label: string) =>
	z
		.string({ required_error: `${label} is required`, invalid_type_error: `${label} must be text` })
		.trim()
		.min(1, `${label} is empty`);

export const orderCreateBodySchema = z.object({
	email: nonBlank('Email').email('Email is not a valid email address'),
	shipping_method: nonBlank('Shipping Method'),
	order_id: z.string(),
	skus: z
		.array(
			z.object({
				sku: nonBlank('SKU'),
				quantity: z.string().regex(/^[1-9]\d*$/, 'Quantity must be a positive whole number'),
			}),
		)
		.min(1, 'At least one line item (SKU and quantity) is required'),
	address: z.object({
		name: nonBlank('Recipient Name'),
		attention: z.string(),
		address1: nonBlank('Address Line 1'),
		address2: z.string(),
		city: nonBlank('City'),
		state: z.string(),
		zip: nonBlank('ZIP / Postal Code'),
		country: z.string(),
		phone: z.string(),
		address_type: z.string(),
	}),
});
export type OrderCreateBody = z.infer<typeof orderCreateBodySchema>;

/**
 * `GET /orders/status`: tolerant on purpose. The published example has an order without
 * `attributes` and a shipment that carries `status` instead of `delivery_status`.
 */
const resourceRef = z.object({
	type: z.string(),
	id: z.union([z.string(), z.number()]).transform(String),
});
export const orderStatusResponseSchema = z.object({
	data: z.array(
		z.object({
			id: z.union([z.string(), z.number()]).transform(String),
			type: z.string().optional(),
			attributes: z.object({ status: z.string().nullish() }).passthrough().nullish(),
			relationships: z
				.object({ shipments: z.object({ data: z.array(resourceRef).nullish() }).nullish() })
				.passthrough()
				.nullish(),
		}),
	),
	included: z
		.array(
			z.object({
				id: z.union([z.string(), z.number()]).transform(String),
				type: z.string(),
				attributes: z
					.object({
						tracking_numbers: z.union([z.string(), z.array(z.string())]).nullish(),
						shipment_date: z.string().nullish(),
						delivery_status: z.string().nullish(),
						status: z.string().nullish(),
					})
					.passthrough()
					.nullish(),
			}),
		)
		.nullish(),
});
export type OrderStatusResponse = z.infer<typeof orderStatusResponseSchema>;

export interface KotisShipment {
	id: string;
	tracking_numbers: string[];
	shipment_date: string | null;
	delivery_status: string;
}

export interface KotisOrderStatus {
	order_num: string;
	found: boolean;
	/** `unknown` when Kotis omits the order's attributes, as its own example does. */
	status: string;
	shipments: KotisShipment[];
	tracking_numbers: string[];
}
