import type { INodeProperties } from 'n8n-workflow';

import * as create from './create.operation';
import * as getStatus from './getStatus.operation';

export { create, getStatus };

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
				description: 'Ship inventory held at Kotis to an address',
				action: 'Create an order',
			},
			{
				name: 'Get Status',
				value: 'getStatus',
				description: 'Get the status, shipments and tracking numbers of orders',
				action: 'Get the status of orders',
			},
		],
		default: 'create',
	},
	...create.description,
	...getStatus.description,
];
