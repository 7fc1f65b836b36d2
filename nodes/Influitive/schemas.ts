import { z } from 'zod';

const id = z.union([z.number(), z.string()]);

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
	links: z.object({ next: z.string().nullish() }).passthrough().nullish(),
});

export type Redemption = z.infer<typeof redemptionPageSchema>['reward_redemptions'][number] & {
	contact: Record<string, unknown> | null;
};

/** `POST /events`: `advocacy` and `stage` cannot be sent together (published). */
export const eventLogSchema = z
	.object({
		type: z.string().trim().min(1, 'Event Type is empty: enter the API code of the custom event'),
		contact: z
			.object({ id: z.string().optional(), email: z.string().email('is not a valid email').optional(), crm_contact_id: z.string().optional() })
			.refine((c) => Boolean(c.id || c.email || c.crm_contact_id), 'Identify the advocate by ID, email or CRM contact ID'),
		points: z.string().regex(/^-?\d+$/, 'Points must be a whole number').optional(),
		stage: z.object({ code: z.string().min(1) }).optional(),
		advocacy: z
			.object({
				advocacy_type: z.string().min(1, 'is required'),
				content: z.string().min(1, 'is required'),
				source_title: z.string().min(1, 'is required'),
				source_url: z.string().url('must be a full URL including https://'),
				occurred_at: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be YYYY-MM-DD').optional(),
			})
			.optional(),
	})
	.refine((e) => !(e.stage && e.advocacy), { message: 'Stage Code and Advocacy cannot be sent together', path: ['stage'] });
