import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { returnAllOrLimit } from '../../../shared/descriptions';
import { mapItems } from '../../../shared/items';
import { listReferrals } from '../../api';

const properties: INodeProperties[] = [
	...returnAllOrLimit,
	{
		displayName: 'Status Type',
		name: 'statusType',
		type: 'string',
		default: '',
		placeholder: 'e.g. qualified',
		description: 'Sent as status_type; leave empty for every referral',
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['referral'], operation: ['getAll'] } },
	properties,
);

export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
	return await mapItems(this, items, async (i) => {
		const statusType = String(this.getNodeParameter('statusType', i, '') ?? '').trim();
		const limit = this.getNodeParameter('returnAll', i)
			? undefined
			: (this.getNodeParameter('limit', i) as number);
		return await listReferrals.call(this, statusType ? { status_type: statusType } : {}, {
			limit,
			itemIndex: i,
		});
	});
}
