import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { mapItems } from '../../../shared/items';
import { validateInput } from '../../../shared/validation';
import { deleteWebhook } from '../../api';
import { pathId } from '../../schemas';
import { webhooksPathOption } from './fields';

const properties: INodeProperties[] = [
	{
		displayName: 'Webhook ID',
		name: 'webhookId',
		type: 'string',
		required: true,
		default: '',
		description: 'ID of the subscription, e.g. from Webhook → Get Many',
	},
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
	{ show: { resource: ['webhook'], operation: ['delete'] } },
	properties,
);

export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
	return await mapItems(this, items, async (i) => {
		const webhookId = validateInput(
			this.getNode(),
			pathId('Webhook ID'),
			String(this.getNodeParameter('webhookId', i, '') ?? ''),
			{
				itemIndex: i,
				what: 'Influence.io webhook',
			},
		);
		return await deleteWebhook.call(
			this,
			webhookId,
			this.getNodeParameter('options.webhooksPath', i, '') as string,
			{ itemIndex: i },
		);
	});
}
