import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { validateInput } from '../../../shared/validation';
import { kountaVendor } from '../../api';
import { buildRedeemUrl } from '../../helpers/loyalty/redeemUrl';
import {
	buildRewardsReply,
	rewardSchema,
	type Reward,
	type RewardsPlacement,
} from '../../helpers/loyalty/replies';
import { replyFailure, replyItem } from '../../../shared/items';
import { callValue, memberFromItem, memberProperties } from './fields';

const show = { show: { resource: ['loyaltyReply'], operation: ['rewardsReply'] } };

export const description: INodeProperties[] = [
	{
		displayName:
			'Builds the reward-lookup reply as ONE item: the member from the first input item, one reward per input item. Each reward gets a signed redeem_url pointing at the Kounta Loyalty Trigger.',
		name: 'rewardsReplyNotice',
		type: 'notice',
		default: '',
		displayOptions: show,
	},
	...memberProperties('rewardsReply'),
	{
		displayName: 'Reward ID',
		name: 'rewardId',
		type: 'string',
		default: '',
		required: true,
		displayOptions: show,
		description: 'Items with an empty Reward ID add no reward',
	},
	{
		displayName: 'Reward Title',
		name: 'rewardTitle',
		type: 'string',
		default: '',
		required: true,
		displayOptions: show,
	},
	{
		displayName: 'Reward Fields',
		name: 'rewardFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		displayOptions: show,
		options: [
			{ displayName: 'Action Label', name: 'actionLabel', type: 'string', default: 'Redeem' },
			{
				displayName: 'Points Label',
				name: 'pointsLabel',
				type: 'string',
				default: '',
				description:
					"Label of this reward's points (the loyalty doc lists points_label per reward); empty uses the member's",
			},
			{
				displayName: 'Points Required',
				name: 'pointsRequired',
				type: 'number',
				default: 0,
				description:
					'Sent as points_required (0 when not added); the upper bound of a variable quantity',
			},
			{
				displayName: 'Terms',
				name: 'terms',
				type: 'string',
				default: '',
				description:
					'Text to display with the reward. From the obsolete spec; the current docs name no description field.',
			},
			{
				displayName: 'Variable Quantity',
				name: 'variableQuantity',
				type: 'boolean',
				default: false,
				description:
					'Whether the POS user picks how many points to redeem (up to Points Required); the choice arrives as quantity',
			},
		],
	},
	{
		displayName: 'Options',
		name: 'rewardsOptions',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		displayOptions: show,
		options: [
			{
				displayName: 'Customer ID',
				name: 'customerId',
				type: 'string',
				default: '',
				description: 'Leave empty to use the customer_id the trigger received',
			},
			{
				displayName: 'Order ID',
				name: 'orderId',
				type: 'string',
				default: '',
				description:
					'Leave empty to use the order_id the trigger received (the placeholder Kounta replaces on redeem)',
			},
			{
				displayName: 'Redeem Base URL',
				name: 'redeemBaseUrl',
				type: 'string',
				default: '',
				description:
					"Leave empty to use the Kounta Loyalty Trigger's own URL (its redeem_base_url output)",
			},
			{
				displayName: 'Rewards Placement',
				name: 'placement',
				type: 'options',
				options: [
					{ name: 'Inside the Member Record (Best Guess)', value: 'inMember' },
					{ name: 'Obsolete Spec (Member and Rewards)', value: 'obsolete' },
				],
				default: 'inMember',
				description:
					'Where the rewards list goes. Kounta does not publish the nesting; check against a real POS.',
			},
		],
	},
];

const REWARD_LABELS: Record<string, string> = {
	id: 'Reward ID',
	title: 'Reward Title',
	redeem_url: 'Redeem Base URL',
	points_required: 'Points Required',
	points_label: 'Points Label',
};

export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
	if (items.length === 0) return [];
	try {
		const node = this.getNode();
		const member = memberFromItem(this, 0);
		if (!member) {
			throw new NodeOperationError(
				node,
				'Member ID is empty on the first item: the reward lookup must name the member',
				{ itemIndex: 0 },
			);
		}
		const options = this.getNodeParameter('rewardsOptions', 0, {}) as IDataObject;
		const baseUrl = callValue(this, 'rewardsOptions.redeemBaseUrl', 'redeem_base_url', items);
		const orderId = callValue(this, 'rewardsOptions.orderId', 'order_id', items);
		const customerId = callValue(this, 'rewardsOptions.customerId', 'customer_id', items);
		if (!baseUrl) {
			throw new NodeOperationError(
				node,
				'Redeem Base URL is empty: run after a Kounta Loyalty Trigger or enter its Production URL',
				{ itemIndex: 0 },
			);
		}
		if (!orderId) {
			throw new NodeOperationError(
				node,
				'Order ID is empty: Kounta needs its order_id placeholder in every redeem_url',
				{ itemIndex: 0 },
			);
		}
		const credentials = await this.getCredentials(kountaVendor(this).credentialType).catch(
			() => undefined,
		);
		const secret = String(credentials?.loyaltyUrlToken ?? '');

		const rewards: Reward[] = [];
		for (let i = 0; i < items.length; i++) {
			const id = String(this.getNodeParameter('rewardId', i, '') ?? '').trim();
			if (!id) continue;
			const fields = this.getNodeParameter('rewardFields', i, {}) as IDataObject;
			let redeemUrl: string;
			try {
				redeemUrl = buildRedeemUrl({
					baseUrl,
					orderId,
					rewardId: id,
					memberId: member.id,
					customerId,
					secret,
				});
			} catch {
				throw new NodeOperationError(node, 'Redeem Base URL is not a valid http(s) URL', {
					itemIndex: i,
				});
			}
			const reward = validateInput(
				node,
				rewardSchema,
				{
					id,
					title: String(this.getNodeParameter('rewardTitle', i, '') ?? '').trim(),
					redeem_url: redeemUrl,
					// Always sent (0 when not set): the till needs it as the bound of a variable quantity, and
					// whether Kounta requires it is unpublished (docs/vendor-facts.md).
					points_required:
						fields.pointsRequired === undefined || fields.pointsRequired === ''
							? 0
							: Number(fields.pointsRequired),
					points_label: fields.pointsLabel ? String(fields.pointsLabel) : undefined,
					action_label: fields.actionLabel ? String(fields.actionLabel) : undefined,
					variable_quantity:
						fields.variableQuantity === undefined ? undefined : Boolean(fields.variableQuantity),
					terms: fields.terms ? String(fields.terms) : undefined,
				},
				{ itemIndex: i, what: `reward on item ${i + 1}`, labels: REWARD_LABELS },
			);
			rewards.push(reward);
		}
		const placement = (options.placement as RewardsPlacement) || 'inMember';
		return replyItem(buildRewardsReply(member, rewards, placement) as IDataObject, items);
	} catch (error) {
		return replyFailure(this, error, items);
	}
}
