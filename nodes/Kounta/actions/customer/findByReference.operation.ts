import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';

import { mapItems } from '../../../shared/items';
import { requiredText } from '../../../shared/params';
import { companyIdParam, list, path } from '../../api';

const properties: INodeProperties[] = [
	{
		displayName: 'Reference ID',
		name: 'referenceId',
		type: 'string',
		required: true,
		default: '',
		description:
			'Your loyalty member ID, as set on the customer by this add-on. Several customers can share one.',
	},
	{
		displayName: 'Fail If Not Found',
		name: 'failIfNotFound',
		type: 'boolean',
		default: false,
		description:
			'Whether to stop with an error when no customer has this reference, instead of returning no item',
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['customer'], operation: ['findByReference'] } },
	properties,
);

export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
	return await mapItems(this, items, async (i) => {
		const referenceId = requiredText(
			this,
			'referenceId',
			i,
			'Reference ID',
			'your loyalty member ID',
		);
		const companyId = await companyIdParam(this, i);
		// Documented: always a 200 array, possibly empty.
		const found = await list.call(
			this,
			path('companies', companyId, 'customers'),
			{ reference_id: referenceId },
			'customers',
			{ itemIndex: i },
		);
		if (found.length === 0 && this.getNodeParameter('failIfNotFound', i, false)) {
			throw new NodeOperationError(
				this.getNode(),
				`No Kounta customer has the reference ID ${referenceId}`,
				{ itemIndex: i },
			);
		}
		return found;
	});
}
