import type { ILoadOptionsFunctions, INodeListSearchResult } from 'n8n-workflow';

import { searchPage } from '../../shared/listSearch';
import { fetchInventory } from '../api';

/**
 * Full SKUs of the program's inventory (one unpaged `GET /skus/quantity`). Kotis puts the size in
 * the SKU (107529-1-S, 107529-1-M…), so each size is its own entry, shown with what is available.
 * @public n8n calls it by name (a locator's searchListMethod)
 */
export async function searchSkus(
	this: ILoadOptionsFunctions,
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	const rows = await fetchInventory.call(this);
	return await searchPage(rows, {
		filter,
		paginationToken,
		text: (row) => [row.sku],
		toItem: (row) =>
			row.sku
				? { name: `${row.sku} (${row.available_quantity} available)`, value: row.sku }
				: undefined,
	});
}
