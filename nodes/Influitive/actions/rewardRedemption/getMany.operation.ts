import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { returnAllOrLimit } from '../../../shared/descriptions';
import { mapItems } from '../../../shared/items';
import { listRedemptions } from '../../api';

const properties: INodeProperties[] = [
	{
		displayName:
			'Returns the outstanding queue: redemptions waiting to be fulfilled or refused, each with its advocate under "contact". Influitive publishes no filters for it.',
		name: 'queueNotice',
		type: 'notice',
		default: '',
	},
	...returnAllOrLimit,
];

export const description = updateDisplayOptions({ show: { resource: ['rewardRedemption'], operation: ['getAll'] } }, properties);

export async function execute(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	return await mapItems(this, items, async (i) => {
		const limit = this.getNodeParameter('returnAll', i) ? undefined : (this.getNodeParameter('limit', i) as number);
		return (await listRedemptions.call(this, { limit, itemIndex: i })) as IDataObject[];
	});
}
