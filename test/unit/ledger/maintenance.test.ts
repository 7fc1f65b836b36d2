/**
 * Reward Ledger operations that keep the ledger usable over months: Prune (deletes old finished
 * entries and old delivery rows, never an entry someone must still act on), Mark Reported (a
 * reconciler's alert once per entry), Take Over's detail condition, and the column a table made by
 * an earlier version gets. Against an in-memory stand-in of n8n's Data Table API
 * (./fake-data-tables.ts); the same operations run against a real n8n in test/e2e/ledger.test.ts.
 */
import nock from 'nock';
import type { INodeExecutionData } from 'n8n-workflow';

import { RewardLedger } from '../../../nodes/RewardLedger/RewardLedger.node';
import { LEDGER_COLUMNS } from '../../../nodes/RewardLedger/schemas';
import { fakeExecuteContext } from '../../helpers/fake-context';
import { useNock } from '../../helpers/http-testing';
import { fakeDataTables, type FakeDataTables } from './fake-data-tables';

useNock();

const DAY = 24 * 60 * 60 * 1000;
const COLUMNS = LEDGER_COLUMNS.map((column) => column.name);

async function run(
	api: FakeDataTables,
	parameters: Record<string, unknown>,
	items?: INodeExecutionData[],
) {
	const fake = fakeExecuteContext({
		credentials: { rewardLedgerApi: { apiKey: 'n8n-api-key', baseUrl: `${api.baseUrl}/api/v1` } },
		parameters: { resource: 'entry', options: {}, ...parameters },
		items,
	});
	return { out: await new RewardLedger().execute.call(fake.context), fake };
}

const entry = (key: string, state: string, ageMs: number, extra: Record<string, unknown> = {}) => ({
	key,
	state,
	claim_id: `token-${key}`,
	vendor_ref: '',
	detail: '',
	changed_ms: Date.now() - ageMs,
	attempts: 1,
	...extra,
});

describe('Reward Ledger → Prune', () => {
	function seeded() {
		const api = fakeDataTables();
		api.addTable('rf_fulfillment_ledger', COLUMNS, [
			entry('old:decided', 'decided', 100 * DAY),
			entry('old:released', 'released', 91 * DAY),
			entry('old:claimed', 'claimed', 400 * DAY),
			entry('old:ordered', 'ordered', 400 * DAY),
			entry('old:failed', 'failed', 400 * DAY),
			entry('old:unknown', 'outcome_unknown', 400 * DAY),
			entry('new:decided', 'decided', 89 * DAY),
			entry('new:released', 'released', 1 * DAY),
		]);
		api.addTable(
			'rf_fulfillment_ledger_locks',
			['bucket', 'holder', 'until_ms'],
			[{ bucket: 0, holder: '', until_ms: 0 }],
		);
		api.addTable('rf_webhook_deliveries', COLUMNS, [
			entry('delivery:wf:node:a', 'claimed', 8 * DAY),
			entry('delivery:wf:node:b', 'claimed', 6 * DAY),
		]);
		return api;
	}

	it('deletes decided and released entries older than the days kept, and delivery rows older than theirs; never another state', async () => {
		const api = seeded();
		const { out } = await run(api, {
			operation: 'prune',
			keepDays: 90,
			pruneDeliveries: true,
			keepDeliveryDays: 7,
		});
		expect(out[0]).toHaveLength(1);
		expect(out[0][0].json).toMatchObject({
			ledger_table: 'rf_fulfillment_ledger',
			entries_deleted: 2,
			entries_deleted_by_state: { decided: 1, released: 1 },
			delivery_table: 'rf_webhook_deliveries',
			deliveries_deleted: 1,
			rows_deleted: 3,
		});
		expect(api.table('rf_fulfillment_ledger')?.rows.map((row) => row.key)).toEqual([
			'old:claimed',
			'old:ordered',
			'old:failed',
			'old:unknown',
			'new:decided',
			'new:released',
		]);
		expect(api.table('rf_webhook_deliveries')?.rows.map((row) => row.key)).toEqual([
			'delivery:wf:node:b',
		]);
		expect(api.table('rf_fulfillment_ledger_locks')?.rows).toHaveLength(1);
		// One delete per final state, each with the state in its filter: nothing else can match.
		const deletes = api.requests.filter((request) => request.startsWith('DELETE'));
		expect(deletes).toHaveLength(3);
		expect(deletes[0]).toContain('{"columnName":"state","condition":"eq","value":"decided"}');
		expect(deletes[1]).toContain('{"columnName":"state","condition":"eq","value":"released"}');
	});

	it('a second prune finds nothing more to delete', async () => {
		const api = seeded();
		await run(api, {
			operation: 'prune',
			keepDays: 90,
			pruneDeliveries: true,
			keepDeliveryDays: 7,
		});
		const { out } = await run(api, {
			operation: 'prune',
			keepDays: 90,
			pruneDeliveries: true,
			keepDeliveryDays: 7,
		});
		expect(out[0][0].json).toMatchObject({
			entries_deleted: 0,
			deliveries_deleted: 0,
			rows_deleted: 0,
		});
	});

	it('leaves deliveries alone when told to, and creates no table that does not exist', async () => {
		const api = fakeDataTables();
		const { out } = await run(api, { operation: 'prune', keepDays: 30, pruneDeliveries: false });
		expect(out[0][0].json).toEqual({
			ledger_table: 'rf_fulfillment_ledger',
			entries_deleted: 0,
			entries_deleted_by_state: { decided: 0, released: 0 },
			entries_changed_before: expect.any(String),
			rows_deleted: 0,
		});
		expect(api.tables.size).toBe(0);
		expect(api.requests.every((request) => request.startsWith('GET /data-tables?'))).toBe(true);
	});

	it('uses the table options, and refuses a delivery table that is the ledger itself before deleting anything', async () => {
		const api = seeded();
		api.addTable('my_ledger', COLUMNS, [entry('x:1', 'decided', 40 * DAY)]);
		const { out } = await run(api, {
			operation: 'prune',
			keepDays: 30,
			pruneDeliveries: false,
			options: { tableName: 'my_ledger' },
		});
		expect(out[0][0].json).toMatchObject({ ledger_table: 'my_ledger', entries_deleted: 1 });
		expect(api.table('rf_fulfillment_ledger')?.rows).toHaveLength(8);

		const before = api.requests.length;
		await expect(
			run(api, {
				operation: 'prune',
				keepDays: 30,
				pruneDeliveries: true,
				keepDeliveryDays: 7,
				options: { deliveryTable: 'rf_fulfillment_ledger' },
			}),
		).rejects.toThrow('The Delivery Table is the ledger table itself');
		expect(api.requests.slice(before)).toEqual([]);
		expect(api.table('rf_fulfillment_ledger')?.rows).toHaveLength(8);
	});

	it('never prunes younger than a day, whatever the input', async () => {
		const api = fakeDataTables();
		api.addTable('rf_fulfillment_ledger', COLUMNS, [
			entry('day:old', 'decided', 1.1 * DAY),
			entry('day:young', 'decided', 0.9 * DAY),
		]);
		api.addTable('rf_webhook_deliveries', COLUMNS, [
			entry('delivery:old', 'claimed', 1.1 * DAY),
			entry('delivery:young', 'claimed', 0.9 * DAY),
		]);
		await run(api, {
			operation: 'prune',
			keepDays: 0,
			pruneDeliveries: true,
			keepDeliveryDays: -5,
		});
		expect(api.table('rf_fulfillment_ledger')?.rows.map((row) => row.key)).toEqual(['day:young']);
		expect(api.table('rf_webhook_deliveries')?.rows.map((row) => row.key)).toEqual([
			'delivery:young',
		]);
	});
});

describe('Reward Ledger → Mark Reported', () => {
	it('notes the time on the entry, leaving state, token and last change alone', async () => {
		const api = fakeDataTables();
		const row = entry('influitive:1', 'outcome_unknown', 20 * 60_000, { reported_ms: 0 });
		api.addTable('rf_fulfillment_ledger', COLUMNS, [row]);
		api.addTable(
			'rf_fulfillment_ledger_locks',
			['bucket', 'holder', 'until_ms'],
			[{ bucket: 0, holder: '', until_ms: 0 }],
		);
		const before = Date.now();
		const { out } = await run(
			api,
			{ operation: 'markReported', key: 'influitive:1', changedMs: row.changed_ms },
			[{ json: { person: 'look it up' } }],
		);
		const [stored] = api.table('rf_fulfillment_ledger')?.rows ?? [];
		expect(stored).toMatchObject({
			state: 'outcome_unknown',
			claim_id: 'token-influitive:1',
			changed_ms: row.changed_ms,
		});
		expect(stored.reported_ms as number).toBeGreaterThanOrEqual(before);
		expect(out[0][0].json).toMatchObject({
			person: 'look it up',
			ledger: { key: 'influitive:1', reported: true, token: '', reported_ms: stored.reported_ms },
		});
	});

	it('does not mark an entry that changed since it was read', async () => {
		const api = fakeDataTables();
		const row = entry('influitive:2', 'outcome_unknown', 60_000, { reported_ms: 0 });
		api.addTable('rf_fulfillment_ledger', COLUMNS, [row]);
		api.addTable(
			'rf_fulfillment_ledger_locks',
			['bucket', 'holder', 'until_ms'],
			[{ bucket: 0, holder: '', until_ms: 0 }],
		);
		const { out } = await run(api, {
			operation: 'markReported',
			key: 'influitive:2',
			changedMs: row.changed_ms - 5,
		});
		expect(out[0][0].json.ledger).toMatchObject({
			reported: false,
			state: 'outcome_unknown',
			reported_ms: 0,
		});
		expect(api.table('rf_fulfillment_ledger')?.rows[0].reported_ms).toBe(0);
	});

	it('a ledger table made before the column existed gets it on first use', async () => {
		const api = fakeDataTables();
		const oldColumns = COLUMNS.filter((column) => column !== 'reported_ms');
		api.addTable('rf_fulfillment_ledger', oldColumns, [
			entry('influitive:3', 'outcome_unknown', 60_000),
		]);
		api.addTable(
			'rf_fulfillment_ledger_locks',
			['bucket', 'holder', 'until_ms'],
			[{ bucket: 0, holder: '', until_ms: 0 }],
		);
		const { out } = await run(api, {
			operation: 'markReported',
			key: 'influitive:3',
			changedMs: 0,
		});
		expect(api.table('rf_fulfillment_ledger')?.columns).toEqual(COLUMNS);
		expect(out[0][0].json.ledger).toMatchObject({ reported: true });
		expect(api.requests.filter((request) => request.includes('/columns'))).toEqual([
			`POST /data-tables/${api.table('rf_fulfillment_ledger')?.id}/columns`,
		]);
	});

	it('with Continue On Fail, an item the ledger could not mark goes on with its own data and ledger_error', async () => {
		nock('https://n8n-down.ledger.test')
			.persist()
			.get(/.*/)
			.reply(401, { message: 'unauthorized' });
		const fake = fakeExecuteContext({
			credentials: {
				rewardLedgerApi: { apiKey: 'n8n-api-key', baseUrl: 'https://n8n-down.ledger.test/api/v1' },
			},
			parameters: {
				resource: 'entry',
				operation: 'markReported',
				key: 'influitive:5',
				changedMs: 0,
				options: {},
			},
			items: [{ json: { person: 'Redemption 5: look it up' } }],
			continueOnFail: true,
		});
		const [out] = await new RewardLedger().execute.call(fake.context);
		expect(out).toEqual([
			{
				json: { person: 'Redemption 5: look it up', ledger_error: expect.any(String) },
				pairedItem: { item: 0 },
			},
		]);
		expect(JSON.stringify(out)).not.toContain('n8n-api-key');
	});

	it('names the field on a bad Only If Changed At and changes nothing', async () => {
		const api = fakeDataTables();
		await expect(
			run(api, { operation: 'markReported', key: 'influitive:4', changedMs: -1 }),
		).rejects.toThrow('Only If Changed At is not a time in milliseconds');
		expect(api.requests).toEqual([]);
	});
});

describe('Reward Ledger → Take Over with Only If Detail Starts With', () => {
	function ledger() {
		const api = fakeDataTables();
		api.addTable('rf_fulfillment_ledger', COLUMNS, [
			entry('influitive:10', 'decided', DAY, { detail: 'fulfilled', vendor_ref: 'K-10' }),
			entry('influitive:11', 'decided', DAY, {
				detail: 'points restored: Kotis order K-11 cancelled',
				vendor_ref: 'K-11',
			}),
		]);
		api.addTable(
			'rf_fulfillment_ledger_locks',
			['bucket', 'holder', 'until_ms'],
			[{ bucket: 0, holder: '', until_ms: 0 }],
		);
		return api;
	}

	it('takes over an entry whose detail matches, keeping state, detail and vendor reference', async () => {
		const api = ledger();
		const { out } = await run(api, {
			operation: 'takeOver',
			key: 'influitive:10',
			states: ['decided'],
			unchangedForMinutes: 0,
			options: { detailStartsWith: 'fulfilled' },
		});
		expect(out[1]).toEqual([]);
		expect(out[0][0].json.ledger).toMatchObject({
			state: 'decided',
			detail: 'fulfilled',
			vendor_ref: 'K-10',
			attempts: 2,
			claimed: true,
		});
		expect(api.table('rf_fulfillment_ledger')?.rows[0].claim_id).toBe(
			(out[0][0].json.ledger as { token: string }).token,
		);
	});

	it('sets a new state and detail in the same write, so a second take-over finds it in another state', async () => {
		const api = ledger();
		const params = {
			operation: 'takeOver',
			key: 'influitive:10',
			states: ['decided'],
			unchangedForMinutes: 0,
			options: {
				detailStartsWith: 'fulfilled',
				setState: 'outcome_unknown',
				setDetail: 'giving back 500 points',
			},
		};
		const { out } = await run(api, params);
		expect(out[0][0].json.ledger).toMatchObject({
			state: 'outcome_unknown',
			detail: 'giving back 500 points',
			vendor_ref: 'K-10',
			claimed: true,
		});
		const patches = api.requests.filter((request) => request.startsWith('PATCH'));
		expect(patches).toHaveLength(1);
		const again = await run(api, params);
		expect(again.out[0]).toEqual([]);
		expect(again.out[1][0].json.ledger).toMatchObject({
			reason: 'state',
			state: 'outcome_unknown',
		});
	});

	it('leaves an entry holding another vendor reference alone (reason reference): the redemption was ordered again', async () => {
		const api = ledger();
		const { out } = await run(api, {
			operation: 'takeOver',
			key: 'influitive:10',
			states: ['decided'],
			unchangedForMinutes: 0,
			options: { detailStartsWith: 'fulfilled', vendorRefIs: 'K-OLD' },
		});
		expect(out[0]).toEqual([]);
		expect(out[1][0].json.ledger).toMatchObject({ reason: 'reference', vendor_ref: 'K-10' });
		expect(api.requests.some((request) => request.startsWith('PATCH'))).toBe(false);
	});

	it('names the field when Then Set State is not a ledger state, and changes nothing', async () => {
		const api = ledger();
		await expect(
			run(api, {
				operation: 'takeOver',
				key: 'influitive:10',
				states: ['decided'],
				unchangedForMinutes: 0,
				options: { setState: 'done' },
			}),
		).rejects.toThrow("Then Set State 'done' is not a ledger state");
		expect(api.table('rf_fulfillment_ledger')?.rows[0]).toMatchObject({
			state: 'decided',
			attempts: 1,
		});
	});

	it('leaves an entry with another detail alone (reason detail), so what was given back is never given back again', async () => {
		const api = ledger();
		const { out } = await run(api, {
			operation: 'takeOver',
			key: 'influitive:11',
			states: ['decided'],
			unchangedForMinutes: 0,
			options: { detailStartsWith: 'fulfilled' },
		});
		expect(out[0]).toEqual([]);
		expect(out[1][0].json.ledger).toMatchObject({ claimed: false, reason: 'detail', token: '' });
		expect(api.table('rf_fulfillment_ledger')?.rows[1]).toMatchObject({
			claim_id: 'token-influitive:11',
			attempts: 1,
		});
		expect(api.requests.some((request) => request.startsWith('PATCH'))).toBe(false);
	});
});
