import type { INodeProperties } from 'n8n-workflow';

import * as create from './create.operation';
import * as update from './update.operation';

export { create, update };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['order'] } },
		options: [
			{
				name: 'Create',
				value: 'create',
				description: 'Send a new order so the customer earns points',
				action: 'Create an order',
			},
			{
				name: 'Update',
				value: 'update',
				description: 'Update an order, e.g. its financial status on payment or refund',
				action: 'Update an order',
			},
		],
		default: 'create',
	},
	...create.description,
	...update.description,
];
