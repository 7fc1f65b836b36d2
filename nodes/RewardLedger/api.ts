import { createHash, randomUUID } from 'node:crypto';

import type { IDataObject } from 'n8n-workflow';
import { NodeOperationError, sleep } from 'n8n-workflow';

import {
	emptyBodyError,
	firstError,
	httpStatusOf,
	messageField,
	parseVendorResponse,
	vendorRequest,
	type TransportContext,
	type VendorProfile,
} from '../transport';
import { asNodeError } from '../shared/items';
import {
	dataTableListSchema,
	LEDGER_COLUMNS,
	ledgerEntrySchema,
	LOCK_COLUMNS,
	lockRowSchema,
	RECLAIMABLE_STATES,
	rowsPageSchema,
	rowsSchema,
	type LedgerEntry,
	type LedgerState,
} from './schemas';

/**
 * The ledger's store: two Data Tables of this n8n instance, reached through n8n's public API
 * (https://docs.n8n.io/api/api-reference/, "DataTable").
 *
 * Why a lock table: Data Tables have no unique constraint, so "insert unless a row exists" cannot be
 * one atomic statement. What is atomic is an update with a filter: on PostgreSQL n8n runs it as one
 * `UPDATE … WHERE … RETURNING`, so of several processes updating `holder` from '' only one matches;
 * on SQLite n8n runs it inside a transaction on its single writer and re-reads the rows after the
 * update, so every caller sees who holds the row now. The claim therefore takes a short lease on one
 * of a fixed set of lock rows (created once, together with the table: a table name is unique per
 * project, so only one process ever creates them), checks for the key and inserts it while holding
 * the lease, then gives the lease back. Claims for keys in other buckets do not wait for each other.
 */
export const ledgerVendor: VendorProfile = {
	displayName: 'Reward Ledger',
	credentialType: 'rewardLedgerApi',
	credentialDisplayName: 'Reward Ledger API',
	credentialHint: 'the n8n API key and that it has the data table scopes',
	baseUrl: (credentials) => String(credentials.baseUrl ?? '').replace(/\/+$/, ''),
	secretFields: ['apiKey'],
	extractError: firstError(messageField, emptyBodyError),
};

export const LOCK_BUCKETS = 64;
/** How long a lock lease lasts if its holder dies; every call inside it is bounded well below. */
const LEASE_MS = 30_000;
/** A call made while holding a lease; a slower answer fails the claim rather than outlive the lease. */
const CALL_TIMEOUT_MS = 5_000;
/** Past this much of the lease, the claim gives up instead of inserting. */
const LEASE_SAFETY_MS = 20_000;
const ACQUIRE_TIMEOUT_MS = LEASE_MS + 5_000;
const LOCK_ROWS_WAIT_MS = 10_000;

export interface LedgerTables {
	ledgerId: string;
	locksId: string;
}

export interface ClaimOptions {
	/** A `claimed` entry untouched for this long may be taken over (0 = never). */
	reclaimAfterMs: number;
	detail?: string;
	now?: () => number;
}

export type ClaimResult = { claimed: true; entry: LedgerEntry } | { claimed: false; entry: LedgerEntry };

/** Table ids by API base URL and table name, per process: they never change once created. */
const tableCache = new Map<string, Promise<LedgerTables>>();
/** One claim per bucket at a time within this process, so its own claims never contend for a lease. */
const bucketQueues = new Map<string, Promise<unknown>>();

export function bucketOf(key: string): number {
	return createHash('sha256').update(key).digest().readUInt32BE(0) % LOCK_BUCKETS;
}

type Filter = { type: 'and'; filters: Array<{ columnName: string; condition: string; value: unknown }> };

function filterOf(conditions: Array<[string, string, unknown]>): Filter {
	return {
		type: 'and',
		filters: conditions.map(([columnName, condition, value]) => ({ columnName, condition, value })),
	};
}

/**
 * n8n's public API wants reserved characters in query values percent-encoded, and the transport's
 * `qs` (serialised by n8n's request helper) leaves some of them as they are: tried, rejected with
 * "Parameter 'filter' must be url encoded". So the query is built here.
 */
function withQuery(path: string, query: Record<string, string | number>): string {
	const params = new URLSearchParams();
	for (const [name, value] of Object.entries(query)) params.set(name, String(value));
	return `${path}?${params.toString()}`;
}

async function findTable(ctx: TransportContext, name: string, itemIndex: number): Promise<string | undefined> {
	const response = await vendorRequest.call(ctx, ledgerVendor, {
		method: 'GET',
		url: withQuery('/data-tables', { filter: JSON.stringify({ name }), limit: 250 }),
		itemIndex,
	});
	const list = parseVendorResponse.call(ctx, ledgerVendor, dataTableListSchema, response.body, {
		what: 'data table list',
		itemIndex,
	});
	return list.data.find((table) => table.name === name)?.id;
}

/**
 * Creates the table; `undefined` when another process may have created it first: names are unique
 * per project, and n8n 2.41 answers a lost creation race with a 500 instead of its usual 409
 * (the caller looks the table up again either way).
 */
async function createTable(
	ctx: TransportContext,
	name: string,
	columns: ReadonlyArray<{ name: string; type: string }>,
	itemIndex: number,
): Promise<string | undefined> {
	try {
		const response = await vendorRequest.call<{ id?: string }>(ctx, ledgerVendor, {
			method: 'POST',
			url: '/data-tables',
			body: { name, columns: columns.map((column) => ({ ...column })) },
			itemIndex,
		});
		return typeof response.body?.id === 'string' ? response.body.id : undefined;
	} catch (error) {
		const status = httpStatusOf(error);
		if (status === 409 || status === 500) return undefined;
		throw asNodeError(ctx, error, itemIndex);
	}
}

async function ensureTable(
	ctx: TransportContext,
	name: string,
	columns: ReadonlyArray<{ name: string; type: string }>,
	itemIndex: number,
): Promise<{ id: string; created: boolean }> {
	const existing = await findTable(ctx, name, itemIndex);
	if (existing) return { id: existing, created: false };
	const created = await createTable(ctx, name, columns, itemIndex);
	if (created) return { id: created, created: true };
	const raced = await findTable(ctx, name, itemIndex);
	if (!raced) {
		throw new NodeOperationError(ctx.getNode(), `Could not create or find the data table '${name}'`, { itemIndex });
	}
	return { id: raced, created: false };
}

async function countLockRows(ctx: TransportContext, locksId: string, itemIndex: number): Promise<number> {
	const response = await vendorRequest.call(ctx, ledgerVendor, {
		method: 'GET',
		url: withQuery(`/data-tables/${locksId}/rows`, { limit: LOCK_BUCKETS }),
		itemIndex,
	});
	return parseVendorResponse.call(ctx, ledgerVendor, rowsPageSchema, response.body, { what: 'lock rows', itemIndex })
		.data.length;
}

async function resolveTables(ctx: TransportContext, tableName: string, itemIndex: number): Promise<LedgerTables> {
	const ledger = await ensureTable(ctx, tableName, LEDGER_COLUMNS, itemIndex);
	const locksName = `${tableName}_locks`;
	const locks = await ensureTable(ctx, locksName, LOCK_COLUMNS, itemIndex);
	if (locks.created) {
		// One insert, one transaction: the other processes see all lock rows or none.
		await vendorRequest.call(ctx, ledgerVendor, {
			method: 'POST',
			url: `/data-tables/${locks.id}/rows`,
			body: {
				data: Array.from({ length: LOCK_BUCKETS }, (_, bucket) => ({ bucket, holder: '', until_ms: 0 })),
				returnType: 'count',
			},
			itemIndex,
		});
		return { ledgerId: ledger.id, locksId: locks.id };
	}
	const waitUntil = Date.now() + LOCK_ROWS_WAIT_MS;
	while ((await countLockRows(ctx, locks.id, itemIndex)) < LOCK_BUCKETS) {
		if (Date.now() > waitUntil) {
			throw new NodeOperationError(ctx.getNode(), `The data table '${locksName}' is missing its ${LOCK_BUCKETS} lock rows`, {
				itemIndex,
				description: `Delete the data table '${locksName}' in n8n (Overview → Data tables); the next claim recreates it with its rows. The ledger table '${tableName}' itself is kept.`,
			});
		}
		await sleep(200);
	}
	return { ledgerId: ledger.id, locksId: locks.id };
}

/** The ledger's two tables, created on first use; cached per process. */
export async function ledgerTables(ctx: TransportContext, tableName: string, itemIndex: number): Promise<LedgerTables> {
	const credentials = await ctx.getCredentials(ledgerVendor.credentialType, itemIndex);
	const cacheKey = `${ledgerVendor.baseUrl(credentials)}|${tableName}`;
	let tables = tableCache.get(cacheKey);
	if (!tables) {
		tables = resolveTables(ctx, tableName, itemIndex);
		tableCache.set(cacheKey, tables);
		tables.catch(() => tableCache.delete(cacheKey));
	}
	return await tables;
}

async function updateRows(
	ctx: TransportContext,
	tableId: string,
	filter: Filter,
	data: IDataObject,
	itemIndex: number,
): Promise<Array<Record<string, unknown>>> {
	const response = await vendorRequest.call(ctx, ledgerVendor, {
		method: 'PATCH',
		url: `/data-tables/${tableId}/rows/update`,
		body: { filter, data, returnData: true } as IDataObject,
		timeoutMs: CALL_TIMEOUT_MS,
		itemIndex,
	});
	return parseVendorResponse.call(ctx, ledgerVendor, rowsSchema, response.body, { what: 'updated rows', itemIndex });
}

async function selectRows(
	ctx: TransportContext,
	tableId: string,
	filter: Filter,
	itemIndex: number,
	limit = 10,
): Promise<Array<Record<string, unknown>>> {
	const response = await vendorRequest.call(ctx, ledgerVendor, {
		method: 'GET',
		url: withQuery(`/data-tables/${tableId}/rows`, { filter: JSON.stringify(filter), sortBy: 'id:asc', limit }),
		timeoutMs: CALL_TIMEOUT_MS,
		itemIndex,
	});
	return parseVendorResponse.call(ctx, ledgerVendor, rowsPageSchema, response.body, { what: 'ledger rows', itemIndex }).data;
}

function toEntry(ctx: TransportContext, row: unknown, itemIndex: number): LedgerEntry {
	return parseVendorResponse.call(ctx, ledgerVendor, ledgerEntrySchema, row, { what: 'ledger entry', itemIndex });
}

/** Runs `work` after every earlier call for the same bucket in this process has finished. */
async function inBucketQueue<T>(queueKey: string, work: () => Promise<T>): Promise<T> {
	const previous = bucketQueues.get(queueKey) ?? Promise.resolve();
	const run = previous.then(work, work);
	const settled = run.then(
		() => undefined,
		() => undefined,
	);
	bucketQueues.set(queueKey, settled);
	void settled.then(() => {
		if (bucketQueues.get(queueKey) === settled) bucketQueues.delete(queueKey);
	});
	return await run;
}

async function acquireLease(ctx: TransportContext, tables: LedgerTables, bucket: number, itemIndex: number, now: () => number) {
	const holder = randomUUID();
	const giveUpAt = now() + ACQUIRE_TIMEOUT_MS;
	for (let attempt = 0; ; attempt++) {
		const free = filterOf([
			['bucket', 'eq', bucket],
			['holder', 'eq', ''],
		]);
		const expired = filterOf([
			['bucket', 'eq', bucket],
			['until_ms', 'lt', now()],
		]);
		for (const filter of [free, expired]) {
			const startedAt = now();
			const rows = await updateRows(ctx, tables.locksId, filter, { holder, until_ms: startedAt + LEASE_MS }, itemIndex);
			// The rows as they are after the update: ours only if our holder value stuck.
			if (rows.some((row) => lockRowSchema.safeParse(row).data?.holder === holder)) return { holder, startedAt };
		}
		if (now() > giveUpAt) {
			throw new NodeOperationError(ctx.getNode(), 'The ledger stayed locked by other executions; nothing was claimed', {
				itemIndex,
				description: `Lock ${bucket} of the ledger was held for over ${Math.round(ACQUIRE_TIMEOUT_MS / 1000)} s. Nothing was sent to a vendor; the redemption is untouched and can be retried.`,
			});
		}
		await sleep(5 + Math.floor(Math.random() * Math.min(200, 10 * 2 ** Math.min(attempt, 5))));
	}
}

async function releaseLease(ctx: TransportContext, tables: LedgerTables, bucket: number, holder: string, itemIndex: number) {
	await updateRows(
		ctx,
		tables.locksId,
		filterOf([
			['bucket', 'eq', bucket],
			['holder', 'eq', holder],
		]),
		{ holder: '', until_ms: 0 },
		itemIndex,
	);
}

export async function findEntry(
	ctx: TransportContext,
	tables: LedgerTables,
	key: string,
	itemIndex: number,
): Promise<LedgerEntry | undefined> {
	const rows = await selectRows(ctx, tables.ledgerId, filterOf([['key', 'eq', key]]), itemIndex, 1);
	return rows.length > 0 ? toEntry(ctx, rows[0], itemIndex) : undefined;
}

function mayReclaim(entry: LedgerEntry, options: ClaimOptions, now: number): boolean {
	if (RECLAIMABLE_STATES.includes(entry.state)) return true;
	return entry.state === 'claimed' && options.reclaimAfterMs > 0 && now - entry.changed_ms > options.reclaimAfterMs;
}

/**
 * Claims `key` for this execution: first writer wins, across every n8n process sharing the
 * database. Returns the entry with its new token, or the existing entry (without its token) when
 * another execution holds or finished it.
 */
export async function claim(
	ctx: TransportContext,
	tables: LedgerTables,
	key: string,
	options: ClaimOptions,
	itemIndex: number,
): Promise<ClaimResult> {
	const now = options.now ?? Date.now;
	const bucket = bucketOf(key);
	return await inBucketQueue(`${tables.locksId}:${bucket}`, async () => {
		const lease = await acquireLease(ctx, tables, bucket, itemIndex, now);
		try {
			const existing = await findEntry(ctx, tables, key, itemIndex);
			if (existing && !mayReclaim(existing, options, now())) return { claimed: false, entry: { ...existing, token: '' } };
			if (now() - lease.startedAt > LEASE_SAFETY_MS) {
				throw new NodeOperationError(ctx.getNode(), 'The ledger answered too slowly to claim safely; nothing was claimed', {
					itemIndex,
					description: 'Nothing was sent to a vendor. Check that n8n (and its database) is not overloaded, then retry.',
				});
			}
			const token = randomUUID();
			const fields = {
				state: 'claimed' as LedgerState,
				claim_id: token,
				detail: options.detail ?? '',
				changed_ms: now(),
				attempts: (existing?.attempts ?? 0) + 1,
			};
			if (!existing) {
				const response = await vendorRequest.call(ctx, ledgerVendor, {
					method: 'POST',
					url: `/data-tables/${tables.ledgerId}/rows`,
					body: { data: [{ key, vendor_ref: '', ...fields }], returnType: 'all' },
					timeoutMs: CALL_TIMEOUT_MS,
					itemIndex,
				});
				const rows = parseVendorResponse.call(ctx, ledgerVendor, rowsSchema, response.body, { what: 'inserted row', itemIndex });
				return { claimed: true, entry: toEntry(ctx, rows[0], itemIndex) };
			}
			const rows = await updateRows(
				ctx,
				tables.ledgerId,
				filterOf([
					['key', 'eq', key],
					['claim_id', 'eq', existing.token],
				]),
				fields,
				itemIndex,
			);
			const entry = rows.map((row) => toEntry(ctx, row, itemIndex)).find((row) => row.token === token);
			if (!entry) return { claimed: false, entry: { ...existing, token: '' } };
			return { claimed: true, entry };
		} finally {
			await releaseLease(ctx, tables, bucket, lease.holder, itemIndex).catch(() => undefined);
		}
	});
}

/**
 * Moves the entry held by `token` to `state`. Fails when the token no longer holds the entry (a
 * later claim took it over), so a late execution can never overwrite a newer one.
 */
export async function record(
	ctx: TransportContext,
	tables: LedgerTables,
	key: string,
	token: string,
	changes: { state: LedgerState; vendorRef?: string; detail?: string },
	itemIndex: number,
): Promise<LedgerEntry> {
	const data: IDataObject = { state: changes.state, changed_ms: Date.now() };
	if (changes.vendorRef !== undefined && changes.vendorRef !== '') data.vendor_ref = changes.vendorRef;
	if (changes.detail !== undefined && changes.detail !== '') data.detail = changes.detail;
	const rows = await updateRows(
		ctx,
		tables.ledgerId,
		filterOf([
			['key', 'eq', key],
			['claim_id', 'eq', token],
		]),
		data,
		itemIndex,
	);
	const entry = rows.map((row) => toEntry(ctx, row, itemIndex)).find((row) => row.token === token);
	if (entry) return entry;
	const current = await findEntry(ctx, tables, key, itemIndex);
	throw new NodeOperationError(
		ctx.getNode(),
		current
			? `This execution no longer holds the ledger entry '${key}' (it is '${current.state}' under another claim)`
			: `There is no ledger entry '${key}' to record on`,
		{
			itemIndex,
			description: current
				? 'Another execution claimed it after this one. Do not act on it from here: check the entry in the ledger table and the vendor before doing anything by hand.'
				: 'Claim the key with the Reward Ledger node (Claim) before recording on it, and pass the claim token along.',
		},
	);
}

/**
 * Entries in any of `states` last changed before `changedBefore` (epoch ms), oldest first, with their
 * tokens: a reconciler that has found out what happened records it with them.
 */
export async function listEntries(
	ctx: TransportContext,
	tables: LedgerTables,
	states: LedgerState[],
	changedBefore: number,
	limit: number,
	itemIndex: number,
): Promise<LedgerEntry[]> {
	const entries: LedgerEntry[] = [];
	for (const state of states) {
		const rows = await selectRows(
			ctx,
			tables.ledgerId,
			filterOf([
				['state', 'eq', state],
				['changed_ms', 'lt', changedBefore],
			]),
			itemIndex,
			Math.min(250, limit),
		);
		entries.push(...rows.map((row) => toEntry(ctx, row, itemIndex)));
	}
	return entries.sort((a, b) => a.changed_ms - b.changed_ms).slice(0, limit);
}

// ---------------------------------------------------------------------------------------------
// Take over (for a reconciler). Kept apart from `claim`: it never inserts, so it needs no lease.
// ---------------------------------------------------------------------------------------------

export interface TakeOverOptions {
	/** States the entry may be in to be taken over. */
	states: readonly LedgerState[];
	/** Only an entry unchanged for at least this long (its execution is over, not just slow). */
	unchangedForMs: number;
	now?: () => number;
}

export type TakeOverResult =
	| { takenOver: true; entry: LedgerEntry }
	| { takenOver: false; reason: 'absent' | 'state' | 'recent' | 'changed'; entry?: LedgerEntry };

/**
 * Gives a stuck entry a new token, keeping its state, vendor reference and detail: a reconciler
 * that takes over an `ordered` entry fulfils with the vendor reference it holds and records the
 * decision with the new token. Compare-and-set on the token, the state and `changed_ms` together:
 * `record` keeps the token, so the token alone would let a late `decided` of the first execution be
 * overwritten; any record or claim in between changes `changed_ms` (or the token) and the take-over
 * then finds nothing to update. Counts one more attempt, so a reconciler can give up after a few.
 */
export async function takeOver(
	ctx: TransportContext,
	tables: LedgerTables,
	key: string,
	options: TakeOverOptions,
	itemIndex: number,
): Promise<TakeOverResult> {
	const now = options.now ?? Date.now;
	const existing = await findEntry(ctx, tables, key, itemIndex);
	if (!existing) return { takenOver: false, reason: 'absent' };
	const seen = { ...existing, token: '' };
	if (!options.states.includes(existing.state)) return { takenOver: false, reason: 'state', entry: seen };
	if (now() - existing.changed_ms < options.unchangedForMs) return { takenOver: false, reason: 'recent', entry: seen };
	const token = randomUUID();
	const rows = await updateRows(
		ctx,
		tables.ledgerId,
		filterOf([
			['key', 'eq', key],
			['claim_id', 'eq', existing.token],
			['state', 'eq', existing.state],
			['changed_ms', 'eq', existing.changed_ms],
		]),
		{ claim_id: token, changed_ms: now(), attempts: existing.attempts + 1 },
		itemIndex,
	);
	const entry = rows.map((row) => toEntry(ctx, row, itemIndex)).find((row) => row.token === token);
	if (entry) return { takenOver: true, entry };
	const current = await findEntry(ctx, tables, key, itemIndex);
	return { takenOver: false, reason: 'changed', entry: current ? { ...current, token: '' } : undefined };
}
