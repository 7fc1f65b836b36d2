import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { mapItems } from '../../../shared/items';
import { findEntry } from '../../api';
import { keyField, readKey, tableNameOption, tablesFor } from './fields';

const properties: INodeProperties[] = [
	keyField,
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [tableNameOption],
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['entry'], operation: ['get'] } },
	properties,
);

export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
	return await mapItems(this, items, async (i) => {
		const key = readKey(this, i);
		const entry = await findEntry(this, await tablesFor(this, i), key, i);
		if (!entry) return { key, found: false };
		const { id: _rowId, ...rest } = entry;
		return { ...rest, found: true };
	});
}
