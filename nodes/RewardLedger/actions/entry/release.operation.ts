import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { mapItems } from '../../../shared/items';
import { record } from '../../api';
import { keyField, readKey, readToken, tableNameOption, tablesFor, tokenField } from './fields';

const properties: INodeProperties[] = [
	keyField,
	tokenField,
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
	{ show: { resource: ['entry'], operation: ['release'] } },
	properties,
);

/** Gives a claim back untouched, e.g. when the workflow decides not to act after all. */
export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
	return await mapItems(this, items, async (i) => {
		const entry = await record(
			this,
			await tablesFor(this, i),
			readKey(this, i),
			readToken(this, i),
			{ state: 'released' },
			i,
		);
		const { id: _rowId, ...rest } = entry;
		return { ...items[i].json, ledger: rest };
	});
}
