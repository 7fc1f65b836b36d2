import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';

import { asNodeError } from '../../../shared/items';
import { markReported } from '../../api';
import { keyField, readKey, tableNameOption, tablesFor } from './fields';

const properties: INodeProperties[] = [
	{
		displayName:
			"For a reconciler's alerts: notes on the entry that a person was told about it now (<b>reported_ms</b>), without taking it or changing its state. Report an entry again only when <code>reported_ms</code> is older than its last change (<code>changed_ms</code>), or older than your repeat interval.",
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
			"The entry's changed_ms as you read it: the entry is marked only if nothing changed it since (0 = whatever it is now). An entry changed meanwhile is left unmarked, so its new state gets reported.",
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
	{ show: { resource: ['entry'], operation: ['markReported'] } },
	properties,
);

/**
 * With Continue On Fail, an item whose entry could not be marked goes on with its own data and
 * `ledger_error` (not as a bare error item): a reconciler's alert text must reach its report even
 * when the ledger cannot be asked, and is simply reported again next time.
 */
export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
	const out: INodeExecutionData[] = [];
	for (let i = 0; i < items.length; i++) {
		try {
			out.push({ json: await markItem(this, items, i), pairedItem: { item: i } });
		} catch (error) {
			const failure = asNodeError(this, error, i);
			if (!this.continueOnFail()) throw failure;
			out.push({
				json: { ...items[i].json, ledger_error: failure.message },
				pairedItem: { item: i },
			});
		}
	}
	return out;
}

async function markItem(
	ctx: IExecuteFunctions,
	items: INodeExecutionData[],
	i: number,
): Promise<IDataObject> {
	const key = readKey(ctx, i);
	const changedMs = Number(ctx.getNodeParameter('changedMs', i, 0) ?? 0);
	if (!Number.isFinite(changedMs) || changedMs < 0) {
		throw new NodeOperationError(
			ctx.getNode(),
			'Only If Changed At is not a time in milliseconds',
			{
				itemIndex: i,
				description:
					"Pass the entry's changed_ms as read, e.g. {{ $('Ledger Entry').item.json.changed_ms }}, or 0.",
			},
		);
	}
	const result = await markReported(
		ctx,
		await tablesFor(ctx, i),
		key,
		{ changedMs: changedMs > 0 ? changedMs : undefined },
		i,
	);
	const { id: _rowId, ...entry } = result.entry ?? { id: 0, key, found: false };
	return { ...items[i].json, ledger: { ...entry, reported: result.marked } };
}
