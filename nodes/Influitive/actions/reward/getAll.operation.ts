import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { returnAllOrLimit } from '../../../shared/descriptions';
import { mapItems } from '../../../shared/items';
import { listRewards } from '../../api';

const properties: INodeProperties[] = returnAllOrLimit;

export const description = updateDisplayOptions(
	{ show: { resource: ['reward'], operation: ['getAll'] } },
	properties,
);

export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
	return await mapItems(this, items, async (i) => {
		// `GET /external/rewards` answers one unpaged array (the only public client shows no paging).
		const rewards = await listRewards.call(this, { itemIndex: i });
		return this.getNodeParameter('returnAll', i)
			? rewards
			: rewards.slice(0, this.getNodeParameter('limit', i) as number);
	});
}
