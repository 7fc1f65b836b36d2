import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { mapItems } from '../../../shared/items';
import { requiredText } from '../../../shared/params';
import { vendorRequest } from '../../../transport';
import { influitiveVendor } from '../../api';

type Action = 'publish' | 'unpublish';

/** Publish and Unpublish differ only in the path's last segment. */
export function publishDescription(action: Action): INodeProperties[] {
	return updateDisplayOptions({ show: { resource: ['reward'], operation: [action] } }, [
		{
			displayName: 'Reward ID or UUID',
			name: 'rewardId',
			type: 'string',
			required: true,
			default: '',
		},
	]);
}

export function publishExecute(action: Action) {
	return async function execute(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
		return await mapItems(this, items, async (i) => {
			const id = requiredText(this, 'rewardId', i, 'Reward ID or UUID');
			const response = await vendorRequest.call(this, influitiveVendor, {
				method: 'POST',
				url: `/external/rewards/${encodeURIComponent(id)}/${action}`,
				// Publishing twice leaves the reward published: safe to retry.
				idempotent: true,
				itemIndex: i,
			});
			return { reward_id: id, action, ...((response.body ?? {}) as IDataObject) };
		});
	};
}
