import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';

import { mapItems } from '../../../shared/items';
import { fetchOrderStatuses } from '../../api';
import { parseOrderNumbers } from '../../helpers/orderStatus';
import type { KotisOrderStatus } from '../../schemas';

const properties: INodeProperties[] = [
	{
		displayName: 'Order Numbers',
		name: 'orderNumbers',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. 5134691, 5134692',
		description:
			'Kotis order numbers (order_num), separated by commas. Each becomes one output item.',
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			{
				displayName: 'Batch Size',
				name: 'batchSize',
				type: 'number',
				typeOptions: { minValue: 1 },
				default: 50,
				description:
					'How many order numbers go into one status call. Kotis does not publish a maximum; lower this if long URLs are refused.',
			},
		],
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['order'], operation: ['getStatus'] } },
	properties,
);

export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
	// Collect every item's order numbers first so all of them travel in as few calls as possible.
	const wanted = items.map((_, i) => parseOrderNumbers(this.getNodeParameter('orderNumbers', i)));
	const distinct = [...new Set(wanted.flat())];
	const batchSize = (this.getNodeParameter('options.batchSize', 0, 50) as number) || 50;
	let statuses: Map<string, KotisOrderStatus> | undefined;
	return await mapItems(this, items, async (i) => {
		if (wanted[i].length === 0) {
			throw new NodeOperationError(
				this.getNode(),
				'Order Numbers is empty: enter at least one Kotis order number',
				{
					itemIndex: i,
				},
			);
		}
		statuses ??= new Map(
			(await fetchOrderStatuses.call(this, distinct, { batchSize, itemIndex: i })).map((s) => [
				s.order_num,
				s,
			]),
		);
		return wanted[i].map((num) => ({ ...(statuses?.get(num) as KotisOrderStatus) }));
	});
}
