import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { mapItems } from '../../../shared/items';
import { validateInput } from '../../../shared/validation';
import { asNodeError } from '../../../shared/items';
import { companyIdParam, isNotFound, path, send } from '../../api';
import { idSchema } from '../../schemas';

const properties: INodeProperties[] = [
	{ displayName: 'Webhook ID', name: 'webhookId', type: 'string', required: true, default: '' },
	{
		displayName: 'Ignore Not Found',
		name: 'ignoreNotFound',
		type: 'boolean',
		default: true,
		description: 'Whether a webhook that is already gone counts as deleted',
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['webhook'], operation: ['delete'] } },
	properties,
);

export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
	return await mapItems(this, items, async (i) => {
		const id = validateInput(
			this.getNode(),
			idSchema('Webhook ID'),
			String(this.getNodeParameter('webhookId', i, '')),
			{ itemIndex: i, what: 'Kounta webhook' },
		);
		const companyId = await companyIdParam(this, i);
		try {
			await send.call(this, 'DELETE', path('companies', companyId, 'webhooks', id), undefined, {
				itemIndex: i,
				followLocation: false,
			});
		} catch (error) {
			if (!(isNotFound(error) && this.getNodeParameter('ignoreNotFound', i, true)))
				throw asNodeError(this, error, i);
			return { id, deleted: false, reason: 'not found' };
		}
		return { id, deleted: true };
	});
}
