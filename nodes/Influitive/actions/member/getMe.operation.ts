import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { mapItems } from '../../../shared/items';
import { vendorRequest } from '../../../transport';
import { influitiveVendor } from '../../api';

export const description = [];

export async function execute(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	return await mapItems(this, items, async (i) => {
		const response = await vendorRequest.call(this, influitiveVendor, { method: 'GET', url: '/members/me', itemIndex: i });
		return response.body as IDataObject;
	});
}
