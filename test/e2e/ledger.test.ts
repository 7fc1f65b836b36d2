import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { fakeExecuteContext } from '../helpers/fake-context';
import { e2e } from './state';

/**
 * The Reward Ledger's claim protocol against this run's real n8n (its public API and database:
 * SQLite in the default stack, PostgreSQL in queue mode). Each "process" is a separate copy of the
 * node's modules, so its in-process bucket queue does not serialise it against the others and the
 * claims really race in n8n's database.
 */
type LedgerNode = { execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> };

function loadProcess(): LedgerNode {
	let node: LedgerNode | undefined;
	jest.isolateModules(() => {
		// eslint-disable-next-line @typescript-eslint/no-require-imports
		const { RewardLedger } = require('../../nodes/RewardLedger/RewardLedger.node') as {
			RewardLedger: new () => LedgerNode;
		};
		node = new RewardLedger();
	});
	return node as LedgerNode;
}

const table = `ledger_e2e_${Date.now().toString(36)}`;

function ledgerCall(
	node: LedgerNode,
	parameters: Record<string, unknown>,
	items: IDataObject[] = [{}],
) {
	const { state } = e2e();
	const fake = fakeExecuteContext({
		credentials: { rewardLedgerApi: { apiKey: state.apiKey, baseUrl: `${state.n8nUrl}/api/v1` } },
		parameters: {
			resource: 'entry',
			...parameters,
			options: { tableName: table, ...(parameters.options as object) },
		},
		items,
	});
	return { run: async () => await node.execute.call(fake.context), fake };
}

describe('Reward Ledger claim protocol (real n8n database)', () => {
	const processes = Array.from({ length: 4 }, loadProcess);

	it('the first claim of a key wins, across processes racing on the same keys', async () => {
		const keys = Array.from({ length: 12 }, (_, i) => `race:${i}`);
		// Every process claims every key twice (twin deliveries inside one process share a batch), all
		// at once: 4 × 24 claims, 12 winners.
		const results = await Promise.all(
			processes.flatMap((node) =>
				[...keys, ...keys].map(
					async (key) => await ledgerCall(node, { operation: 'claim', key }).run(),
				),
			),
		);
		const winners = results.flatMap(([claimed]) =>
			claimed.map((item) => (item.json.ledger as { key: string }).key),
		);
		const losers = results.flatMap(([, handled]) =>
			handled.map((item) => (item.json.ledger as { key: string }).key),
		);
		expect(winners.sort()).toEqual([...keys].sort());
		expect(losers).toHaveLength(keys.length * (2 * processes.length - 1));

		const { n8n } = e2e();
		const id = await n8n.dataTableByName(table);
		const rows = await n8n.dataTableRows(id as string);
		expect(rows.map((row) => row.key).sort()).toEqual([...keys].sort());
		expect(
			rows.every(
				(row) => row.state === 'claimed' && typeof row.claim_id === 'string' && row.claim_id !== '',
			),
		).toBe(true);
		// Every lease was given back: each process keeps it a few ms after its last batch, then releases it.
		const locksId = (await n8n.dataTableByName(`${table}_locks`)) as string;
		let held: Array<Record<string, unknown>> = [];
		for (
			const giveUpAt = Date.now() + 5_000;
			Date.now() < giveUpAt;
			await new Promise((resolve) => setTimeout(resolve, 100))
		) {
			const locks = await n8n.dataTableRows(locksId);
			expect(locks).toHaveLength(1);
			held = locks.filter((row) => row.holder !== '' && row.holder !== null);
			if (held.length === 0) break;
		}
		expect(held).toEqual([]);
	});

	it('records only with the claim token; a failed entry is claimed again, a decided one never', async () => {
		const [first, second] = processes;
		const [[won]] = await ledgerCall(first, { operation: 'claim', key: 'flow:1' }).run();
		const token = (won.json.ledger as { token: string }).token;

		const wrong = ledgerCall(second, {
			operation: 'record',
			key: 'flow:1',
			claimId: 'not-the-token',
			state: 'decided',
			vendorRef: '',
			detail: '',
		});
		await expect(wrong.run()).rejects.toThrow(/no longer holds the ledger entry 'flow:1'/);

		const [[ordered]] = await ledgerCall(first, {
			operation: 'record',
			key: 'flow:1',
			claimId: token,
			state: 'failed',
			vendorRef: '',
			detail: 'vendor said 422',
		}).run();
		expect(ordered.json.ledger).toMatchObject({ state: 'failed', detail: 'vendor said 422' });

		// Failed is safe to retry: the next claim takes it over with a new token.
		const [[retaken], [none]] = [
			...(await ledgerCall(second, { operation: 'claim', key: 'flow:1' }).run()),
		].map((out) => out);
		expect(none).toBeUndefined();
		const retoken = (retaken.json.ledger as { token: string; attempts: number }).token;
		expect(retoken).not.toBe(token);
		expect(retaken.json.ledger).toMatchObject({ state: 'claimed', attempts: 2 });

		// The old token lost the entry.
		await expect(
			ledgerCall(first, {
				operation: 'record',
				key: 'flow:1',
				claimId: token,
				state: 'decided',
				vendorRef: '',
				detail: '',
			}).run(),
		).rejects.toThrow(/no longer holds/);

		await ledgerCall(second, {
			operation: 'record',
			key: 'flow:1',
			claimId: retoken,
			state: 'ordered',
			vendorRef: 'K-1',
			detail: '',
		}).run();
		await ledgerCall(second, {
			operation: 'record',
			key: 'flow:1',
			claimId: retoken,
			state: 'decided',
			vendorRef: '',
			detail: 'fulfilled',
		}).run();
		const [claimed, handled] = await ledgerCall(first, { operation: 'claim', key: 'flow:1' }).run();
		expect(claimed).toEqual([]);
		expect(handled[0].json.ledger).toMatchObject({
			state: 'decided',
			vendor_ref: 'K-1',
			detail: 'fulfilled',
			token: '',
			claimed: false,
		});

		const [[got]] = await ledgerCall(first, { operation: 'get', key: 'flow:1' }).run();
		expect(got.json).toMatchObject({
			key: 'flow:1',
			state: 'decided',
			vendor_ref: 'K-1',
			found: true,
		});
	});

	it('lists stuck entries for a reconciler', async () => {
		const [node] = processes;
		await ledgerCall(node, { operation: 'claim', key: 'stuck:1' }).run();
		const [items] = await ledgerCall(node, {
			operation: 'getAll',
			states: ['claimed'],
			olderThanMinutes: 0,
			limit: 100,
		}).run();
		expect(items.map((item) => item.json.key)).toContain('stuck:1');
		const [recent] = await ledgerCall(node, {
			operation: 'getAll',
			states: ['claimed'],
			olderThanMinutes: 60,
			limit: 100,
		}).run();
		expect(recent.map((item) => item.json.key)).not.toContain('stuck:1');
	});

	it('takes over a stuck entry for a reconciler: one winner among racing processes, state and vendor reference kept, the old token out', async () => {
		const [first] = processes;
		const [[won]] = await ledgerCall(first, { operation: 'claim', key: 'stuck:ordered' }).run();
		const token = (won.json.ledger as { token: string }).token;
		await ledgerCall(first, {
			operation: 'record',
			key: 'stuck:ordered',
			claimId: token,
			state: 'ordered',
			vendorRef: 'K-9',
			detail: 'Kotis order K-9',
		}).run();

		// Too recent for a 60-minute threshold, and not in the wanted state: nothing changes.
		const [none, recent] = await ledgerCall(first, {
			operation: 'takeOver',
			key: 'stuck:ordered',
			states: ['ordered'],
			unchangedForMinutes: 60,
		}).run();
		expect(none).toEqual([]);
		expect(recent[0].json.ledger).toMatchObject({
			state: 'ordered',
			claimed: false,
			reason: 'recent',
			token: '',
		});
		const [, wrongState] = await ledgerCall(first, {
			operation: 'takeOver',
			key: 'stuck:ordered',
			states: ['outcome_unknown'],
			unchangedForMinutes: 0,
		}).run();
		expect(wrongState[0].json.ledger).toMatchObject({ reason: 'state' });
		const [, absent] = await ledgerCall(first, {
			operation: 'takeOver',
			key: 'stuck:none',
			states: ['ordered'],
			unchangedForMinutes: 0,
		}).run();
		expect(absent[0].json.ledger).toMatchObject({
			key: 'stuck:none',
			claimed: false,
			reason: 'absent',
		});

		// Four processes take it over at once once it is 1.2 s old: one wins; the others find it changed
		// (read before the winner wrote) or recent again (read after).
		await new Promise((r) => setTimeout(r, 1500));
		const results = await Promise.all(
			processes.map(
				async (node) =>
					await ledgerCall(node, {
						operation: 'takeOver',
						key: 'stuck:ordered',
						states: ['ordered'],
						unchangedForMinutes: 0.02,
					}).run(),
			),
		);
		const winners = results.flatMap(([taken]) => taken);
		expect(winners).toHaveLength(1);
		const reasons = results.flatMap(([, notTaken]) =>
			notTaken.map((item) => (item.json.ledger as { reason: string }).reason),
		);
		expect(reasons).toHaveLength(3);
		expect(reasons.every((reason) => reason === 'changed' || reason === 'recent')).toBe(true);
		const ledger = winners[0].json.ledger as { token: string };
		expect(ledger).toMatchObject({
			key: 'stuck:ordered',
			state: 'ordered',
			vendor_ref: 'K-9',
			attempts: 2,
			claimed: true,
		});
		expect(ledger.token).not.toBe(token);

		// The execution that ordered can no longer record; the new holder can.
		await expect(
			ledgerCall(first, {
				operation: 'record',
				key: 'stuck:ordered',
				claimId: token,
				state: 'decided',
				vendorRef: '',
				detail: '',
			}).run(),
		).rejects.toThrow(/no longer holds/);
		const [[decided]] = await ledgerCall(first, {
			operation: 'record',
			key: 'stuck:ordered',
			claimId: ledger.token,
			state: 'decided',
			vendorRef: '',
			detail: 'fulfilled',
		}).run();
		expect(decided.json.ledger).toMatchObject({ state: 'decided', vendor_ref: 'K-9' });
	});

	it('prunes old decided and released entries and old delivery rows, never an entry someone must still act on', async () => {
		const [node] = processes;
		const { n8n } = e2e();
		const deliveries = `${table}_deliveries`;
		const DAY = 24 * 60 * 60 * 1000;
		const states = ['decided', 'released', 'ordered', 'failed', 'outcome_unknown'] as const;
		for (const state of states) {
			const [[won]] = await ledgerCall(node, { operation: 'claim', key: `prune:${state}` }).run();
			const token = (won.json.ledger as { token: string }).token;
			await ledgerCall(node, {
				operation: 'record',
				key: `prune:${state}`,
				claimId: token,
				state,
				vendorRef: '',
				detail: '',
			}).run();
		}
		await ledgerCall(node, { operation: 'claim', key: 'prune:claimed' }).run();
		const [[young]] = await ledgerCall(node, {
			operation: 'claim',
			key: 'prune:young-decided',
		}).run();
		await ledgerCall(node, {
			operation: 'record',
			key: 'prune:young-decided',
			claimId: (young.json.ledger as { token: string }).token,
			state: 'decided',
			vendorRef: '',
			detail: '',
		}).run();
		for (const key of ['delivery:old', 'delivery:young'])
			await ledgerCall(node, { operation: 'claim', key, options: { tableName: deliveries } }).run();

		// Age them as months would, through n8n's API (the node writes changed_ms itself).
		const ledgerId = (await n8n.dataTableByName(table)) as string;
		const deliveriesId = (await n8n.dataTableByName(deliveries)) as string;
		const age = async (tableId: string, key: string, ms: number) => {
			const filter = { type: 'and', filters: [{ columnName: 'key', condition: 'eq', value: key }] };
			await n8n.http.patch(`/data-tables/${tableId}/rows/update`, {
				filter,
				data: { changed_ms: Date.now() - ms },
			});
		};
		for (const key of [...states.map((state) => `prune:${state}`), 'prune:claimed'])
			await age(ledgerId, key, 400 * DAY);
		await age(ledgerId, 'prune:young-decided', 89 * DAY);
		await age(deliveriesId, 'delivery:old', 8 * DAY);
		const before = (await n8n.dataTableRows(ledgerId)).length;

		const [[pruned]] = await ledgerCall(node, {
			operation: 'prune',
			keepDays: 90,
			pruneDeliveries: true,
			keepDeliveryDays: 7,
			options: { deliveryTable: deliveries },
		}).run();
		expect(pruned.json).toMatchObject({
			ledger_table: table,
			entries_deleted: 2,
			entries_deleted_by_state: { decided: 1, released: 1 },
			delivery_table: deliveries,
			deliveries_deleted: 1,
			rows_deleted: 3,
		});
		const left = (await n8n.dataTableRows(ledgerId)).map((row) => row.key as string);
		expect(left).toHaveLength(before - 2);
		expect(left).not.toContain('prune:decided');
		expect(left).not.toContain('prune:released');
		for (const kept of [
			'prune:ordered',
			'prune:failed',
			'prune:outcome_unknown',
			'prune:claimed',
			'prune:young-decided',
		])
			expect(left).toContain(kept);
		expect((await n8n.dataTableRows(deliveriesId)).map((row) => row.key)).toEqual([
			'delivery:young',
		]);
		expect(
			await n8n.dataTableRows((await n8n.dataTableByName(`${table}_locks`)) as string),
		).toHaveLength(1);

		const [[again]] = await ledgerCall(node, {
			operation: 'prune',
			keepDays: 90,
			pruneDeliveries: true,
			keepDeliveryDays: 7,
			options: { deliveryTable: deliveries },
		}).run();
		expect(again.json).toMatchObject({ rows_deleted: 0 });
	});

	it('marks an entry reported without touching its state or last change, also in a table made before the column existed', async () => {
		const [node, other] = processes;
		const { n8n } = e2e();
		const [[won]] = await ledgerCall(node, { operation: 'claim', key: 'report:1' }).run();
		await ledgerCall(node, {
			operation: 'record',
			key: 'report:1',
			claimId: (won.json.ledger as { token: string }).token,
			state: 'outcome_unknown',
			vendorRef: '',
			detail: 'no answer',
		}).run();
		const [[got]] = await ledgerCall(node, { operation: 'get', key: 'report:1' }).run();
		const [[marked]] = await ledgerCall(node, {
			operation: 'markReported',
			key: 'report:1',
			changedMs: got.json.changed_ms,
		}).run();
		expect(marked.json.ledger).toMatchObject({
			key: 'report:1',
			state: 'outcome_unknown',
			changed_ms: got.json.changed_ms,
			reported: true,
		});
		expect((marked.json.ledger as { reported_ms: number }).reported_ms).toBeGreaterThan(
			got.json.changed_ms as number,
		);
		// An entry changed since it was read is not marked.
		const [[stale]] = await ledgerCall(node, {
			operation: 'markReported',
			key: 'report:1',
			changedMs: (got.json.changed_ms as number) - 1,
		}).run();
		expect(stale.json.ledger).toMatchObject({ reported: false });

		// A ledger table as the first version made it: no reported_ms column.
		const old = `${table}_v1`;
		const columns = ['key', 'state', 'claim_id', 'vendor_ref', 'detail'].map((name) => ({
			name,
			type: 'string' as const,
		}));
		const oldId = await n8n.createDataTable(old, [
			...columns,
			{ name: 'changed_ms', type: 'number' },
			{ name: 'attempts', type: 'number' },
		]);
		await n8n.insertDataTableRows(oldId, [
			{
				key: 'old:1',
				state: 'outcome_unknown',
				claim_id: 't',
				vendor_ref: '',
				detail: '',
				changed_ms: 1,
				attempts: 1,
			},
		]);
		const [[upgraded]] = await ledgerCall(other, {
			operation: 'markReported',
			key: 'old:1',
			changedMs: 0,
			options: { tableName: old },
		}).run();
		expect(upgraded.json.ledger).toMatchObject({
			key: 'old:1',
			state: 'outcome_unknown',
			reported: true,
		});
		const [row] = await n8n.dataTableRows(oldId);
		expect(row.reported_ms).toEqual(expect.any(Number));
	});

	it('names the field on bad input and claims nothing', async () => {
		const [node] = processes;
		await expect(ledgerCall(node, { operation: 'claim', key: '   ' }).run()).rejects.toThrow(
			'The Key is empty',
		);
		await expect(
			ledgerCall(node, {
				operation: 'record',
				key: 'x',
				claimId: '',
				state: 'decided',
				vendorRef: '',
				detail: '',
			}).run(),
		).rejects.toThrow('The Claim ID is empty');
	});
});
