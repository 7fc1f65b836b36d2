import { z } from 'zod';

/**
 * One row per reward redemption (or order, or points movement) that a workflow acts on. States:
 * - `claimed`: one execution owns it and may now call the vendor;
 * - `ordered`: the vendor accepted (vendor_ref holds its reference), the decision is still to come;
 * - `decided`: the end (fulfilled or refused; detail says which);
 * - `failed`: provably not done (nothing reached the vendor, or the vendor refused): a later claim may retry;
 * - `outcome_unknown`: a call that changes something was sent and no answer came: a person (or a
 *   lookup) must find out before anything is sent again;
 * - `released`: given back without acting: a later claim may take it.
 */
export const LEDGER_STATES = [
	'claimed',
	'ordered',
	'decided',
	'failed',
	'outcome_unknown',
	'released',
] as const;
export type LedgerState = (typeof LEDGER_STATES)[number];

/** States a new claim may take over (nothing was done, or it provably failed). */
export const RECLAIMABLE_STATES: readonly LedgerState[] = ['failed', 'released'];

/**
 * Final states: nothing will act on such an entry again, so Prune may delete it once it is old.
 * `claimed`, `ordered`, `failed` and `outcome_unknown` are never pruned: each still says something a
 * reconciler or a person must act on (or a claim that must keep holding).
 */
export const PRUNABLE_STATES: readonly LedgerState[] = ['decided', 'released'];

export const LEDGER_COLUMNS = [
	{ name: 'key', type: 'string' },
	{ name: 'state', type: 'string' },
	{ name: 'claim_id', type: 'string' },
	{ name: 'vendor_ref', type: 'string' },
	{ name: 'detail', type: 'string' },
	{ name: 'changed_ms', type: 'number' },
	{ name: 'attempts', type: 'number' },
	// When a reconciler last told a person about this entry (Mark Reported); 0 = never. Added to
	// tables made before it existed (see `ensureLedgerColumns` in api.ts).
	{ name: 'reported_ms', type: 'number' },
] as const;

export const LOCK_COLUMNS = [
	{ name: 'bucket', type: 'number' },
	{ name: 'holder', type: 'string' },
	{ name: 'until_ms', type: 'number' },
] as const;

const text = z
	.string()
	.nullish()
	.transform((value) => value ?? '');
const count = z
	.number()
	.nullish()
	.transform((value) => value ?? 0);

/** A ledger row; its `claim_id` column is the holder's token, called `token` in the node's output. */
export const ledgerEntrySchema = z
	.object({
		id: z.number(),
		key: z.string(),
		state: z.enum(LEDGER_STATES),
		claim_id: text,
		vendor_ref: text,
		detail: text,
		changed_ms: count,
		attempts: count,
		reported_ms: count,
	})
	.transform(({ claim_id, ...entry }) => ({ ...entry, token: claim_id }));
export type LedgerEntry = z.infer<typeof ledgerEntrySchema>;

export const lockRowSchema = z.object({
	id: z.number(),
	bucket: z.number(),
	holder: text,
	until_ms: count,
});

export const dataTableListSchema = z.object({
	data: z.array(
		z
			.object({
				id: z.string(),
				name: z.string(),
				columns: z.array(z.object({ name: z.string() }).passthrough()).optional(),
				createdAt: z.string().optional(),
			})
			.passthrough(),
	),
	nextCursor: z.string().nullish(),
});

export const rowsPageSchema = z.object({
	data: z.array(z.record(z.unknown())),
	nextCursor: z.string().nullish(),
});

/** The answer to a row deletion: the deleted rows with `returnData`, else `true`. */
export const deletedRowsSchema = z.union([z.array(z.record(z.unknown())), z.boolean()]);

/** Update and insert answers with `returnData`/`returnType: all`: the rows as they are now. */
export const rowsSchema = z.array(z.record(z.unknown()));
