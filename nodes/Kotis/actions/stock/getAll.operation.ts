import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { returnAllOrLimit } from '../../../shared/descriptions';
import { mapItems } from '../../../shared/items';
import { fetchInventory } from '../../api';
import type { InventoryRow } from '../../schemas';

const properties: INodeProperties[] = [
	...returnAllOrLimit,
	{
		displayName: 'Filters',
		name: 'filters',
		type: 'collection',
		placeholder: 'Add Filter',
		default: {},
		options: [
			{
				displayName: 'SKU Starts With',
				name: 'skuPrefix',
				type: 'string',
				default: '',
				placeholder: 'e.g. 107529-1-',
				description: 'Only SKUs that start with this text, e.g. a base SKU to list its sizes',
			},
			{
				displayName: 'Only Available',
				name: 'onlyAvailable',
				type: 'boolean',
				default: false,
				description: 'Whether to return only SKUs with an available quantity above zero',
			},
		],
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['stock'], operation: ['getAll'] } },
	properties,
);

export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
	// Kotis has no filter or paging on this endpoint: one fetch serves every item.
	let inventory: InventoryRow[] | undefined;
	return await mapItems(this, items, async (i) => {
		inventory ??= await fetchInventory.call(this, i);
		const returnAll = this.getNodeParameter('returnAll', i) as boolean;
		const filters = this.getNodeParameter('filters', i, {}) as {
			skuPrefix?: string;
			onlyAvailable?: boolean;
		};
		const rows = inventory.filter(
			(row) =>
				(!filters.skuPrefix || row.sku.startsWith(filters.skuPrefix)) &&
				(!filters.onlyAvailable || row.available_quantity > 0),
		);
		return returnAll ? rows : rows.slice(0, this.getNodeParameter('limit', i) as number);
	});
}
