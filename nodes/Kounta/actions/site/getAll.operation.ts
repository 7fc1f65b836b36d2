import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { returnAllOrLimit } from '../../../shared/descriptions';
import { mapItems } from '../../../shared/items';
import { companyIdParam, list, path } from '../../api';

export const description = updateDisplayOptions(
	{ show: { resource: ['site'], operation: ['getAll'] } },
	[...returnAllOrLimit] as INodeProperties[],
);

export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
	return await mapItems(this, items, async (i) => {
		const companyId = await companyIdParam(this, i);
		const limit = this.getNodeParameter('returnAll', i, false)
			? undefined
			: (this.getNodeParameter('limit', i, 50) as number);
		return await list.call(this, path('companies', companyId, 'sites'), undefined, 'sites page', {
			itemIndex: i,
			limit,
		});
	});
}
