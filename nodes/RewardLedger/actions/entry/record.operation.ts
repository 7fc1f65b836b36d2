import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { mapItems } from '../../../shared/items';
import { record } from '../../api';
import type { LedgerState } from '../../schemas';
import { keyField, readKey, readToken, tableNameOption, tablesFor, tokenField } from './fields';

const properties: INodeProperties[] = [
	keyField,
	tokenField,
	{
		displayName: 'State',
		name: 'state',
		type: 'options',
		default: 'ordered',
		options: [
			{
				name: 'Decided',
				value: 'decided',
				description: 'The end: fulfilled or refused (say which in Detail)',
			},
			{
				name: 'Failed (Safe to Retry)',
				value: 'failed',
				description: 'Provably not done: nothing reached the vendor, or the vendor refused',
			},
			{
				name: 'Ordered',
				value: 'ordered',
				description: 'The vendor accepted; put its reference in Vendor Reference',
			},
			{
				name: 'Outcome Unknown',
				value: 'outcome_unknown',
				description:
					'A call that changes something was sent and no answer came: look it up before sending anything again',
			},
			{
				name: 'Released',
				value: 'released',
				description: 'Given back without acting: a later claim may take it',
			},
		],
	},
	{
		displayName: 'Vendor Reference',
		name: 'vendorRef',
		type: 'string',
		default: '',
		placeholder: "e.g. {{ $('Create Kotis Order').item.json.order_num }}",
		description:
			'The order number, coupon code or transaction ID the vendor gave; kept unless replaced',
	},
	{
		displayName: 'Detail',
		name: 'detail',
		type: 'string',
		default: '',
		description: 'What happened, for whoever reads the ledger; kept unless replaced',
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
	{ show: { resource: ['entry'], operation: ['record'] } },
	properties,
);

export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
	return await mapItems(this, items, async (i) => {
		const key = readKey(this, i);
		const token = readToken(this, i);
		const tables = await tablesFor(this, i);
		const entry = await record(
			this,
			tables,
			key,
			token,
			{
				state: this.getNodeParameter('state', i) as LedgerState,
				vendorRef: String(this.getNodeParameter('vendorRef', i, '') ?? ''),
				detail: String(this.getNodeParameter('detail', i, '') ?? ''),
			},
			i,
		);
		const { id: _rowId, ...rest } = entry;
		return { ...items[i].json, ledger: rest };
	});
}
