import { z } from 'zod';

/**
 * Request-body schemas of the Influitive stand-in. Influitive publishes no error envelope; validation
 * failures answer 422 `{"errors": ["<field> ..."]}` (Rails style, shape inferred). Only `POST /events`
 * has a published schema; the other bodies follow the client code cited in influitive.md.
 */

/** Rails-style messages for a failed parse, one per issue. */
export function errorMessages(error: z.ZodError): string[] {
	return error.issues.map((issue) => {
		const path = issue.path.join('.');
		return path ? `${path} ${issue.message}` : issue.message;
	});
}

const idLike = z.union([z.string().min(1), z.number().int()]);

/** Published as a string (`"10"`); a JSON number is accepted as Rails would. Whole numbers only. */
const pointsText = z.union([
	z.string().regex(/^-?\d+$/, 'must be a whole number'),
	z.number().int('must be a whole number'),
]);

/** `POST /events` (R1): `type` and `contact` required; `stage` and `advocacy` are mutually exclusive. */
export const eventCreateSchema = z
	.object({
		type: z.string({ required_error: 'is required' }).trim().min(1, 'is required'),
		contact: z
			.object({
				id: idLike.optional(),
				email: z.string().email('is not a valid email').optional(),
				crm_contact_id: idLike.optional(),
			})
			.passthrough()
			.refine(
				(c) => c.id !== undefined || c.email !== undefined || c.crm_contact_id !== undefined,
				'needs one of id, email, crm_contact_id',
			),
		points: pointsText.optional(),
		stage: z
			.object({ code: z.string().min(1, 'is required') })
			.passthrough()
			.optional(),
		advocacy: z
			.object({
				advocacy_type: z.string().min(1, 'is required'),
				content: z.string().min(1, 'is required'),
				source_title: z.string().min(1, 'is required'),
				source_url: z.string().regex(/^https?:\/\/\S+$/, 'must be a full URL including https://'),
				occurred_at: z
					.string()
					.regex(/^\d{4}-\d{2}-\d{2}$/, 'must be YYYY-MM-DD')
					.optional(),
			})
			.passthrough()
			.optional(),
	})
	.passthrough()
	.refine((e) => !(e.stage && e.advocacy), {
		message: 'advocacy and stage cannot be sent together',
		path: [],
	});

/** `POST /members` ("Create a member identified by email", C1/C3). */
export const memberCreateSchema = z
	.object({
		email: z.string({ required_error: 'is required' }).email('is not a valid email'),
		name: z.string().optional(),
		first_name: z.string().optional(),
		last_name: z.string().optional(),
		source: z.string().optional(),
		title: z.string().optional(),
		company: z.string().optional(),
		salesforce_id: z.string().optional(),
		crm_contact_id: z.string().optional(),
		match_criteria: z.record(z.unknown()).optional(),
		type: z.string().optional(),
	})
	.passthrough();

const text = z.string();

/**
 * `POST /perks/reward/:rewardUuid` (R2). The published key `"send automatically"` has a space and a
 * string value; a boolean is accepted too. A body without it sends nothing automatically.
 */
export const perkSchema = z
	.object({
		contact_id: idLike,
		'send automatically': z.union([z.enum(['true', 'false']), z.boolean()]).optional(),
		shipping: z
			.object({
				address: text,
				address_2: text,
				city: text,
				state: text,
				zip: text,
				country: text,
				phone_number: text,
			})
			.partial()
			.passthrough()
			.optional(),
		message: z.string().optional(),
		sender_id: idLike.optional(),
	})
	.passthrough();

const person = z
	.object({
		first_name: z.string().optional(),
		last_name: z.string().optional(),
		email: z.string().email('is not a valid email'),
		title: z.string().optional(),
	})
	.passthrough();

/** `POST /referrals` (S4). */
export const referralCreateSchema = z.object({
	referral: z
		.object({
			prospect: person,
			contact: person.partial({ email: true }).extend({ id: idLike.optional() }),
			campaign_id: z.string().min(1, 'is required'),
		})
		.passthrough(),
});

/** `PUT /referrals/:id/milestones/:milestone` (C1). */
export const milestoneSchema = z.object({ feedback: z.string().nullish() }).passthrough();

/** `POST /messages/send` (C1). */
export const messageSendSchema = z
	.object({
		message: z.string().min(1, 'is required'),
		sender_uuid: z.string().min(1, 'is required'),
		recipient_uuid: z.string().min(1, 'is required'),
	})
	.passthrough();

// ----- admin bodies -----

const shippingInput = z
	.object({
		name: text,
		address: text,
		address_2: text,
		city: text,
		state: text,
		zip: text,
		country: text,
		phone_number: text,
	})
	.partial()
	.strict();

export const adminRedemptionSchema = z
	.object({
		member: idLike.optional(),
		memberId: idLike.optional(),
		email: z.string().optional(),
		reward: idLike.optional(),
		rewardId: idLike.optional(),
		rewardUuid: z.string().optional(),
		size: z.string().optional(),
		answers: z.array(z.object({ question: z.string(), answer: z.string() }).strict()).optional(),
		quantity: z.number().int().positive().optional(),
		shippingAddress: shippingInput.optional(),
	})
	.strict()
	.refine((i) => [i.member, i.memberId, i.email].filter((v) => v !== undefined).length === 1, {
		message: 'give exactly one of member, memberId, email',
	})
	.refine((i) => [i.reward, i.rewardId, i.rewardUuid].filter((v) => v !== undefined).length === 1, {
		message: 'give exactly one of reward, rewardId, rewardUuid',
	});

const stringMap = z.record(z.string());

export const adminDeliverSchema = z
	.object({
		url: z.string().url(),
		event: z.record(z.unknown()).optional(),
		redemptionId: idLike.optional(),
		copies: z.number().int().min(1).max(100).default(1),
		concurrent: z.boolean().default(false),
		headers: stringMap.optional(),
		query: stringMap.optional(),
		timeoutMs: z.number().int().min(1).max(120_000).default(30_000),
	})
	.strict()
	.refine((i) => (i.event === undefined) !== (i.redemptionId === undefined), {
		message: 'give either event or redemptionId',
	});

export const adminSubscriptionSchema = z
	.object({
		url: z.string().url(),
		events: z.array(z.string().min(1)).min(1).default(['reward_redemption_requested']),
		headers: stringMap.default({}),
		query: stringMap.default({}),
	})
	.strict();

/** `{points}` sets the balance, `{delta, reason?}` moves it. */
export const adminPointsSchema = z.union([
	z.object({ points: z.number().int(), reason: z.string().optional() }).strict(),
	z.object({ delta: z.number().int(), reason: z.string().optional() }).strict(),
]);

export const adminRewardSchema = z
	.object({
		name: z.string().min(1),
		points: z.number().int().min(0),
		id: z.number().int().positive().optional(),
		uuid: z.string().min(1).optional(),
		description: z.string().optional(),
		published: z.boolean().optional(),
		metadata: stringMap.optional(),
		questions: z.array(z.string()).optional(),
		approvalRequired: z.boolean().optional(),
		shippingInformation: z.boolean().optional(),
	})
	.strict();
