import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { NodeApiError, NodeOperationError, updateDisplayOptions } from 'n8n-workflow';

import { mapItems } from '../../../shared/items';
import { validateInput } from '../../../shared/validation';
import { changePoints, fillPath } from '../../api';
import { bodyJsonOption, withBodyJson } from '../../helpers/body';
import { pointsInputSchema } from '../../schemas';
import { customerIdField, POINTS_LABELS } from './fields';

const DEFAULT_DEDUCT_PATH = '/v1/customers/{customerId}/points/deduct';

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
	{
		displayName: 'Reason',
		name: 'reason',
		type: 'string',
		default: '',
		description: 'Brief summary of why points are deducted',
	},
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
				description:
					'Path of the Deduct Points endpoint; {customerId} is replaced by the Customer ID',
			},
		],
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['customer'], operation: ['deductPoints'] } },
	properties,
);

export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
	return await mapItems(this, items, async (i) => {
		const input = validateInput(
			this.getNode(),
			pointsInputSchema,
			{
				customerId: String(
					this.getNodeParameter('customerId', i, '', { extractValue: true }) ?? '',
				),
				points: Number(this.getNodeParameter('points', i, 0)),
				reason: String(this.getNodeParameter('reason', i, '') ?? ''),
			},
			{ itemIndex: i, what: 'Influence.io points deduction', labels: POINTS_LABELS },
		);
		const template = String(
			this.getNodeParameter('options.path', i, DEFAULT_DEDUCT_PATH) || DEFAULT_DEDUCT_PATH,
		);
		const body = withBodyJson(this, { points: input.points, reason: input.reason }, i);
		const response = await changePoints
			.call(this, fillPath(template, { customerId: input.customerId }), body, { itemIndex: i })
			.catch((error: unknown) => {
				throw overdraftError(this, error, input.customerId, input.points as number, i);
			});
		return { customerId: input.customerId, deducted: true, ...response };
	});
}

/** Vendor answers meaning "the balance is too low" (the wording is unpublished, docs/vendor-facts.md; the sandbox says "Insufficient points"). */
const OVERDRAFT = /insufficient|not enough|exceeds|balance/i;

/**
 * A 4xx whose text says the balance is too low becomes an error naming the Points field; nothing
 * was deducted (the vendor refused). Any other failure is passed through unchanged.
 */
function overdraftError(
	ctx: IExecuteFunctions,
	error: unknown,
	customerId: string,
	points: number,
	itemIndex: number,
): unknown {
	if (!(error instanceof NodeApiError)) return error;
	const status = Number(error.httpCode);
	const said = String(
		(error.errorResponse as { vendorMessage?: unknown } | undefined)?.vendorMessage ?? '',
	);
	if (
		!(
			status >= 400 &&
			status < 500 &&
			status !== 401 &&
			status !== 403 &&
			status !== 404 &&
			status !== 429
		) ||
		!OVERDRAFT.test(said)
	)
		return error;
	return new NodeOperationError(
		ctx.getNode(),
		`Points (${points}) is more than customer ${customerId} has: nothing was deducted`,
		{
			itemIndex,
			description: `Influence.io said: ${said}. Deduct at most the customer's pointBalance (Customer → Get shows it), or check the balance first.`,
		},
	);
}
