import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';

import { buildSearchReply, type Member } from '../../helpers/loyalty/replies';
import { asNodeError, replyFailure, replyItem } from '../../../shared/items';
import { callValue, memberFromItem, memberProperties } from './fields';

const show = { show: { resource: ['loyaltyReply'], operation: ['searchReply'] } };

export const description: INodeProperties[] = [
	{
		displayName:
			'Builds the customer-search reply from all input items (one member each) as ONE item. Make this the last node after a Kounta Loyalty Trigger: the till receives its output.',
		name: 'searchReplyNotice',
		type: 'notice',
		default: '',
		displayOptions: show,
	},
	...memberProperties('searchReply'),
	{
		displayName: 'Options',
		name: 'searchOptions',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		displayOptions: show,
		options: [
			{
				displayName: 'Include Order ID',
				name: 'includeOrderId',
				type: 'boolean',
				default: true,
				description:
					'Whether to echo the POS order_id at the top level of the reply. Kounta says the placeholder must be included as-is but not where; top level is a guess.',
			},
			{
				displayName: 'Order ID',
				name: 'orderId',
				type: 'string',
				default: '',
				description: 'Leave empty to use the order_id the Kounta Loyalty Trigger received',
			},
			{
				displayName: 'Skip Invalid Members',
				name: 'skipInvalid',
				type: 'boolean',
				default: false,
				description:
					'Whether to leave out members missing a required field instead of failing the reply',
			},
		],
	},
];

export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
	if (items.length === 0) return [];
	try {
		const options = this.getNodeParameter('searchOptions', 0, {}) as IDataObject;
		const members: Member[] = [];
		for (let i = 0; i < items.length; i++) {
			try {
				const member = memberFromItem(this, i);
				if (member) members.push(member);
			} catch (error) {
				if (!options.skipInvalid) throw asNodeError(this, error, i);
			}
		}
		const orderId =
			options.includeOrderId === false
				? undefined
				: callValue(this, 'searchOptions.orderId', 'order_id', items);
		// Echoed exactly as the POS sent it (a query-string value): "111" stays "111".
		return replyItem(buildSearchReply(members, { orderId }) as IDataObject, items);
	} catch (error) {
		return replyFailure(this, error, items);
	}
}
