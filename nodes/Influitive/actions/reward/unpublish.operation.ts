import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { mapItems } from '../../../shared/items';
import { requiredText } from '../../../shared/params';
import { setRewardPublished } from '../../api';
import { rewardIdField } from './fields';

export const description = updateDisplayOptions(
	{ show: { resource: ['reward'], operation: ['unpublish'] } },
	[rewardIdField],
);

export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
	return await mapItems(this, items, async (i) => {
		const id = requiredText(this, 'rewardId', i, 'Reward ID or UUID');
		return {
			reward_id: id,
			action: 'unpublish',
			...(await setRewardPublished.call(this, id, 'unpublish', { itemIndex: i })),
		};
	});
}
