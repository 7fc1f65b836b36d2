import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';

import { mapItems } from '../../../shared/items';
import { markReported } from '../../api';
import { keyField, readKey, tableNameOption, tablesFor } from './fields';

const properties: INodeProperties[] = [
	{
		displayName:
			'For a reconciler\'s alerts: notes on the entry that a person was told about it now (<b>reported_ms</b>), without taking it or changing its state. Report an entry again only when <code>reported_ms</code> is older than its last change (<code>changed_ms</code>), or older than your repeat interval.',
		name: 'markReportedNotice',
		type: 'notice',
		default: '',
	},
	keyField,
	{
		displayName: 'Only If Changed At',
		name: 'changedMs',
		type: 'number',
		default: 0,
		placeholder: "e.g. {{ $('Ledger Entry').item.json.changed_ms }}",
		description:
			'The entry\'s changed_ms as you read it: the entry is marked only if nothing changed it since (0 = whatever it is now). An entry changed meanwhile is left unmarked, so its new state gets reported.',
	},
	{ displayName: 'Options', name: 'options', type: 'collection', placeholder: 'Add Option', default: {}, options: [tableNameOption] },
];

export const description = updateDisplayOptions({ show: { resource: ['entry'], operation: ['markReported'] } }, properties);

export async function execute(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	return await mapItems(this, items, async (i) => {
		const key = readKey(this, i);
		const changedMs = Number(this.getNodeParameter('changedMs', i, 0) ?? 0);
		if (!Number.isFinite(changedMs) || changedMs < 0) {
			throw new NodeOperationError(this.getNode(), 'Only If Changed At is not a time in milliseconds', {
				itemIndex: i,
				description: "Pass the entry's changed_ms as read, e.g. {{ $('Ledger Entry').item.json.changed_ms }}, or 0.",
			});
		}
		const result = await markReported(this, await tablesFor(this, i), key, { changedMs: changedMs > 0 ? changedMs : undefined }, i);
		const { id: _rowId, ...entry } = result.entry ?? { id: 0, key, found: false };
		return { ...items[i].json, ledger: { ...entry, reported: result.marked } };
	});
}
