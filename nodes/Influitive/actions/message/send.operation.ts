import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { mapItems } from '../../../shared/items';
import { validateInput } from '../../../shared/validation';
import { sendMessage } from '../../api';
import { messageSendSchema } from '../../schemas';

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

export const description = updateDisplayOptions(
	{ show: { resource: ['message'], operation: ['send'] } },
	properties,
);

const LABELS = { message: 'Message', sender_uuid: 'Sender UUID', recipient_uuid: 'Recipient UUID' };

export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
	return await mapItems(this, items, async (i) => {
		const body = validateInput(
			this.getNode(),
			messageSendSchema,
			{
				message: String(this.getNodeParameter('message', i, '') ?? ''),
				sender_uuid: String(this.getNodeParameter('senderUuid', i, '') ?? ''),
				recipient_uuid: String(this.getNodeParameter('recipientUuid', i, '') ?? ''),
			},
			{ itemIndex: i, what: 'Influitive message', labels: LABELS },
		);
		// A POST: a retry could deliver the message twice, so the transport never re-sends it blindly.
		return { sent: true, ...body, ...(await sendMessage.call(this, body, { itemIndex: i })) };
	});
}
