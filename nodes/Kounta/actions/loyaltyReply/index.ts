import type { INodeProperties } from 'n8n-workflow';

import * as redeemReply from './redeemReply.operation';
import * as rewardsReply from './rewardsReply.operation';
import * as searchReply from './searchReply.operation';

export { redeemReply, rewardsReply, searchReply };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['loyaltyReply'] } },
		options: [
			{
				name: 'Redeem Reply',
				value: 'redeemReply',
				description: 'Reply to a redeem call',
				action: 'Build a redeem reply',
			},
			{
				name: 'Rewards Reply',
				value: 'rewardsReply',
				description: 'Reply to a reward lookup: one member and its rewards',
				action: 'Build a rewards reply',
			},
			{
				name: 'Search Reply',
				value: 'searchReply',
				description: 'Reply to a customer search: the members found',
				action: 'Build a search reply',
			},
		],
		default: 'searchReply',
	},
	...searchReply.description,
	...rewardsReply.description,
	...redeemReply.description,
];
