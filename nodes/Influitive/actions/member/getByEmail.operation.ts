import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';

import { mapItems } from '../../../shared/items';
import { validateInput } from '../../../shared/validation';
import { findMembersByEmail } from '../../api';
import { emailLookupSchema } from '../../schemas';

const properties: INodeProperties[] = [
	{
		displayName: 'Email',
		name: 'email',
		type: 'string',
		placeholder: 'name@email.com',
		required: true,
		default: '',
	},
	{
		displayName: 'Fail If Not Found',
		name: 'failIfNotFound',
		type: 'boolean',
		default: false,
		description:
			'Whether to stop with an error when no member has this email, instead of returning no item',
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['member'], operation: ['getByEmail'] } },
	properties,
);

export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
	return await mapItems(this, items, async (i) => {
		const { email } = validateInput(
			this.getNode(),
			emailLookupSchema,
			{ email: String(this.getNodeParameter('email', i, '') ?? '') },
			{ itemIndex: i, what: 'Influitive member lookup', labels: { email: 'Email' } },
		);
		// Influitive answers an array: every member found becomes an item.
		const members = await findMembersByEmail.call(this, email, { itemIndex: i });
		if (members.length === 0 && this.getNodeParameter('failIfNotFound', i, false)) {
			throw new NodeOperationError(this.getNode(), `No Influitive member has the email ${email}`, {
				itemIndex: i,
			});
		}
		return members;
	});
}
