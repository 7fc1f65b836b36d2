import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { mapItems } from '../../../shared/items';
import { changeMembership } from '../../api';
import { customerIdField, readCustomerId } from './fields';

const properties: INodeProperties[] = [customerIdField];

export const description = updateDisplayOptions(
	{ show: { resource: ['customer'], operation: ['removeMembership'] } },
	properties,
);

export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
	return await mapItems(this, items, async (i) => {
		// Published without a body.
		return await changeMembership.call(this, readCustomerId(this, i), 'remove', undefined, {
			itemIndex: i,
		});
	});
}
