import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { mapItemsConcurrently } from '../../../shared/items';
import { getCustomer } from '../../api';
import { concurrencyOption, readConcurrency } from '../../helpers/body';
import { customerIdField, readCustomerId } from './fields';

const properties: INodeProperties[] = [
	customerIdField,
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [concurrencyOption],
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['customer'], operation: ['get'] } },
	properties,
);

/**
 * A read changes nothing, so several items are read at once (outputs keep input order): a till's
 * customer search reads the live balance of up to 10 members while the till waits, and one at a
 * time that alone took longer than the reply should.
 */
export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
	const concurrency = readConcurrency(this);
	return await mapItemsConcurrently(this, items, concurrency, async (i) => {
		const customerId = readCustomerId(this, i);
		return await getCustomer.call(this, customerId, { itemIndex: i });
	});
}
