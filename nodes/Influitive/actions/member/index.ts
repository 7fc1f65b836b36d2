import type { INodeProperties } from 'n8n-workflow';

import * as get from './get.operation';
import * as getByEmail from './getByEmail.operation';
import * as getMe from './getMe.operation';

export { get, getByEmail, getMe };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['member'] } },
		options: [
			{ name: 'Get', value: 'get', description: 'Get a member by ID or UUID', action: 'Get a member' },
			{ name: 'Get by Email', value: 'getByEmail', description: 'Find members by email address', action: 'Get a member by email' },
			{ name: 'Get Me', value: 'getMe', description: "Get the API user's own member record", action: 'Get my member record' },
		],
		default: 'get',
	},
	...get.description,
	...getByEmail.description,
];
