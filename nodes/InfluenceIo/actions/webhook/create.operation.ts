import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { mapItems } from '../../../shared/items';
import { validateInput } from '../../../shared/validation';
import { createWebhook } from '../../api';
import { bodyJsonOption, withBodyJson } from '../../helpers/body';
import { TOPICS, webhookInputSchema } from '../../schemas';
import { webhooksPathOption } from './fields';

const properties: INodeProperties[] = [
	{
		displayName: 'Topic',
		name: 'topic',
		type: 'options',
		default: 'points/redeemed',
		description: 'Sent as "topic" (inferred key)',
		options: TOPICS.map((topic) => ({ name: topic, value: topic })),
	},
	{
		displayName: 'URL',
		name: 'url',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. https://example.com/hooks/influenceio',
		description: 'Where Influence.io sends the events',
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			bodyJsonOption('webhook'),
			{
				displayName: 'URL Field Name',
				name: 'urlKey',
				type: 'string',
				default: 'url',
				description:
					'Body key that carries the address. Unpublished: the default is the best guess; Shopify-style APIs use "address".',
			},
			webhooksPathOption,
		],
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['webhook'], operation: ['create'] } },
	properties,
);

export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
	return await mapItems(this, items, async (i) => {
		const input = validateInput(
			this.getNode(),
			webhookInputSchema,
			{
				topic: String(this.getNodeParameter('topic', i, '') ?? ''),
				url: String(this.getNodeParameter('url', i, '') ?? ''),
			},
			{ itemIndex: i, what: 'Influence.io webhook', labels: { topic: 'Topic', url: 'URL' } },
		);
		const urlKey = String(this.getNodeParameter('options.urlKey', i, 'url') || 'url');
		const body = withBodyJson(this, { topic: input.topic, [urlKey]: input.url }, i);
		return await createWebhook.call(
			this,
			body,
			this.getNodeParameter('options.webhooksPath', i, '') as string,
			{ itemIndex: i },
		);
	});
}
