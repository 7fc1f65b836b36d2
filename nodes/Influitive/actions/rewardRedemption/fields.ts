import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { DEFAULT_MESSAGE_KEY, DEFAULT_REFUSE_PATH } from '../../api';

/** Fields Fulfill and Refuse share. Parameter names are used by the shipped templates: keep them. */
export const redemptionIdField: INodeProperties = {
	displayName: 'Redemption ID',
	name: 'redemptionId',
	type: 'string',
	required: true,
	default: '',
	placeholder: 'e.g. 501',
	description:
		'The redemption ID from the trigger or Get Many. Influitive has not published whether the UUID works here too.',
};

export const messageKeyOption: INodeProperties = {
	displayName: 'Message Field',
	name: 'messageKey',
	type: 'options',
	default: DEFAULT_MESSAGE_KEY,
	options: [
		{
			name: 'Message (Best Known)',
			value: 'message',
			description: "What Influitive's PHP SDK sends",
		},
		{
			name: 'Feedback',
			value: 'feedback',
			description: "What Influitive's challenge approvals use",
		},
	],
	description:
		'The body key that carries the message. Influitive has not published it: "message" is the best-known choice; switch to "feedback" if your hub ignores the message.',
};

export const refusePathOption: INodeProperties = {
	displayName: 'Refuse Path',
	name: 'refusePath',
	type: 'options',
	default: DEFAULT_REFUSE_PATH,
	options: [
		{
			name: 'Decision/refuse (Best Known)',
			value: 'refuse',
			description: 'Current public client; matches the reference title "Refuse Reward Redemption"',
		},
		{
			name: 'Decision/reject (Older SDK)',
			value: 'reject',
			description: "Influitive's 2017 PHP SDK",
		},
	],
	description:
		'Influitive has not published which path refuses a redemption. "refuse" is the best-known choice; switch to "reject" if Influitive answers 404.',
};

/** The decision parameters of item `itemIndex`: the redemption, the message and the unknown-shape options. */
export function readDecision(ctx: IExecuteFunctions, itemIndex: number) {
	const options = ctx.getNodeParameter('options', itemIndex, {}) as {
		messageKey?: string;
		refusePath?: string;
	};
	return {
		redemptionId: String(ctx.getNodeParameter('redemptionId', itemIndex, '') ?? ''),
		message: String(ctx.getNodeParameter('message', itemIndex, '') ?? ''),
		messageKey: options.messageKey,
		refusePath: options.refusePath,
	};
}
