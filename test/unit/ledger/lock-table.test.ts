/**
 * The lock table's one row is inserted by the process that created the table. Under a first burst
 * on SQLite that insert can time out (seen in `npm run soak`), leaving a lock table without its row:
 * every claim after it failed until a person deleted the table. A lock table that old without its
 * row is now made again by a claim that has seen it empty for its whole wait (10 s). Against the
 * in-memory stand-in of n8n's Data Table API.
 */
import { RewardLedger } from '../../../nodes/RewardLedger/RewardLedger.node';
import { LEDGER_COLUMNS } from '../../../nodes/RewardLedger/schemas';
import { fakeExecuteContext } from '../../helpers/fake-context';
import { useNock } from '../../helpers/http-testing';
import { fakeDataTables, type FakeDataTables } from './fake-data-tables';

useNock();

const LOCK_COLUMNS = ['bucket', 'holder', 'until_ms'];

async function claim(api: FakeDataTables, key: string) {
	const fake = fakeExecuteContext({
		credentials: { rewardLedgerApi: { apiKey: 'n8n-api-key', baseUrl: `${api.baseUrl}/api/v1` } },
		parameters: { resource: 'entry', operation: 'claim', key, options: {} },
	});
	return await new RewardLedger().execute.call(fake.context);
}

describe('Reward Ledger → a lock table left without its row', () => {
	it('is made again once it is older than any insert could still land, and the claim goes through', async () => {
		const api = fakeDataTables();
		api.addTable(
			'rf_fulfillment_ledger',
			LEDGER_COLUMNS.map((column) => column.name),
		);
		const orphan = api.addTable(
			'rf_fulfillment_ledger_locks',
			LOCK_COLUMNS,
			[],
			new Date(Date.now() - 5 * 60_000),
		);

		const out = await claim(api, 'influitive:1');

		expect(out[0].map((item) => item.json.ledger)).toEqual([
			expect.objectContaining({ key: 'influitive:1', state: 'claimed' }),
		]);
		expect(api.tables.has(orphan.id)).toBe(false);
		const locks = api.table('rf_fulfillment_ledger_locks');
		expect(locks?.id).not.toBe(orphan.id);
		// One lock row, free again after the claim.
		expect(locks?.rows).toEqual([expect.objectContaining({ bucket: 0, holder: '' })]);
		expect(api.requests).toContain(`DELETE /data-tables/${orphan.id}`);
		expect(api.table('rf_fulfillment_ledger')?.rows).toEqual([
			expect.objectContaining({ key: 'influitive:1', state: 'claimed' }),
		]);
	}, 30_000);

	it('is left alone while it is young (its creator may still be adding the row): the claim fails and says why', async () => {
		const api = fakeDataTables();
		api.addTable(
			'rf_fulfillment_ledger',
			LEDGER_COLUMNS.map((column) => column.name),
		);
		const young = api.addTable('rf_fulfillment_ledger_locks', LOCK_COLUMNS, []);

		await expect(claim(api, 'influitive:2')).rejects.toMatchObject({
			message: "The data table 'rf_fulfillment_ledger_locks' is missing its lock row",
			description: expect.stringMatching(
				/made again once it is 90 s old[\s\S]*Action: nothing was sent/,
			),
		});
		expect(api.tables.has(young.id)).toBe(true);
		expect(api.requests.some((request) => request.startsWith('DELETE'))).toBe(false);
		expect(api.table('rf_fulfillment_ledger')?.rows).toEqual([]);
	}, 30_000);
});
