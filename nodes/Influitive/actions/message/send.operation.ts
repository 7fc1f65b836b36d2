import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { mapItems } from '../../../shared/items';
import { requiredText } from '../../../shared/params';
import { vendorRequest } from '../../../transport';
import { influitiveVendor } from '../../api';

const properties: INodeProperties[] = [
	{
		displayName: 'Recipient UUID',
		name: 'recipientUuid',
		type: 'string',
		required: true,
		default: '',
		description: "The advocate's member UUID",
	},
	{
		displayName: 'Sender UUID',
		name: 'senderUuid',
		type: 'string',
		required: true,
		default: '',
		description: 'The member UUID of the admin the message comes from',
	},
	{
		displayName: 'Message',
		name: 'message',
		type: 'string',
		typeOptions: { rows: 4 },
		required: true,
		default: '',
	},
];

export const description = updateDisplayOptions({ show: { resource: ['message'], operation: ['send'] } }, properties);

export async function execute(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	return await mapItems(this, items, async (i) => {
		const body = {
			message: requiredText(this, 'message', i, 'Message'),
			sender_uuid: requiredText(this, 'senderUuid', i, 'Sender UUID'),
			recipient_uuid: requiredText(this, 'recipientUuid', i, 'Recipient UUID'),
		};
		// A POST: a retry could deliver the message twice, so the transport never re-sends it blindly.
		const response = await vendorRequest.call(this, influitiveVendor, { method: 'POST', url: '/messages/send', body, itemIndex: i });
		return { sent: true, ...body, ...((response.body ?? {}) as IDataObject) };
	});
}
