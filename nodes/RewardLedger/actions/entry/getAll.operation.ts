import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { mapItems } from '../../../shared/items';
import { listEntries } from '../../api';
import { LEDGER_STATES, type LedgerState } from '../../schemas';
import { tableNameOption, tablesFor } from './fields';

const properties: INodeProperties[] = [
	{
		displayName: 'States',
		name: 'states',
		type: 'multiOptions',
		required: true,
		default: ['claimed', 'ordered', 'failed', 'outcome_unknown'],
		options: LEDGER_STATES.map((state) => ({
			name: state.replace('_', ' ').replace(/^./, (c) => c.toUpperCase()),
			value: state,
		})),
		description: 'Entries in any of these states',
	},
	{
		displayName: 'Unchanged For (Minutes)',
		name: 'olderThanMinutes',
		type: 'number',
		typeOptions: { minValue: 0 },
		default: 15,
		description:
			'Only entries last changed at least this long ago, e.g. stuck ones for a reconciler',
	},
	{
		displayName: 'Limit',
		name: 'limit',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: 50,
		description: 'Max number of results to return',
	},
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
	{ show: { resource: ['entry'], operation: ['getAll'] } },
	properties,
);

export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
	return await mapItems(this, items, async (i) => {
		const states = this.getNodeParameter('states', i, []) as LedgerState[];
		const olderThan =
			Math.max(0, Number(this.getNodeParameter('olderThanMinutes', i, 15))) * 60_000;
		const limit = Math.max(1, Math.floor(Number(this.getNodeParameter('limit', i, 50))));
		const entries = await listEntries(
			this,
			await tablesFor(this, i),
			states,
			Date.now() - olderThan,
			limit,
			i,
		);
		return entries.map(({ id: _rowId, ...entry }) => entry);
	});
}
