import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { returnAllOrLimit } from '../../../shared/descriptions';
import { mapItems } from '../../../shared/items';
import { listRedemptions } from '../../api';
import {
	QUEUE_ROOTS,
	readRedemptionFields,
	redemptionFieldOptions,
	simplifyQueuedRedemption,
	sortedByName,
	type RedemptionFieldOptionValues,
} from '../../helpers/webhookEvents';

const properties: INodeProperties[] = [
	{
		displayName:
			'Returns the outstanding queue: redemptions waiting to be fulfilled or refused, each with its advocate under "contact". Influitive publishes no filters for it.',
		name: 'queueNotice',
		type: 'notice',
		default: '',
	},
	...returnAllOrLimit,
	{
		displayName: 'Simplify',
		name: 'simplify',
		type: 'boolean',
		default: false,
		description:
			'Whether to output the same flat item as the redemption triggers (redemption ID, reward, provider, SKU, size, shipping address and the shipping fields it lacks, advocate) with the raw redemption under "redemption", e.g. for a reconciler that re-drives waiting redemptions',
	},
	{
		displayName: 'Payload Paths',
		name: 'paths',
		type: 'collection',
		placeholder: 'Add Path',
		default: {},
		displayOptions: { show: { simplify: [true] } },
		description:
			'Where the simplified item reads each field: the same options, and defaults, as the polling trigger',
		options: sortedByName(redemptionFieldOptions(QUEUE_ROOTS)),
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['rewardRedemption'], operation: ['getAll'] } },
	properties,
);

export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
	return await mapItems(this, items, async (i) => {
		const limit = this.getNodeParameter('returnAll', i)
			? undefined
			: (this.getNodeParameter('limit', i) as number);
		const redemptions = await listRedemptions.call(this, { limit, itemIndex: i });
		if (!this.getNodeParameter('simplify', i, false)) return redemptions as IDataObject[];
		const fields = readRedemptionFields(
			this.getNodeParameter('paths', i, {}) as RedemptionFieldOptionValues,
			QUEUE_ROOTS,
		);
		return redemptions.map(
			(r) =>
				({ ...simplifyQueuedRedemption(r, fields), redemption: r as IDataObject }) as IDataObject,
		);
	});
}
