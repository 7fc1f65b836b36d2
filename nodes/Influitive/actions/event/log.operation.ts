import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { mapItems } from '../../../shared/items';
import { validateInput } from '../../../shared/validation';
import { vendorRequest } from '../../../transport';
import { influitiveVendor } from '../../api';
import { eventLogSchema } from '../../schemas';

const properties: INodeProperties[] = [
	{
		displayName:
			'Not retried automatically: Influitive awards the points again for every request it receives, so a retry could pay twice.',
		name: 'notRetriedNotice',
		type: 'notice',
		default: '',
	},
	{
		displayName: 'Event Type',
		name: 'eventType',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. points_restored',
		description: 'API code of a custom event type set up in the hub',
	},
	{
		displayName: 'Identify Advocate By',
		name: 'contactBy',
		type: 'options',
		default: 'email',
		options: [
			{ name: 'Email', value: 'email', description: 'An email not yet in the hub creates a profile' },
			{ name: 'Member ID', value: 'id' },
			{ name: 'CRM Contact ID', value: 'crm_contact_id' },
		],
	},
	{
		displayName: 'Advocate',
		name: 'contactValue',
		type: 'string',
		required: true,
		default: '',
		description: 'The email, member ID or CRM contact ID',
	},
	{
		displayName: 'Points',
		name: 'points',
		type: 'string',
		default: '',
		placeholder: 'e.g. 500',
		description: 'Points to award (sent as text, as Influitive documents). Leave empty to use the event type\'s points.',
	},
	{
		displayName: 'Additional Fields',
		name: 'additionalFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		options: [
			{ displayName: 'Advocacy Content', name: 'content', type: 'string', default: '' },
			{ displayName: 'Advocacy Date', name: 'occurredAt', type: 'string', default: '', placeholder: 'YYYY-MM-DD' },
			{ displayName: 'Advocacy Source Title', name: 'sourceTitle', type: 'string', default: '' },
			{ displayName: 'Advocacy Source URL', name: 'sourceUrl', type: 'string', default: '' },
			{ displayName: 'Advocacy Type', name: 'advocacyType', type: 'string', default: '' },
			{ displayName: 'Stage Code', name: 'stageCode', type: 'string', default: '', description: 'Advances an API-integrated challenge stage' },
		],
	},
];

export const description = updateDisplayOptions({ show: { resource: ['event'], operation: ['log'] } }, properties);

const LABELS = {
	type: 'Event Type',
	contact: 'Advocate',
	'contact.email': 'Advocate',
	points: 'Points',
	stage: 'Stage Code',
	'advocacy.advocacy_type': 'Advocacy Type',
	'advocacy.content': 'Advocacy Content',
	'advocacy.source_title': 'Advocacy Source Title',
	'advocacy.source_url': 'Advocacy Source URL',
	'advocacy.occurred_at': 'Advocacy Date',
};

export async function execute(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	return await mapItems(this, items, async (i) => {
		const extra = this.getNodeParameter('additionalFields', i, {}) as Record<string, string>;
		const points = String(this.getNodeParameter('points', i, '') ?? '').trim();
		const advocacy = extra.advocacyType || extra.content || extra.sourceTitle || extra.sourceUrl;
		const candidate = {
			type: String(this.getNodeParameter('eventType', i, '') ?? ''),
			contact: { [this.getNodeParameter('contactBy', i) as string]: String(this.getNodeParameter('contactValue', i, '') ?? '').trim() || undefined },
			...(points ? { points } : {}),
			...(extra.stageCode ? { stage: { code: extra.stageCode } } : {}),
			...(advocacy
				? {
						advocacy: {
							advocacy_type: extra.advocacyType ?? '',
							content: extra.content ?? '',
							source_title: extra.sourceTitle ?? '',
							source_url: extra.sourceUrl ?? '',
							...(extra.occurredAt ? { occurred_at: extra.occurredAt } : {}),
						},
					}
				: {}),
		};
		const body = validateInput(this.getNode(), eventLogSchema, candidate, { itemIndex: i, what: 'Influitive event', labels: LABELS });
		const response = await vendorRequest.call(this, influitiveVendor, { method: 'POST', url: '/events', body: body as IDataObject, itemIndex: i });
		return response.body as IDataObject;
	});
}
