import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { mapItems } from '../../../shared/items';
import { validateInput } from '../../../shared/validation';
import { companyIdParam, path, send } from '../../api';
import { customerCreateSchema } from '../../schemas';
import { cleanCustomerFields, customerFieldOptions } from './fields';

const properties: INodeProperties[] = [
	{ displayName: 'First Name', name: 'firstName', type: 'string', required: true, default: '' },
	{
		displayName: 'Additional Fields',
		name: 'additionalFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		description: 'Kounta needs an email or a phone number besides the first name',
		options: customerFieldOptions.filter((field) => field.name !== 'first_name'),
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['customer'], operation: ['create'] } },
	properties,
);

export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
	return await mapItems(this, items, async (i) => {
		const fields = cleanCustomerFields({
			...(this.getNodeParameter('additionalFields', i, {}) as IDataObject),
			first_name: this.getNodeParameter('firstName', i, ''),
		});
		const body = validateInput(this.getNode(), customerCreateSchema, fields, {
			itemIndex: i,
			what: 'Kounta customer',
			labels: {
				first_name: 'First Name',
				email: 'Email',
				phone: 'Phone',
				reference_id: 'Reference ID',
			},
		});
		const companyId = await companyIdParam(this, i);
		// 201 with a Location (and possibly no body): the created customer is read from there.
		const { record } = await send.call(
			this,
			'POST',
			path('companies', companyId, 'customers'),
			body as IDataObject,
			{ itemIndex: i },
		);
		return record;
	});
}
