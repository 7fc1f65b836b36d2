import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { mapItems } from '../../../shared/items';
import { prune } from '../../api';
import { DEFAULT_DELIVERY_TABLE } from '../../deliveries';
import { DEFAULT_TABLE } from './fields';

const DAY_MS = 24 * 60 * 60 * 1000;

const properties: INodeProperties[] = [
	{
		displayName:
			"Deletes entries that are <b>decided</b> or <b>released</b> and unchanged for longer than the days below, and old delivery rows. Entries that are claimed, ordered, failed or outcome unknown are never deleted. n8n's Data Tables share one size limit per instance, so run this daily (the reconciler template does). The API key needs the row delete scope.",
		name: 'pruneNotice',
		type: 'notice',
		default: '',
	},
	{
		displayName: 'Keep Finished Entries (Days)',
		name: 'keepDays',
		type: 'number',
		typeOptions: { minValue: 1, numberPrecision: 2 },
		default: 90,
		description:
			'Decided and released entries unchanged for longer than this are deleted. A repeat of a redemption arriving after its entry is gone would be claimed as new, so keep this well above how long a vendor or hub may resend it.',
	},
	{
		displayName: 'Prune Deliveries',
		name: 'pruneDeliveries',
		type: 'boolean',
		default: true,
		description:
			'Whether to delete old rows of the table where webhook triggers remember deliveries (Remember Deliveries In: Reward Ledger)',
	},
	{
		displayName: 'Keep Deliveries (Days)',
		name: 'keepDeliveryDays',
		type: 'number',
		typeOptions: { minValue: 1, numberPrecision: 2 },
		default: 7,
		displayOptions: { show: { pruneDeliveries: [true] } },
		description:
			'Delivery rows older than this are deleted: a repeat of a delivery arriving later would start the workflow again (the ledger claim still stops a second order)',
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			{
				displayName: 'Ledger Table',
				name: 'tableName',
				type: 'string',
				default: DEFAULT_TABLE,
				description:
					'Name of the n8n Data Table holding the entries. Nothing is created when it does not exist.',
			},
			{
				displayName: 'Delivery Table',
				name: 'deliveryTable',
				type: 'string',
				default: DEFAULT_DELIVERY_TABLE,
				description:
					"The triggers' Delivery Ledger Table. Nothing is created when it does not exist.",
			},
		],
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['entry'], operation: ['prune'] } },
	properties,
);

/** One item per input item: how many rows were deleted from each table. */
export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
	return await mapItems(this, items, async (i) => {
		const options = this.getNodeParameter('options', i, {}) as {
			tableName?: string;
			deliveryTable?: string;
		};
		const tableName = String(options.tableName ?? '').trim() || DEFAULT_TABLE;
		const now = Date.now();
		const keepMs = Math.max(1, Number(this.getNodeParameter('keepDays', i, 90))) * DAY_MS;
		const pruneDeliveries = this.getNodeParameter('pruneDeliveries', i, true) as boolean;
		const deliveryTable = String(options.deliveryTable ?? '').trim() || DEFAULT_DELIVERY_TABLE;
		const keepDeliveriesMs = pruneDeliveries
			? Math.max(1, Number(this.getNodeParameter('keepDeliveryDays', i, 7))) * DAY_MS
			: 0;
		const result = await prune(
			this,
			tableName,
			{
				entriesChangedBefore: now - keepMs,
				deliveries: pruneDeliveries
					? { tableName: deliveryTable, changedBefore: now - keepDeliveriesMs }
					: undefined,
			},
			i,
		);
		const entriesDeleted = Object.values(result.entriesDeleted).reduce(
			(sum, count) => sum + count,
			0,
		);
		return {
			ledger_table: result.ledgerTable,
			entries_deleted: entriesDeleted,
			entries_deleted_by_state: result.entriesDeleted,
			entries_changed_before: new Date(now - keepMs).toISOString(),
			...(result.deliveryTable !== undefined
				? {
						delivery_table: result.deliveryTable,
						deliveries_deleted: result.deliveriesDeleted,
						deliveries_changed_before: new Date(now - keepDeliveriesMs).toISOString(),
					}
				: {}),
			rows_deleted: entriesDeleted + result.deliveriesDeleted,
		};
	});
}
