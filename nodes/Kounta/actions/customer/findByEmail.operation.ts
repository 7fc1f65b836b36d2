import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';
import { z } from 'zod';

import { mapItems } from '../../../shared/items';
import { validateInput } from '../../../shared/validation';
import { companyIdParam, findCustomers } from '../../api';

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
			'Whether to stop with an error when no customer has this email, instead of returning no item',
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['customer'], operation: ['findByEmail'] } },
	properties,
);

const emailSchema = z.object({
	email: z.string().trim().email('must be an email address, e.g. ada@example.com'),
});

export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
	return await mapItems(this, items, async (i) => {
		const { email } = validateInput(
			this.getNode(),
			emailSchema,
			{ email: String(this.getNodeParameter('email', i, '')) },
			{
				itemIndex: i,
				what: 'Kounta customer lookup',
				labels: { email: 'Email' },
			},
		);
		const companyId = await companyIdParam(this, i);
		// Kounta answers a redirect to the customer, or 404: both end here as a list.
		const found = await findCustomers.call(this, companyId, { email }, { itemIndex: i });
		if (found.length === 0 && this.getNodeParameter('failIfNotFound', i, false)) {
			throw new NodeOperationError(this.getNode(), `No Kounta customer has the email ${email}`, {
				itemIndex: i,
			});
		}
		return found;
	});
}
