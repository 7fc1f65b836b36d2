import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { mapItems } from '../../../shared/items';
import { requiredText } from '../../../shared/params';
import { vendorRequest } from '../../../transport';
import { influitiveVendor } from '../../api';

const properties: INodeProperties[] = [
	{
		displayName: 'Member ID or UUID',
		name: 'memberId',
		type: 'string',
		required: true,
		default: '',
		description: 'Influitive accepts the numeric ID or the UUID',
	},
];

export const description = updateDisplayOptions({ show: { resource: ['member'], operation: ['get'] } }, properties);

export async function execute(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	return await mapItems(this, items, async (i) => {
		const id = requiredText(this, 'memberId', i, 'Member ID or UUID');
		const response = await vendorRequest.call(this, influitiveVendor, { method: 'GET', url: `/members/${encodeURIComponent(id)}`, itemIndex: i });
		return response.body as IDataObject;
	});
}
