import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { returnAllOrLimit } from '../../../shared/descriptions';
import { mapItems } from '../../../shared/items';
import { listRedemptions } from '../../api';

const properties: INodeProperties[] = returnAllOrLimit;

export const description = updateDisplayOptions({ show: { resource: ['rewardRedemption'], operation: ['getAll'] } }, properties);

export async function execute(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	return await mapItems(this, items, async (i) => {
		const limit = this.getNodeParameter('returnAll', i) ? undefined : (this.getNodeParameter('limit', i) as number);
		return (await listRedemptions.call(this, { limit, itemIndex: i })) as never;
	});
}
