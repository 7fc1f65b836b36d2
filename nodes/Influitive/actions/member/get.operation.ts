import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { mapItems } from '../../../shared/items';
import { locator } from '../../../shared/listSearch';
import { requiredText } from '../../../shared/params';
import { getMember } from '../../api';

const properties: INodeProperties[] = [
	locator({
		displayName: 'Member',
		name: 'memberId',
		searchListMethod: 'searchMembers',
		required: true,
		idDisplayName: 'By ID or UUID',
		idPlaceholder: 'e.g. 7',
		description:
			'Search by name or email, or enter the numeric member ID or the member UUID (Influitive accepts both)',
	}),
];

export const description = updateDisplayOptions(
	{ show: { resource: ['member'], operation: ['get'] } },
	properties,
);

export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
	return await mapItems(this, items, async (i) => {
		const id = requiredText(
			this,
			'memberId',
			i,
			'Member ID or UUID',
			'the numeric member ID or the member UUID',
		);
		return await getMember.call(this, id, { itemIndex: i });
	});
}
