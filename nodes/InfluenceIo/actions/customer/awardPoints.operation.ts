import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { mapItems } from '../../../shared/items';
import { validateInput } from '../../../shared/validation';
import { changePoints, path } from '../../api';
import { bodyJsonOption, withBodyJson } from '../../helpers/body';
import { pointsInputSchema } from '../../schemas';
import { customerIdField, POINTS_LABELS } from './fields';

const properties: INodeProperties[] = [
	{
		displayName:
			'Sent as POST /v1/customers/{customerId}/points with points, reason, earnRuleId and updateLastSeenAt. Influence.io documents these fields but not their keys: only earnRuleId is near-certain. Correct keys under Options → Body (JSON). Never retried once it may have arrived, so points are not awarded twice.',
		name: 'keysNotice',
		type: 'notice',
		default: '',
	},
	customerIdField,
	{
		displayName: 'Points',
		name: 'points',
		type: 'number',
		typeOptions: { minValue: 0 },
		default: 0,
		description:
			"Whole number of points to award. Leave 0 to let the earn rule decide; a value overrides the earn rule's points.",
	},
	{
		displayName: 'Additional Fields',
		name: 'additionalFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		options: [
			{
				displayName: 'Earn Rule ID',
				name: 'earnRuleId',
				type: 'string',
				default: '',
				description: 'The earn rule that determines the points (e.g. a General Purpose earn rule)',
			},
			{
				displayName: 'Reason',
				name: 'reason',
				type: 'string',
				default: '',
				description: 'Brief summary of why the customer is awarded points',
			},
			{
				displayName: 'Update Last Seen',
				name: 'updateLastSeenAt',
				type: 'options',
				default: 'default',
				description:
					"Whether the customer's lastSeenAt (which controls when points expire) moves to now",
				options: [
					{
						name: 'Earn Rule Default',
						value: 'default',
						description: 'Not sent: the earn rule setting applies, or yes without an earn rule',
					},
					{ name: 'No', value: 'no' },
					{ name: 'Yes', value: 'yes' },
				],
			},
		],
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [bodyJsonOption('award points')],
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['customer'], operation: ['awardPoints'] } },
	properties,
);

export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
	return await mapItems(this, items, async (i) => {
		const extra = this.getNodeParameter('additionalFields', i, {}) as IDataObject;
		const points = Number(this.getNodeParameter('points', i, 0));
		const input = validateInput(
			this.getNode(),
			pointsInputSchema,
			{
				customerId: String(
					this.getNodeParameter('customerId', i, '', { extractValue: true }) ?? '',
				),
				points: points === 0 ? undefined : points,
				earnRuleId: extra.earnRuleId === undefined ? undefined : String(extra.earnRuleId),
				reason: extra.reason === undefined ? undefined : String(extra.reason),
			},
			{ itemIndex: i, what: 'Influence.io points award', labels: POINTS_LABELS },
		);
		const lastSeen = extra.updateLastSeenAt;
		const body = withBodyJson(
			this,
			{
				points: input.points,
				reason: input.reason,
				earnRuleId: input.earnRuleId,
				updateLastSeenAt: lastSeen === 'yes' ? true : lastSeen === 'no' ? false : undefined,
			},
			i,
		);
		const response = await changePoints.call(
			this,
			`${path('v1', 'customers', input.customerId)}/points`,
			body,
			{ itemIndex: i },
		);
		return { customerId: input.customerId, awarded: true, ...response };
	});
}
