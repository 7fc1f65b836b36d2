import type { INodeProperties } from 'n8n-workflow';

import * as markCouponUsed from './markCouponUsed.operation';

export { markCouponUsed };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['reward'] } },
		options: [
			{
				name: 'Mark Coupon Used',
				value: 'markCouponUsed',
				description: 'Tell Influence.io a reward coupon was used in your store',
				action: 'Mark a reward coupon as used',
			},
		],
		default: 'markCouponUsed',
	},
	...markCouponUsed.description,
];
