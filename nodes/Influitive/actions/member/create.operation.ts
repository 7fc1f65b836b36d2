import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { mapItems } from '../../../shared/items';
import { validateInput } from '../../../shared/validation';
import { createMember } from '../../api';
import { memberCreateSchema } from '../../schemas';

const properties: INodeProperties[] = [
	{
		displayName: 'Email',
		name: 'email',
		type: 'string',
		placeholder: 'name@email.com',
		required: true,
		default: '',
	},
	{
		displayName: 'Additional Fields',
		name: 'additionalFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		options: [
			{ displayName: 'Company', name: 'company', type: 'string', default: '' },
			{ displayName: 'Name', name: 'name', type: 'string', default: '', description: 'Full name' },
			{ displayName: 'Salesforce ID', name: 'salesforce_id', type: 'string', default: '' },
			{
				displayName: 'Source',
				name: 'source',
				type: 'string',
				default: '',
				placeholder: 'e.g. n8n',
				description: 'Where the member came from',
			},
			{ displayName: 'Title', name: 'title', type: 'string', default: '' },
			{
				displayName: 'Type',
				name: 'type',
				type: 'options',
				default: 'Nominee',
				options: [
					{ name: 'Advocate', value: 'Advocate' },
					{ name: 'Nominee', value: 'Nominee' },
				],
				description: 'Member type; public clients create members as "Nominee"',
			},
		],
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['member'], operation: ['create'] } },
	properties,
);

const LABELS = {
	email: 'Email',
	name: 'Name',
	title: 'Title',
	company: 'Company',
	source: 'Source',
	salesforce_id: 'Salesforce ID',
	type: 'Type',
};

export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
	return await mapItems(this, items, async (i) => {
		const extra = this.getNodeParameter('additionalFields', i, {}) as IDataObject;
		const candidate = {
			email: String(this.getNodeParameter('email', i, '') ?? ''),
			...Object.fromEntries(
				Object.entries(extra).map(([key, value]) => [
					key,
					value === undefined || value === null ? undefined : String(value),
				]),
			),
		};
		const parsed = validateInput(this.getNode(), memberCreateSchema, candidate, {
			itemIndex: i,
			what: 'Influitive member',
			labels: LABELS,
		});
		// Empty optional fields are left out rather than sent blank.
		const body = Object.fromEntries(
			Object.entries(parsed).filter(([, value]) => value !== undefined),
		) as typeof parsed;
		return await createMember.call(this, body, { itemIndex: i });
	});
}
