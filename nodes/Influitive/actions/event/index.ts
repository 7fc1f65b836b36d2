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
				description: 'Award points or record an act of advocacy for an advocate',
				action: 'Log an event',
			},
		],
		default: 'log',
	},
	...log.description,
];
