import { nodeOutput } from '../../scripts/lib/n8n-api';
import { editLedgerRow, ledgerEntry } from './ledger-helpers';
import {
	allRuns,
	publishFlagship,
	publishReconciler,
	settle,
	sleep,
	tally,
	type Flagship,
	type Reconciler,
	type ReconcilerSettings,
} from './reconciler-helpers';
import { e2e } from './state';

const { n8n, sandbox } = e2e();

/**
 * The reconciler template next to the webhook flagship, as a user runs them: each case leaves a
 * redemption pending the way an outage does (a lost webhook, a Fulfill that failed after the order,
 * a Kotis order whose answer never came), then runs *Reconcile Now* and counts what the sandboxes
 * recorded: Kotis orders per redemption and decision requests that reached the hub.
 */
describe('template: Influitive redemptions reconciler', () => {
	let flagship: Flagship;
	// Acts on everything pending at once; an entry counts as stale after 3 s (the flagship's runs here take about 2 s).
	let reconciler: Reconciler;
	const created: string[] = [];

	beforeAll(async () => {
		flagship = await publishFlagship();
		reconciler = await publishReconciler({ pending_for_minutes: 0, stale_after_minutes: 0.05 });
		created.push(flagship.id, reconciler.id);
	});

	afterAll(async () => {
		for (const id of created) await n8n.unpublish(id).catch(() => undefined);
	});

	beforeEach(async () => {
		await sandbox.reset();
	});

	/** The flagship handles one delivery; returns its execution. */
	async function throughFlagship(redemptionId: number) {
		const before = (await n8n.executions(flagship.id)).length;
		await flagship.deliver(redemptionId);
		const runs = await n8n.waitForExecutions(flagship.id, before + 1);
		return runs[runs.length - 1];
	}

	it('orders once and fulfils a pending redemption that has no ledger entry (its webhook was lost); a second run does nothing', async () => {
		const { redemption } = await sandbox.influitive.createRedemption({
			member: 'ada@example.com',
			reward: 77,
			size: 'M',
		});
		expect(await ledgerEntry(`influitive:${redemption.id}`)).toBeUndefined();

		const run = await reconciler.reconcile();
		expect(run.status).toBe('success');
		const { ordersPer, decisionsPer, record, orders } = await tally([redemption.id]);
		expect(ordersPer).toEqual([1]);
		expect(decisionsPer).toEqual([1]);
		expect(record(redemption.id)?.status).toBe('fulfilled');
		expect(record(redemption.id)?.decision?.message).toBe(
			`Your Kotis T-shirt is on its way. Kotis order ${orders[0].order_num}; you will get tracking by email.`,
		);
		expect(await ledgerEntry(`influitive:${redemption.id}`)).toMatchObject({
			state: 'decided',
			vendor_ref: orders[0].order_num,
			detail: 'fulfilled by the reconciler',
		});

		const again = await reconciler.reconcile();
		expect(again.status).toBe('success');
		expect(nodeOutput(again, 'Pending Redemptions')).toEqual([]);
		expect((await tally([redemption.id])).ordersPer).toEqual([1]);
		expect(await sandbox.calls({ vendor: 'kotis', method: 'POST' })).toHaveLength(1);
	});

	it('fulfils an ordered but undecided redemption with the order in the ledger, after looking it up at Kotis, and never orders again', async () => {
		const { redemption } = await sandbox.influitive.createRedemption({
			member: 'ada@example.com',
			reward: 77,
			size: 'S',
		});
		const fulfillPath = `/reward_redemptions/${redemption.id}/decision/fulfill`;
		await sandbox.addFault({
			vendor: 'influitive',
			method: 'POST',
			path: fulfillPath,
			kind: 'status',
			status: 503,
			times: 0,
		});
		const first = await throughFlagship(redemption.id);
		await sandbox.clearFaults();
		expect(first.status).toBe('error');
		expect(first.data?.resultData.lastNodeExecuted).toBe('Stop: Decision Failed');
		const [order] = await sandbox.kotis.orders();
		expect(await ledgerEntry(`influitive:${redemption.id}`)).toMatchObject({
			state: 'ordered',
			vendor_ref: order.order_num,
		});

		await sleep(3500);
		const run = await reconciler.reconcile();
		expect(run.status).toBe('success');
		expect(nodeOutput(run, 'Take Over')).toHaveLength(1);
		expect(nodeOutput(run, 'Kotis Order')[0]).toMatchObject({
			order_num: order.order_num,
			found: true,
		});
		const { ordersPer, decisionsPer, record } = await tally([redemption.id]);
		expect(ordersPer).toEqual([1]);
		expect(decisionsPer).toEqual([1]);
		expect(record(redemption.id)?.decision?.message).toContain(`Kotis order ${order.order_num}`);
		// One 503 from the flagship (never re-sent), then the reconciler's one fulfilment.
		expect(
			(await sandbox.calls({ vendor: 'influitive', path: fulfillPath })).map((c) => c.status),
		).toEqual([503, 200]);
		expect(
			(await sandbox.calls({ vendor: 'kotis', path: '/orders/status' })).map((c) => c.status),
		).toEqual([200]);
		expect(await ledgerEntry(`influitive:${redemption.id}`)).toMatchObject({
			state: 'decided',
			vendor_ref: order.order_num,
			attempts: 2,
		});
	});

	it('an order whose answer was lost but that exists at Kotis: a person is asked (nothing is re-sent), then it is fulfilled with that order; the other redemptions are finished meanwhile', async () => {
		const { redemption: lost } = await sandbox.influitive.createRedemption({
			member: 'ada@example.com',
			reward: 77,
			size: 'M',
		});
		// Kotis creates the order; its answer is replaced by a 503.
		await sandbox.addFault({
			vendor: 'kotis',
			method: 'POST',
			path: '/orders/create',
			kind: 'afterApply',
			status: 503,
		});
		const first = await throughFlagship(lost.id);
		expect(first.data?.resultData.lastNodeExecuted).toBe('Stop: Order Failed');
		expect(await ledgerEntry(`influitive:${lost.id}`)).toMatchObject({ state: 'outcome_unknown' });
		const [order] = await sandbox.kotis.orders();
		expect(order.order_id).toBe(`influitive-${lost.id}`);
		// Another redemption whose webhook never arrived, to be handled in the same runs.
		const { redemption: other } = await sandbox.influitive.createRedemption({
			member: 'grace@example.com',
			reward: 77,
			size: 'XL',
		});

		await sleep(3500);
		const asked = await reconciler.reconcile();
		expect(asked.status).toBe('error');
		expect(asked.data?.resultData.lastNodeExecuted).toBe('Stop: Needs a Person');
		const message = asked.data?.resultData.error?.message ?? '';
		expect(message).toMatch(
			new RegExp(
				`^1 redemption\\(s\\) need a person\\. Redemption ${lost.id} \\(ada@example.com, Kotis T-shirt\\): the Kotis order may have been created`,
			),
		);
		expect(message).toContain(`Action: look for order influitive-${lost.id} in Kotis`);
		expect(message).toContain(
			`row influitive:${lost.id}: if the order exists, set vendor_ref to its order number, state to ordered and attempts to 0`,
		);
		let counts = await tally([lost.id, other.id]);
		expect(counts.ordersPer).toEqual([1, 1]);
		expect(counts.statusPer).toEqual(['pending', 'fulfilled']);
		expect(counts.decisionsPer).toEqual([0, 1]);

		// As if earlier runs had used up its attempts (seen in `npm run soak`): an entry at
		// max_attempts is neither re-driven nor, once reported, reported again for a day, and a
		// person's edit does not change `changed_ms`. So the action resets attempts too.
		await editLedgerRow(`influitive:${lost.id}`, { attempts: 3 });
		// The person finds influitive-<id> in Kotis and does what the message says.
		await editLedgerRow(`influitive:${lost.id}`, {
			state: 'ordered',
			vendor_ref: order.order_num,
			attempts: 0,
		});
		const finished = await reconciler.reconcile();
		expect(finished.status).toBe('success');
		counts = await tally([lost.id, other.id]);
		expect(counts.ordersPer).toEqual([1, 1]);
		expect(counts.decisionsPer).toEqual([1, 1]);
		expect(counts.record(lost.id)?.decision?.message).toContain(`Kotis order ${order.order_num}`);
		expect(await sandbox.calls({ vendor: 'kotis', path: '/orders/create' })).toHaveLength(2);
		expect(await ledgerEntry(`influitive:${lost.id}`)).toMatchObject({
			state: 'decided',
			vendor_ref: order.order_num,
		});
	});

	it('an order whose answer was lost and that does not exist at Kotis: a person is asked, marks it failed, and it is ordered once', async () => {
		const { redemption } = await sandbox.influitive.createRedemption({
			member: 'ada@example.com',
			reward: 77,
			size: 'M',
		});
		// A 503 before Kotis acted: no order, but the client cannot know that.
		await sandbox.addFault({
			vendor: 'kotis',
			method: 'POST',
			path: '/orders/create',
			kind: 'status',
			status: 503,
		});
		await throughFlagship(redemption.id);
		expect(await ledgerEntry(`influitive:${redemption.id}`)).toMatchObject({
			state: 'outcome_unknown',
		});
		expect(await sandbox.kotis.orders()).toHaveLength(0);

		await sleep(3500);
		const asked = await reconciler.reconcile();
		expect(asked.status).toBe('error');
		expect(asked.data?.resultData.error?.message).toContain(
			`Redemption ${redemption.id} (ada@example.com, Kotis T-shirt): the Kotis order may have been created`,
		);
		expect(await sandbox.calls({ vendor: 'kotis', path: '/orders/create' })).toHaveLength(1);

		// The person finds no influitive-<id> in Kotis.
		await editLedgerRow(`influitive:${redemption.id}`, { state: 'failed' });
		const run = await reconciler.reconcile();
		expect(run.status).toBe('success');
		const { ordersPer, decisionsPer, record, orders } = await tally([redemption.id]);
		expect(ordersPer).toEqual([1]);
		expect(decisionsPer).toEqual([1]);
		expect(record(redemption.id)?.decision?.message).toContain(
			`Kotis order ${orders[0].order_num}`,
		);
		expect(
			(await sandbox.calls({ vendor: 'kotis', path: '/orders/create' })).map((c) => c.status),
		).toEqual([503, 200]);
	});

	it('reports an order whose outcome is unknown once, not on every run, and again once the repeat interval has passed', async () => {
		// Reported again after 36 s instead of 24 h (report_again_after_hours is a Settings value like the others).
		const settings = {
			pending_for_minutes: 0,
			stale_after_minutes: 0.05,
			report_again_after_hours: 0.01,
		};
		const quiet = await publishReconciler(settings as ReconcilerSettings);
		created.push(quiet.id);
		const { redemption } = await sandbox.influitive.createRedemption({
			member: 'ada@example.com',
			reward: 77,
			size: 'M',
		});
		await sandbox.addFault({
			vendor: 'kotis',
			method: 'POST',
			path: '/orders/create',
			kind: 'status',
			status: 503,
		});
		await throughFlagship(redemption.id);
		const key = `influitive:${redemption.id}`;
		expect(await ledgerEntry(key)).toMatchObject({ state: 'outcome_unknown' });

		await sleep(3500);
		const first = await quiet.reconcile();
		const reportedAt = Date.now();
		expect(first.status).toBe('error');
		expect(first.data?.resultData.lastNodeExecuted).toBe('Stop: Needs a Person');
		const message = first.data?.resultData.error?.message ?? '';
		expect(message).toContain(
			`Redemption ${redemption.id} (ada@example.com, Kotis T-shirt): the Kotis order may have been created`,
		);
		expect(message).toContain(
			`Kotis order number unknown, our reference influitive-${redemption.id}`,
		);
		expect(message).toContain(`Action: look for order influitive-${redemption.id} in Kotis`);
		expect(message).toContain('again after 0.01 h while unresolved');
		const marked = (await ledgerEntry(key)) as {
			reported_ms: number;
			changed_ms: number;
			state: string;
		};
		expect(marked.state).toBe('outcome_unknown');
		expect(marked.reported_ms).toBeGreaterThan(marked.changed_ms);

		// The next runs stay quiet about it: success, nothing reported, nothing sent.
		const second = await quiet.reconcile();
		expect(second.status).toBe('success');
		expect(allRuns(second, 'Mark Reported')).toEqual([]);
		expect(allRuns(second, 'What Next?', 3)).toEqual([
			expect.objectContaining({ key, state: 'outcome_unknown' }),
		]);

		// Still unresolved after the interval: reported once more.
		await sleep(Math.max(0, reportedAt + 37_000 - Date.now()));
		const third = await quiet.reconcile();
		expect(third.status).toBe('error');
		expect(third.data?.resultData.error?.message).toContain(
			`Redemption ${redemption.id} (ada@example.com, Kotis T-shirt): the Kotis order may have been created`,
		);
		expect(((await ledgerEntry(key)) as { reported_ms: number }).reported_ms).toBeGreaterThan(
			marked.reported_ms,
		);
		expect(await sandbox.calls({ vendor: 'kotis', path: '/orders/create' })).toHaveLength(1);
		await n8n.unpublish(quiet.id);
	});

	it('re-drives a redemption whose stock check failed (nothing sent), and refuses one out of stock, without a person', async () => {
		const { redemption: checked } = await sandbox.influitive.createRedemption({
			member: 'ada@example.com',
			reward: 77,
			size: 'M',
		});
		const { redemption: soldOut } = await sandbox.influitive.createRedemption({
			member: 'grace@example.com',
			reward: 77,
			size: 'L',
		});
		// The stock check fails for good (a 401 is not retried): the flagship stops at Check Stock, its claim left behind.
		await sandbox.addFault({
			vendor: 'kotis',
			method: 'GET',
			path: '/skus/quantity',
			kind: 'status',
			status: 401,
			body: { errors: [{ title: 'Invalid Api Key', detail: '' }] },
			times: 2,
		});
		const first = await throughFlagship(checked.id);
		const second = await throughFlagship(soldOut.id);
		expect([
			first.data?.resultData.lastNodeExecuted,
			second.data?.resultData.lastNodeExecuted,
		]).toEqual(['Check Stock', 'Check Stock']);
		expect(await ledgerEntry(`influitive:${checked.id}`)).toMatchObject({ state: 'claimed' });

		await sleep(3500);
		const run = await reconciler.reconcile();
		expect(run.status).toBe('success');
		const { ordersPer, decisionsPer, statusPer } = await tally([checked.id, soldOut.id]);
		expect(ordersPer).toEqual([1, 0]);
		expect(decisionsPer).toEqual([1, 1]);
		expect(statusPer).toEqual(['fulfilled', 'refused']);
	});

	it('with only_approved, leaves a redemption awaiting an administrator alone, and orders it once approved', async () => {
		const approving = await publishReconciler({
			pending_for_minutes: 0,
			stale_after_minutes: 0.05,
			only_approved: true,
		});
		created.push(approving.id);
		const jacket = await sandbox.influitive.addReward({
			name: 'Jacket',
			points: 400,
			metadata: { provider: 'Kotis', sku: '107529-1' },
			approvalRequired: true,
		});
		const { redemption } = await sandbox.influitive.createRedemption({
			member: 'ada@example.com',
			reward: jacket.id,
			size: 'M',
		});
		expect((await sandbox.influitive.redemption(redemption.id)).status).toBe('awaiting_approval');

		const waiting = await approving.reconcile();
		expect(waiting.status).toBe('success');
		expect(nodeOutput(waiting, 'Due?')).toEqual([]);
		expect(await sandbox.kotis.orders()).toHaveLength(0);
		expect(await ledgerEntry(`influitive:${redemption.id}`)).toBeUndefined();

		await sandbox.influitive.approveRedemption(redemption.id);
		const approved = await approving.reconcile();
		expect(approved.status).toBe('success');
		const { ordersPer, decisionsPer, statusPer } = await tally([redemption.id]);
		expect([ordersPer, decisionsPer, statusPer]).toEqual([[1], [1], ['fulfilled']]);
		await n8n.unpublish(approving.id);
	});

	it('running next to the webhook flagship at the same moment, it never orders or decides a redemption twice', async () => {
		// Not stale for 15 minutes: the reconciler leaves what the flagship holds alone, and both claim the rest.
		const overlapping = await publishReconciler({
			pending_for_minutes: 0,
			stale_after_minutes: 15,
		});
		created.push(overlapping.id);
		const COUNT = 6;
		await sandbox.kotis.setInventory([
			{ sku: '107529-1-M', physical_quantity: 50, available_quantity: 50 },
		]);
		await sandbox.influitive.setPoints('ada@example.com', 100_000);
		const ids: number[] = [];
		for (let i = 0; i < COUNT; i++)
			ids.push(
				(
					await sandbox.influitive.createRedemption({
						member: 'ada@example.com',
						reward: 77,
						size: 'M',
					})
				).redemption.id,
			);

		// Two reconcile runs, and meanwhile the webhooks arriving newest first, one every 2.5 s: the
		// reconciler (one redemption at a time, oldest first) and the flagship meet in the middle.
		const before = (await n8n.executions(flagship.id)).length;
		const earlierRuns = new Set((await overlapping.runs()).map((e) => e.id));
		await Promise.all([
			overlapping.trigger(),
			sleep(2000).then(async () => await overlapping.trigger()),
			...[...ids]
				.reverse()
				.map(async (id, i) => await sleep(i * 2500).then(async () => await flagship.deliver(id))),
		]);
		// Both runs are recorded (n8n answered the POSTs first), then all finish.
		for (
			let wait = 0;
			wait < 60 && (await overlapping.runs()).filter((e) => !earlierRuns.has(e.id)).length < 2;
			wait++
		)
			await sleep(500);
		await settle([flagship.id, overlapping.id]);
		const reconciled = await Promise.all(
			(await overlapping.runs())
				.filter((e) => !earlierRuns.has(e.id))
				.map(async (e) => await n8n.execution(e.id)),
		);
		expect(reconciled.map((r) => r.status)).toEqual(['success', 'success']);
		const flagshipRuns = (await n8n.waitForExecutions(flagship.id, before + COUNT)).slice(before);
		const failed = flagshipRuns
			.filter((r) => r.status !== 'success')
			.map((r) => `${r.data?.resultData.lastNodeExecuted}: ${r.data?.resultData.error?.message}`);
		// A claim that gave up waiting for the ledger's lease claimed and sent nothing (seen in queue mode
		// on a loaded box): the redemption stays pending with no entry, and the next run orders it.
		const gaveUp = failed.filter((f) => f.startsWith('Claim Redemption: The ledger stayed locked'));
		expect(failed.filter((f) => !gaveUp.includes(f))).toEqual([]);
		if (gaveUp.length > 0) reconciled.push(await overlapping.reconcile());

		const { ordersPer, decisionsPer, statusPer } = await tally(ids);
		const byReconciler = reconciled
			.flatMap((r) => allRuns(r, 'Claim Redemption', 0))
			.map((item) => (item.ledger as { key: string }).key);
		const byFlagship = flagshipRuns
			.flatMap((r) => nodeOutput(r, 'Claim Redemption', 0))
			.map((item) => (item.ledger as { key: string }).key);
		console.log(
			`[reconciler overlap] ${COUNT} redemptions: ${byReconciler.length} claimed by the reconciler, ${byFlagship.length} by the flagship; ` +
				`reconcile runs ${reconciled.map((r) => r.status).join(', ')}; flagship claims that gave up on the lease: ${gaveUp.length}`,
		);
		expect(ordersPer).toEqual(ids.map(() => 1));
		expect(decisionsPer).toEqual(ids.map(() => 1));
		expect(statusPer).toEqual(ids.map(() => 'fulfilled'));
		// Each redemption claimed once in all: by one side, and Already Handled on the other.
		expect([...byReconciler, ...byFlagship].sort()).toEqual(
			ids.map((id) => `influitive:${id}`).sort(),
		);
		expect(byReconciler.length).toBeGreaterThan(0);
		expect(byFlagship.length).toBeGreaterThan(0);
		await n8n.unpublish(overlapping.id);
	});
});
