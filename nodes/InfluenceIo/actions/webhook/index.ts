import type { INodeProperties } from 'n8n-workflow';

import * as create from './create.operation';
import * as deleteWebhook from './delete.operation';
import * as getAll from './getAll.operation';

export { create, deleteWebhook as delete, getAll };

export const description: INodeProperties[] = [
	{
		displayName:
			'Influence.io offers webhook endpoints but has not published their paths or keys. This resource assumes REST on /v1/webhooks with {"topic", "url"}; change the path and keys in each operation\'s options.',
		name: 'webhookNotice',
		type: 'notice',
		default: '',
		displayOptions: { show: { resource: ['webhook'] } },
	},
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['webhook'] } },
		options: [
			{
				name: 'Create',
				value: 'create',
				description: 'Subscribe a URL to a topic',
				action: 'Create a webhook',
			},
			{
				name: 'Delete',
				value: 'delete',
				description: 'Delete a webhook subscription',
				action: 'Delete a webhook',
			},
			{
				name: 'Get Many',
				value: 'getAll',
				description: 'List webhook subscriptions',
				action: 'Get many webhooks',
			},
		],
		default: 'getAll',
	},
	...getAll.description,
	...create.description,
	...deleteWebhook.description,
];
