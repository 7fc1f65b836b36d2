import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';

import { asNodeError, errorItem } from '../../../shared/items';
import { takeOver } from '../../api';
import { LEDGER_STATES, type LedgerState } from '../../schemas';
import { keyField, readKey, tableNameOption, tablesFor } from './fields';

const properties: INodeProperties[] = [
	{
		displayName:
			'For a reconciler: takes a stuck entry for this execution (a new token), keeping its state and vendor reference, e.g. an <b>ordered</b> entry whose redemption was never decided. Items go to <b>Taken Over</b>, or to <b>Not Taken</b> when the entry is absent, in another state (or with another detail), changed too recently, or changed by another execution meanwhile.',
		name: 'takeOverNotice',
		type: 'notice',
		default: '',
	},
	keyField,
	{
		displayName: 'Only From States',
		name: 'states',
		type: 'multiOptions',
		required: true,
		default: ['ordered'],
		options: LEDGER_STATES.map((state) => ({
			name: state.replace('_', ' ').replace(/^./, (c) => c.toUpperCase()),
			value: state,
		})),
		description: 'Take the entry over only while it is in one of these states',
	},
	{
		displayName: 'Unchanged For (Minutes)',
		name: 'unchangedForMinutes',
		type: 'number',
		typeOptions: { minValue: 0, numberPrecision: 2 },
		default: 15,
		description:
			'Only an entry last changed at least this long ago: longer than any execution of your workflows can take (with the transport retrying for up to 90 s per call, 15 minutes is safe), so an execution still at work is never taken over',
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			{
				displayName: 'Only If Detail Starts With',
				name: 'detailStartsWith',
				type: 'string',
				default: '',
				placeholder: 'e.g. fulfilled',
				description:
					'Take the entry over only while its detail starts with this, e.g. "fulfilled" for a redemption that was fulfilled and not yet given back. Checked together with the state, so two executions cannot both pass it.',
			},
			{
				displayName: 'Only If Vendor Reference Is',
				name: 'vendorRefIs',
				type: 'string',
				default: '',
				placeholder: 'e.g. {{ $json.order_num }}',
				description:
					'Take the entry over only while it holds this vendor reference, e.g. the order a cancellation is about (a redemption ordered again after it holds the new order)',
			},
			{
				displayName: 'Then Set State',
				name: 'setState',
				type: 'options',
				default: '',
				options: [
					{ name: 'Keep Its State', value: '' },
					...LEDGER_STATES.map((state) => ({
						name: state.replace('_', ' ').replace(/^./, (c) => c.toUpperCase()),
						value: state,
					})),
				],
				description:
					'Write this state in the same compare-and-set, e.g. Outcome Unknown before a call that must happen once: an execution that reads the entry a moment later then finds it in another state and cannot take it over too',
			},
			{
				displayName: 'Then Set Detail',
				name: 'setDetail',
				type: 'string',
				default: '',
				description: 'Replace the detail in the same write (empty = keep it)',
			},
			tableNameOption,
		],
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['entry'], operation: ['takeOver'] } },
	properties,
);

/** Two outputs: taken over, and not taken (with the reason). */
export async function executeOutputs(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
): Promise<INodeExecutionData[][]> {
	const taken: INodeExecutionData[] = [];
	const notTaken: INodeExecutionData[] = [];
	for (let i = 0; i < items.length; i++) {
		try {
			const key = readKey(this, i);
			const states = this.getNodeParameter('states', i, []) as LedgerState[];
			if (states.length === 0) {
				throw new NodeOperationError(this.getNode(), 'Only From States is empty', {
					itemIndex: i,
					description: 'Pick the states a stuck entry may be in, e.g. Ordered.',
				});
			}
			const unchangedForMs =
				Math.max(0, Number(this.getNodeParameter('unchangedForMinutes', i, 15))) * 60_000;
			const options = this.getNodeParameter('options', i, {}) as {
				detailStartsWith?: string;
				vendorRefIs?: string;
				setState?: string;
				setDetail?: string;
			};
			const setState = options.setState ? (options.setState as LedgerState) : undefined;
			if (setState !== undefined && !LEDGER_STATES.includes(setState)) {
				throw new NodeOperationError(
					this.getNode(),
					`Then Set State '${options.setState}' is not a ledger state`,
					{
						itemIndex: i,
						description: `Pick one of ${LEDGER_STATES.join(', ')}, or Keep Its State.`,
					},
				);
			}
			const result = await takeOver(
				this,
				await tablesFor(this, i),
				key,
				{
					states,
					unchangedForMs,
					detailStartsWith: options.detailStartsWith || undefined,
					vendorRefIs: options.vendorRefIs ? String(options.vendorRefIs).trim() : undefined,
					setState,
					setDetail: options.setDetail || undefined,
				},
				i,
			);
			if (result.takenOver) {
				const { id: _rowId, ...entry } = result.entry;
				taken.push({
					json: { ...items[i].json, ledger: { ...entry, claimed: true } },
					pairedItem: { item: i },
				});
			} else {
				const { id: _rowId, ...entry } = result.entry ?? { id: 0, key, found: false };
				notTaken.push({
					json: { ...items[i].json, ledger: { ...entry, claimed: false, reason: result.reason } },
					pairedItem: { item: i },
				});
			}
		} catch (error) {
			const failure = asNodeError(this, error, i);
			if (!this.continueOnFail()) throw failure;
			taken.push(errorItem(failure, { item: i }));
		}
	}
	return [taken, notTaken];
}
