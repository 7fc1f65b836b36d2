import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { mapItems } from '../../../shared/items';
import { locator } from '../../../shared/listSearch';
import { validateInput } from '../../../shared/validation';
import { companyIdParam, getOne, path, send } from '../../api';
import { customerUpdateSchema, idSchema } from '../../schemas';
import { cleanCustomerFields, customerFieldOptions } from './fields';

const properties: INodeProperties[] = [
	locator({
		displayName: 'Customer',
		name: 'customerId',
		searchListMethod: 'searchCustomers',
		required: true,
		idPlaceholder: 'e.g. 389427',
		description: 'The Kounta customer: search by name or email, or enter its ID',
	}),
	{
		displayName: 'Update Fields',
		name: 'updateFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		options: customerFieldOptions,
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['customer'], operation: ['update'] } },
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
		const body = validateInput(
			this.getNode(),
			customerUpdateSchema,
			cleanCustomerFields(this.getNodeParameter('updateFields', i, {}) as IDataObject),
			{
				itemIndex: i,
				what: 'Kounta customer update',
				labels: { email: 'Email', reference_id: 'Reference ID' },
			},
		);
		const companyId = await companyIdParam(this, i);
		const url = path('companies', companyId, 'customers', id);
		const { record } = await send.call(this, 'PUT', url, body as IDataObject, { itemIndex: i });
		// PUT answers 200, maybe without a body: read the customer back so the output is current.
		return Object.keys(record).length > 0 ? record : await getOne.call(this, url, { itemIndex: i });
	});
}
