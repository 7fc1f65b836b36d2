import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { mapItems } from '../../../shared/items';
import { requiredText } from '../../../shared/params';
import { getReferral } from '../../api';
import { referralIdField } from './fields';

export const description = updateDisplayOptions(
	{ show: { resource: ['referral'], operation: ['get'] } },
	[referralIdField],
);

export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
	return await mapItems(this, items, async (i) => {
		const id = requiredText(this, 'referralId', i, 'Referral ID');
		return await getReferral.call(this, id, { itemIndex: i });
	});
}
