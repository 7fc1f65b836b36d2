import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { mapItems } from '../../../shared/items';
import { validateInput } from '../../../shared/validation';
import { createReferral } from '../../api';
import { referralCreateSchema } from '../../schemas';

const properties: INodeProperties[] = [
	{
		displayName: 'Campaign ID',
		name: 'campaignId',
		type: 'string',
		required: true,
		default: '',
		description: 'UUID of the referral campaign',
	},
	{
		displayName: 'Prospect Email',
		name: 'prospectEmail',
		type: 'string',
		placeholder: 'name@email.com',
		required: true,
		default: '',
	},
	{ displayName: 'Prospect First Name', name: 'prospectFirstName', type: 'string', default: '' },
	{ displayName: 'Prospect Last Name', name: 'prospectLastName', type: 'string', default: '' },
	{ displayName: 'Prospect Title', name: 'prospectTitle', type: 'string', default: '' },
	{
		displayName: 'Advocate Email',
		name: 'advocateEmail',
		type: 'string',
		placeholder: 'name@email.com',
		required: true,
		default: '',
		description: 'The advocate who referred the prospect',
	},
	{ displayName: 'Advocate First Name', name: 'advocateFirstName', type: 'string', default: '' },
	{ displayName: 'Advocate Last Name', name: 'advocateLastName', type: 'string', default: '' },
];

export const description = updateDisplayOptions(
	{ show: { resource: ['referral'], operation: ['create'] } },
	properties,
);

const LABELS = {
	'referral.campaign_id': 'Campaign ID',
	'referral.prospect.email': 'Prospect Email',
	'referral.contact.email': 'Advocate Email',
};

export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
	return await mapItems(this, items, async (i) => {
		const param = (name: string) => String(this.getNodeParameter(name, i, '') ?? '');
		const body = validateInput(
			this.getNode(),
			referralCreateSchema,
			{
				referral: {
					prospect: {
						first_name: param('prospectFirstName'),
						last_name: param('prospectLastName'),
						email: param('prospectEmail'),
						title: param('prospectTitle'),
					},
					contact: {
						first_name: param('advocateFirstName'),
						last_name: param('advocateLastName'),
						email: param('advocateEmail'),
					},
					campaign_id: param('campaignId'),
				},
			},
			{ itemIndex: i, what: 'Influitive referral', labels: LABELS },
		);
		// Empty names are left out rather than sent blank (JSON drops undefined).
		return await createReferral.call(this, JSON.parse(JSON.stringify(body)) as IDataObject, {
			itemIndex: i,
		});
	});
}
