import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { mapItems } from '../../../shared/items';
import { decideRedemption } from '../../api';
import { readDecision, messageKeyOption, redemptionIdField } from './fields';

const properties: INodeProperties[] = [
	{
		displayName:
			'Not retried automatically once the request may have reached Influitive (a timeout or a 5xx): check the redemption in the hub before running again.',
		name: 'notRetriedNotice',
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
		placeholder: 'e.g. Your T-shirt is on its way: order 5134691',
		description: 'Shown to the advocate, e.g. the order or tracking number',
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [messageKeyOption],
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['rewardRedemption'], operation: ['fulfill'] } },
	properties,
);

export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
	return await mapItems(this, items, async (i) => {
		const { redemptionId, message, messageKey } = readDecision(this, i);
		return await decideRedemption.call(this, redemptionId, 'fulfill', message, {
			messageKey,
			itemIndex: i,
		});
	});
}
