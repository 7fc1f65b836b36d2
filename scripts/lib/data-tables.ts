import type { N8nApi } from './n8n-api';

/**
 * The n8n Data Table the Influitive → Kotis templates share: template (a) claims a row per
 * redemption before ordering and records the Kotis order number; template (c) watches the open
 * rows for cancelled orders. The templates' sticky notes list the same columns for manual setup.
 */
const REWARD_ORDERS_TABLE = {
	name: 'reward_orders',
	columns: [
		{ name: 'redemption_id', type: 'string' },
		{ name: 'order_num', type: 'string' },
		{ name: 'status', type: 'string' },
		{ name: 'advocate_email', type: 'string' },
		{ name: 'advocate_uuid', type: 'string' },
		{ name: 'reward_name', type: 'string' },
		{ name: 'points', type: 'number' },
		{ name: 'detail', type: 'string' },
	],
} as const;

/**
 * The Influence.io customer index the Kounta loyalty search queries (workflows/kounta-loyalty-customer-index.json
 * fills it): `email` lower-cased, `name_search` the name lower-cased without accents.
 */
export const KOUNTA_CUSTOMER_INDEX_TABLE = {
	name: 'kounta_loyalty_customers',
	columns: [
		{ name: 'external_id', type: 'string' },
		{ name: 'email', type: 'string' },
		{ name: 'first_name', type: 'string' },
		{ name: 'last_name', type: 'string' },
		{ name: 'name_search', type: 'string' },
	],
} as const;

/**
 * Who got which Kotis redemption code (workflows/kotis-redemption-codes-to-recipients.json writes a row
 * once the recipient's email is sent): Kotis keeps no such record.
 */
const KOTIS_CODES_TABLE = {
	name: 'kotis_redemption_codes',
	columns: [
		{ name: 'campaign', type: 'string' },
		{ name: 'email', type: 'string' },
		{ name: 'name', type: 'string' },
		{ name: 'code', type: 'string' },
		{ name: 'claim_url', type: 'string' },
	],
} as const;

const TABLES = [REWARD_ORDERS_TABLE, KOUNTA_CUSTOMER_INDEX_TABLE, KOTIS_CODES_TABLE];

/** Creates the templates' data tables unless they exist; returns their ids by name. */
export async function ensureDataTables(api: N8nApi): Promise<Record<string, string>> {
	const ids: Record<string, string> = {};
	for (const table of TABLES) {
		const existing = await api.dataTableByName(table.name);
		ids[table.name] = existing ?? (await api.createDataTable(table.name, [...table.columns]));
	}
	return ids;
}
