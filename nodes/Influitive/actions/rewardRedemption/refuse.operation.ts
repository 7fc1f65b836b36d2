import type { INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { decide, messageKeyOption, redemptionIdField, refusePathOption } from './fields';

const properties: INodeProperties[] = [
	{
		displayName:
			"Influitive returns the advocate's points on refusal. Not retried automatically once the request may have reached Influitive: check the redemption in the hub before running again.",
		name: 'refuseNotice',
		type: 'notice',
		default: '',
	},
	redemptionIdField,
	{
		displayName: 'Message to Advocate',
		name: 'message',
		type: 'string',
		typeOptions: { rows: 3 },
		default: '',
		placeholder: 'e.g. Sorry, size XL is out of stock. Your points have been returned.',
		description: "Why the reward cannot be sent. Influitive returns the advocate's points on refusal.",
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [messageKeyOption, refusePathOption],
	},
];

export const description = updateDisplayOptions({ show: { resource: ['rewardRedemption'], operation: ['refuse'] } }, properties);

export const execute = decide('refuse');
