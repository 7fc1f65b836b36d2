import type { INodeProperties } from 'n8n-workflow';

import * as getAll from './getAll.operation';
import * as publish from './publish.operation';
import * as unpublish from './unpublish.operation';

export { getAll, publish, unpublish };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['reward'] } },
		options: [
			{
				name: 'Get Many',
				value: 'getAll',
				description: 'Get the rewards of the hub',
				action: 'Get many rewards',
			},
			{
				name: 'Publish',
				value: 'publish',
				description: 'Make a reward available to advocates',
				action: 'Publish a reward',
			},
			{
				name: 'Unpublish',
				value: 'unpublish',
				description: 'Hide a reward from advocates',
				action: 'Unpublish a reward',
			},
		],
		default: 'getAll',
	},
	...getAll.description,
	...publish.description,
	...unpublish.description,
];
