import axios from 'axios';

import { nodeOutput, type Execution } from '../../scripts/lib/n8n-api';
import { editLedgerRow, ledgerEntry } from './ledger-helpers';
import { e2e } from './state';
import { publishTemplate } from './workflows';
import { TEMPLATE_WEBHOOK_HEADER, TEMPLATE_WEBHOOK_VALUE } from '../../scripts/lib/stack';

const { state, n8n, sandbox } = e2e();
const SECRET = 'e2e-influitive-webhook-secret';
const TABLE = 'reward_orders';

/**
 * Template (c) with template (a) feeding it, as a user runs them: (a) orders a redemption at Kotis,
 * records the order in the `reward_orders` data table and its outcome in the Reward Ledger (entry
 * `influitive:<id>`); Kotis cancels; (c) gives the points back once, through that ledger entry.
 */
describe('template: Kotis order cancelled → restore the advocate’s points', () => {
	let orderingId: string;
	let restoringId: string;
	let redemptionHook: string;
	let checkHook: string;
	const tableId = () => state.dataTables[TABLE];

	beforeAll(async () => {
		const ordering = await publishTemplate(
			n8n,
			state.credentials,
			'influitive-redemption-to-kotis.json',
		);
		orderingId = ordering.id;
		redemptionHook = n8n.webhookUrl(ordering.webhookPath('Redemption Requested'));
		const restoring = await publishTemplate(
			n8n,
			state.credentials,
			'kotis-cancelled-restore-points.json',
		);
		restoringId = restoring.id;
		checkHook = n8n.webhookUrl(restoring.webhookPath('Check Now'));
	});

	afterAll(async () => {
		await n8n.unpublish(orderingId).catch(() => undefined);
		await n8n.unpublish(restoringId).catch(() => undefined);
	});

	beforeEach(async () => {
		await sandbox.reset();
		await n8n.clearDataTable(tableId());
	});

	const rows = async () => n8n.dataTableRows(tableId());
	const restoreEvents = async () =>
		(await sandbox.influitive.events()).filter((e) => e.type === 'reward_points_restored');

	/**
	 * An advocate redeems a T-shirt in size M; template (a) orders it (and, unless `fulfilFails`,
	 * fulfils it). Returns the Kotis order number.
	 */
	async function orderShirt(
		options: { fulfilFails?: boolean } = {},
	): Promise<{ orderNum: string; redemptionId: number }> {
		const before = (await n8n.executions(orderingId)).length;
		const { redemption } = await sandbox.influitive.createRedemption({
			member: 'ada@example.com',
			reward: 77,
			size: 'M',
		});
		const fulfillPath = `/reward_redemptions/${redemption.id}/decision/fulfill`;
		if (options.fulfilFails)
			await sandbox.addFault({
				vendor: 'influitive',
				method: 'POST',
				path: fulfillPath,
				kind: 'status',
				status: 503,
				times: 0,
			});
		await sandbox.influitive.deliver({
			url: redemptionHook,
			redemptionId: redemption.id,
			query: { token: SECRET },
		});
		const executions = await n8n.waitForExecutions(orderingId, before + 1);
		if (options.fulfilFails) await sandbox.clearFaults();
		expect(executions[executions.length - 1].status).toBe(
			options.fulfilFails ? 'error' : 'success',
		);
		const order = (await sandbox.kotis.orders()).find(
			(o) => o.request.order_id === `influitive-${redemption.id}`,
		);
		if (!order)
			throw new Error(`template (a) placed no Kotis order for redemption ${redemption.id}`);
		return { orderNum: order.order_num, redemptionId: redemption.id };
	}

	/** Runs template (c) once through its Check Now webhook and returns that execution. */
	async function checkNow() {
		const before = (await n8n.executions(restoringId)).length;
		// No body at all, as the template's note says: Check Now allows an empty body.
		const reply = await axios.post(checkHook, undefined, {
			headers: { [TEMPLATE_WEBHOOK_HEADER]: TEMPLATE_WEBHOOK_VALUE },
			validateStatus: () => true,
		});
		expect({ status: reply.status, data: reply.data }).toEqual({
			status: 200,
			data: { received: true },
		});
		const executions = await n8n.waitForExecutions(restoringId, before + 1);
		return executions[executions.length - 1];
	}

	it('Check Now answers 401 with a JSON reason without the secret and starts nothing', async () => {
		// Webhook-started executions only: the 15-minute schedule may tick meanwhile.
		const requestStarted = async () =>
			(await n8n.executions(restoringId)).filter((e) => e.mode !== 'trigger');
		const before = (await requestStarted()).length;
		for (const headers of [{}, { [TEMPLATE_WEBHOOK_HEADER]: 'wrong' }]) {
			const reply = await axios.post(checkHook, {}, { headers, validateStatus: () => true });
			expect(reply.status).toBe(401);
			expect(reply.data).toEqual({
				error: 'unauthorized',
				reason: 'missing or wrong bearer token in the Authorization header',
			});
		}
		await new Promise((resolve) => setTimeout(resolve, 500));
		expect(await requestStarted()).toHaveLength(before);
		expect(await sandbox.calls({ vendor: 'influitive', method: 'POST' })).toEqual([]);
	});

	it('template (a) records each order in the data table', async () => {
		const { orderNum, redemptionId } = await orderShirt();
		expect(await rows()).toEqual([
			expect.objectContaining({
				redemption_id: String(redemptionId),
				order_num: orderNum,
				status: 'ordered',
				advocate_email: 'ada@example.com',
				reward_name: 'Kotis T-shirt',
				points: 500,
			}),
		]);
	});

	/** Runs template (c) `count` times at once through Check Now; returns those executions once all finished. */
	async function checkNowTogether(count: number): Promise<Execution[]> {
		const before = (await n8n.executions(restoringId)).length;
		const replies = await Promise.all(
			Array.from(
				{ length: count },
				async () =>
					await axios.post(checkHook, undefined, {
						headers: { [TEMPLATE_WEBHOOK_HEADER]: TEMPLATE_WEBHOOK_VALUE },
						validateStatus: () => true,
					}),
			),
		);
		expect(replies.map((reply) => reply.status)).toEqual(Array.from({ length: count }, () => 200));
		return (await n8n.waitForExecutions(restoringId, before + count, 120_000)).slice(before);
	}

	it('gives the points back once, tells the advocate, and closes the row', async () => {
		const { orderNum, redemptionId } = await orderShirt();
		expect(await ledgerEntry(`influitive:${redemptionId}`)).toMatchObject({
			state: 'decided',
			detail: 'fulfilled',
			vendor_ref: orderNum,
		});
		expect((await sandbox.influitive.member('ada@example.com')).current_points).toBe(4500);
		await sandbox.kotis.setOrderStatus(orderNum, { status: 'cancelled' });

		const execution = await checkNow();
		expect(execution.status).toBe('success');
		expect((await sandbox.influitive.member('ada@example.com')).current_points).toBe(5000);
		const [event] = await restoreEvents();
		expect(event).toMatchObject({ points: 500 });
		const ada = await sandbox.influitive.member('ada@example.com');
		expect(await sandbox.influitive.messages()).toEqual([
			expect.objectContaining({
				recipient_uuid: ada.uuid,
				message: `Sorry: your Kotis T-shirt (Kotis order ${orderNum}) was cancelled and will not ship. We have returned your 500 points.`,
			}),
		]);
		expect(await rows()).toEqual([
			expect.objectContaining({ order_num: orderNum, status: 'points_restored' }),
		]);
		expect(await ledgerEntry(`influitive:${redemptionId}`)).toMatchObject({
			state: 'decided',
			vendor_ref: orderNum,
			detail: `points restored: Kotis order ${orderNum} cancelled; 500 points back (event ${event.id})`,
		});

		// The next scheduled run finds nothing open: no second award.
		const again = await checkNow();
		expect(again.status).toBe('success');
		expect(nodeOutput(again, 'Open Orders')).toHaveLength(0);
		expect(await restoreEvents()).toHaveLength(1);
		expect((await sandbox.influitive.member('ada@example.com')).current_points).toBe(5000);
	});

	it('closes shipped orders without touching points, and leaves pending ones open', async () => {
		const shipped = await orderShirt();
		const pending = await orderShirt();
		await sandbox.kotis.setOrderStatus(shipped.orderNum, {
			status: 'shipped',
			shipments: [{ tracking_numbers: '1Z999', delivery_status: 'in_transit' }],
		});

		const execution = await checkNow();
		expect(execution.status).toBe('success');
		const byOrder = new Map((await rows()).map((r) => [r.order_num, r]));
		expect(byOrder.get(shipped.orderNum)).toMatchObject({
			status: 'shipped',
			detail: 'Kotis status shipped; tracking 1Z999',
		});
		expect(byOrder.get(pending.orderNum)).toMatchObject({ status: 'ordered' });
		expect(await restoreEvents()).toHaveLength(0);
	});

	it('a failed points award stops with the action and is never retried blindly; once a person says they did not come back, the next run gives them back once', async () => {
		const { orderNum, redemptionId } = await orderShirt();
		await sandbox.kotis.setOrderStatus(orderNum, { status: 'cancelled' });
		await sandbox.addFault({
			vendor: 'influitive',
			path: '/events',
			method: 'POST',
			kind: 'status',
			status: 500,
			times: 1,
		});

		const failed = await checkNow();
		expect(failed.status).toBe('error');
		expect(failed.data?.resultData.lastNodeExecuted).toBe('Stop: Restore Failed');
		const message = failed.data?.resultData.error?.message ?? '';
		expect(message).toContain(
			`Redemption ${redemptionId} (ada@example.com, Kotis T-shirt): Kotis order ${orderNum} was cancelled, and giving back 500 points failed`,
		);
		expect(message).toContain(`row influitive:${redemptionId} (state outcome_unknown)`);
		expect(await ledgerEntry(`influitive:${redemptionId}`)).toMatchObject({
			state: 'outcome_unknown',
			detail: `giving back 500 points: Kotis order ${orderNum} cancelled`,
		});
		expect(await rows()).toEqual([
			expect.objectContaining({ order_num: orderNum, status: 'ordered' }),
		]);
		expect((await sandbox.influitive.member('ada@example.com')).current_points).toBe(4500);

		// The next run does not award again on its own: the entry waits for a person.
		const next = await checkNow();
		expect(next.status).toBe('success');
		expect(nodeOutput(next, 'Take Over Redemption', 1)[0]).toMatchObject({
			ledger: { state: 'outcome_unknown', reason: 'state' },
		});
		expect(await restoreEvents()).toHaveLength(0);
		expect(await sandbox.calls({ vendor: 'influitive', path: '/events' })).toHaveLength(1);

		// The person finds the points did not come back and hands it back to the template, as the stop says.
		await editLedgerRow(`influitive:${redemptionId}`, { state: 'decided', detail: 'fulfilled' });
		const finished = await checkNow();
		expect(finished.status).toBe('success');
		expect(await restoreEvents()).toHaveLength(1);
		expect((await sandbox.influitive.member('ada@example.com')).current_points).toBe(5000);
		expect(await rows()).toEqual([
			expect.objectContaining({ order_num: orderNum, status: 'points_restored' }),
		]);
	});

	it('runs overlapping (schedule and Check Now, or two workers) give the points back once', async () => {
		const { orderNum, redemptionId } = await orderShirt();
		await sandbox.kotis.setOrderStatus(orderNum, { status: 'cancelled' });

		const runs = await checkNowTogether(3);
		expect(runs.map((run) => run.status)).toEqual(['success', 'success', 'success']);
		expect(await restoreEvents()).toHaveLength(1);
		expect((await sandbox.influitive.member('ada@example.com')).current_points).toBe(5000);
		expect(await sandbox.influitive.messages()).toHaveLength(1);
		// One run took the entry over; each other found it taken (changed meanwhile, or already giving back or given back).
		const taken = runs.flatMap((run) => nodeOutput(run, 'Take Over Redemption', 0));
		expect(taken).toHaveLength(1);
		expect(await ledgerEntry(`influitive:${redemptionId}`)).toMatchObject({
			state: 'decided',
			detail: expect.stringMatching(/^points restored: /),
		});
	});

	it('leaves a cancelled order whose redemption is still pending to the reconciler: no points from here, the row stays open', async () => {
		const { orderNum, redemptionId } = await orderShirt({ fulfilFails: true });
		expect(await ledgerEntry(`influitive:${redemptionId}`)).toMatchObject({
			state: 'ordered',
			vendor_ref: orderNum,
		});
		await sandbox.kotis.setOrderStatus(orderNum, { status: 'cancelled' });

		const run = await checkNow();
		expect(run.status).toBe('success');
		expect(nodeOutput(run, 'Take Over Redemption', 1)[0]).toMatchObject({
			ledger: { state: 'ordered', reason: 'state' },
		});
		expect(await restoreEvents()).toHaveLength(0);
		expect((await sandbox.influitive.member('ada@example.com')).current_points).toBe(4500);
		expect(await rows()).toEqual([
			expect.objectContaining({ order_num: orderNum, status: 'ordered' }),
		]);
		expect(await ledgerEntry(`influitive:${redemptionId}`)).toMatchObject({
			state: 'ordered',
			attempts: 1,
		});
	});

	it('gives nothing back for an order the redemption was not fulfilled with (it was ordered again)', async () => {
		const { orderNum, redemptionId } = await orderShirt();
		// As after a person had it ordered again: the entry holds the new order.
		await editLedgerRow(`influitive:${redemptionId}`, { vendor_ref: 'K-REORDERED' });
		await sandbox.kotis.setOrderStatus(orderNum, { status: 'cancelled' });

		const run = await checkNow();
		expect(run.status).toBe('success');
		expect(nodeOutput(run, 'Take Over Redemption', 1)[0]).toMatchObject({
			ledger: { reason: 'reference', vendor_ref: 'K-REORDERED' },
		});
		expect(await restoreEvents()).toHaveLength(0);
		expect(await rows()).toEqual([
			expect.objectContaining({ order_num: orderNum, status: 'ordered' }),
		]);
	});

	it('closes a row the ledger says was already given back, without a second award', async () => {
		const { orderNum } = await orderShirt();
		await sandbox.kotis.setOrderStatus(orderNum, { status: 'cancelled' });
		expect((await checkNow()).status).toBe('success');
		expect(await restoreEvents()).toHaveLength(1);
		// As if the run had stopped after the award, before closing the row.
		const filter = {
			type: 'and',
			filters: [{ columnName: 'order_num', condition: 'eq', value: orderNum }],
		};
		await n8n.http.patch(`/data-tables/${tableId()}/rows/update`, {
			filter,
			data: { status: 'ordered', detail: '' },
		});

		const again = await checkNow();
		expect(again.status).toBe('success');
		expect(nodeOutput(again, 'Close Restored Row')).toHaveLength(1);
		expect(await restoreEvents()).toHaveLength(1);
		expect(await rows()).toEqual([
			expect.objectContaining({
				order_num: orderNum,
				status: 'points_restored',
				detail: expect.stringMatching(/^points restored: /),
			}),
		]);
	});
});
