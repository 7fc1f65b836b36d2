import type { INodeProperties } from 'n8n-workflow';

import * as advance from './advance.operation';
import * as create from './create.operation';
import * as get from './get.operation';
import * as getAll from './getAll.operation';

export { advance, create, get, getAll };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['referral'] } },
		options: [
			{
				name: 'Advance',
				value: 'advance',
				description: 'Move a referral to a milestone, e.g. won',
				action: 'Advance a referral',
			},
			{
				name: 'Create',
				value: 'create',
				description: 'Create a referral at any milestone',
				action: 'Create a referral',
			},
			{ name: 'Get', value: 'get', description: 'Get a referral', action: 'Get a referral' },
			{
				name: 'Get Many',
				value: 'getAll',
				description: 'Get many referrals',
				action: 'Get many referrals',
			},
		],
		default: 'create',
	},
	...advance.description,
	...create.description,
	...get.description,
	...getAll.description,
];
