import { z } from 'zod';

// ---------------------------------------------------------------------------------------------
// Vendor facts: docs/vendor-facts.md. Webhook payload field names are exact (published webhook
// pages, e.g. https://developer.influence.io/reference/pointsredeemed); request body keys are mostly unpublished (inferred) and each
// operation says which is which in its help text.
// ---------------------------------------------------------------------------------------------

const id = z.union([z.string(), z.number()], {
	errorMap: (_issue, ctx) => ({
		message: ctx.data === undefined ? 'Required' : 'Expected a string or number',
	}),
});
const text = z.string().nullish();
const whole = z.number().int();

// ---------------------------------------------------------------------------------------------
// Webhook payloads, as published (docs/vendor-facts.md). Required: only what a consumer needs to act on the event; the rest
// is typed when present and passed through, so a new vendor field never rejects a delivery.
// ---------------------------------------------------------------------------------------------

const customerSchema = z
	.object({
		id,
		externalId: text,
		email: text,
		name: text,
		birthdayMonth: whole.nullish(),
		birthdayDay: whole.nullish(),
		referralUrl: text,
		pointBalance: z.number().nullish(),
		currentLoyaltyTier: z.object({ id: id.nullish(), title: text }).passthrough().nullish(),
		createdAt: text,
		updatedAt: text,
	})
	.passthrough();

const tierSchema = z
	.object({ id, title: text, threshold: z.union([z.string(), z.number()]).nullish() })
	.passthrough();

const rewardSchema = z
	.object({
		id: id.nullish(),
		couponCode: text,
		couponCodeStatus: text,
		discountType: text,
		discountAmount: z.number().nullish(),
	})
	.passthrough();

const pointsSchema = z
	.object({
		id,
		customer: customerSchema,
		action: text,
		points: whole,
		type: text,
		ruleId: text,
	})
	.passthrough();

const referralSchema = z
	.object({
		id,
		customer: customerSchema,
		friendCustomer: customerSchema.nullish(),
		friendEmail: text,
		customerReward: rewardSchema.nullish(),
		friendReward: rewardSchema.nullish(),
	})
	.passthrough();

export const TOPICS = [
	'customers/updated',
	'customers/tier_changed',
	'customers/tier_entry_reward_earned',
	'points/earned',
	'points/redeemed',
	'referrals/started',
	'referrals/completed',
] as const;
export type Topic = (typeof TOPICS)[number];

export const payloadSchemas: Record<Topic, z.ZodTypeAny> = {
	// The customer object itself, at top level.
	'customers/updated': customerSchema,
	'customers/tier_changed': z
		.object({ customer: customerSchema, oldTier: tierSchema.nullish(), newTier: tierSchema })
		.passthrough(),
	// No payload page is published for this topic: any JSON object is accepted, a customer checked when present.
	'customers/tier_entry_reward_earned': z
		.object({ customer: customerSchema.optional() })
		.passthrough(),
	'points/earned': pointsSchema,
	// The coupon text is the one thing a store needs to create the discount, so it is required.
	'points/redeemed': pointsSchema.extend({ couponCode: z.string().min(1), rewardType: text }),
	'referrals/started': referralSchema,
	'referrals/completed': referralSchema,
};

// ---------------------------------------------------------------------------------------------
// Responses. Unpublished shapes (docs/vendor-facts.md): the schemas check only what the code relies on.
// ---------------------------------------------------------------------------------------------

const record = z.object({}).passthrough();

/** `GET /v1/customers`: list key and cursor key are unpublished (docs/vendor-facts.md), so a bare array or an object holding one. */
export const customerPageSchema = z.union([
	z.array(record),
	z
		.object({
			customers: z.array(record).nullish(),
			data: z.array(record).nullish(),
			items: z.array(record).nullish(),
		})
		.passthrough(),
]);

const webhookSchema = z.object({ id }).passthrough();
export const webhookListSchema = z.union([
	z.array(webhookSchema),
	z
		.object({ webhooks: z.array(webhookSchema).nullish(), data: z.array(webhookSchema).nullish() })
		.passthrough(),
]);
/** Create answers the subscription, maybe wrapped as `{webhook: {...}}`. */
export const webhookCreatedSchema = z.union([
	z.object({ webhook: webhookSchema }).passthrough(),
	webhookSchema,
]);

// ---------------------------------------------------------------------------------------------
// What the node sends. Validated before any call so bad input fails naming the field.
// ---------------------------------------------------------------------------------------------

export const pathId = (label: string) =>
	z
		.string()
		.trim()
		.min(1, `${label} is empty`)
		.refine((value) => !/[/?#]/.test(value), `${label} must not contain / ? or #`);

export const FINANCIAL_STATUSES = [
	'authorized',
	'pending',
	'paid',
	'partially_paid',
	'refunded',
	'partially_refunded',
	'voided',
	'expired',
] as const;

export const pointsInputSchema = z
	.object({
		customerId: pathId('Customer ID'),
		points: z
			.number()
			.int('Points must be a whole number')
			.positive('Points must be greater than 0')
			.optional(),
		earnRuleId: z.string().trim().optional(),
		reason: z.string().optional(),
	})
	.refine((value) => value.points !== undefined || (value.earnRuleId ?? '') !== '', {
		message: 'Points must be greater than 0 unless an Earn Rule ID is given',
		path: ['points'],
	});

const jsonObject = z.record(z.unknown(), {
	invalid_type_error: 'every entry must be a JSON object',
});

export const orderInputSchema = z.object({
	orderId: pathId('Order ID'),
	financialStatus: z.enum(FINANCIAL_STATUSES).optional(),
	lineItems: z
		.array(jsonObject, { invalid_type_error: 'Line Items must be a JSON array of objects' })
		.optional(),
});

export const variantsInputSchema = z.object({
	productId: pathId('Product ID'),
	variants: z.array(jsonObject, { invalid_type_error: 'Variants must be a JSON array of objects' }),
});

export const webhookInputSchema = z.object({
	topic: z.string().trim().min(1, 'Topic is empty'),
	url: z.string().trim().url('URL must be a full http(s) URL'),
});
