import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { mapItems } from '../../../shared/items';
import { requiredText } from '../../../shared/params';
import { getMember } from '../../api';

const properties: INodeProperties[] = [
	{
		displayName: 'Member ID or UUID',
		name: 'memberId',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. 7',
		description: 'Influitive accepts the numeric member ID or the member UUID',
	},
];

export const description = updateDisplayOptions({ show: { resource: ['member'], operation: ['get'] } }, properties);

export async function execute(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	return await mapItems(this, items, async (i) => {
		const id = requiredText(this, 'memberId', i, 'Member ID or UUID', 'the numeric member ID or the member UUID');
		return await getMember.call(this, id, { itemIndex: i });
	});
}
