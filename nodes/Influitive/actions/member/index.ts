import type { INodeProperties } from 'n8n-workflow';

import * as create from './create.operation';
import * as get from './get.operation';
import * as getByEmail from './getByEmail.operation';
import * as getMe from './getMe.operation';
import * as search from './search.operation';

export { create, get, getByEmail, getMe, search };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['member'] } },
		options: [
			{
				name: 'Create',
				value: 'create',
				description: 'Create a member identified by email',
				action: 'Create a member',
			},
			{
				name: 'Get',
				value: 'get',
				description: 'Get a member by ID or UUID',
				action: 'Get a member',
			},
			{
				name: 'Get by Email',
				value: 'getByEmail',
				description: 'Find members by email address',
				action: 'Get a member by email',
			},
			{
				name: 'Get Me',
				value: 'getMe',
				description: "Get the API user's own member record",
				action: 'Get my member record',
			},
			{
				name: 'Search',
				value: 'search',
				description: 'Query members with q[...] filters',
				action: 'Search members',
			},
		],
		default: 'get',
	},
	...create.description,
	...get.description,
	...getByEmail.description,
	...search.description,
];
