import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { mapItems } from '../../../shared/items';
import { locator } from '../../../shared/listSearch';
import { validateInput } from '../../../shared/validation';
import { companyIdParam, getOne, path } from '../../api';
import { idSchema } from '../../schemas';

const properties: INodeProperties[] = [
	locator({
		displayName: 'Customer',
		name: 'customerId',
		searchListMethod: 'searchCustomers',
		required: true,
		idPlaceholder: 'e.g. 389427',
		description: 'The Kounta customer: search by name or email, or enter its ID',
	}),
];

export const description = updateDisplayOptions(
	{ show: { resource: ['customer'], operation: ['get'] } },
	properties,
);

export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
	return await mapItems(this, items, async (i) => {
		const id = validateInput(
			this.getNode(),
			idSchema('Customer ID'),
			String(this.getNodeParameter('customerId', i, '', { extractValue: true })),
			{
				itemIndex: i,
				what: 'Kounta customer',
			},
		);
		const companyId = await companyIdParam(this, i);
		return await getOne.call(this, path('companies', companyId, 'customers', id), { itemIndex: i });
	});
}
