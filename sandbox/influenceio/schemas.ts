import { z } from 'zod';

import type { OrderKeys, PointsKeys } from './options';
import { FINANCIAL_STATUSES, TOPICS } from './state';

/**
 * Request-body schemas of the Influence.io stand-in. Errors answer `{"message": "..."}` (C1 reads
 * `message`; the rest of the envelope is unpublished), one sentence naming each bad field. Keys the
 * docs leave unnamed come from options, so these are built per sandbox.
 */

/** `"<field>: <problem>"` for each issue, joined. */
export function issuesMessage(error: z.ZodError): string {
	return error.issues
		.map((issue) => {
			const path = issue.path.join('.');
			return path ? `${path}: ${issue.message}` : issue.message;
		})
		.join('; ');
}

const isoDate = z.string().refine((s) => !Number.isNaN(Date.parse(s)), 'must be an ISO 8601 date');

/** `PUT /v1/customers/{id}` (keys INFERRED from the customer object, 4.1). Other keys are kept out. */
export const customerPutSchema = z
	.object({
		email: z.string().email('must be an email address').optional(),
		firstName: z.string().optional(),
		lastName: z.string().optional(),
		birthdayMonth: z.number().int().min(1).max(12).nullable().optional(),
		birthdayDay: z.number().int().min(1).max(31).nullable().optional(),
		createdAt: isoDate.optional(),
	})
	.passthrough();

/** Award and deduct points: `points` (> 0, integer) unless an earn rule id is given (award only). */
export function pointsSchema(keys: PointsKeys, allowRule: boolean) {
	const shape: z.ZodRawShape = {
		[keys.points]: z
			.number({ invalid_type_error: 'must be a number' })
			.int('must be a whole number')
			.positive('must be greater than 0')
			.optional(),
		[keys.reason]: z.string().optional(),
		[keys.updateLastSeenAt]: z.boolean().optional(),
	};
	if (allowRule) shape[keys.earnRuleId] = z.string().min(1).optional();
	return z
		.object(shape)
		.passthrough()
		.superRefine((body, ctx) => {
			const b = body as Record<string, unknown>;
			if (b[keys.points] === undefined && (!allowRule || b[keys.earnRuleId] === undefined)) {
				ctx.addIssue({
					code: z.ZodIssueCode.custom,
					path: [keys.points],
					message: allowRule
						? `is required if you are not passing ${keys.earnRuleId}`
						: 'is required',
				});
			}
		});
}

export const membershipEnrollSchema = z
	.object({ membershipId: z.string().min(1).optional() })
	.passthrough();

const amount = z.union([
	z.number().min(0, 'must not be negative'),
	z.string().regex(/^\d+(\.\d+)?$/, 'must be a decimal amount like "12.50"'),
]);

/** `POST /v1/orders` and `PATCH /v1/orders/{id}` (keys INFERRED; see `OrderKeys`). */
export function orderSchema(keys: OrderKeys, mode: 'create' | 'update') {
	const shape: z.ZodRawShape = {
		[keys.customerId]: z.union([z.string().min(1), z.number()]).optional(),
		[keys.email]: z.string().email('must be an email address').optional(),
		[keys.total]: amount.optional(),
		[keys.currency]: z.string().optional(),
		[keys.financialStatus]: z
			.enum(FINANCIAL_STATUSES as [string, ...string[]], {
				errorMap: () => ({ message: `must be one of ${FINANCIAL_STATUSES.join(', ')}` }),
			})
			.optional(),
		[keys.lineItems]: z.array(z.record(z.unknown())).optional(),
		[keys.discountCodes]: z.array(z.union([z.string(), z.record(z.unknown())])).optional(),
	};
	if (mode === 'create')
		shape[keys.id] = z.union([z.string().min(1), z.number()], { required_error: 'is required' });
	return z.object(shape).passthrough();
}

export const productPutSchema = z
	.object({ variants: z.array(z.record(z.unknown())).optional() })
	.passthrough();

export function variantsSchema(idKey: string) {
	return z.array(
		z
			.object({
				[idKey]: z.union([z.string().min(1), z.number()], { required_error: 'is required' }),
			})
			.passthrough(),
		{ invalid_type_error: 'must be an array of variants' },
	);
}

export function webhookCreateSchema(urlKey: string) {
	return z
		.object({
			topic: z.enum(TOPICS, {
				errorMap: () => ({ message: `must be one of ${TOPICS.join(', ')}` }),
			}),
			[urlKey]: z
				.string({ required_error: 'is required' })
				.regex(/^https?:\/\/\S+$/, 'must be an http(s) URL'),
		})
		.passthrough();
}

export function webhookUpdateSchema(urlKey: string) {
	return z
		.object({
			topic: z
				.enum(TOPICS, { errorMap: () => ({ message: `must be one of ${TOPICS.join(', ')}` }) })
				.optional(),
			[urlKey]: z
				.string()
				.regex(/^https?:\/\/\S+$/, 'must be an http(s) URL')
				.optional(),
		})
		.passthrough();
}

// ----- admin bodies -----

const stringMap = z.record(z.string());

export const adminRedeemSchema = z
	.object({
		customer: z.string().min(1),
		ruleId: z.string().min(1).optional(),
		couponCode: z.string().min(1).optional(),
	})
	.strict();

export const adminDeliverSchema = z
	.object({
		url: z.string().url(),
		topic: z.string().min(1),
		payload: z.unknown().refine((p) => p !== undefined, 'is required'),
		webhookId: z.string().min(1).optional(),
		copies: z.number().int().min(1).max(100).default(1),
		concurrent: z.boolean().default(false),
		headers: stringMap.optional(),
		query: stringMap.optional(),
		timeoutMs: z.number().int().min(1).max(120_000).default(30_000),
	})
	.strict();

export const adminBulkSeedSchema = z
	.object({
		count: z.number().int().min(1).max(1_000_000),
		prefix: z.string().min(1).default('bulk-'),
		pointBalance: z.number().int().min(0).optional(),
	})
	.strict();

export const adminPointsSchema = z.union([
	z.object({ points: z.number().int(), reason: z.string().optional() }).strict(),
	z.object({ delta: z.number().int(), reason: z.string().optional() }).strict(),
]);

export const adminWebhookSchema = z
	.object({ topic: z.enum(TOPICS), url: z.string().url() })
	.strict();
