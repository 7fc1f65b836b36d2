import { randomUUID } from 'node:crypto';

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
	deletedRowsSchema,
	LEDGER_COLUMNS,
	ledgerEntrySchema,
	LOCK_COLUMNS,
	lockRowSchema,
	PRUNABLE_STATES,
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
 * update, so every caller sees who holds the row now. A process therefore takes a short lease on the
 * lock table's row (created together with the table: a table name is unique per project, so only
 * one process ever creates it), reads the keys it is claiming and inserts the absent ones while
 * holding it (see `ClaimBatcher`).
 */
const ledgerVendor: VendorProfile = {
	displayName: 'Reward Ledger',
	credentialType: 'rewardLedgerApi',
	credentialDisplayName: 'Reward Ledger API',
	credentialHint: 'the n8n API key and that it has the data table scopes',
	baseUrl: (credentials) => String(credentials.baseUrl ?? '').replace(/\/+$/, ''),
	secretFields: ['apiKey'],
	// A ledger call serves executions waiting on it (and a lease that lasts 30 s): retried briefly, never for minutes.
	retryBudgetMs: 10_000,
	extractError: firstError(messageField, emptyBodyError),
};

type LedgerRequestSpec = Parameters<typeof vendorRequest>[1];

/**
 * A call that took longer than this is logged as a warning: on a healthy n8n a ledger call takes
 * milliseconds, so a slow one says n8n (or its database) is overloaded before calls start failing.
 */
const SLOW_CALL_MS = 2_000;

/** One call to n8n's Data Table API; a slow answer is logged (method, path, seconds: no data). */
async function ledgerRequest(ctx: TransportContext, spec: LedgerRequestSpec) {
	const startedAt = Date.now();
	try {
		return await vendorRequest.call(ctx, ledgerVendor, spec);
	} finally {
		const tookMs = Date.now() - startedAt;
		if (tookMs > SLOW_CALL_MS) {
			ctx.logger.warn(
				`Reward Ledger: ${spec.method ?? 'GET'} ${String(spec.url).split('?')[0]} took ${(tookMs / 1000).toFixed(1)} s with any retries; n8n or its database is overloaded (see "Running at volume" in the package README)`,
			);
		}
	}
}

/**
 * The lock table holds one row, the ledger's lease (`bucket` 0). Tables made by an earlier version
 * hold 64; only row 0 is used.
 */
const LOCK_ROWS = 1;
const LEASE_BUCKET = 0;
/** How long a lock lease lasts if its holder dies; every call inside it is bounded well below. */
const LEASE_MS = 60_000;
/**
 * A call made while holding a lease; a slower answer fails the claim rather than outlive the lease
 * (LEASE_SAFETY_MS + this stays within LEASE_MS). 20 s: on a busy n8n with SQLite a single write
 * was measured at 10.2 s (`npm run bench`, 10 executions in flight), and a claim that fails there
 * leaves its redemption to the reconciler for no reason.
 */
const CALL_TIMEOUT_MS = 20_000;
/**
 * A call made outside a lease (record, get, take over). n8n on SQLite writes one transaction at a
 * time, and under a burst of executions a Data Table write can wait several seconds for its turn
 * (measured with `npm run bench`: 5 s was too short at 10 redemptions in flight); failing there
 * would leave an order's outcome unknown for no reason.
 */
const UNLEASED_TIMEOUT_MS = 30_000;
/** Past this much of the lease, the claim gives up instead of inserting. */
const LEASE_SAFETY_MS = 40_000;
/**
 * How long a claim waits for the lease: over two lease lengths, so a lease its holder could not give
 * back (a release lost under load, a process that died) has expired and been taken well before a
 * waiting claim gives up.
 */
const ACQUIRE_TIMEOUT_MS = 2 * LEASE_MS + 5_000;
const LOCK_ROWS_WAIT_MS = 10_000;
/**
 * A lock table this old without its row was left by a creator whose row insert failed (seen in
 * `npm run soak`: n8n's SQLite writer backed up during the first burst and the insert timed out, so
 * every later claim failed). By then that insert can no longer land (n8n gives up on its SQLite
 * write lock after 60 s, the ledger on the call after 20 s), so the table is deleted and made again.
 */
const ORPHANED_LOCK_TABLE_MS = 90_000;

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

export type ClaimResult =
	{ claimed: true; entry: LedgerEntry } | { claimed: false; entry: LedgerEntry };

/** Table ids by API base URL and table name, per process: they never change once created. */
const tableCache = new Map<string, Promise<LedgerTables>>();

type Filter = {
	type: 'and' | 'or';
	filters: Array<{ columnName: string; condition: string; value: unknown }>;
};

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

interface FoundTable {
	id: string;
	/** Column names, when n8n lists them with the table (2.41 does). */
	columns?: string[];
	/** When the table was made (epoch ms), when n8n says (2.41 does). */
	createdMs?: number;
}

async function findTable(
	ctx: TransportContext,
	name: string,
	itemIndex: number,
): Promise<FoundTable | undefined> {
	const response = await ledgerRequest(ctx, {
		method: 'GET',
		url: withQuery('/data-tables', { filter: JSON.stringify({ name }), limit: 250 }),
		itemIndex,
	});
	const list = parseVendorResponse.call(ctx, ledgerVendor, dataTableListSchema, response.body, {
		what: 'data table list',
		itemIndex,
	});
	const table = list.data.find((candidate) => candidate.name === name);
	if (!table) return undefined;
	const createdMs = table.createdAt ? Date.parse(table.createdAt) : NaN;
	return {
		id: table.id,
		columns: table.columns?.map((column) => column.name),
		...(Number.isFinite(createdMs) ? { createdMs } : {}),
	};
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
): Promise<FoundTable & { created: boolean }> {
	const existing = await findTable(ctx, name, itemIndex);
	if (existing) return { ...existing, created: false };
	const created = await createTable(ctx, name, columns, itemIndex);
	if (created) return { id: created, created: true };
	const raced = await findTable(ctx, name, itemIndex);
	if (!raced) {
		throw new NodeOperationError(
			ctx.getNode(),
			`Could not create or find the data table '${name}'`,
			{ itemIndex },
		);
	}
	return { ...raced, created: false };
}

/**
 * Adds the ledger columns a table made by an earlier version lacks (`reported_ms`). Best effort: a
 * claim never depends on them, so a failure here (another process adding the same column at the
 * same moment, an API key without the column scope) is left for the operation that needs the column
 * to report.
 */
async function ensureLedgerColumns(
	ctx: TransportContext,
	table: FoundTable,
	itemIndex: number,
): Promise<void> {
	if (!table.columns) return;
	const present = new Set(table.columns);
	for (const column of LEDGER_COLUMNS.filter((wanted) => !present.has(wanted.name))) {
		await vendorRequest
			.call(ctx, ledgerVendor, {
				method: 'POST',
				url: `/data-tables/${table.id}/columns`,
				body: { name: column.name, type: column.type },
				itemIndex,
			})
			.catch(() => undefined);
	}
}

async function countLockRows(
	ctx: TransportContext,
	locksId: string,
	itemIndex: number,
): Promise<number> {
	const response = await ledgerRequest(ctx, {
		method: 'GET',
		url: withQuery(`/data-tables/${locksId}/rows`, { limit: LOCK_ROWS }),
		itemIndex,
	});
	return parseVendorResponse.call(ctx, ledgerVendor, rowsPageSchema, response.body, {
		what: 'lock rows',
		itemIndex,
	}).data.length;
}

async function resolveTables(
	ctx: TransportContext,
	tableName: string,
	itemIndex: number,
	mayRepair = true,
): Promise<LedgerTables> {
	const ledger = await ensureTable(ctx, tableName, LEDGER_COLUMNS, itemIndex);
	if (!ledger.created) await ensureLedgerColumns(ctx, ledger, itemIndex);
	const locksName = `${tableName}_locks`;
	const locks = await ensureTable(ctx, locksName, LOCK_COLUMNS, itemIndex);
	if (locks.created) {
		// One insert, one transaction: the other processes see all lock rows or none. Never re-sent:
		// a copy landing after the first would make a second lock row, and with two rows two
		// processes could each hold one.
		await ledgerRequest(ctx, {
			method: 'POST',
			url: `/data-tables/${locks.id}/rows`,
			body: {
				data: Array.from({ length: LOCK_ROWS }, (_, bucket) => ({
					bucket,
					holder: '',
					until_ms: 0,
				})),
				returnType: 'count',
			},
			itemIndex,
		});
		return { ledgerId: ledger.id, locksId: locks.id };
	}
	const waitUntil = Date.now() + LOCK_ROWS_WAIT_MS;
	while ((await countLockRows(ctx, locks.id, itemIndex)) < LOCK_ROWS) {
		const waited = Date.now() > waitUntil;
		// Table creation is the one atomic step the API offers (names are unique), so an orphaned
		// lock table is made again rather than given a row here: two processes repairing at once
		// could otherwise insert two rows. Orphaned = old by n8n's clock and seen empty for the whole
		// wait by this process, so a clock that runs ahead of n8n's cannot make a young table look old.
		const orphaned =
			waited &&
			locks.createdMs !== undefined &&
			Date.now() - locks.createdMs > ORPHANED_LOCK_TABLE_MS;
		if (orphaned && mayRepair && (await deleteTable(ctx, locks.id, itemIndex))) {
			ctx.logger.warn(
				`Reward Ledger: the data table '${locksName}' had no lock row (its creator's insert failed); made it again`,
			);
			return await resolveTables(ctx, tableName, itemIndex, false);
		}
		if (waited) {
			throw new NodeOperationError(
				ctx.getNode(),
				`The data table '${locksName}' is missing its lock row`,
				{
					itemIndex,
					description: orphaned
						? `Delete the data table '${locksName}' in n8n (Overview → Data tables): the Reward Ledger's API key may not delete tables. The next claim recreates it with its row; the ledger table '${tableName}' itself is kept.`
						: `Its creator is still adding the row, or its insert failed; a lock table left without its row is made again once it is ${ORPHANED_LOCK_TABLE_MS / 1000} s old.`,
				},
			);
		}
		await sleep(200);
	}
	return { ledgerId: ledger.id, locksId: locks.id };
}

/** Deletes a table; true when it is gone (also when another process deleted it first). */
async function deleteTable(
	ctx: TransportContext,
	tableId: string,
	itemIndex: number,
): Promise<boolean> {
	try {
		await ledgerRequest(ctx, { method: 'DELETE', url: `/data-tables/${tableId}`, itemIndex });
		return true;
	} catch (error) {
		return httpStatusOf(error) === 404;
	}
}

/** The ledger's two tables, created on first use; cached per process. */
export async function ledgerTables(
	ctx: TransportContext,
	tableName: string,
	itemIndex: number,
): Promise<LedgerTables> {
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
	call: { timeoutMs: number; idempotent?: boolean } = { timeoutMs: CALL_TIMEOUT_MS },
): Promise<Array<Record<string, unknown>>> {
	const response = await ledgerRequest(ctx, {
		method: 'PATCH',
		url: `/data-tables/${tableId}/rows/update`,
		body: { filter, data, returnData: true } as IDataObject,
		timeoutMs: call.timeoutMs,
		...(call.idempotent ? { idempotent: true } : {}),
		itemIndex,
	});
	return parseVendorResponse.call(ctx, ledgerVendor, rowsSchema, response.body, {
		what: 'updated rows',
		itemIndex,
	});
}

async function selectRows(
	ctx: TransportContext,
	tableId: string,
	filter: Filter,
	itemIndex: number,
	limit = 10,
	timeoutMs = CALL_TIMEOUT_MS,
): Promise<Array<Record<string, unknown>>> {
	const response = await ledgerRequest(ctx, {
		method: 'GET',
		url: withQuery(`/data-tables/${tableId}/rows`, {
			filter: JSON.stringify(filter),
			sortBy: 'id:asc',
			limit,
		}),
		timeoutMs,
		itemIndex,
	});
	return parseVendorResponse.call(ctx, ledgerVendor, rowsPageSchema, response.body, {
		what: 'ledger rows',
		itemIndex,
	}).data;
}

function toEntry(ctx: TransportContext, row: unknown, itemIndex: number): LedgerEntry {
	return parseVendorResponse.call(ctx, ledgerVendor, ledgerEntrySchema, row, {
		what: 'ledger entry',
		itemIndex,
	});
}

export async function findEntry(
	ctx: TransportContext,
	tables: LedgerTables,
	key: string,
	itemIndex: number,
): Promise<LedgerEntry | undefined> {
	const rows = await selectRows(
		ctx,
		tables.ledgerId,
		filterOf([['key', 'eq', key]]),
		itemIndex,
		1,
		UNLEASED_TIMEOUT_MS,
	);
	return rows.length > 0 ? toEntry(ctx, rows[0], itemIndex) : undefined;
}

function mayReclaim(entry: LedgerEntry, options: ClaimOptions, now: number): boolean {
	if (RECLAIMABLE_STATES.includes(entry.state)) return true;
	return (
		entry.state === 'claimed' &&
		options.reclaimAfterMs > 0 &&
		now - entry.changed_ms > options.reclaimAfterMs
	);
}

/**
 * Claims `key` for this execution: first writer wins, across every n8n process sharing the
 * database. Returns the entry with its new token, or the existing entry (without its token) when
 * another execution holds or finished it.
 *
 * The claim joins this process's next batch for the ledger (see `ClaimBatcher`): every claim made
 * while a batch is on its way is settled by the following one, with one read and one insert for
 * all of them.
 */
export async function claim(
	ctx: TransportContext,
	tables: LedgerTables,
	key: string,
	options: ClaimOptions,
	itemIndex: number,
): Promise<ClaimResult> {
	let batcher = batchers.get(tables.locksId);
	if (!batcher) {
		batcher = new ClaimBatcher(tables);
		batchers.set(tables.locksId, batcher);
	}
	return await batcher.submit({ ctx, key, options, itemIndex });
}

interface PendingClaim {
	ctx: TransportContext;
	key: string;
	options: ClaimOptions;
	itemIndex: number;
}

interface Waiting extends PendingClaim {
	settle: (
		outcome:
			{ ok: true; result: ClaimResult } | { ok: false; error: unknown; madeBy: TransportContext },
	) => void;
}

interface Lease {
	holder: string;
	/** When the lease row was last written by us (local clock): the lease runs until LEASE_MS after. */
	writtenAt: number;
	/** When this process began holding it without a break. */
	heldSince: number;
}

/** One batcher per ledger (lock table) in this process. */
const batchers = new Map<string, ClaimBatcher>();

/** Keys per batch; the read lists them all in its query string, which stays well under n8n's 16 KB header limit. */
const MAX_BATCH_KEYS = 50;
const MAX_BATCH_FILTER_CHARS = 6_000;
/** A process that keeps claiming gives the lease back this often, so other processes get their turn. */
const MAX_HOLD_MS = 2_000;
/** Renew the lease row once it is this old. */
const RENEW_AFTER_MS = 10_000;
/** How often a process waiting for the lease looks at the lock row (a read; only a free row is written). */
const POLL_MIN_MS = 10;
const POLL_JITTER_MS = 30;

/**
 * This process's claims for one ledger, settled in batches under one lease.
 *
 * Why batches: on n8n's public API every request costs tens of milliseconds, writes most (SQLite
 * runs them one at a time). Claimed one by one, 10 claims in flight made 40 requests, 30 of them
 * writes, queueing behind each other. In a batch, all claims waiting in this process share one
 * read of their keys and one insert of the new ones, under one lease on the ledger's lock row,
 * which the process keeps while claims keep coming (up to MAX_HOLD_MS, then others get a turn).
 *
 * The lease is one row (bucket 0 of the lock table): of several processes setting its `holder`
 * from '' (or from an expired lease) only one succeeds, PostgreSQL running the update as one
 * `UPDATE … WHERE … RETURNING` and SQLite on its single writer. While holding it a process is the
 * only one inserting ledger entries, so "read the keys, insert the absent ones" is safe.
 */
class ClaimBatcher {
	private readonly queue: Waiting[] = [];
	private running = false;
	private lease: Lease | undefined;

	constructor(private readonly tables: LedgerTables) {}

	async submit(claimRequest: PendingClaim): Promise<ClaimResult> {
		const outcome = await new Promise<Parameters<Waiting['settle']>[0]>((settle) => {
			this.queue.push({ ...claimRequest, settle });
			if (!this.running) void this.drain();
		});
		if (outcome.ok) return outcome.result;
		if (outcome.madeBy === claimRequest.ctx) throw outcome.error;
		throw asClaimantError(claimRequest, outcome.error);
	}

	private async drain(): Promise<void> {
		this.running = true;
		try {
			while (this.queue.length > 0) {
				const batch = this.takeBatch();
				await this.settleBatch(batch);
				if (
					this.lease &&
					this.queue.length > 0 &&
					Date.now() - this.lease.heldSince > MAX_HOLD_MS
				) {
					// Give other processes their turn; they look every POLL_MIN_MS + jitter.
					await this.release(this.queue[0]);
					await sleep(POLL_MIN_MS + POLL_JITTER_MS);
				}
			}
		} finally {
			this.running = false;
			// A claim that arrived while the last batch was being settled starts the next round.
			if (this.queue.length > 0) void this.drain();
		}
	}

	private takeBatch(): Waiting[] {
		const batch: Waiting[] = [];
		let filterChars = 0;
		while (this.queue.length > 0 && batch.length < MAX_BATCH_KEYS) {
			const next = this.queue[0];
			filterChars += next.key.length * 3 + 80;
			if (batch.length > 0 && filterChars > MAX_BATCH_FILTER_CHARS) break;
			batch.push(this.queue.shift() as Waiting);
		}
		return batch;
	}

	private async settleBatch(batch: Waiting[]): Promise<void> {
		try {
			const ctx = ledgerContext(batch[0].ctx);
			await this.ensureLease(ctx, batch[0].itemIndex);
			const results = await claimBatchUnderLease(ctx, this.tables, batch, () => this.leaseIsSafe());
			// Nothing else waiting: give the lease back now, with a context whose execution (or webhook
			// request) is still waiting on this claim; a context used after it has finished cannot be
			// relied on to send anything. Claims waiting meanwhile keep the lease for the next batch.
			if (this.queue.length === 0) await this.release(batch[0]);
			batch.forEach((waiting, index) => waiting.settle({ ok: true, result: results[index] }));
		} catch (error) {
			if (this.queue.length === 0) await this.release(batch[0]);
			for (const waiting of batch) waiting.settle({ ok: false, error, madeBy: batch[0].ctx });
		}
	}

	private leaseIsSafe(): boolean {
		return this.lease !== undefined && Date.now() - this.lease.writtenAt < LEASE_SAFETY_MS;
	}

	private async ensureLease(ctx: TransportContext, itemIndex: number): Promise<void> {
		if (this.lease && Date.now() - this.lease.writtenAt < RENEW_AFTER_MS) return;
		if (this.lease) {
			const { holder } = this.lease;
			const writtenAt = Date.now();
			const rows = await updateRows(
				ctx,
				this.tables.locksId,
				leaseFilter(holder),
				{ until_ms: writtenAt + LEASE_MS },
				itemIndex,
			);
			if (holds(rows, holder)) {
				this.lease = { ...this.lease, writtenAt };
				return;
			}
			this.lease = undefined; // lost (we were too slow): take it again like anyone else
		}
		this.lease = await acquireLease(ctx, this.tables, itemIndex);
	}

	/**
	 * Gives the lease back. When that fails the lease is kept (it is still ours until it expires), so
	 * this process's next claim uses it instead of waiting for it to expire.
	 */
	private async release(source: PendingClaim): Promise<void> {
		const lease = this.lease;
		if (!lease) return;
		const ctx = ledgerContext(source.ctx);
		// Giving back is safe to repeat (only our holder value matches), so a lost answer is tried once more.
		for (let attempt = 0; attempt < 2; attempt++) {
			const released = await updateRows(
				ctx,
				this.tables.locksId,
				leaseFilter(lease.holder),
				{ holder: '', until_ms: 0 },
				source.itemIndex,
			).then(
				() => true,
				() => false,
			);
			if (released) {
				this.lease = undefined;
				return;
			}
		}
	}
}

/**
 * Ledger calls made for a batch are not cut short when one claimant's execution is cancelled: they
 * serve the others too. (n8n's request helper takes the abort signal from the context it is called
 * with, so the context answers "no signal".)
 */
function ledgerContext(ctx: TransportContext): TransportContext {
	return Object.create(ctx, {
		getExecutionCancelSignal: { value: () => undefined },
	}) as TransportContext;
}

/** A failure of a batch made with another execution's context, reported on this claimant's node and item. */
function asClaimantError(claimRequest: PendingClaim, error: unknown): Error {
	const failure = asNodeError(claimRequest.ctx, error, claimRequest.itemIndex);
	return new NodeOperationError(claimRequest.ctx.getNode(), failure.message, {
		itemIndex: claimRequest.itemIndex,
		description: failure.description ?? undefined,
	});
}

function leaseFilter(holder: string): Filter {
	return filterOf([
		['bucket', 'eq', LEASE_BUCKET],
		['holder', 'eq', holder],
	]);
}

/** The rows as they are after an update: ours only if our holder value stuck. */
function holds(rows: Array<Record<string, unknown>>, holder: string): boolean {
	return rows.some((row) => lockRowSchema.safeParse(row).data?.holder === holder);
}

async function acquireLease(
	ctx: TransportContext,
	tables: LedgerTables,
	itemIndex: number,
): Promise<Lease> {
	const holder = randomUUID();
	const giveUpAt = Date.now() + ACQUIRE_TIMEOUT_MS;
	for (;;) {
		const free = filterOf([
			['bucket', 'eq', LEASE_BUCKET],
			['holder', 'eq', ''],
		]);
		const expired = filterOf([
			['bucket', 'eq', LEASE_BUCKET],
			['until_ms', 'lt', Date.now()],
		]);
		for (const filter of [free, expired]) {
			const writtenAt = Date.now();
			const rows = await updateRows(
				ctx,
				tables.locksId,
				filter,
				{ holder, until_ms: writtenAt + LEASE_MS },
				itemIndex,
			);
			if (holds(rows, holder)) return { holder, writtenAt, heldSince: writtenAt };
		}
		// Held by another process: watch the row (a read) until it is free or expired, then try again.
		for (;;) {
			if (Date.now() > giveUpAt) {
				throw new NodeOperationError(
					ctx.getNode(),
					'The ledger stayed locked by other executions; nothing was claimed',
					{
						itemIndex,
						description: `The ledger's lock was held for over ${Math.round(ACQUIRE_TIMEOUT_MS / 1000)} s. Nothing was sent to a vendor; the redemption is untouched and can be retried.`,
					},
				);
			}
			await sleep(POLL_MIN_MS + Math.floor(Math.random() * POLL_JITTER_MS));
			const [row] = await selectRows(
				ctx,
				tables.locksId,
				filterOf([['bucket', 'eq', LEASE_BUCKET]]),
				itemIndex,
				1,
			);
			const lock = lockRowSchema.safeParse(row).data;
			if (!lock || lock.holder === '' || lock.until_ms < Date.now()) break;
		}
	}
}

/**
 * Settles a batch while holding the lease: one read of every key, one insert of the absent ones,
 * a compare-and-set for each entry taken over. A key claimed twice in one batch is claimed once;
 * the other claimants get Already Handled.
 */
async function claimBatchUnderLease(
	ctx: TransportContext,
	tables: LedgerTables,
	batch: PendingClaim[],
	leaseIsSafe: () => boolean,
): Promise<ClaimResult[]> {
	const itemIndex = batch[0].itemIndex;
	const keys = [...new Set(batch.map((request) => request.key))];
	const rows = await selectRows(
		ctx,
		tables.ledgerId,
		{
			type: 'or',
			filters: keys.map((key) => ({ columnName: 'key', condition: 'eq', value: key })),
		},
		itemIndex,
		Math.min(250, keys.length * 2),
	);
	// Rows come oldest first; the first row of a key is its entry (as `findEntry` reads it).
	const existing = new Map<string, LedgerEntry>();
	for (const row of rows) {
		const entry = toEntry(ctx, row, itemIndex);
		if (!existing.has(entry.key)) existing.set(entry.key, entry);
	}
	if (!leaseIsSafe()) {
		throw new NodeOperationError(
			ctx.getNode(),
			'The ledger answered too slowly to claim safely; nothing was claimed',
			{
				itemIndex,
				description:
					'Nothing was sent to a vendor. Check that n8n (and its database) is not overloaded, then retry.',
			},
		);
	}

	const settled = new Map<string, ClaimResult>();
	const firstRequest = new Map<string, PendingClaim>();
	for (const request of batch)
		if (!firstRequest.has(request.key)) firstRequest.set(request.key, request);
	const inserts: Array<{ key: string; token: string; row: IDataObject }> = [];
	const takeovers: Array<Promise<void>> = [];
	for (const [key, request] of firstRequest) {
		const current = existing.get(key);
		const now = (request.options.now ?? Date.now)();
		if (current && !mayReclaim(current, request.options, now)) {
			settled.set(key, { claimed: false, entry: { ...current, token: '' } });
			continue;
		}
		const token = randomUUID();
		const fields = {
			state: 'claimed' as LedgerState,
			claim_id: token,
			detail: request.options.detail ?? '',
			changed_ms: now,
			attempts: (current?.attempts ?? 0) + 1,
		};
		if (!current) {
			inserts.push({ key, token, row: { key, vendor_ref: '', ...fields } });
			continue;
		}
		takeovers.push(
			updateRows(
				ctx,
				tables.ledgerId,
				filterOf([
					['key', 'eq', key],
					['claim_id', 'eq', current.token],
				]),
				fields,
				itemIndex,
			).then((updated) => {
				const entry = updated
					.map((row) => toEntry(ctx, row, itemIndex))
					.find((row) => row.token === token);
				settled.set(
					key,
					entry ? { claimed: true, entry } : { claimed: false, entry: { ...current, token: '' } },
				);
			}),
		);
	}
	if (inserts.length > 0) {
		const response = await ledgerRequest(ctx, {
			method: 'POST',
			url: `/data-tables/${tables.ledgerId}/rows`,
			body: { data: inserts.map((insert) => insert.row), returnType: 'all' },
			timeoutMs: CALL_TIMEOUT_MS,
			itemIndex,
		});
		const inserted = parseVendorResponse.call(ctx, ledgerVendor, rowsSchema, response.body, {
			what: 'inserted rows',
			itemIndex,
		});
		for (const row of inserted) {
			const entry = toEntry(ctx, row, itemIndex);
			settled.set(entry.key, { claimed: true, entry });
		}
	}
	await Promise.all(takeovers);

	const handedOut = new Set<string>();
	return batch.map((request) => {
		const result = settled.get(request.key);
		if (!result) {
			throw new NodeOperationError(
				ctx.getNode(),
				`The ledger did not answer for the key '${request.key}'`,
				{ itemIndex },
			);
		}
		if (!result.claimed || !handedOut.has(request.key)) {
			handedOut.add(request.key);
			return result;
		}
		// A second claimant of the same key in this batch: the first one holds it.
		return { claimed: false, entry: { ...result.entry, token: '' } };
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
	const now = Date.now();
	const data: IDataObject = { state: changes.state, changed_ms: now };
	if (changes.vendorRef !== undefined && changes.vendorRef !== '')
		data.vendor_ref = changes.vendorRef;
	if (changes.detail !== undefined && changes.detail !== '') data.detail = changes.detail;
	// Safe to send again (the transport may, after a dropped answer): the same body sets the same
	// state, and `changed_ms <= now` keeps a copy that reaches n8n late from undoing a later record
	// of the same execution (records of one claim come from one process, one clock).
	const rows = await updateRows(
		ctx,
		tables.ledgerId,
		filterOf([
			['key', 'eq', key],
			['claim_id', 'eq', token],
			['changed_ms', 'lte', now],
		]),
		data,
		itemIndex,
		{ timeoutMs: UNLEASED_TIMEOUT_MS, idempotent: true },
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
			UNLEASED_TIMEOUT_MS,
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
	/**
	 * Only an entry whose detail starts with this, e.g. `fulfilled` for a redemption that was fulfilled
	 * (and not yet given back). Checked on the entry the compare-and-set is made against, so it holds
	 * like the state does.
	 */
	detailStartsWith?: string;
	/** Only an entry holding this vendor reference, e.g. the order a cancellation is about. Checked like the detail. */
	vendorRefIs?: string;
	/**
	 * Written in the same compare-and-set, e.g. `outcome_unknown` with "giving back 500 points": the
	 * entry then no longer matches what the next take-over looks for, so an execution that read it a
	 * moment later cannot take it over too.
	 */
	setState?: LedgerState;
	setDetail?: string;
	now?: () => number;
}

export type TakeOverResult =
	| { takenOver: true; entry: LedgerEntry }
	| {
			takenOver: false;
			reason: 'absent' | 'state' | 'detail' | 'reference' | 'recent' | 'changed';
			entry?: LedgerEntry;
	  };

/**
 * Gives a stuck entry a new token, keeping its state, vendor reference and detail (unless told to
 * set a new state or detail in the same write): a reconciler
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
	if (!options.states.includes(existing.state))
		return { takenOver: false, reason: 'state', entry: seen };
	if (options.detailStartsWith && !existing.detail.startsWith(options.detailStartsWith)) {
		return { takenOver: false, reason: 'detail', entry: seen };
	}
	if (options.vendorRefIs !== undefined && existing.vendor_ref !== options.vendorRefIs) {
		return { takenOver: false, reason: 'reference', entry: seen };
	}
	if (now() - existing.changed_ms < options.unchangedForMs)
		return { takenOver: false, reason: 'recent', entry: seen };
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
		{
			claim_id: token,
			changed_ms: now(),
			attempts: existing.attempts + 1,
			...(options.setState ? { state: options.setState } : {}),
			...(options.setDetail ? { detail: options.setDetail } : {}),
		},
		itemIndex,
		{ timeoutMs: UNLEASED_TIMEOUT_MS },
	);
	const entry = rows.map((row) => toEntry(ctx, row, itemIndex)).find((row) => row.token === token);
	if (entry) return { takenOver: true, entry };
	const current = await findEntry(ctx, tables, key, itemIndex);
	return {
		takenOver: false,
		reason: 'changed',
		entry: current ? { ...current, token: '' } : undefined,
	};
}

// ---------------------------------------------------------------------------------------------
// Mark Reported (for a reconciler's alerts) and Prune. Neither inserts, so neither needs the lease.
// ---------------------------------------------------------------------------------------------

export type MarkReportedResult =
	{ marked: true; entry: LedgerEntry } | { marked: false; entry?: LedgerEntry };

/**
 * Notes on the entry that a person was told about it now (`reported_ms`), leaving its state, token
 * and `changed_ms` alone: a reconciler reports an entry only when it changed since its last report,
 * or when that report is old. With `changedMs`, only while the entry is still as the reconciler read
 * it (an entry a person or an execution changed meanwhile is not marked, so its new state is
 * reported).
 */
export async function markReported(
	ctx: TransportContext,
	tables: LedgerTables,
	key: string,
	options: { changedMs?: number; now?: () => number },
	itemIndex: number,
): Promise<MarkReportedResult> {
	const conditions: Array<[string, string, unknown]> = [['key', 'eq', key]];
	if (options.changedMs !== undefined) conditions.push(['changed_ms', 'eq', options.changedMs]);
	const reportedAt = (options.now ?? Date.now)();
	let rows: Array<Record<string, unknown>>;
	try {
		rows = await updateRows(
			ctx,
			tables.ledgerId,
			filterOf(conditions),
			{ reported_ms: reportedAt },
			itemIndex,
		);
	} catch (error) {
		if (httpStatusOf(error) !== 400) throw asNodeError(ctx, error, itemIndex);
		throw new NodeOperationError(ctx.getNode(), "The ledger table has no 'reported_ms' column", {
			itemIndex,
			description:
				"Tables made before Mark Reported existed get the column on the ledger's first use by an n8n process; that failed here. Add a number column 'reported_ms' to the ledger table (Overview → Data tables), or check that the API key may add columns.",
		});
	}
	const entry = rows.map((row) => toEntry(ctx, row, itemIndex)).find((row) => row.key === key);
	if (entry) return { marked: true, entry: { ...entry, token: '' } };
	const current = await findEntry(ctx, tables, key, itemIndex);
	return { marked: false, entry: current ? { ...current, token: '' } : undefined };
}

export interface PruneOptions {
	/** Ledger entries in a final state (decided, released) last changed before this (epoch ms) go. */
	entriesChangedBefore: number;
	/** Delivery table and the age (epoch ms) before which its rows go; none to leave deliveries alone. */
	deliveries?: { tableName: string; changedBefore: number };
}

export interface PruneResult {
	ledgerTable: string;
	/** Entries deleted, per final state. */
	entriesDeleted: Record<string, number>;
	deliveryTable?: string;
	deliveriesDeleted: number;
}

/** Deletes the rows matching `filter` (n8n's public API: DELETE …/rows/delete); returns how many went. */
async function deleteRows(
	ctx: TransportContext,
	tableId: string,
	filter: Filter,
	itemIndex: number,
): Promise<number> {
	const response = await ledgerRequest(ctx, {
		method: 'DELETE',
		url: withQuery(`/data-tables/${tableId}/rows/delete`, {
			filter: JSON.stringify(filter),
			returnData: 'true',
		}),
		itemIndex,
	});
	const deleted = parseVendorResponse.call(ctx, ledgerVendor, deletedRowsSchema, response.body, {
		what: 'deleted rows',
		itemIndex,
	});
	return Array.isArray(deleted) ? deleted.length : 0;
}

/**
 * Deletes what the ledger no longer needs, so its tables stay small (n8n's Data Tables share one
 * size limit per instance): entries in a final state (decided, released) unchanged since before a
 * cut-off, and delivery rows older than theirs. An entry in any other state is never deleted, however
 * old. Each deletion is one statement with the state and age in its filter, so an entry a claim takes
 * over at the same moment (released → claimed) is either deleted before (the claim then finds nothing
 * to take over and reports Already Handled) or kept. Tables that do not exist are not created.
 */
export async function prune(
	ctx: TransportContext,
	tableName: string,
	options: PruneOptions,
	itemIndex: number,
): Promise<PruneResult> {
	if (options.deliveries && options.deliveries.tableName === tableName) {
		// Age alone decides there: on the ledger table it would delete entries still waiting for someone.
		throw new NodeOperationError(ctx.getNode(), 'The Delivery Table is the ledger table itself', {
			itemIndex,
			description:
				'Delivery rows are deleted by age alone, which would delete ledger entries still waiting for a person. Set Delivery Table to the table your triggers remember deliveries in (default rf_webhook_deliveries).',
		});
	}
	const result: PruneResult = { ledgerTable: tableName, entriesDeleted: {}, deliveriesDeleted: 0 };
	const ledger = await findTable(ctx, tableName, itemIndex);
	for (const state of PRUNABLE_STATES) {
		result.entriesDeleted[state] = ledger
			? await deleteRows(
					ctx,
					ledger.id,
					filterOf([
						['state', 'eq', state],
						['changed_ms', 'lt', options.entriesChangedBefore],
					]),
					itemIndex,
				)
			: 0;
	}
	if (options.deliveries) {
		result.deliveryTable = options.deliveries.tableName;
		const deliveries = await findTable(ctx, options.deliveries.tableName, itemIndex);
		if (deliveries) {
			// Delivery entries stay `claimed` (a delivery has no outcome): age alone decides.
			result.deliveriesDeleted = await deleteRows(
				ctx,
				deliveries.id,
				filterOf([['changed_ms', 'lt', options.deliveries.changedBefore]]),
				itemIndex,
			);
		}
	}
	return result;
}
