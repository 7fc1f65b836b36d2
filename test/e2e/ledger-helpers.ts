import { e2e } from './state';

const LEDGER_TABLE = 'rf_fulfillment_ledger';

/** Claims a key the way another n8n process would: through the Reward Ledger node, outside the workflow. */
export async function claimElsewhere(key: string): Promise<void> {
	const { state } = e2e();
	// Loaded on first use: n8n's HTTP client, which the fake context drives, reconfigures the shared
	// axios defaults when it loads (@n8n/backend-network `configureAxios`: default headers, timeout,
	// interceptors); loaded at import time, the harness's next POST to n8n got a hung-up socket.
	const { fakeExecuteContext } = await import('../helpers/fake-context');
	const { RewardLedger } = await import('../../nodes/RewardLedger/RewardLedger.node');
	const fake = fakeExecuteContext({
		credentials: { rewardLedgerApi: { apiKey: state.apiKey, baseUrl: `${state.n8nUrl}/api/v1` } },
		parameters: { resource: 'entry', operation: 'claim', key, options: {} },
	});
	const [claimed] = await new RewardLedger().execute.call(fake.context);
	if (claimed.length !== 1)
		throw new Error(`expected to claim ${key}, got ${JSON.stringify(claimed)}`);
}

/** The ledger row of `key`, as n8n's public API lists it. */
export async function ledgerEntry(key: string): Promise<Record<string, unknown> | undefined> {
	const { n8n } = e2e();
	const id = await n8n.dataTableByName(LEDGER_TABLE);
	if (!id) return undefined;
	return (await n8n.dataTableRows(id)).find((row) => row.key === key);
}

/**
 * What a person does in n8n's Data Tables view (Overview → Data tables → the ledger): changes the
 * row of `key` by hand, e.g. `{ state: 'ordered', vendor_ref: '5134691' }` after finding the order in Kotis.
 */
export async function editLedgerRow(key: string, data: Record<string, unknown>): Promise<void> {
	const { n8n } = e2e();
	const id = await n8n.dataTableByName(LEDGER_TABLE);
	if (!id) throw new Error(`no data table ${LEDGER_TABLE}`);
	const filter = { type: 'and', filters: [{ columnName: 'key', condition: 'eq', value: key }] };
	const res = await n8n.http.patch(`/data-tables/${id}/rows/update`, {
		filter,
		data,
		returnData: true,
	});
	if (!Array.isArray(res.data) || res.data.length !== 1)
		throw new Error(`expected to edit one ledger row ${key}, got ${JSON.stringify(res.data)}`);
}
