import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { mapItems } from '../../../shared/items';
import { getCustomer } from '../../api';
import { customerIdField, readCustomerId } from './fields';

const properties: INodeProperties[] = [customerIdField];

export const description = updateDisplayOptions(
	{ show: { resource: ['customer'], operation: ['get'] } },
	properties,
);

export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
	return await mapItems(this, items, async (i) => {
		const customerId = readCustomerId(this, i);
		return await getCustomer.call(this, customerId, { itemIndex: i });
	});
}
