import type { INodeProperties } from 'n8n-workflow';

import * as fulfill from './fulfill.operation';
import * as getAll from './getAll.operation';
import * as refuse from './refuse.operation';

export { fulfill, getAll, refuse };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['rewardRedemption'] } },
		options: [
			{
				name: 'Fulfill',
				value: 'fulfill',
				description: 'Mark a redemption fulfilled, with a message to the advocate',
				action: 'Fulfill a reward redemption',
			},
			{
				name: 'Get Many',
				value: 'getAll',
				description:
					'Get the outstanding redemptions waiting to be fulfilled or refused, each with its advocate',
				action: 'Get many reward redemptions',
			},
			{
				name: 'Refuse',
				value: 'refuse',
				description: "Refuse a redemption with a message; Influitive returns the advocate's points",
				action: 'Refuse a reward redemption',
			},
		],
		default: 'getAll',
	},
	...getAll.description,
	...fulfill.description,
	...refuse.description,
];
