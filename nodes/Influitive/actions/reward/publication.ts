import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { mapItems } from '../../../shared/items';
import { requiredText } from '../../../shared/params';
import { setRewardPublished } from '../../api';
import { rewardIdField } from './fields';

/** Publish and Unpublish differ only in the action sent: one definition for both operation files. */
export function publicationOperation(action: 'publish' | 'unpublish') {
	return {
		description: updateDisplayOptions({ show: { resource: ['reward'], operation: [action] } }, [
			rewardIdField,
		]),
		async execute(
			this: IExecuteFunctions,
			items: INodeExecutionData[],
		): Promise<INodeExecutionData[]> {
			return await mapItems(this, items, async (i) => {
				const id = requiredText(this, 'rewardId', i, 'Reward ID or UUID');
				return {
					reward_id: id,
					action,
					...(await setRewardPublished.call(this, id, action, { itemIndex: i })),
				};
			});
		},
	};
}
