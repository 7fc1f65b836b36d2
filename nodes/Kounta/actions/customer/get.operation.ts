import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { mapItems } from '../../../shared/items';
import { validateInput } from '../../../shared/validation';
import { companyIdParam, getOne, path } from '../../api';
import { idSchema } from '../../schemas';

const properties: INodeProperties[] = [
	{ displayName: 'Customer ID', name: 'customerId', type: 'string', required: true, default: '', placeholder: 'e.g. 389427' },
];

export const description = updateDisplayOptions({ show: { resource: ['customer'], operation: ['get'] } }, properties);

export async function execute(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	return await mapItems(this, items, async (i) => {
		const id = validateInput(this.getNode(), idSchema('Customer ID'), String(this.getNodeParameter('customerId', i, '')), {
			itemIndex: i,
			what: 'Kounta customer',
		});
		const companyId = await companyIdParam(this, i);
		return await getOne.call(this, path('companies', companyId, 'customers', id), { itemIndex: i });
	});
}
