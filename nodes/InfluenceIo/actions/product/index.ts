import type { INodeProperties } from 'n8n-workflow';

import * as upsert from './upsert.operation';
import * as upsertVariants from './upsertVariants.operation';

export { upsert, upsertVariants };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['product'] } },
		options: [
			{
				name: 'Create or Update',
				value: 'upsert',
				description:
					'Create a new product, or update the current one if it already exists (upsert)',
				action: 'Create or update a product',
			},
			{
				name: 'Create or Update Variants',
				value: 'upsertVariants',
				description:
					"Replace a product's variants with the given list; variants missing from the list are deleted",
				action: 'Create or update product variants',
			},
		],
		default: 'upsert',
	},
	...upsert.description,
	...upsertVariants.description,
];
