import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';
import { z } from 'zod';

import { mapItems } from '../../../shared/items';
import { validateInput } from '../../../shared/validation';
import { vendorRequest } from '../../../transport';
import { influitiveVendor } from '../../api';

const properties: INodeProperties[] = [
	{ displayName: 'Email', name: 'email', type: 'string', placeholder: 'name@email.com', required: true, default: '' },
	{
		displayName: 'Additional Fields',
		name: 'additionalFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		options: [
			{ displayName: 'Company', name: 'company', type: 'string', default: '' },
			{ displayName: 'Name', name: 'name', type: 'string', default: '' },
			{ displayName: 'Salesforce ID', name: 'salesforce_id', type: 'string', default: '' },
			{ displayName: 'Source', name: 'source', type: 'string', default: '' },
			{ displayName: 'Title', name: 'title', type: 'string', default: '' },
			{
				displayName: 'Type',
				name: 'type',
				type: 'options',
				default: 'Nominee',
				options: [
					{ name: 'Advocate', value: 'Advocate' },
					{ name: 'Nominee', value: 'Nominee' },
				],
			},
		],
	},
];

export const description = updateDisplayOptions({ show: { resource: ['member'], operation: ['create'] } }, properties);

const memberSchema = z.object({ email: z.string().trim().min(1, 'is empty').email('is not a valid email') }).passthrough();

export async function execute(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	return await mapItems(this, items, async (i) => {
		const candidate = { email: String(this.getNodeParameter('email', i, '') ?? ''), ...(this.getNodeParameter('additionalFields', i, {}) as IDataObject) };
		const body = validateInput(this.getNode(), memberSchema, candidate, { itemIndex: i, what: 'Influitive member', labels: { email: 'Email' } });
		const response = await vendorRequest.call(this, influitiveVendor, { method: 'POST', url: '/members', body: body as IDataObject, itemIndex: i });
		return response.body as IDataObject;
	});
}
