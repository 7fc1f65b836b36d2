import type { INodeProperties } from 'n8n-workflow';

import * as send from './send.operation';

export { send };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['perk'] } },
		options: [
			{
				name: 'Send',
				value: 'send',
				description: 'Give an advocate a reward for free',
				action: 'Send a perk',
			},
		],
		default: 'send',
	},
	...send.description,
];
