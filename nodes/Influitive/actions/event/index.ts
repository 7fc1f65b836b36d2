import type { INodeProperties } from 'n8n-workflow';

import * as log from './log.operation';

export { log };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['event'] } },
		options: [
			{
				name: 'Log',
				value: 'log',
				description:
					'Award points, advance a challenge stage or record an act of advocacy. Not retried automatically: a retry would award the points twice.',
				action: 'Log an event',
			},
		],
		default: 'log',
	},
	...log.description,
];
