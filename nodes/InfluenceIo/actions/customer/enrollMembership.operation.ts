import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { mapItems } from '../../../shared/items';
import { changeMembership } from '../../api';
import { bodyJsonOption, withBodyJson } from '../../helpers/body';
import { customerIdField, readCustomerId } from './fields';

const properties: INodeProperties[] = [
	customerIdField,
	{
		displayName: 'Membership ID',
		name: 'membershipId',
		type: 'string',
		default: '',
		description: 'Sent as "membershipId". Leave empty to let Influence.io choose the membership.',
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [bodyJsonOption('membership enrollment')],
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['customer'], operation: ['enrollMembership'] } },
	properties,
);

export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
	return await mapItems(this, items, async (i) => {
		const customerId = readCustomerId(this, i);
		const body = withBodyJson(
			this,
			{ membershipId: String(this.getNodeParameter('membershipId', i, '') ?? '').trim() },
			i,
		);
		return await changeMembership.call(this, customerId, 'enroll', body, { itemIndex: i });
	});
}
