import { z } from 'zod';

const id = (label: string) =>
	z
		.string()
		.trim()
		.min(1, `${label} is empty`)
		.regex(/^[A-Za-z0-9_-]+$/, `${label} must be a Kounta id (digits), e.g. 93824701`);

export const idSchema = id;

/** ISO 3166-1 alpha-2, as Kounta documents for customer countries. */
const email = z.string().trim().email('must be an email address, e.g. ada@example.com');

/**
 * `POST /customers`: Kounta documents at least `first_name` and either `email` or `phone`;
 * `reference_id` is app-scoped (only this add-on sees it).
 */
export const customerCreateSchema = z
	.object({
		first_name: z.string().trim().min(1, 'is required'),
		last_name: z.string().trim().optional(),
		email: email.optional(),
		phone: z.string().trim().min(1).optional(),
		mobile: z.string().trim().min(1).optional(),
		reference_id: z.string().trim().min(1).optional(),
		description: z.string().optional(),
		tags: z.array(z.string().trim().min(1)).optional(),
	})
	.refine((value) => Boolean(value.email || value.phone), {
		message: 'Kounta needs an email or a phone number to create a customer',
		path: ['email'],
	});

/** `PUT /customers/{id}`: only the fields sent change (the documented field list is partial). */
export const customerUpdateSchema = z
	.object({
		first_name: z.string().trim().min(1).optional(),
		last_name: z.string().trim().optional(),
		email: email.optional(),
		phone: z.string().trim().optional(),
		mobile: z.string().trim().optional(),
		reference_id: z.string().trim().optional(),
		description: z.string().optional(),
		tags: z.array(z.string().trim().min(1)).optional(),
	})
	.refine((value) => Object.keys(value).length > 0, {
		message: 'choose at least one field to update',
	});

export const lineSchema = z.object({
	product_id: z.coerce
		.number({ invalid_type_error: 'must be a product id' })
		.int()
		.positive('must be a product id'),
	quantity: z.number().positive('must be more than 0'),
	unit_price: z.number().optional(),
	price_variation: z
		.number()
		.nonnegative('must be a multiplier, e.g. 0 for free, 0.9 for 10% off')
		.optional(),
	notes: z.string().optional(),
});

export const paymentSchema = z.object({
	method_id: z.coerce
		.number({ invalid_type_error: 'must be a payment method id' })
		.int()
		.positive('must be a payment method id'),
	amount: z.number({ invalid_type_error: 'must be a number' }),
	ref: z.string().trim().optional(),
});

export const priceVariationSchema = z.object({
	price_variation: z
		.number()
		.positive('must be above 0: 0.9 is 10% off, 1.15 a 15% surcharge')
		.max(10, 'looks wrong: a multiplier above 10'),
});

export const noteSchema = z.object({ note: z.string().trim().min(1, 'is empty') });

/** `POST /webhooks`: `topic`, `address`, `format`; headers only `Authorization` or `X-*` (not `X-Kounta*`). */
export const webhookCreateSchema = z.object({
	topic: z
		.string()
		.trim()
		.min(1, 'is empty')
		.regex(/^[a-z_]+\/[a-z_]+$/, 'must look like orders/completed'),
	address: z.string().trim().url('must be a full https URL'),
	format: z.enum(['json', 'xml']),
	filter: z.object({ site_ids: z.array(z.number().int().positive()) }).optional(),
	headers: z
		.record(z.string())
		.refine(
			(headers) =>
				Object.keys(headers).every((name) =>
					/^(authorization|x-(?!kounta)[a-z0-9-]+)$/i.test(name),
				),
			'Kounta accepts only Authorization or X-… headers, and none starting with X-Kounta',
		)
		.optional(),
});

export const orderStatusFilter = z.enum([
	'all',
	'complete',
	'submitted',
	'on_hold',
	'pending',
	'accepted',
	'rejected',
	'deleted',
	'discounted',
	'linkedcustomer',
]);
