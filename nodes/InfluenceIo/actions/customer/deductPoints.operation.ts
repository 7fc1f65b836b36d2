import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { mapItems } from '../../../shared/items';
import { validateInput } from '../../../shared/validation';
import { changePoints, fillPath } from '../../api';
import { bodyJsonOption, withBodyJson } from '../../helpers';
import { pointsInputSchema } from '../../schemas';
import { POINTS_LABELS } from './awardPoints.operation';
import { customerIdField } from './fields';

export const DEFAULT_DEDUCT_PATH = '/v1/customers/{customerId}/points/deduct';

const properties: INodeProperties[] = [
	{
		displayName:
			'Influence.io lists a Deduct Points endpoint but its path and body are not published. This node sends POST /v1/customers/{customerId}/points/deduct with points and reason (best guess, modelled on the membership endpoints); change the path and keys under Options. Never retried once it may have arrived.',
		name: 'keysNotice',
		type: 'notice',
		default: '',
	},
	customerIdField,
	{
		displayName: 'Points',
		name: 'points',
		type: 'number',
		required: true,
		typeOptions: { minValue: 1 },
		default: 1,
		description: 'Whole number of points to take off the balance',
	},
	{ displayName: 'Reason', name: 'reason', type: 'string', default: '', description: 'Brief summary of why points are deducted' },
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			bodyJsonOption('deduct points'),
			{
				displayName: 'Endpoint Path',
				name: 'path',
				type: 'string',
				default: DEFAULT_DEDUCT_PATH,
				description: 'Path of the Deduct Points endpoint; {customerId} is replaced by the Customer ID',
			},
		],
	},
];

export const description = updateDisplayOptions({ show: { resource: ['customer'], operation: ['deductPoints'] } }, properties);

export async function execute(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	return await mapItems(this, items, async (i) => {
		const input = validateInput(
			this.getNode(),
			pointsInputSchema,
			{
				customerId: String(this.getNodeParameter('customerId', i, '') ?? ''),
				points: Number(this.getNodeParameter('points', i, 0)),
				reason: String(this.getNodeParameter('reason', i, '') ?? ''),
			},
			{ itemIndex: i, what: 'Influence.io points deduction', labels: POINTS_LABELS },
		);
		const template = String(this.getNodeParameter('options.path', i, DEFAULT_DEDUCT_PATH) || DEFAULT_DEDUCT_PATH);
		const body = withBodyJson(this, { points: input.points, reason: input.reason }, i);
		const response = await changePoints.call(this, fillPath(template, { customerId: input.customerId }), body, { itemIndex: i });
		return { customerId: input.customerId, deducted: true, ...response };
	});
}
