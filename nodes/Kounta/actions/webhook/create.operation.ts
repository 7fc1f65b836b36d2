import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { mapItems } from '../../../shared/items';
import { validateInput } from '../../../shared/validation';
import { companyIdParam, path, send } from '../../api';
import { webhookCreateSchema } from '../../schemas';

const properties: INodeProperties[] = [
	{
		displayName: 'Topic',
		name: 'topic',
		type: 'options',
		options: [
			{ name: 'Custom', value: 'custom' },
			{ name: 'Customer Created (Inferred)', value: 'customers/created' },
			{ name: 'Customer Updated (Inferred)', value: 'customers/updated' },
			{ name: 'Order Completed', value: 'orders/completed' },
			{ name: 'Order Deleted (Inferred)', value: 'orders/deleted' },
		],
		default: 'orders/completed',
		description:
			"Only orders/completed is confirmed; the others are inferred. Kounta's full topic list is unpublished.",
	},
	{
		displayName: 'Custom Topic',
		name: 'customTopic',
		type: 'string',
		default: '',
		placeholder: 'e.g. orders/updated',
		displayOptions: { show: { topic: ['custom'] } },
	},
	{
		displayName: 'Address',
		name: 'address',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'https://…',
		description: 'Your callback URL',
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			{
				displayName: 'Format',
				name: 'format',
				type: 'options',
				options: [
					{ name: 'JSON', value: 'json' },
					{ name: 'XML', value: 'xml' },
				],
				default: 'json',
			},
			{
				displayName: 'Header Name',
				name: 'headerName',
				type: 'string',
				default: '',
				placeholder: 'e.g. X-My-Header',
				description: 'A header Kounta adds to each delivery: Authorization or X-… (not X-Kounta…)',
			},
			{
				displayName: 'Header Value',
				name: 'headerValue',
				type: 'string',
				typeOptions: { password: true },
				default: '',
			},
			{
				displayName: 'Site IDs',
				name: 'siteIds',
				type: 'string',
				default: '',
				description: 'Comma-separated; only events of these sites',
			},
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
		const options = this.getNodeParameter('options', i, {}) as IDataObject;
		const topic =
			this.getNodeParameter('topic', i) === 'custom'
				? this.getNodeParameter('customTopic', i, '')
				: this.getNodeParameter('topic', i);
		const siteIds = String(options.siteIds ?? '')
			.split(',')
			.map((s) => s.trim())
			.filter(Boolean);
		const headerName = String(options.headerName ?? '').trim();
		const body = validateInput(
			this.getNode(),
			webhookCreateSchema,
			{
				topic: String(topic ?? ''),
				address: String(this.getNodeParameter('address', i, '')),
				format: options.format ?? 'json',
				filter: siteIds.length ? { site_ids: siteIds.map(Number) } : undefined,
				headers: headerName ? { [headerName]: String(options.headerValue ?? '') } : undefined,
			},
			{
				itemIndex: i,
				what: 'Kounta webhook',
				labels: {
					topic: 'Topic',
					address: 'Address',
					'filter.site_ids': 'Site IDs',
					headers: 'Header Name',
				},
			},
		);
		const companyId = await companyIdParam(this, i);
		// The header value is typically a shared secret: scrubbed from any error, like a credential.
		const headerValue = String(options.headerValue ?? '');
		const { record } = await send.call(
			this,
			'POST',
			path('companies', companyId, 'webhooks'),
			body as IDataObject,
			{
				itemIndex: i,
				secrets: headerValue ? [headerValue] : [],
			},
		);
		// Header values may be secrets: never echoed into the output.
		const { headers: _headers, ...shown } = record;
		return shown;
	});
}
