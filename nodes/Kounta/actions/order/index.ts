import type { INodeProperties } from 'n8n-workflow';

import * as get from './get.operation';
import * as getAll from './getAll.operation';
import * as update from './update.operation';

export { get, getAll, update };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['order'] } },
		options: [
			{
				name: 'Get',
				value: 'get',
				description: 'Get an order with its lines and payments',
				action: 'Get an order',
			},
			{
				name: 'Get Many',
				value: 'getAll',
				description: 'List orders by site, status and date',
				action: 'Get many orders',
			},
			{
				name: 'Update',
				value: 'update',
				description: 'Add a line, a payment, a note or a price variation',
				action: 'Update an order',
			},
		],
		default: 'get',
	},
	...get.description,
	...getAll.description,
	...update.description,
];
