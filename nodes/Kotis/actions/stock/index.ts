import type { INodeProperties } from 'n8n-workflow';

import * as check from './check.operation';
import * as getAll from './getAll.operation';

export { check, getAll };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['stock'] } },
		options: [
			{
				name: 'Check',
				value: 'check',
				description: 'Check whether one exact SKU (size included) has enough available stock',
				action: 'Check stock for a SKU',
			},
			{
				name: 'Get Many',
				value: 'getAll',
				description: 'List the available and physical quantity of every SKU in your Kotis program',
				action: 'Get many stock levels',
			},
		],
		default: 'check',
	},
	...check.description,
	...getAll.description,
];
