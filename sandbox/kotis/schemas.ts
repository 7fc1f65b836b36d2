import { z } from 'zod';

import { KOTIS_DELIVERY_STATUSES, KOTIS_ORDER_STATUSES } from './types';

/**
 * Request-body schemas of the Kotis stand-in. Validation messages mimic Rails
 * (`errors.full_messages.join(", ")`), which is what the documented detail
 * `"Sku 1 does not exist, Sku 2 does not exist"` looks like. Only the unknown-SKU message is
 * published; the others are invented in the same style.
 */

/** Rails-style scalar: null/missing becomes '', numbers and booleans become strings. */
const railsText = z.preprocess(
	(v) =>
		v === undefined || v === null
			? ''
			: typeof v === 'number' || typeof v === 'boolean'
				? String(v)
				: v,
	z.string(),
);

const isBlank = (s: string): boolean => s.trim() === '';

/**
 * A line quantity must be a positive integer, as a string (`"3"`, like the docs) or a number.
 * Strict on purpose: `" 3"`, `"3.0"`, `"0"`, `-1`, `1.5` are rejected.
 */
export function parseQuantity(value: unknown): number | undefined {
	if (typeof value === 'number')
		return Number.isSafeInteger(value) && value > 0 ? value : undefined;
	if (typeof value === 'string' && /^[0-9]+$/.test(value)) {
		const n = Number(value);
		return Number.isSafeInteger(n) && n > 0 ? n : undefined;
	}
	return undefined;
}

const kotisOrderLineSchema = z
	.object({
		sku: railsText,
		quantity: z.unknown(),
	})
	.passthrough();

const kotisAddressSchema = z
	.object({
		name: railsText,
		attention: railsText,
		address1: railsText,
		address2: railsText,
		city: railsText,
		state: railsText,
		zip: railsText,
		country: railsText,
		phone: railsText,
		address_type: railsText,
	})
	.passthrough();

const REQUIRED_ADDRESS_FIELDS = ['name', 'address1', 'city', 'zip'] as const;

/** Body of `POST /orders/create`, exactly the keys of the documented example. */
export const kotisOrderCreateSchema = z
	.object({
		email: railsText,
		shipping_method: railsText,
		order_id: railsText,
		skus: z.preprocess((v) => v ?? [], z.array(kotisOrderLineSchema)),
		address: z.preprocess((v) => v ?? {}, kotisAddressSchema),
	})
	.passthrough()
	.superRefine((order, ctx) => {
		const fail = (path: (string | number)[], message: string): void => {
			ctx.addIssue({ code: z.ZodIssueCode.custom, path, message });
		};
		if (isBlank(order.email)) fail(['email'], "Email can't be blank");
		if (order.skus.length === 0) fail(['skus'], "Skus can't be blank");
		order.skus.forEach((line, i) => {
			if (isBlank(line.sku)) fail(['skus', i, 'sku'], "Sku can't be blank");
			else if (parseQuantity(line.quantity) === undefined)
				fail(['skus', i, 'quantity'], `Sku ${line.sku} quantity must be a positive integer`);
		});
		for (const field of REQUIRED_ADDRESS_FIELDS) {
			if (isBlank(order.address[field]))
				fail(['address', field], `Address ${field} can't be blank`);
		}
	});

export type KotisOrderCreateBody = z.output<typeof kotisOrderCreateSchema>;

/** `shipping_method` → `Shipping method`, `address.city` → `Address city` (Rails `humanize`). */
function humanize(path: (string | number)[]): string {
	const words = path
		.filter((p): p is string => typeof p === 'string')
		.join(' ')
		.replace(/_/g, ' ');
	return words === '' ? 'Order' : words.charAt(0).toUpperCase() + words.slice(1);
}

/** Rails-like full messages for a failed parse, in schema order. */
export function fullMessages(error: z.ZodError): string[] {
	return error.issues.map((issue) =>
		issue.code === z.ZodIssueCode.custom ? issue.message : `${humanize(issue.path)} is invalid`,
	);
}

const codeCount = z.union([z.number(), z.string()]).optional();

/**
 * Body of `POST /redemption_codes/create` on the stores host. The real key names are UNPUBLISHED, so
 * this schema is deliberately permissive: the key may come as `API_KEY` (or `api_key`) in the body
 * (or in the Authorization header), the number of codes as `quantity` or `count` (default 1), and any
 * other key (a portal id, ...) is accepted and ignored.
 */
export const kotisRedemptionCreateSchema = z
	.object({
		API_KEY: railsText.optional(),
		api_key: railsText.optional(),
		quantity: codeCount,
		count: codeCount,
	})
	.passthrough();

const kotisInventoryRowSchema = z
	.object({
		id: z.union([z.string().min(1), z.number().int().nonnegative()]).optional(),
		sku: z.string().min(1),
		physical_quantity: z.number().int(),
		available_quantity: z.number().int(),
	})
	.strict();

/** Body of `PUT /__admin/kotis/inventory`: the complete new inventory. */
export const kotisInventorySchema = z
	.array(kotisInventoryRowSchema)
	.refine((rows) => new Set(rows.map((r) => r.sku)).size === rows.length, {
		message: 'duplicate sku',
	});

/** Body of `POST /__admin/kotis/orders/:orderNum/status`. */
export const kotisStatusPatchSchema = z
	.object({
		status: z.enum(KOTIS_ORDER_STATUSES).optional(),
		shipments: z
			.array(
				z
					.object({
						id: z.union([z.string().min(1), z.number().int().nonnegative()]).optional(),
						tracking_numbers: z.string().optional(),
						shipment_date: z.string().nullable().optional(),
						delivery_status: z.enum(KOTIS_DELIVERY_STATUSES).optional(),
						legacyStatusKey: z.boolean().optional(),
					})
					.strict(),
			)
			.optional(),
	})
	.strict();

/** Body of `POST /__admin/kotis/orders` (the rest of the order defaults to a demo recipient). */
export const kotisAdminOrderSchema = z
	.object({
		skus: z
			.array(z.object({ sku: z.string(), quantity: z.union([z.string(), z.number()]) }).strict())
			.min(1),
		email: z.string().optional(),
		shipping_method: z.string().optional(),
		order_id: z.string().optional(),
		address: z.record(z.string()).optional(),
	})
	.strict();
