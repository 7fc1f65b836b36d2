import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { locator } from '../../../shared/listSearch';
import { validateInput } from '../../../shared/validation';
import { pathId } from '../../schemas';

/** "Your internal ID": Influence.io addresses customers by the id your store uses (its `externalId`). */
export const customerIdField: INodeProperties = locator({
	displayName: 'Customer',
	name: 'customerId',
	searchListMethod: 'searchCustomers',
	required: true,
	idPlaceholder: 'e.g. external-123',
	description:
		"Search by name or email, or enter your own (store's) customer ID, which Influence.io keeps as the customer's externalId",
});

export function readCustomerId(ctx: IExecuteFunctions, itemIndex: number): string {
	return validateInput(
		ctx.getNode(),
		pathId('Customer ID'),
		String(ctx.getNodeParameter('customerId', itemIndex, '', { extractValue: true }) ?? ''),
		{
			itemIndex,
			what: 'Influence.io customer',
		},
	);
}

/** Field labels of the points operations, for validation messages. */
export const POINTS_LABELS = {
	customerId: 'Customer ID',
	points: 'Points',
	earnRuleId: 'Earn Rule ID',
};
