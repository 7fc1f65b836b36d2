import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { mapItems } from '../../../shared/items';
import { validateInput } from '../../../shared/validation';
import { logEvent } from '../../api';
import { eventLogSchema } from '../../schemas';

const properties: INodeProperties[] = [
	{
		displayName:
			'Not retried automatically: Influitive awards the points again for every request it receives, so a retry could award them twice. After a timeout or a 5xx, check the advocate in the hub before running again.',
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
		placeholder: 'e.g. attended_webinar',
		description: 'The API code of a custom event type set up in the hub',
	},
	{
		displayName: 'Identify Advocate By',
		name: 'contactBy',
		type: 'options',
		default: 'email',
		options: [
			{
				name: 'Email',
				value: 'email',
				description: 'An email not yet in the hub creates a profile',
			},
			{ name: 'Member ID', value: 'id' },
			{
				name: 'CRM Contact ID',
				value: 'crm_contact_id',
				description: 'For example the Salesforce contact ID',
			},
		],
	},
	{
		displayName: 'Advocate',
		name: 'contactValue',
		type: 'string',
		required: true,
		default: '',
		description: 'The email, member ID or CRM contact ID chosen above',
	},
	{
		displayName: 'Points',
		name: 'points',
		type: 'string',
		default: '',
		placeholder: 'e.g. 500',
		description:
			"Whole number of points to award, sent as text as Influitive documents. Leave empty to send none. With a Stage Code, the challenge's configured points apply instead.",
	},
	{
		displayName: 'Additional Fields',
		name: 'additionalFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		description: 'Either a Stage Code or the Advocacy fields, never both',
		options: [
			{
				displayName: 'Advocacy Content',
				name: 'content',
				type: 'string',
				default: '',
				description:
					'Act of advocacy: what the advocate did. An act of advocacy needs all four Advocacy fields; the date is optional.',
			},
			{
				displayName: 'Advocacy Date',
				name: 'occurredAt',
				type: 'string',
				default: '',
				placeholder: 'YYYY-MM-DD',
				description: 'When the act of advocacy happened; Influitive uses today when empty',
			},
			{ displayName: 'Advocacy Source Title', name: 'sourceTitle', type: 'string', default: '' },
			{
				displayName: 'Advocacy Source URL',
				name: 'sourceUrl',
				type: 'string',
				default: '',
				placeholder: 'https://…',
				description: 'Must include https://',
			},
			{
				displayName: 'Advocacy Type',
				name: 'advocacyType',
				type: 'string',
				default: '',
				placeholder: 'e.g. review',
			},
			{
				displayName: 'Stage Code',
				name: 'stageCode',
				type: 'string',
				default: '',
				description:
					'Advances an API-integrated challenge stage. Cannot be combined with the Advocacy fields.',
			},
		],
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['event'], operation: ['log'] } },
	properties,
);

const LABELS = {
	type: 'Event Type',
	contact: 'Advocate',
	'contact.id': 'Advocate',
	'contact.email': 'Advocate',
	'contact.crm_contact_id': 'Advocate',
	points: 'Points',
	'stage.code': 'Stage Code',
	'advocacy.advocacy_type': 'Advocacy Type',
	'advocacy.content': 'Advocacy Content',
	'advocacy.source_title': 'Advocacy Source Title',
	'advocacy.source_url': 'Advocacy Source URL',
	'advocacy.occurred_at': 'Advocacy Date',
};

const text = (value: unknown) =>
	value === undefined || value === null ? '' : String(value).trim();

export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
	return await mapItems(this, items, async (i) => {
		const extra = this.getNodeParameter('additionalFields', i, {}) as Record<string, unknown>;
		const points = text(this.getNodeParameter('points', i, ''));
		const contactBy = this.getNodeParameter('contactBy', i, 'email') as string;
		const advocacy = ['advocacyType', 'content', 'sourceTitle', 'sourceUrl', 'occurredAt'].some(
			(key) => text(extra[key]),
		);
		const candidate = {
			type: text(this.getNodeParameter('eventType', i, '')),
			contact: { [contactBy]: text(this.getNodeParameter('contactValue', i, '')) || undefined },
			// A string, as published: "points": "10".
			...(points ? { points } : {}),
			...(text(extra.stageCode) ? { stage: { code: text(extra.stageCode) } } : {}),
			...(advocacy
				? {
						advocacy: {
							advocacy_type: text(extra.advocacyType),
							content: text(extra.content),
							source_title: text(extra.sourceTitle),
							source_url: text(extra.sourceUrl),
							...(text(extra.occurredAt) ? { occurred_at: text(extra.occurredAt) } : {}),
						},
					}
				: {}),
		};
		const body = validateInput(this.getNode(), eventLogSchema, candidate, {
			itemIndex: i,
			what: 'Influitive event',
			labels: LABELS,
		});
		return await logEvent.call(this, body, { itemIndex: i });
	});
}
