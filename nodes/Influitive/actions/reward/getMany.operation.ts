import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { returnAllOrLimit } from '../../../shared/descriptions';
import { mapItems } from '../../../shared/items';
import { vendorRequest } from '../../../transport';
import { influitiveVendor } from '../../api';

const properties: INodeProperties[] = returnAllOrLimit;

export const description = updateDisplayOptions({ show: { resource: ['reward'], operation: ['getAll'] } }, properties);

export async function execute(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	return await mapItems(this, items, async (i) => {
		// `GET /external/rewards` answers one unpaged array (the only public client shows no paging).
		const response = await vendorRequest.call(this, influitiveVendor, { method: 'GET', url: '/external/rewards', itemIndex: i });
		const rewards = (Array.isArray(response.body) ? response.body : []) as IDataObject[];
		return this.getNodeParameter('returnAll', i) ? rewards : rewards.slice(0, this.getNodeParameter('limit', i) as number);
	});
}
