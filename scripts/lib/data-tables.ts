import type { N8nApi } from './n8n-api';

/**
 * The n8n Data Table the Influitive → Kotis templates share: template (a) claims a row per
 * redemption before ordering and records the Kotis order number; template (c) watches the open
 * rows for cancelled orders. The templates' sticky notes list the same columns for manual setup.
 */
export const REWARD_ORDERS_TABLE = {
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

/** Creates the templates' data tables unless they exist; returns their ids by name. */
export async function ensureDataTables(api: N8nApi): Promise<Record<string, string>> {
	const existing = await api.dataTableByName(REWARD_ORDERS_TABLE.name);
	const id = existing ?? (await api.createDataTable(REWARD_ORDERS_TABLE.name, [...REWARD_ORDERS_TABLE.columns]));
	return { [REWARD_ORDERS_TABLE.name]: id };
}
