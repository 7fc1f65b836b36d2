import type { INodeProperties } from 'n8n-workflow';

import * as buildClaimLink from './buildClaimLink.operation';
import * as create from './create.operation';

export { buildClaimLink, create };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['redemptionCode'] } },
		options: [
			{
				name: 'Build Claim Link',
				value: 'buildClaimLink',
				description: 'Build a portal link with the code filled in, to send to a recipient',
				action: 'Build a claim link',
			},
			{
				name: 'Create',
				value: 'create',
				description: 'Generate redemption codes for a redemption portal',
				action: 'Create redemption codes',
			},
		],
		default: 'create',
	},
	...buildClaimLink.description,
	...create.description,
];
