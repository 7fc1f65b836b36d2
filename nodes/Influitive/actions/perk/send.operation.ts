import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { mapItems } from '../../../shared/items';
import { requiredText } from '../../../shared/params';
import { vendorRequest } from '../../../transport';
import { influitiveVendor } from '../../api';

const properties: INodeProperties[] = [
	{ displayName: 'Reward UUID', name: 'rewardUuid', type: 'string', required: true, default: '', description: 'The perk reward to send' },
	{ displayName: 'Advocate (Contact) ID', name: 'contactId', type: 'string', required: true, default: '' },
	{
		displayName: 'Send Automatically',
		name: 'sendAutomatically',
		type: 'boolean',
		default: true,
		description: 'Whether Influitive fulfils the perk at once instead of queueing it for review',
	},
	{
		displayName: 'Additional Fields',
		name: 'additionalFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		options: [
			{ displayName: 'Address', name: 'address', type: 'string', default: '' },
			{ displayName: 'Address 2', name: 'address_2', type: 'string', default: '' },
			{ displayName: 'City', name: 'city', type: 'string', default: '' },
			{ displayName: 'Country', name: 'country', type: 'string', default: '' },
			{ displayName: 'Message', name: 'message', type: 'string', default: '', description: 'Emailed to the advocate; use \\n for line breaks' },
			{ displayName: 'Phone Number', name: 'phone_number', type: 'string', default: '' },
			{ displayName: 'Sender ID', name: 'sender_id', type: 'number', default: 0, description: 'Member ID of the admin sending the perk' },
			{ displayName: 'State', name: 'state', type: 'string', default: '' },
		],
	},
];

export const description = updateDisplayOptions({ show: { resource: ['perk'], operation: ['send'] } }, properties);

const SHIPPING_KEYS = ['address', 'address_2', 'city', 'state', 'country', 'phone_number'];

export async function execute(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	return await mapItems(this, items, async (i) => {
		const rewardUuid = requiredText(this, 'rewardUuid', i, 'Reward UUID');
		const extra = this.getNodeParameter('additionalFields', i, {}) as IDataObject;
		const shipping = Object.fromEntries(SHIPPING_KEYS.filter((k) => extra[k]).map((k) => [k, extra[k]]));
		const body: IDataObject = {
			contact_id: requiredText(this, 'contactId', i, 'Advocate (Contact) ID'),
			// Published with a space and as a string: "send automatically": "true".
			'send automatically': String(this.getNodeParameter('sendAutomatically', i)),
			...(Object.keys(shipping).length ? { shipping } : {}),
			...(extra.message ? { message: extra.message } : {}),
			...(extra.sender_id ? { sender_id: extra.sender_id } : {}),
		};
		const response = await vendorRequest.call(this, influitiveVendor, {
			method: 'POST',
			url: `/perks/reward/${encodeURIComponent(rewardUuid)}`,
			body,
			itemIndex: i,
		});
		return { sent: true, reward_uuid: rewardUuid, ...((response.body ?? {}) as IDataObject) };
	});
}
