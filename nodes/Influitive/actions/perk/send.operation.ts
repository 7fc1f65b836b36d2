import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { mapItems } from '../../../shared/items';
import { locator } from '../../../shared/listSearch';
import { validateInput } from '../../../shared/validation';
import { sendPerk } from '../../api';
import { PERK_SHIPPING_KEYS, perkSendSchema } from '../../schemas';

const properties: INodeProperties[] = [
	locator({
		displayName: 'Reward',
		name: 'rewardUuid',
		searchListMethod: 'searchRewards',
		required: true,
		idDisplayName: 'By UUID',
		idPlaceholder: 'e.g. 6f1c2a4e-…',
		description: 'The reward to give as a perk: search by name, or enter its UUID',
	}),
	locator({
		displayName: 'Advocate (Contact)',
		name: 'contactId',
		searchListMethod: 'searchMembers',
		required: true,
		idPlaceholder: 'e.g. 7',
		description: 'The advocate: search by name or email, or enter the member ID',
	}),
	{
		displayName: 'Send Automatically',
		name: 'sendAutomatically',
		type: 'boolean',
		default: true,
		description:
			'Whether Influitive fulfils the perk at once instead of leaving it for an admin (sent as "send automatically": "true"/"false", as published)',
	},
	{
		displayName: 'Additional Fields',
		name: 'additionalFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		options: [
			{
				displayName: 'Address',
				name: 'address',
				type: 'string',
				default: '',
				description: 'Shipping address, first line',
			},
			{ displayName: 'Address 2', name: 'address_2', type: 'string', default: '' },
			{ displayName: 'City', name: 'city', type: 'string', default: '' },
			{ displayName: 'Country', name: 'country', type: 'string', default: '' },
			{
				displayName: 'Message',
				name: 'message',
				type: 'string',
				typeOptions: { rows: 3 },
				default: '',
				description: 'Emailed to the advocate; write line breaks as \\n',
			},
			{ displayName: 'Phone Number', name: 'phone_number', type: 'string', default: '' },
			{
				displayName: 'Sender ID',
				name: 'sender_id',
				type: 'number',
				default: 0,
				description: 'Member ID of the admin the perk comes from; 0 leaves it out',
			},
			{ displayName: 'State', name: 'state', type: 'string', default: '' },
			{
				displayName: 'ZIP / Postal Code',
				name: 'zip',
				type: 'string',
				default: '',
				description:
					"Not in Influitive's published perk example (member addresses have it); sent only when set",
			},
		],
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['perk'], operation: ['send'] } },
	properties,
);

const LABELS = {
	rewardUuid: 'Reward UUID',
	'body.contact_id': 'Advocate (Contact) ID',
	'body.sender_id': 'Sender ID',
	'body.message': 'Message',
};

export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
	return await mapItems(this, items, async (i) => {
		const extra = this.getNodeParameter('additionalFields', i, {}) as IDataObject;
		const shipping: Record<string, string> = {};
		for (const key of PERK_SHIPPING_KEYS) {
			const value =
				extra[key] === undefined || extra[key] === null ? '' : String(extra[key]).trim();
			if (value) shipping[key] = value;
		}
		const senderId = extra.sender_id;
		const input = validateInput(
			this.getNode(),
			perkSendSchema,
			{
				rewardUuid: String(
					this.getNodeParameter('rewardUuid', i, '', { extractValue: true }) ?? '',
				),
				body: {
					contact_id: String(
						this.getNodeParameter('contactId', i, '', { extractValue: true }) ?? '',
					),
					// Published with a space and as a string: "send automatically": "true".
					'send automatically': String(
						Boolean(this.getNodeParameter('sendAutomatically', i, true)),
					),
					...(Object.keys(shipping).length > 0 ? { shipping } : {}),
					...(extra.message ? { message: String(extra.message) } : {}),
					...(senderId !== undefined && senderId !== null && senderId !== '' && senderId !== 0
						? { sender_id: Number(senderId) }
						: {}),
				},
			},
			{ itemIndex: i, what: 'Influitive perk', labels: LABELS },
		);
		const body = Object.fromEntries(
			Object.entries(input.body).filter(([, value]) => value !== undefined),
		) as IDataObject;
		// A POST: never re-sent once it may have reached Influitive, so the advocate gets one perk.
		const response = await sendPerk.call(this, input.rewardUuid, body, { itemIndex: i });
		return { sent: true, reward_uuid: input.rewardUuid, ...response };
	});
}
