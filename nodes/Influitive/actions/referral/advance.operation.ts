import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { mapItems } from '../../../shared/items';
import { validateInput } from '../../../shared/validation';
import { advanceReferral } from '../../api';
import { referralAdvanceSchema } from '../../schemas';
import { referralIdField } from './fields';

const properties: INodeProperties[] = [
	referralIdField,
	{
		displayName: 'Milestone',
		name: 'milestone',
		type: 'string',
		required: true,
		default: 'won',
		placeholder: 'e.g. won',
		description:
			'The milestone code to move the referral to, e.g. won. Not retried automatically: reaching a milestone may award points.',
	},
	{
		displayName: 'Feedback',
		name: 'feedback',
		type: 'string',
		typeOptions: { rows: 2 },
		default: '',
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['referral'], operation: ['advance'] } },
	properties,
);

export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
	return await mapItems(this, items, async (i) => {
		const input = validateInput(
			this.getNode(),
			referralAdvanceSchema,
			{
				referralId: String(this.getNodeParameter('referralId', i, '') ?? ''),
				milestone: String(this.getNodeParameter('milestone', i, '') ?? ''),
				feedback: String(this.getNodeParameter('feedback', i, '') ?? ''),
			},
			{
				itemIndex: i,
				what: 'Influitive referral milestone',
				labels: { referralId: 'Referral ID', milestone: 'Milestone' },
			},
		);
		const response = await advanceReferral.call(
			this,
			input.referralId,
			input.milestone,
			input.feedback,
			{ itemIndex: i },
		);
		return { referral_id: input.referralId, milestone: input.milestone, ...response };
	});
}
