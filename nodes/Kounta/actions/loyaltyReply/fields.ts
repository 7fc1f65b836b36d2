import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { validateInput } from '../../../shared/validation';
import { memberSchema, type Member } from '../../helpers/loyalty/replies';

/** The member fields of the search and rewards replies, as node parameters (map them with expressions). */
export const memberProperties = (operation: string): INodeProperties[] => [
	{
		displayName: 'Member ID',
		name: 'memberId',
		type: 'string',
		default: '',
		required: true,
		description:
			'The member ID in your system. Kounta sends it back as reference_id on the reward lookup. Items whose Member ID is empty are left out of the reply.',
		displayOptions: { show: { resource: ['loyaltyReply'], operation: [operation] } },
	},
	{
		displayName: 'First Name',
		name: 'firstName',
		type: 'string',
		default: '',
		required: true,
		displayOptions: { show: { resource: ['loyaltyReply'], operation: [operation] } },
	},
	{
		displayName: 'Email Address',
		name: 'emailAddress',
		type: 'string',
		placeholder: 'name@email.com',
		default: '',
		required: true,
		displayOptions: { show: { resource: ['loyaltyReply'], operation: [operation] } },
	},
	{
		displayName: 'Member Fields',
		name: 'memberFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		displayOptions: { show: { resource: ['loyaltyReply'], operation: [operation] } },
		options: [
			{
				displayName: 'Current Points',
				name: 'currentPoints',
				type: 'string',
				default: '',
				description: 'Sent as a string, as the current docs show it',
			},
			{
				displayName: 'Icon URL',
				name: 'iconUrl',
				type: 'string',
				default: '',
				description: 'A 300x300 image; the POS shows it as a circle',
			},
			{
				displayName: 'Intro Text',
				name: 'introText',
				type: 'string',
				default: '',
				description: 'Shown above the rewards',
			},
			{ displayName: 'Last Name', name: 'lastName', type: 'string', default: '' },
			{
				displayName: 'Params (JSON)',
				name: 'params',
				type: 'json',
				default: '{}',
				description: 'An object of key:value pairs the POS displays, e.g. {"Tier": "Gold"}',
			},
			{ displayName: 'Points Label', name: 'pointsLabel', type: 'string', default: 'Points' },
		],
	},
];

function optionalText(value: unknown): string | undefined {
	if (value === undefined || value === null) return undefined;
	const text = String(value).trim();
	return text === '' ? undefined : text;
}

function parseParams(
	ctx: IExecuteFunctions,
	value: unknown,
	itemIndex: number,
): IDataObject | undefined {
	if (value === undefined || value === null || value === '') return undefined;
	let parsed: unknown = value;
	if (typeof value === 'string') {
		try {
			parsed = JSON.parse(value);
		} catch {
			throw new NodeOperationError(
				ctx.getNode(),
				'Params (JSON) is not valid JSON: enter an object such as {"Tier": "Gold"}',
				{ itemIndex },
			);
		}
	}
	if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
		throw new NodeOperationError(
			ctx.getNode(),
			'Params (JSON) must be an object such as {"Tier": "Gold"}',
			{ itemIndex },
		);
	}
	return Object.keys(parsed).length > 0 ? (parsed as IDataObject) : undefined;
}

const MEMBER_LABELS: Record<string, string> = {
	id: 'Member ID',
	first_name: 'First Name',
	email_address: 'Email Address',
	icon_url: 'Icon URL',
	current_points: 'Current Points',
	params: 'Params (JSON)',
};

/** The member of item `i`, or undefined when its Member ID is empty (no member on that item). */
export function memberFromItem(ctx: IExecuteFunctions, i: number): Member | undefined {
	const id = optionalText(ctx.getNodeParameter('memberId', i, ''));
	if (!id) return undefined;
	const fields = ctx.getNodeParameter('memberFields', i, {}) as IDataObject;
	const candidate = {
		id,
		first_name: optionalText(ctx.getNodeParameter('firstName', i, '')) ?? '',
		last_name: optionalText(fields.lastName),
		email_address: optionalText(ctx.getNodeParameter('emailAddress', i, '')) ?? '',
		current_points: optionalText(fields.currentPoints),
		points_label: optionalText(fields.pointsLabel),
		icon_url: optionalText(fields.iconUrl),
		intro_text: optionalText(fields.introText),
		params: parseParams(ctx, fields.params, i),
	};
	return validateInput(ctx.getNode(), memberSchema, candidate, {
		itemIndex: i,
		what: `loyalty member on item ${i + 1}`,
		labels: MEMBER_LABELS,
		hint: 'Kounta requires id, first_name and a valid email_address for every member.',
	});
}

/** The KountaLoyaltyTrigger this node runs after, if any. */
function loyaltyTriggerName(ctx: IExecuteFunctions): string | undefined {
	const parents =
		typeof ctx.getParentNodes === 'function' ? ctx.getParentNodes(ctx.getNode().name) : [];
	return parents.find((parent) => /(^|\.)kountaLoyaltyTrigger$/.test(parent.type))?.name;
}

/**
 * A value of the loyalty call (order_id, customer_id, redeem_base_url): the parameter when set,
 * else what the Kounta Loyalty Trigger upstream received, else the same field on the input item.
 */
export function callValue(
	ctx: IExecuteFunctions,
	parameter: string,
	field: string,
	items: INodeExecutionData[],
	i = 0,
): string | undefined {
	const given = optionalText(ctx.getNodeParameter(parameter, i, ''));
	if (given) return given;
	const trigger = loyaltyTriggerName(ctx);
	if (trigger) {
		try {
			const value = ctx.evaluateExpression(
				`{{ $(${JSON.stringify(trigger)}).first().json[${JSON.stringify(field)}] }}`,
				i,
			);
			const text = optionalText(value);
			if (text) return text;
		} catch {
			// Not reachable from this item (e.g. a manual run without the trigger): try the item itself.
		}
	}
	return optionalText(items[i]?.json?.[field]);
}
