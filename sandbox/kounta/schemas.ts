import { z } from 'zod';

/**
 * Request-body schemas of the Kounta stand-in (REST bodies as https://apidoc.kounta.com/ shows them, admin inputs).
 * Bodies are `.passthrough()`: the real API's full field list is not published, unknown keys are kept
 * out of the record but do not fail the request.
 */

const id = z.coerce
	.number({ invalid_type_error: 'must be a number' })
	.int('must be a whole number')
	.positive('must be positive');
const money = z.coerce.number({ invalid_type_error: 'must be a number' });

export function issueText(error: z.ZodError): string {
	return error.issues
		.map((i) => `${i.path.length > 0 ? i.path.join('.') : 'body'} ${i.message}`)
		.join('; ');
}

export const lineSchema = z
	.object({
		product_id: id,
		quantity: z.coerce.number().positive('must be positive').optional(),
		unit_price: money.optional(),
		price_variation: z.coerce
			.number()
			.min(0, 'must be a multiplier of 0 or more (0.9 = 10% off)')
			.optional(),
		notes: z.string().optional(),
		modifiers: z.array(id).optional(),
	})
	.passthrough();

export const paymentSchema = z
	.object({ method_id: id, amount: money, ref: z.string().optional() })
	.passthrough();

const ORDER_STATUSES = [
	'SUBMITTED',
	'ON_HOLD',
	'PENDING',
	'ACCEPTED',
	'REJECTED',
	'COMPLETE',
	'DELETED',
] as const;

/** Statuses are compared case-insensitively; `COMPLETED` (TandaHQ fixture) means `COMPLETE`. */
const status = z.preprocess(
	(v) =>
		typeof v === 'string' ? (v.toUpperCase() === 'COMPLETED' ? 'COMPLETE' : v.toUpperCase()) : v,
	z.enum(ORDER_STATUSES, {
		errorMap: () => ({ message: `must be one of ${ORDER_STATUSES.join(', ')}` }),
	}),
);

export const orderCreateSchema = z
	.object({
		status: status.optional(),
		sale_number: z.string().optional(),
		order_type: z.string().optional(),
		customer_id: id.optional(),
		site_id: id,
		placed_at: z.string().optional(),
		notes: z.string().optional(),
		callback_uri: z.string().optional(),
		price_variation: z.coerce.number().positive().optional(),
		lines: z.array(lineSchema).min(1, 'must hold at least one line'),
		payments: z.array(paymentSchema).optional(),
	})
	.passthrough();

export const orderUpdateSchema = z
	.object({
		status: status.optional(),
		notes: z.string().optional(),
		price_variation: z.coerce
			.number()
			.min(0, 'must be a multiplier of 0 or more (0.9 = 10% off)')
			.optional(),
		customer_id: id.nullable().optional(),
		lines: z.array(lineSchema).optional(),
		payments: z.array(paymentSchema).optional(),
	})
	.passthrough();

/** Documented minimum: `first_name` and either `email` or `phone` (4). */
export const customerCreateSchema = z
	.object({
		first_name: z.string({ required_error: 'is required' }).min(1, 'is required'),
		last_name: z.string().optional(),
		email: z.string().email('is not a valid email').optional(),
		phone: z.string().min(1).optional(),
		mobile: z.string().optional(),
		reference_id: z.string().optional(),
		tags: z.array(z.string()).optional(),
		image: z.string().optional(),
	})
	.passthrough()
	.refine((c) => c.email !== undefined || c.phone !== undefined, {
		message: 'needs email or phone',
		path: ['email'],
	});

export const customerUpdateSchema = z
	.object({
		first_name: z.string().min(1, 'must not be empty').optional(),
		last_name: z.string().optional(),
		email: z.string().email('is not a valid email').optional(),
		phone: z.string().optional(),
		mobile: z.string().optional(),
		reference_id: z.union([z.string(), z.number()]).transform(String).optional(),
		tags: z.array(z.string()).optional(),
		image: z.string().nullable().optional(),
	})
	.passthrough();

/** 6.1: only `Authorization` or `X-*` headers, and not `X-Kounta…`. */
const webhookHeaders = z.record(z.string()).superRefine((headers, ctx) => {
	for (const name of Object.keys(headers)) {
		const lower = name.toLowerCase();
		if (lower.startsWith('x-kounta'))
			ctx.addIssue({
				code: z.ZodIssueCode.custom,
				path: [name],
				message: 'X-Kounta headers are reserved',
			});
		else if (lower !== 'authorization' && !lower.startsWith('x-'))
			ctx.addIssue({
				code: z.ZodIssueCode.custom,
				path: [name],
				message: 'only Authorization or X-* headers are allowed',
			});
	}
});

const webhookFields = {
	topic: z.string({ required_error: 'is required' }).min(1, 'is required'),
	address: z
		.string({ required_error: 'is required' })
		.regex(/^https?:\/\/\S+$/, 'must be an http(s) URL'),
	format: z.enum(['json', 'xml'], { errorMap: () => ({ message: 'must be json or xml' }) }),
	headers: webhookHeaders,
	filter: z.object({ site_ids: z.array(id).optional() }).passthrough(),
};

export const webhookCreateSchema = z
	.object({
		...webhookFields,
		format: webhookFields.format.default('json'),
		headers: webhookFields.headers.default({}),
		filter: webhookFields.filter.default({}),
	})
	.passthrough();

/** PUT: only the attributes sent are replaced. */
export const webhookUpdateSchema = z
	.object({
		topic: webhookFields.topic.optional(),
		address: webhookFields.address.optional(),
		format: webhookFields.format.optional(),
		headers: webhookFields.headers.optional(),
		filter: webhookFields.filter.optional(),
	})
	.passthrough();

// ----- admin -----

export const adminCustomerSchema = z
	.object({
		first_name: z.string().min(1),
		last_name: z.string().optional(),
		email: z.string().optional(),
		phone: z.string().optional(),
		reference_id: z.string().optional(),
		tags: z.array(z.string()).optional(),
	})
	.strict();

export const adminOrderSchema = z
	.object({
		site_id: id.optional(),
		customer_id: id.optional(),
		status: status.optional(),
		notes: z.string().optional(),
		lines: z.array(lineSchema).min(1).optional(),
	})
	.strict();

export const adminLoyaltySchema = z
	.object({
		searchUrl: z.string().url().optional(),
		rewardsUrl: z.string().url().optional(),
		signatureSecret: z.string().min(1).optional(),
	})
	.strict();

export const adminDeliverSchema = z
	.object({
		url: z.string().url(),
		topic: z.string().min(1).default('orders/completed'),
		orderId: id.optional(),
		payload: z.unknown().optional(),
		headers: z.record(z.string()).optional(),
		/** false = leave `X-Kounta-Signature` out; a string = sign with this key instead. */
		sign: z.union([z.boolean(), z.string().min(1)]).default(true),
		copies: z.number().int().min(1).max(50).default(1),
		concurrent: z.boolean().default(false),
		timeoutMs: z.number().int().min(1).max(120_000).optional(),
	})
	.strict()
	.refine((d) => d.orderId !== undefined || d.payload !== undefined, {
		message: 'give orderId or payload',
		path: ['orderId'],
	});
