import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { mapItems } from '../../../shared/items';
import { decideRedemption } from '../../api';
import { readDecision, messageKeyOption, redemptionIdField, refusePathOption } from './fields';

const properties: INodeProperties[] = [
	{
		displayName:
			"Influitive returns the advocate's points on refusal. Not retried automatically once the request may have reached Influitive: check the redemption in the hub before running again.",
		name: 'refuseNotice',
		type: 'notice',
		default: '',
	},
	redemptionIdField,
	{
		displayName: 'Message to Advocate',
		name: 'message',
		type: 'string',
		typeOptions: { rows: 3 },
		default: '',
		placeholder: 'e.g. Sorry, size XL is out of stock. Your points have been returned.',
		description:
			"Why the reward cannot be sent. Influitive returns the advocate's points on refusal.",
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [messageKeyOption, refusePathOption],
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['rewardRedemption'], operation: ['refuse'] } },
	properties,
);

export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
	return await mapItems(this, items, async (i) => {
		const { redemptionId, message, messageKey, refusePath } = readDecision(this, i);
		return await decideRedemption.call(this, redemptionId, 'refuse', message, {
			messageKey,
			refusePath,
			itemIndex: i,
		});
	});
}
