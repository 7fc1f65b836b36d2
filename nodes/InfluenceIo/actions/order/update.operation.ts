import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { mapItems } from '../../../shared/items';
import { updateOrder } from '../../api';
import { bodyJsonOption, withBodyJson } from '../../helpers/body';
import { financialStatusField, orderFields, orderIdField, readOrder } from './fields';

const properties: INodeProperties[] = [
	{
		displayName:
			"Report payment and refunds here (PATCH /v1/orders/{orderId}). Influence.io awards an order's points once, depending on the financial status, and deducts them when the status changes to Refunded (as set in your Influence.io account). Sending the same status again changes nothing, so this call is retried on temporary failures.",
		name: 'lifecycleNotice',
		type: 'notice',
		default: '',
	},
	orderIdField,
	financialStatusField,
	{
		displayName: 'Additional Fields',
		name: 'additionalFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		options: orderFields,
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [bodyJsonOption('order update')],
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['order'], operation: ['update'] } },
	properties,
);

export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
	return await mapItems(this, items, async (i) => {
		const fields = this.getNodeParameter('additionalFields', i, {}) as IDataObject;
		const { orderId, body } = readOrder(
			this,
			i,
			fields,
			this.getNodeParameter('financialStatus', i, 'paid'),
		);
		const response = await updateOrder.call(this, orderId, withBodyJson(this, body, i), {
			itemIndex: i,
		});
		return { orderId, updated: true, ...response };
	});
}
