/**
 * `npm run soak`: the flagship template (Influitive webhook → Reward Ledger claim → Kotis stock →
 * order → fulfil or refuse) and its reconciler under a long, dirty load, in single and in queue
 * mode (main + 2 workers + 2 webhook processors):
 *
 *  - N redemptions (default 1,000) made in the sandbox hub, each delivered to the flagship's webhook;
 *  - 30 % delivered twice: half at the same instant (queue mode: once to each webhook processor),
 *    half again at the end of the run (minutes later at N = 1,000);
 *  - 20 % of every Kotis and Influitive call faulted at random (seeded): 429 with Retry-After, 500,
 *    503, no answer (the transport's 30 s timeout), a dropped connection, malformed JSON;
 *  - then *Reconcile Now* until nothing is pending in the hub (at most `--rounds` runs). Between
 *    runs a "person" does what the reconciler's *Stop: Needs a Person* asked for, exactly as its
 *    message says (look the order up in Kotis and edit the ledger row; set attempts to 0; fulfil in
 *    the hub with the order named), and nothing else; whatever it cannot do stays pending and is printed.
 *
 * Prints one table (fulfilled, refused, pending, Kotis orders, double orders, double decisions, error
 * executions, wall time), then every error execution whose message names no action ("Action:", the
 * templates' convention). Influitive's 200 requests / 5 min is raised in the sandbox and the
 * credential, as `npm run bench` does. A reduced run (60 redemptions) is `test/e2e/soak.test.ts`.
 *
 *   npm run soak -- --count 1000 --modes single,queue --seed 1 --concurrency 8 --rounds 12
 */
import { parseArgs } from 'node:util';

import axios from 'axios';

import { SandboxClient } from '../../sandbox/client';
import { seededRandom } from '../../sandbox/core/faults';
import type { FaultSpec } from '../../sandbox/types';
import {
	listExecutions,
	publishFlagship,
	publishReconciler,
	reconcileUntilDone,
	settle,
	tally,
	type Flagship,
	type Harness,
} from '../../test/e2e/reconciler-helpers';
import type { Execution } from '../lib/n8n-api';
import { SINGLE_PROCESS_EXECUTION_LIMIT } from '../lib/n8n-instance';
import { INFLUITIVE_WEBHOOK_SECRET, startStack } from '../lib/stack';
import { attempt, pool, reasonSummary, runBench } from './common';

export const LEDGER_TABLE = 'rf_fulfillment_ledger';

const SENDER_RETRIES = 3;
const SENDER_RETRY_DELAY_MS = 5_000;

/** The fault mix: kind and weight (share of the faulted calls). No answer costs 30 s a time, so it is rarer. */
const FAULT_MIX: Array<{
	label: string;
	weight: number;
	spec: Pick<FaultSpec, 'kind' | 'status' | 'retryAfterSeconds'>;
}> = [
	{ label: '429 + Retry-After 1 s', weight: 4, spec: { kind: 'rateLimit', retryAfterSeconds: 1 } },
	{ label: '500', weight: 3, spec: { kind: 'status', status: 500 } },
	{ label: '503', weight: 4, spec: { kind: 'status', status: 503 } },
	{ label: 'no answer (timeout)', weight: 1, spec: { kind: 'hang' } },
	{ label: 'connection reset', weight: 3, spec: { kind: 'reset' } },
	{ label: 'malformed JSON', weight: 3, spec: { kind: 'malformed' } },
];

export const FAULT_MIX_TEXT = FAULT_MIX.map((f) => `${f.label} ${f.weight}`).join(', ');

/**
 * Probabilistic faults on every call to Kotis and Influitive, `share` in all: the sandbox tries
 * them in order and a spared call goes on to the next, so each kind's probability is its share of
 * what the kinds before it left.
 */
export function soakFaults(share: number, seed: number): FaultSpec[] {
	const total = FAULT_MIX.reduce((sum, f) => sum + f.weight, 0);
	return (['kotis', 'influitive'] as const).flatMap((vendor, v) => {
		let left = 1;
		return FAULT_MIX.map((f, k) => {
			const wanted = (share * f.weight) / total;
			const probability = wanted / left;
			left -= wanted;
			return { vendor, path: '*', times: 0, probability, seed: seed * 100 + v * 10 + k, ...f.spec };
		});
	});
}

export interface SoakTarget extends Harness {
	mode: 'single' | 'queue';
	/** Queue mode: each webhook processor's base URL (twins at the same instant go one to each). */
	webhookProcessorUrls: string[];
	/** The hub as its admin reaches it, for what the person is asked to do there (fulfil by hand). */
	hub: { baseUrl: string; token: string; orgId: string };
}

export interface SoakOptions {
	count: number;
	seed: number;
	/** Deliveries in flight at once. */
	concurrency: number;
	/** At most this many reconcile runs. */
	rounds: number;
	/** Longest wait for one reconcile run. */
	reconcileTimeoutMs: number;
	/** Longest wait for the flagship's runs to end after the last delivery. */
	settleTimeoutMs: number;
	log?: (line: string) => void;
}

export interface SoakResult {
	mode: string;
	count: number;
	deliveries: number;
	/** Deliveries n8n did not accept with 200, even after the sender's retries (the reconciler finishes those). */
	refusedDeliveries: string[];
	/** Deliveries sent again after a 5xx or no answer (counted in `deliveries` too). */
	resentDeliveries: number;
	/** Deliveries n8n accepted as new (200) whose run it never stored (the reconciler finishes those too). */
	acceptedWithoutRun: number;
	/** The ledger entry of each redemption still pending at the end, to see why nothing finished it. */
	pendingEntries: string[];
	fulfilled: number;
	refused: number;
	pending: number;
	/** Redemptions that ended otherwise than the stock said (fulfilled without stock, refused with stock). */
	unexpected: string[];
	orders: number;
	doubleOrders: number;
	doubleDecisions: number;
	errorExecutions: number;
	/** Error executions whose message names no action: `execution id (workflow, node): message`. */
	withoutAction: string[];
	/** What the person did, and what the person was asked but could not do. */
	personActions: number;
	personCannot: string[];
	reconcileRuns: number;
	/** Calls each vendor received, and how many met a fault. */
	faulted: Record<'kotis' | 'influitive', { calls: number; faulted: number }>;
	wallMs: number;
}

type Plan = { size: 'M' | 'L' | 'Medium'; twin: 'none' | 'now' | 'late' };

/** Redemption i: 80 % in stock (size M), 10 % out of stock (L), 10 % a size Kotis does not sell; 15 % twins now, 15 % later. */
function plan(count: number, seed: number): Plan[] {
	const random = seededRandom(seed);
	return Array.from({ length: count }, () => {
		const s = random();
		const t = random();
		return {
			size: s < 0.8 ? 'M' : s < 0.9 ? 'L' : 'Medium',
			twin: t < 0.15 ? 'now' : t < 0.3 ? 'late' : 'none',
		};
	});
}

/** Executions of a workflow that did not succeed, with their data. */
async function failedExecutions(target: SoakTarget, workflowId: string): Promise<Execution[]> {
	const failed = (await listExecutions(workflowId, target.n8n)).filter(
		(e) => !['success', 'running', 'new', 'waiting'].includes(e.status),
	);
	const withData: Execution[] = [];
	await pool(failed.length, 8, async (i) => {
		withData[i] = await target.n8n.execution(failed[i].id);
	});
	return withData;
}

/** Waits until the workflow has `count` finished executions. */
async function waitForRuns(
	target: SoakTarget,
	workflowId: string,
	count: number,
	timeoutMs: number,
	stallMs = 120_000,
): Promise<number> {
	const deadline = Date.now() + timeoutMs;
	let finished = -1;
	let progressAt = Date.now();
	for (;;) {
		const now = (await listExecutions(workflowId, target.n8n)).filter(
			(e) => !['running', 'new', 'waiting'].includes(e.status),
		).length;
		if (now !== finished) progressAt = Date.now();
		finished = now;
		// A delivery the trigger accepted can still end without a run: n8n answered, then failed to
		// store the execution (seen under a burst on SQLite: its writer lock timed out after 60 s).
		// None finishing for `stallMs` means none is coming; the reconciler finishes those redemptions.
		if (finished >= count || Date.now() - progressAt > stallMs) return finished;
		if (Date.now() > deadline)
			throw new Error(`${finished} of ${count} flagship runs finished after ${timeoutMs / 1000} s`);
		await new Promise((r) => setTimeout(r, 2000));
	}
}

/** `redemption <id>: <state> (<detail>), attempts <n>, changed <age> ago` for each id, or `no entry`. */
async function ledgerEntriesOf(target: SoakTarget, ids: number[]): Promise<string[]> {
	if (ids.length === 0) return [];
	const table = await target.n8n.dataTableByName(LEDGER_TABLE);
	const rows = table ? await target.n8n.dataTableRows(table) : [];
	const byKey = new Map(rows.map((row) => [String(row.key), row]));
	return ids.map((id) => {
		const row = byKey.get(`influitive:${id}`);
		if (!row) return `redemption ${id}: no ledger entry`;
		const age = ((Date.now() - Number(row.changed_ms)) / 1000).toFixed(0);
		return `redemption ${id}: ${String(row.state)} (${String(row.detail ?? '')}), attempts ${String(row.attempts ?? 0)}, changed ${age} s ago`;
	});
}

/** "Action:" in the message or description: what the templates' own stops and the reconciler's person messages say. */
export function namesAction(execution: Execution): boolean {
	const error = execution.data?.resultData.error;
	return /\bAction:/.test(`${error?.message ?? ''} ${error?.description ?? ''}`);
}

/** The person reading *Stop: Needs a Person*: does what each entry's action says, where it is something the sandbox lets us do. */
async function actAsPerson(
	target: SoakTarget,
	run: Execution,
): Promise<{ done: number; cannot: string[] }> {
	const message = run.status === 'success' ? '' : (run.data?.resultData.error?.message ?? '');
	const entries = message
		.replace(/^\d+ redemption\(s\) need a person\. /, '')
		.split(' | ')
		.filter((e) => /^Redemption \d+ /.test(e));
	if (entries.length === 0)
		return { done: 0, cannot: message ? [`reconcile run ${run.id}: ${message}`] : [] };
	const table = await target.n8n.dataTableByName(LEDGER_TABLE);
	if (!table) throw new Error(`no data table ${LEDGER_TABLE}`);
	const edit = async (key: string, data: Record<string, unknown>) => {
		const filter = { type: 'and', filters: [{ columnName: 'key', condition: 'eq', value: key }] };
		await target.n8n.http.patch(`/data-tables/${table}/rows/update`, {
			filter,
			data,
			returnData: true,
		});
	};
	const orders = await target.sandbox.kotis.orders();
	let done = 0;
	const cannot: string[] = [];
	for (const entry of entries) {
		const id = Number(/^Redemption (\d+) /.exec(entry)?.[1]);
		const key = `influitive:${id}`;
		if (entry.includes(`Action: look for order influitive-${id} in Kotis`)) {
			// "if the order exists, set vendor_ref to its order number, state to ordered and attempts to 0; if not, set state to failed and attempts to 0"
			const order = orders.find((o) => o.order_id === `influitive-${id}`);
			await edit(
				key,
				order
					? { state: 'ordered', vendor_ref: order.order_num, attempts: 0 }
					: { state: 'failed', attempts: 0 },
			);
			done += 1;
		} else if (
			/Action: (fix the cause|check the failed runs), then set attempts to 0/.test(entry)
		) {
			// The cause is the soak's own faults, which pass by themselves.
			await edit(key, { attempts: 0 });
			done += 1;
		} else {
			// "Action: fulfil it in the hub with order N, then set the row … to state decided"
			const order = /Action: fulfil it in the hub with order (\S+), then set the row/.exec(
				entry,
			)?.[1];
			if (order && (await fulfilInHub(target, id, order))) {
				await edit(key, { state: 'decided' });
				done += 1;
			} else cannot.push(entry);
		}
	}
	return { done, cannot };
}

/**
 * The person fulfilling a redemption in the hub by hand. The soak's faults hit every hub call, so
 * the person looks again and tries again (as one would in the hub's screen), up to 10 times.
 */
async function fulfilInHub(target: SoakTarget, id: number, order: string): Promise<boolean> {
	const { baseUrl, token, orgId } = target.hub;
	for (let i = 0; i < 10; i++) {
		if ((await target.sandbox.influitive.redemption(id)).status !== 'pending') return true;
		await axios
			.post(
				`${baseUrl}/reward_redemptions/${id}/decision/fulfill`,
				{ message: `Your reward is on its way (Kotis order ${order}).` },
				{
					headers: { Authorization: `Token ${token}`, X_ORG_ID: orgId },
					timeout: 10_000,
					validateStatus: () => true,
				},
			)
			.catch(() => undefined);
	}
	return (await target.sandbox.influitive.redemption(id)).status !== 'pending';
}

/**
 * One soak on a running stack: arranges the sandboxes, publishes the flagship and the reconciler,
 * delivers, reconciles, counts from the sandboxes' records and n8n's executions, unpublishes.
 */
export async function runSoak(target: SoakTarget, options: SoakOptions): Promise<SoakResult> {
	const log = options.log ?? (() => undefined);
	const { sandbox, n8n } = target;
	await sandbox.reset();
	await sandbox.influitive.resetRateLimit();
	await sandbox.kotis.setInventory([
		{
			sku: '107529-1-M',
			physical_quantity: options.count * 2,
			available_quantity: options.count * 2,
		},
		{ sku: '107529-1-L', physical_quantity: 0, available_quantity: 0 },
	]);
	await sandbox.influitive.setPoints('ada@example.com', options.count * 1000);
	const flagship: Flagship = await publishFlagship(target);
	// Due at once and stale after 3 s: the run waits for the flagship to finish before reconciling.
	const reconciler = await publishReconciler(
		{ pending_for_minutes: 0, stale_after_minutes: 0.05 },
		target,
	);
	try {
		const plans = plan(options.count, options.seed);
		for (const fault of soakFaults(0.2, options.seed)) await sandbox.addFault(fault);
		const twinUrls =
			target.mode === 'queue' && target.webhookProcessorUrls.length >= 2
				? target.webhookProcessorUrls
						.slice(0, 2)
						.map((base) => `${base}/webhook/${flagship.hookPath}`)
				: undefined;
		const refusedDeliveries: string[] = [];
		let deliveries = 0;
		// Deliveries the trigger took as new (not `duplicate`): each starts one flagship run.
		let started = 0;
		// Like most webhook senders (Influitive documents no retry policy), a delivery answered with a
		// 5xx or not at all is sent again, up to SENDER_RETRIES times, SENDER_RETRY_DELAY_MS apart.
		let resent = 0;
		const deliver = async (id: number, url: string, copies = 1, retriesLeft = SENDER_RETRIES) => {
			deliveries += copies;
			const sent = await attempt(
				async () =>
					await sandbox.influitive.deliver({
						url,
						redemptionId: id,
						copies,
						concurrent: true,
						query: { token: INFLUITIVE_WEBHOOK_SECRET },
					}),
			);
			if (!sent.ok) {
				refusedDeliveries.push(`delivering: ${sent.reason}`);
				return;
			}
			let again = 0;
			for (const d of sent.value.deliveries) {
				const body = (d.body ?? {}) as {
					received?: boolean;
					duplicate?: boolean;
					ignored?: boolean;
				};
				if (d.status === 200) {
					if (body.received && !body.duplicate && !body.ignored) started += 1;
				} else if ((!d.status || d.status >= 500) && retriesLeft > 0) again += 1;
				else refusedDeliveries.push(d.status ? `HTTP ${d.status}` : `no answer: ${d.error ?? '?'}`);
			}
			for (let i = 0; i < again; i++) {
				resent += 1;
				await new Promise((r) => setTimeout(r, SENDER_RETRY_DELAY_MS));
				await deliver(id, url, 1, retriesLeft - 1);
			}
		};

		const startedAt = Date.now();
		const ids: number[] = [];
		const late: number[] = [];
		await pool(options.count, options.concurrency, async (i) => {
			const { redemption } = await sandbox.influitive.createRedemption({
				member: 'ada@example.com',
				reward: 77,
				size: plans[i].size,
			});
			ids[i] = redemption.id;
			if (plans[i].twin === 'now') {
				if (twinUrls)
					await Promise.all(twinUrls.map(async (url) => await deliver(redemption.id, url)));
				else await deliver(redemption.id, flagship.hookUrl, 2);
			} else await deliver(redemption.id, flagship.hookUrl);
			if (plans[i].twin === 'late') late.push(redemption.id);
			if ((i + 1) % 100 === 0)
				log(`  ${i + 1} delivered (${((Date.now() - startedAt) / 1000).toFixed(0)} s)`);
		});
		log(
			`  ${options.count} delivered in ${((Date.now() - startedAt) / 1000).toFixed(0)} s; delivering ${late.length} again`,
		);
		await pool(
			late.length,
			options.concurrency,
			async (i) => await deliver(late[i], flagship.hookUrl),
		);
		// n8n's public API does not list a run still going in the main process (and a trigger that drops
		// repeats itself answers before n8n stores the run): so wait for as many finished runs as
		// deliveries started, then for none queued or running (queue mode lists those).
		const finishedRuns = await waitForRuns(target, flagship.id, started, options.settleTimeoutMs);
		await settle([flagship.id], options.settleTimeoutMs, target);
		log(`  flagship runs ended at ${((Date.now() - startedAt) / 1000).toFixed(0)} s; reconciling`);

		let personActions = 0;
		const personCannot: string[] = [];
		const runs = await reconcileUntilDone(reconciler, ids, {
			max: options.rounds,
			timeoutMs: options.reconcileTimeoutMs,
			harness: target,
			afterRun: async (run) => {
				const acted = await actAsPerson(target, run);
				personActions += acted.done;
				personCannot.push(...acted.cannot);
				const pending = (await tally(ids, target)).statusPer.filter((s) => s === 'pending').length;
				log(
					`  reconcile run ${run.id}: ${run.status}, the person acted on ${acted.done}, ${pending} pending (${((Date.now() - startedAt) / 1000).toFixed(0)} s)`,
				);
			},
		});
		const wallMs = Date.now() - startedAt;
		await sandbox.clearFaults();

		const { ordersPer, decisionsPer, statusPer, orders } = await tally(ids, target);
		const pendingEntries = await ledgerEntriesOf(
			target,
			ids.filter((_, i) => statusPer[i] === 'pending'),
		);
		const unexpected = ids
			.map((id, i) => ({
				id,
				want: plans[i].size === 'M' ? 'fulfilled' : 'refused',
				got: statusPer[i],
			}))
			.filter((r) => r.got !== 'pending' && r.got !== r.want)
			.map((r) => `redemption ${r.id}: ${r.got}, expected ${r.want}`);
		const failed = [
			...(await failedExecutions(target, flagship.id)),
			...(await failedExecutions(target, reconciler.id)),
		];
		const withoutAction = failed
			.filter((e) => !namesAction(e))
			.map(
				(e) =>
					`${e.id} (${e.workflowId === flagship.id ? 'flagship' : 'reconciler'}, ${e.data?.resultData.lastNodeExecuted ?? '?'}): ${e.data?.resultData.error?.message ?? e.status}`,
			);
		const calls = await sandbox.calls();
		const faulted = (vendor: string) => {
			const mine = calls.filter((c) => c.vendor === vendor);
			return { calls: mine.length, faulted: mine.filter((c) => c.fault).length };
		};
		return {
			mode: target.mode,
			count: options.count,
			deliveries,
			refusedDeliveries,
			resentDeliveries: resent,
			acceptedWithoutRun: Math.max(0, started - finishedRuns),
			pendingEntries,
			fulfilled: statusPer.filter((s) => s === 'fulfilled').length,
			refused: statusPer.filter((s) => s === 'refused').length,
			pending: statusPer.filter((s) => s === 'pending').length,
			unexpected,
			orders: orders.length,
			doubleOrders: ordersPer.filter((n) => n > 1).length,
			doubleDecisions: decisionsPer.filter((n) => n > 1).length,
			errorExecutions: failed.length,
			withoutAction,
			personActions,
			personCannot,
			reconcileRuns: runs.length,
			faulted: { kotis: faulted('kotis'), influitive: faulted('influitive') },
			wallMs,
		};
	} finally {
		await sandbox.clearFaults().catch(() => undefined);
		for (const id of [flagship.id, reconciler.id]) await n8n.unpublish(id).catch(() => undefined);
	}
}

/** The table, then what needs a look: error executions naming no action, refused deliveries, what the person could not do. */
export function formatSoak(results: SoakResult[]): string {
	const lines = [
		'| mode | redemptions | deliveries | fulfilled | refused | pending | Kotis orders | double orders | double decisions | error executions (no action named) | person actions | reconcile runs | wall time |',
		'| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |',
		...results.map(
			(r) =>
				`| ${r.mode} | ${r.count} | ${r.deliveries} | ${r.fulfilled} | ${r.refused} | ${r.pending} | ${r.orders} | ${r.doubleOrders} | ${r.doubleDecisions} | ` +
				`${r.errorExecutions} (${r.withoutAction.length}) | ${r.personActions} | ${r.reconcileRuns} | ${(r.wallMs / 1000).toFixed(0)} s |`,
		),
	];
	for (const r of results) {
		const share = ({ calls, faulted }: { calls: number; faulted: number }) =>
			`${faulted}/${calls} (${calls ? ((100 * faulted) / calls).toFixed(0) : 0} %)`;
		lines.push(
			`\n${r.mode}: faulted calls: Kotis ${share(r.faulted.kotis)}, Influitive ${share(r.faulted.influitive)}; person actions ${r.personActions}.`,
		);
		if (r.resentDeliveries > 0)
			lines.push(
				`${r.mode}: ${r.resentDeliveries} deliveries answered with a 5xx or not at all were sent again by the sender (${SENDER_RETRIES} times at most, ${SENDER_RETRY_DELAY_MS / 1000} s apart)`,
			);
		if (r.refusedDeliveries.length > 0)
			lines.push(
				`${r.mode}: deliveries n8n did not accept (after the sender's retries): ${reasonSummary(r.refusedDeliveries)}`,
			);
		if (r.acceptedWithoutRun > 0)
			lines.push(
				`${r.mode}: ${r.acceptedWithoutRun} deliveries were accepted (200) but n8n stored no run for them (look in its log for "Timeout waiting for lock"); the reconciler finished those redemptions`,
			);
		if (r.pendingEntries.length > 0)
			lines.push(
				`${r.mode}: still pending, with their ledger entries: ${r.pendingEntries.join('; ')}`,
			);
		if (r.unexpected.length > 0)
			lines.push(`${r.mode}: ended otherwise than the stock said: ${r.unexpected.join('; ')}`);
		if (r.withoutAction.length > 0) {
			const shapes = r.withoutAction.map((w) => w.replace(/^\d+ /, '').replace(/\d+/g, '#'));
			lines.push(
				`${r.mode}: error executions naming no action, by shape: ${reasonSummary(shapes)}`,
			);
			lines.push(`${r.mode}: e.g. ${r.withoutAction.slice(0, 3).join(' || ')}`);
		}
		if (r.personCannot.length > 0)
			lines.push(
				`${r.mode}: asked of the person but not done here: ${r.personCannot.join(' || ')}`,
			);
	}
	return lines.join('\n');
}

async function main(): Promise<void> {
	const { values } = parseArgs({
		options: {
			count: { type: 'string', default: '1000' },
			modes: { type: 'string', default: 'single,queue' },
			seed: { type: 'string', default: '1' },
			concurrency: { type: 'string', default: '8' },
			rounds: { type: 'string', default: '12' },
		},
	});
	const modes = (values.modes as string).split(',').map((m) => m.trim());
	for (const mode of modes)
		if (mode !== 'single' && mode !== 'queue')
			throw new Error(`--modes: unknown mode "${mode}" (single, queue)`);
	const options: SoakOptions = {
		count: Number(values.count),
		seed: Number(values.seed),
		concurrency: Number(values.concurrency),
		rounds: Number(values.rounds),
		reconcileTimeoutMs: 30 * 60_000,
		settleTimeoutMs: 30 * 60_000,
		log: (line) => console.log(line),
	};
	console.log(
		`Soak: ${options.count} redemptions per mode (${modes.join(', ')}), seed ${options.seed}, ${options.concurrency} deliveries in flight; ` +
			`30 % delivered twice (half at once${modes.includes('queue') ? ', in queue mode one to each webhook processor' : ''}, half again at the end); ` +
			`20 % of Kotis and Influitive calls faulted (weights: ${FAULT_MIX_TEXT}). ` +
			"Influitive's 200 requests / 5 min limit is raised in the sandbox and the credential, so the soak measures faults and duplicates, not the limit.",
	);
	const raised = 1_000_000;
	const results: SoakResult[] = [];
	for (const mode of modes as Array<'single' | 'queue'>) {
		console.log(
			`\nBooting ${mode === 'queue' ? 'queue mode: main + 2 workers + 2 webhook processors' : `one n8n (N8N_CONCURRENCY_PRODUCTION_LIMIT=${SINGLE_PROCESS_EXECUTION_LIMIT})`}...`,
		);
		const stack = await startStack({
			mode,
			// One process runs at most N8N_CONCURRENCY_PRODUCTION_LIMIT executions at once, as the README
			// advises ("Running at volume"): without it every delivery's execution starts at once and the
			// Reward Ledger's requests queue behind them. Queue mode's workers take 10 at a time anyway.
			...(mode === 'queue'
				? { workers: 2, webhookProcessors: 2 }
				: {
						n8nEnv: {
							N8N_CONCURRENCY_PRODUCTION_LIMIT: String(SINGLE_PROCESS_EXECUTION_LIMIT),
						},
					}),
			sandbox: { influitive: { rateLimit: { requests: raised, windowMs: 300_000 } } },
			credentialOverrides: { influitiveApi: { requestsPer5Minutes: raised } },
		});
		const stop = () => void stack.stop().finally(() => process.exit(130));
		process.once('SIGINT', stop);
		process.once('SIGTERM', stop);
		try {
			// A delivery waits for n8n's answer: a long admin timeout, so a slow n8n is counted, not a crash.
			const sandbox = new SandboxClient(stack.sandbox.url, { timeoutMs: 120_000 });
			const target: SoakTarget = {
				mode,
				n8n: stack.api,
				sandbox,
				credentials: stack.credentials,
				webhookProcessorUrls: stack.queue?.webhookProcessorUrls ?? [],
				hub: stack.sandbox.vendors.influitive,
			};
			results.push(await runSoak(target, options));
			console.log(formatSoak(results.slice(-1)));
		} finally {
			process.off('SIGINT', stop);
			process.off('SIGTERM', stop);
			await stack.stop();
		}
	}
	console.log(`\n${formatSoak(results)}`);
	console.log(
		'\nTarget: pending 0, double orders 0, double decisions 0, every error execution names an action.',
	);
	const missed = results.some(
		(r) =>
			r.pending > 0 || r.doubleOrders > 0 || r.doubleDecisions > 0 || r.withoutAction.length > 0,
	);
	if (missed) process.exitCode = 1;
}

if (require.main === module) runBench(main);
