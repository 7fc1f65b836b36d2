import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { returnAllOrLimit } from '../../../shared/descriptions';
import { mapItems } from '../../../shared/items';
import { listWebhooks } from '../../api';
import { webhooksPathOption } from './fields';

const properties: INodeProperties[] = [
	...returnAllOrLimit,
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [webhooksPathOption],
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['webhook'], operation: ['getAll'] } },
	properties,
);

export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
	return await mapItems(this, items, async (i) => {
		const hooks = await listWebhooks.call(
			this,
			this.getNodeParameter('options.webhooksPath', i, '') as string,
			{ itemIndex: i },
		);
		// No paging is known for this list; the limit is applied here.
		return this.getNodeParameter('returnAll', i, false)
			? hooks
			: hooks.slice(0, this.getNodeParameter('limit', i, 50) as number);
	});
}
