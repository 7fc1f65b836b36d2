import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';

import { mapItems } from '../../../shared/items';
import { requiredText } from '../../../shared/params';
import { vendorRequest } from '../../../transport';
import { influitiveVendor } from '../../api';

const properties: INodeProperties[] = [
	{
		displayName: 'Email',
		name: 'email',
		type: 'string',
		placeholder: 'name@email.com',
		required: true,
		default: '',
	},
	{
		displayName: 'Fail If Not Found',
		name: 'failIfNotFound',
		type: 'boolean',
		default: false,
		description: 'Whether to stop with an error when no member has this email, instead of returning nothing',
	},
];

export const description = updateDisplayOptions({ show: { resource: ['member'], operation: ['getByEmail'] } }, properties);

export async function execute(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	return await mapItems(this, items, async (i) => {
		const email = requiredText(this, 'email', i, 'Email');
		const response = await vendorRequest.call(this, influitiveVendor, { method: 'GET', url: '/members', qs: { email }, itemIndex: i });
		// Influitive answers an array (a single object in one client's fixture): accept both.
		const body = response.body;
		const members = (Array.isArray(body) ? body : body && typeof body === 'object' ? [body] : []) as IDataObject[];
		if (members.length === 0 && this.getNodeParameter('failIfNotFound', i)) {
			throw new NodeOperationError(this.getNode(), `No Influitive member has the email ${email}`, { itemIndex: i });
		}
		return members;
	});
}
