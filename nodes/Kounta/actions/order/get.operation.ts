import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { mapItems } from '../../../shared/items';
import { validateInput } from '../../../shared/validation';
import { companyIdParam, getOne, path } from '../../api';
import { idSchema } from '../../schemas';

const properties: INodeProperties[] = [
	{
		displayName: 'Order ID',
		name: 'orderId',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. 93824701',
		description: 'The full order, with lines and payments (list results are abridged)',
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['order'], operation: ['get'] } },
	properties,
);

export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
	return await mapItems(this, items, async (i) => {
		const orderId = validateInput(
			this.getNode(),
			idSchema('Order ID'),
			String(this.getNodeParameter('orderId', i, '')),
			{
				itemIndex: i,
				what: 'Kounta order',
			},
		);
		const companyId = await companyIdParam(this, i);
		return await getOne.call(this, path('companies', companyId, 'orders', orderId), {
			itemIndex: i,
		});
	});
}
