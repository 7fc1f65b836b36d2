import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import * as event from './actions/event';
import * as member from './actions/member';
import * as message from './actions/message';
import * as perk from './actions/perk';
import * as referral from './actions/referral';
import * as reward from './actions/reward';
import * as rewardRedemption from './actions/rewardRedemption';
import { router } from './actions/router';
import * as listSearch from './methods/listSearch';

export class Influitive implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Influitive AdvocateHub',
		name: 'influitive',
		icon: {
			light: 'file:../../icons/influitive.svg',
			dark: 'file:../../icons/influitive.dark.svg',
		},
		group: ['transform'],
		version: 1,
		subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
		description:
			'Fulfill or refuse reward redemptions, look up advocates and award points in Influitive AdvocateHub',
		defaults: { name: 'Influitive AdvocateHub' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'influitiveApi', required: true }],
		properties: [
			{
				displayName: 'Resource',
				name: 'resource',
				type: 'options',
				noDataExpression: true,
				options: [
					{ name: 'Event', value: 'event' },
					{ name: 'Member', value: 'member' },
					{ name: 'Message', value: 'message' },
					{ name: 'Perk', value: 'perk' },
					{ name: 'Referral', value: 'referral' },
					{ name: 'Reward', value: 'reward' },
					{ name: 'Reward Redemption', value: 'rewardRedemption' },
				],
				default: 'rewardRedemption',
			},
			...rewardRedemption.description,
			...member.description,
			...event.description,
			...reward.description,
			...message.description,
			...perk.description,
			...referral.description,
		],
	};

	methods = { listSearch };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await router.call(this);
	}
}
