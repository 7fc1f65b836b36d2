import type { INodeProperties } from 'n8n-workflow';

import * as create from './create.operation';
import * as findByEmail from './findByEmail.operation';
import * as findByReference from './findByReference.operation';
import * as get from './get.operation';
import * as update from './update.operation';

export { create, findByEmail, findByReference, get, update };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['customer'] } },
		options: [
			{
				name: 'Create',
				value: 'create',
				description: 'Create a customer',
				action: 'Create a customer',
			},
			{
				name: 'Find by Email',
				value: 'findByEmail',
				description: 'Find the customer with an email address',
				action: 'Find a customer by email',
			},
			{
				name: 'Find by Reference',
				value: 'findByReference',
				description: 'Find customers by your loyalty reference ID',
				action: 'Find customers by reference',
			},
			{ name: 'Get', value: 'get', description: 'Get a customer', action: 'Get a customer' },
			{
				name: 'Update',
				value: 'update',
				description: 'Update a customer, e.g. set its reference ID',
				action: 'Update a customer',
			},
		],
		default: 'get',
	},
	...create.description,
	...findByEmail.description,
	...findByReference.description,
	...get.description,
	...update.description,
];
