import { z } from 'zod';

// ---------------------------------------------------------------------------------------------
// Responses. Influitive publishes almost none of them (see the vendor notes and
// REDEMPTION_PAYLOAD.md): the schemas check only what the code relies on and pass the rest through.
// ---------------------------------------------------------------------------------------------

const id = z.union([z.number(), z.string()]);
const nextLink = z.object({ next: z.string().nullish() }).passthrough().nullish();

/**
 * `GET /reward_redemptions`. Only `reward_id` and the `{reward_redemptions, contacts}` envelope are
 * known from public clients; the rest follows REDEMPTION_PAYLOAD.md and passes through untouched.
 */
export const redemptionPageSchema = z.object({
	reward_redemptions: z.array(
		z
			.object({
				id,
				uuid: z.string().nullish(),
				status: z.string().nullish(),
				reward_id: id.nullish(),
				contact_id: id.nullish(),
				created_at: z.string().nullish(),
			})
			.passthrough(),
	),
	contacts: z.array(z.object({ id }).passthrough()).nullish(),
	links: nextLink,
});
export type RedemptionPage = z.infer<typeof redemptionPageSchema>;

/** A queued redemption with its advocate joined from the page's side-loaded `contacts` (null when absent). */
export type Redemption = RedemptionPage['reward_redemptions'][number] & {
	contact: Record<string, unknown> | null;
};

/** `GET /contacts` (and group members): `{"links": {"self", "next"}, "contacts": [Member…]}`. */
export const contactsPageSchema = z.object({
	contacts: z.array(z.object({}).passthrough()).nullish(),
	links: nextLink,
});

/** `GET /members?email=`: an array (Go client, 2023); one client's fixture shows a single object. */
export const membersByEmailSchema = z.union([
	z.array(z.object({}).passthrough()),
	z.object({}).passthrough(),
	z.null(),
]);

/** `GET /referrals`: shape unpublished (docs/vendor-facts.md), so an array, or an object holding `referrals` (and maybe `links`). */
export const referralsPageSchema = z.union([
	z.array(z.object({}).passthrough()),
	z
		.object({ referrals: z.array(z.object({}).passthrough()).nullish(), links: nextLink })
		.passthrough(),
]);

/** `GET /external/rewards`: a JSON array (Elixir client); tolerate an object holding `rewards` too. */
export const rewardsSchema = z.union([
	z.array(z.object({}).passthrough()),
	z.object({ rewards: z.array(z.object({}).passthrough()).nullish() }).passthrough(),
]);

// ---------------------------------------------------------------------------------------------
// What the node sends. Validated before any call, so bad input fails naming the field.
// ---------------------------------------------------------------------------------------------

const text = (label: string) =>
	z
		.string({ required_error: `${label} is required`, invalid_type_error: `${label} must be text` })
		.trim()
		.min(1, `${label} is empty`);
// Piped, so an empty value reports only "is empty", not also "is not a valid email address".
const email = (label: string) =>
	text(label).pipe(z.string().email(`${label} is not a valid email address`));
const optionalText = z
	.string()
	.trim()
	.optional()
	.transform((value) => (value ? value : undefined));

const REDEMPTION_DECISIONS = ['fulfill', 'refuse'] as const;
/** `refuse`: the Elixir client (2023), matching the readme title "Refuse Reward Redemption". `reject`: the PHP SDK (2017). */
export const REFUSE_PATHS = ['refuse', 'reject'] as const;
/** `message`: what the PHP SDK sends. `feedback`: what challenge approvals use. Influitive publishes neither. */
export const MESSAGE_KEYS = ['message', 'feedback'] as const;

export const decisionInputSchema = z.object({
	redemptionId: text('Redemption ID'),
	decision: z.enum(REDEMPTION_DECISIONS, {
		errorMap: () => ({ message: 'Decision must be "fulfill" or "refuse"' }),
	}),
	message: z.string({ invalid_type_error: 'Message to Advocate must be text' }),
	refusePath: z.enum(REFUSE_PATHS, {
		errorMap: () => ({ message: 'Refuse Path must be "refuse" or "reject"' }),
	}),
	messageKey: z.enum(MESSAGE_KEYS, {
		errorMap: () => ({ message: 'Message Field must be "message" or "feedback"' }),
	}),
});

export const emailLookupSchema = z.object({ email: email('Email') });

export const memberCreateSchema = z.object({
	email: email('Email'),
	name: optionalText,
	title: optionalText,
	company: optionalText,
	source: optionalText,
	salesforce_id: optionalText,
	type: optionalText,
});
export type MemberCreateBody = z.infer<typeof memberCreateSchema>;

/** Ransack-style field names, e.g. `email`, `company`, `email_cont`: no brackets, spaces or `=`. */
export const searchQuerySchema = z.object({
	status: text('Status'),
	filters: z.array(
		z.object({
			field: text('Field').regex(
				/^[A-Za-z0-9_.]+$/,
				'Field may hold only letters, digits, "_" and ".", e.g. email',
			),
			value: z.string(),
		}),
	),
});

const ADVOCACY_FIELDS =
	'Advocacy Type, Advocacy Content, Advocacy Source Title, Advocacy Source URL';

/** `POST /events` (R1). `points` is a string in the published schema; `advocacy` and `stage` cannot be sent together. */
export const eventLogSchema = z
	.object({
		type: text('Event Type'),
		contact: z
			.object({
				id: optionalText,
				email: z.string().trim().email('is not a valid email address').optional(),
				crm_contact_id: optionalText,
			})
			.refine(
				(c) => Boolean(c.id || c.email || c.crm_contact_id),
				'is empty: identify the advocate by member ID, email or CRM contact ID',
			),
		points: z
			.string()
			.trim()
			.regex(/^-?\d+$/, 'must be a whole number, e.g. 500')
			.optional(),
		stage: z.object({ code: text('Stage Code') }).optional(),
		advocacy: z
			.object({
				advocacy_type: text('Advocacy Type'),
				content: text('Advocacy Content'),
				source_title: text('Advocacy Source Title'),
				source_url: text('Advocacy Source URL').regex(
					/^https?:\/\/\S+$/i,
					'Advocacy Source URL must be a full URL including https://',
				),
				occurred_at: z
					.string()
					.regex(/^\d{4}-\d{2}-\d{2}$/, 'Advocacy Date must be YYYY-MM-DD')
					.optional(),
			})
			.optional(),
	})
	.superRefine((event, ctx) => {
		if (event.stage && event.advocacy) {
			ctx.addIssue({
				code: z.ZodIssueCode.custom,
				message: `Stage Code and the Advocacy fields (${ADVOCACY_FIELDS}) cannot be sent together: Influitive accepts one or the other`,
			});
		}
	});
export type EventLogBody = z.infer<typeof eventLogSchema>;

/** The published perk `shipping` keys, plus `zip` (member addresses have it; the perk example does not). */
export const PERK_SHIPPING_KEYS = [
	'address',
	'address_2',
	'city',
	'state',
	'zip',
	'country',
	'phone_number',
] as const;

/** `POST /perks/reward/{reward_uuid}` (R2), keys as published, `"send automatically"` with its space. */
export const perkSendSchema = z.object({
	rewardUuid: text('Reward UUID'),
	body: z.object({
		contact_id: text('Advocate (Contact) ID'),
		'send automatically': z.enum(['true', 'false']),
		shipping: z.record(z.string()).optional(),
		message: optionalText,
		sender_id: z
			.number({ invalid_type_error: 'Sender ID must be a number' })
			.int('Sender ID must be a whole number')
			.positive('Sender ID must be a member ID above 0')
			.optional(),
	}),
});

export const messageSendSchema = z.object({
	// Checked for content but sent as written (line breaks and all).
	message: z
		.string({ required_error: 'Message is required' })
		.refine((m) => m.trim() !== '', 'Message is empty'),
	sender_uuid: text('Sender UUID'),
	recipient_uuid: text('Recipient UUID'),
});

const person = (who: string) =>
	z.object({
		first_name: optionalText,
		last_name: optionalText,
		email: email(`${who} Email`),
	});

/** `POST /referrals` (S4): `{"referral": {"prospect", "contact", "campaign_id"}}`. */
export const referralCreateSchema = z.object({
	referral: z.object({
		prospect: person('Prospect').extend({ title: optionalText }),
		contact: person('Advocate'),
		campaign_id: text('Campaign ID'),
	}),
});

export const referralAdvanceSchema = z.object({
	referralId: text('Referral ID'),
	milestone: text('Milestone').regex(
		/^[A-Za-z0-9_-]+$/,
		'Milestone must be a milestone code such as won',
	),
	feedback: z.string(),
});
