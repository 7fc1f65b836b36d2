import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { asNodeError, errorItem } from '../../../shared/items';
import { claim } from '../../api';
import { keyField, readKey, tableNameOption, tablesFor } from './fields';

const properties: INodeProperties[] = [
	{
		displayName:
			'Items go to <b>Claimed</b> when this execution now owns the key (act on it), and to <b>Already Handled</b> when another execution claimed it first or finished it (do nothing). The claim holds across every n8n process sharing the database.',
		name: 'claimNotice',
		type: 'notice',
		default: '',
	},
	keyField,
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			{
				displayName: 'Note',
				name: 'detail',
				type: 'string',
				default: '',
				description:
					'Saved with the entry, e.g. the advocate and reward, for whoever reads the ledger',
			},
			{
				displayName: 'Take Over Stale Claims After (Minutes)',
				name: 'reclaimAfterMinutes',
				type: 'number',
				typeOptions: { minValue: 0 },
				default: 0,
				description:
					'A claim that never got further (its execution died) may be taken over after this long. 0 = never: a claim whose execution died may have sent its vendor call, so a person or a reconciler decides. Failed and released entries are always taken over.',
			},
			tableNameOption,
		],
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['entry'], operation: ['claim'] } },
	properties,
);

/**
 * Two outputs: claimed, and already handled. The items' claims are made together, so they share
 * the ledger's batches (see `claim` in ../../api.ts) instead of waiting for each other.
 */
export async function executeOutputs(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
): Promise<INodeExecutionData[][]> {
	const outcomes = await Promise.allSettled(
		items.map(async (_item, i) => await claimItem(this, i)),
	);
	const claimed: INodeExecutionData[] = [];
	const handled: INodeExecutionData[] = [];
	outcomes.forEach((outcome, i) => {
		if (outcome.status === 'fulfilled') {
			const { result } = outcome.value;
			const { id: _rowId, ...entry } = result.entry;
			const out: INodeExecutionData = {
				json: { ...items[i].json, ledger: { ...entry, claimed: result.claimed } },
				pairedItem: { item: i },
			};
			(result.claimed ? claimed : handled).push(out);
			return;
		}
		const failure = asNodeError(this, outcome.reason, i);
		if (!this.continueOnFail()) throw failure;
		claimed.push(errorItem(failure, { item: i }));
	});
	return [claimed, handled];
}

async function claimItem(ctx: IExecuteFunctions, i: number) {
	const key = readKey(ctx, i);
	const options = ctx.getNodeParameter('options', i, {}) as {
		detail?: string;
		reclaimAfterMinutes?: number;
	};
	const tables = await tablesFor(ctx, i);
	const result = await claim(
		ctx,
		tables,
		key,
		{
			detail: options.detail,
			reclaimAfterMs: Math.max(0, Number(options.reclaimAfterMinutes ?? 0)) * 60_000,
		},
		i,
	);
	return { result };
}
