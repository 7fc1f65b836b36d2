import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { mapItems } from '../../../shared/items';
import { locator } from '../../../shared/listSearch';
import { requiredText } from '../../../shared/params';
import { setRewardPublished } from '../../api';

export const rewardIdField: INodeProperties = locator({
	displayName: 'Reward',
	name: 'rewardId',
	searchListMethod: 'searchRewards',
	required: true,
	idDisplayName: 'By ID or UUID',
	idPlaceholder: 'e.g. 12',
	description: "Search by name, or enter the reward's ID or UUID",
});

/** Publish and Unpublish differ only in the path's last segment. */
export function publishing(action: 'publish' | 'unpublish') {
	return async function execute(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
		return await mapItems(this, items, async (i) => {
			const id = requiredText(this, 'rewardId', i, 'Reward ID or UUID');
			return { reward_id: id, action, ...(await setRewardPublished.call(this, id, action, { itemIndex: i })) };
		});
	};
}
