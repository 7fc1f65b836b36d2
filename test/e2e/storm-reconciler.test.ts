import type { Execution } from '../../scripts/lib/n8n-api';
import { ledgerEntry } from './ledger-helpers';
import {
	allRuns,
	publishFlagship,
	publishReconciler,
	reconcileUntilDone,
	settle,
	sleep,
	tally,
	type Flagship,
	type Reconciler,
} from './reconciler-helpers';
import { e2e } from './state';

const { n8n, sandbox } = e2e();

const STORM_MS = 60_000;
const REDEMPTIONS = 10;
type FaultKind =
	| { kind: 'rateLimit'; retryAfterSeconds: number }
	| { kind: 'status'; status: number }
	| { kind: 'hang' }
	| { kind: 'afterApply'; status: number };

/**
 * A storm on one vendor: for `STORM_MS` every request to it gets the next fault of `rotation`
 * (one fault per request, in turn), then the vendor answers normally again. Requests already
 * hanging stay hung until the client gives up (the transport's 30 s timeout).
 */
async function storm(
	vendor: 'kotis' | 'influitive',
	rotation: FaultKind[],
): Promise<() => Promise<void>> {
	for (let i = 0; i < 600; i++)
		await sandbox.addFault({ vendor, path: '*', times: 1, ...rotation[i % rotation.length] });
	const armedAt = Date.now();
	return async () => {
		await sleep(Math.max(0, armedAt + STORM_MS - Date.now()));
		await sandbox.clearFaults();
	};
}

/** Redemptions arriving at the flagship's webhook one every 2 s: 8 in stock, one out of stock, one in a size Kotis does not sell. */
async function redeemDuringStorm(
	flagship: Flagship,
): Promise<{ ids: number[]; inStock: number[] }> {
	const ids: number[] = [];
	const inStock: number[] = [];
	for (let i = 0; i < REDEMPTIONS; i++) {
		const size = i === 3 ? 'L' : i === 6 ? 'Medium' : 'M';
		const { redemption } = await sandbox.influitive.createRedemption({
			member: i % 2 ? 'grace@example.com' : 'ada@example.com',
			reward: 77,
			size,
		});
		ids.push(redemption.id);
		if (size === 'M') inStock.push(redemption.id);
		await flagship.deliver(redemption.id);
		await sleep(2000);
	}
	return { ids, inStock };
}

function summary(
	label: string,
	flagshipRuns: Execution[],
	reconcileRuns: Execution[],
	ids: number[],
) {
	const stops = flagshipRuns
		.filter((e) => e.status !== 'success')
		.map((e) => e.data?.resultData.lastNodeExecuted ?? '?');
	const byNode = Object.entries(
		stops.reduce<Record<string, number>>(
			(acc, node) => ({ ...acc, [node]: (acc[node] ?? 0) + 1 }),
			{},
		),
	);
	const finished = reconcileRuns.flatMap((r) => [
		...allRuns(r, 'Mark Decided'),
		...allRuns(r, 'Mark Fulfilled'),
	]).length;
	console.log(
		`[storm ${label}] ${ids.length} redemptions during a ${STORM_MS / 1000} s storm: ${flagshipRuns.length - stops.length} finished by the flagship within the transport budget, ` +
			`${stops.length} stopped (${byNode.map(([node, n]) => `${n} at ${node}`).join(', ') || 'none'}), ${finished} finished by ${reconcileRuns.length} reconcile run(s)`,
	);
}

describe('storm: ~60 s of 429 / 503 / timeouts while 10 redemptions arrive at the webhook flagship', () => {
	let flagship: Flagship;
	let reconciler: Reconciler;

	/**
	 * What both cases do: the storm on `vendor` while 10 redemptions arrive, every flagship run
	 * finished, then *Reconcile Now* until none is pending; then the checks both cases make.
	 */
	async function stormThenReconcile(vendor: 'kotis' | 'influitive', rotation: FaultKind[]) {
		const calm = await storm(vendor, rotation);
		const earlier = new Set((await n8n.executions(flagship.id)).map((e) => e.id));
		const { ids, inStock } = await redeemDuringStorm(flagship);
		await calm();
		await settle([flagship.id]);
		const flagshipRuns = (
			await n8n.waitForExecutions(flagship.id, earlier.size + REDEMPTIONS)
		).filter((e) => !earlier.has(e.id));
		expect(flagshipRuns).toHaveLength(REDEMPTIONS);
		const runs = await reconcileUntilDone(reconciler, ids);
		summary(vendor, flagshipRuns, runs, ids);

		expect(runs.map((r) => r.status)).toEqual(runs.map(() => 'success'));
		const { ordersPer, decisionsPer, statusPer } = await tally(ids);
		expect(statusPer).toEqual(ids.map((id) => (inStock.includes(id) ? 'fulfilled' : 'refused')));
		expect(ordersPer).toEqual(ids.map((id) => (inStock.includes(id) ? 1 : 0)));
		// Decision requests that reached the hub's handler: one per redemption, none re-sent after it landed.
		expect(decisionsPer).toEqual(ids.map(() => 1));
		expect(await sandbox.influitive.redemptions('pending')).toEqual([]);
		return { ids, inStock, flagshipRuns };
	}

	beforeAll(async () => {
		flagship = await publishFlagship();
		reconciler = await publishReconciler({ pending_for_minutes: 0, stale_after_minutes: 0.05 });
	});

	afterAll(async () => {
		for (const id of [flagship?.id, reconciler?.id])
			if (id) await n8n.unpublish(id).catch(() => undefined);
	});

	beforeEach(async () => {
		await sandbox.reset();
		await sandbox.kotis.setInventory([
			{ sku: '107529-1-M', physical_quantity: 50, available_quantity: 50 },
			{ sku: '107529-1-L', physical_quantity: 0, available_quantity: 0 },
		]);
	});

	it('on Kotis: every redemption ends fulfilled or refused, none ordered twice, no decision sent twice', async () => {
		const { ids, inStock, flagshipRuns } = await stormThenReconcile('kotis', [
			{ kind: 'rateLimit', retryAfterSeconds: 5 },
			{ kind: 'status', status: 503 },
			{ kind: 'hang' },
		]);
		// During the storm only the stock check (a read, retried) reached Kotis; no order met a fault.
		expect(
			flagshipRuns
				.filter((e) => e.status !== 'success')
				.map((e) => e.data?.resultData.lastNodeExecuted),
		).toEqual(flagshipRuns.filter((e) => e.status !== 'success').map(() => 'Check Stock'));
		// Faulted creates: none. Every create that reached Kotis succeeded, once per ordered redemption.
		expect(
			(await sandbox.calls({ vendor: 'kotis', path: '/orders/create' })).map((c) => c.status),
		).toEqual(inStock.map(() => 200));
		for (const id of ids) expect((await ledgerEntry(`influitive:${id}`))?.state).toBe('decided');
	}, 480_000);

	it('on Influitive: every redemption ends fulfilled or refused, none ordered twice, no decision sent twice', async () => {
		// afterApply: the hub decides, then answers 503: the decision landed though the flagship cannot know it.
		await stormThenReconcile('influitive', [
			{ kind: 'rateLimit', retryAfterSeconds: 10 },
			{ kind: 'status', status: 503 },
			{ kind: 'hang' },
			{ kind: 'afterApply', status: 503 },
		]);
	}, 480_000);
});
