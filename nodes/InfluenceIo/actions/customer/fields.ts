import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { validateInput } from '../../../shared/validation';
import { pathId } from '../../schemas';

/** "Your internal ID": Influence.io addresses customers by the id your store uses (its `externalId`). */
export const customerIdField: INodeProperties = {
	displayName: 'Customer ID',
	name: 'customerId',
	type: 'string',
	required: true,
	default: '',
	placeholder: 'e.g. external-123',
	description: "Your own (store's) customer ID, which Influence.io keeps as the customer's externalId",
};

export function readCustomerId(ctx: IExecuteFunctions, itemIndex: number): string {
	return validateInput(ctx.getNode(), pathId('Customer ID'), String(ctx.getNodeParameter('customerId', itemIndex, '') ?? ''), {
		itemIndex,
		what: 'Influence.io customer',
	});
}
