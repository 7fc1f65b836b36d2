import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { returnAllOrLimit } from '../../../shared/descriptions';
import { mapItems } from '../../../shared/items';
import { locator } from '../../../shared/listSearch';
import { validateInput } from '../../../shared/validation';
import { companyIdParam, list, path } from '../../api';
import { idSchema } from '../../schemas';

const properties: INodeProperties[] = [
	...returnAllOrLimit,
	locator({
		displayName: 'Site',
		name: 'siteId',
		searchListMethod: 'searchSites',
		idPlaceholder: 'e.g. 1042',
		description:
			'Only the products of this site (…/sites/{ID}/products); empty lists the whole catalogue',
	}),
];

export const description = updateDisplayOptions(
	{ show: { resource: ['product'], operation: ['getAll'] } },
	properties,
);

export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
	return await mapItems(this, items, async (i) => {
		const siteId = String(this.getNodeParameter('siteId', i, '', { extractValue: true })).trim();
		if (siteId)
			validateInput(this.getNode(), idSchema('Site ID'), siteId, {
				itemIndex: i,
				what: 'product filter',
			});
		const companyId = await companyIdParam(this, i);
		const url = siteId
			? path('companies', companyId, 'sites', siteId, 'products')
			: path('companies', companyId, 'products');
		const limit = this.getNodeParameter('returnAll', i, false)
			? undefined
			: (this.getNodeParameter('limit', i, 50) as number);
		return await list.call(this, url, undefined, 'products page', { itemIndex: i, limit });
	});
}
