import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { validateInput } from '../../../shared/validation';
import { redeemReplySchema } from '../../helpers/loyalty/replies';
import { replyFailure, replyItem } from '../../../shared/items';

const show = { show: { resource: ['loyaltyReply'], operation: ['redeemReply'] } };

export const description: INodeProperties[] = [
	{
		displayName:
			'Builds the redeem reply {success, error} as ONE item. Kounta\'s current docs only say "200 OK"; this is the obsolete spec\'s shape, the best known. With several input items, success means all succeeded.',
		name: 'redeemReplyNotice',
		type: 'notice',
		default: '',
		displayOptions: show,
	},
	{
		displayName: 'Success',
		name: 'success',
		type: 'boolean',
		default: true,
		displayOptions: show,
		description: 'Whether the redemption worked (map it from the order update)',
	},
	{
		displayName: 'Error Message',
		name: 'errorMessage',
		type: 'string',
		default: 'The reward could not be redeemed.',
		displayOptions: show,
		description: 'Shown on the till when Success is off. Omitted from the reply on success.',
	},
];

export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
	if (items.length === 0) return [];
	try {
		let failure: string | undefined;
		for (let i = 0; i < items.length && failure === undefined; i++) {
			if (!this.getNodeParameter('success', i, true))
				failure = String(this.getNodeParameter('errorMessage', i, '') ?? '').trim();
		}
		const reply = validateInput(
			this.getNode(),
			redeemReplySchema,
			failure === undefined ? { success: true } : { success: false, error: failure },
			{
				what: 'redeem reply',
				labels: { error: 'Error Message' },
			},
		);
		return replyItem(reply, items);
	} catch (error) {
		return replyFailure(this, error, items);
	}
}
