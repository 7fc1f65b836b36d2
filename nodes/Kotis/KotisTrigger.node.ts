import type {
	IDataObject,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
	IPollFunctions,
} from 'n8n-workflow';
import { NodeConnectionTypes, NodeOperationError } from 'n8n-workflow';

import { fetchOrderStatuses } from './api';
import { parseOrderNumbers } from './helpers/orderStatus';
import type { KotisOrderStatus } from './schemas';

type KotisEvent =
	| 'order.shipped'
	| 'order.delivered'
	| 'order.cancelled'
	| 'order.statusChanged'
	| 'shipment.statusChanged';

interface WatchedOrder {
	status: string;
	shipments: Record<string, string>;
}

interface TriggerState {
	orders?: Record<string, WatchedOrder>;
}

const ORDER_EVENTS: Record<string, KotisEvent> = {
	shipped: 'order.shipped',
	partially_shipped: 'order.shipped',
	delivered: 'order.delivered',
	cancelled: 'order.cancelled',
};

export class KotisTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Kotis Design Trigger',
		name: 'kotisTrigger',
		icon: { light: 'file:../../icons/kotis.svg', dark: 'file:../../icons/kotis.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: '={{$parameter["events"].join(", ")}}',
		description:
			'Starts the workflow when a watched Kotis order ships, is delivered or is cancelled',
		defaults: { name: 'Kotis Design Trigger' },
		polling: true,
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'kotisApi', required: true }],
		properties: [
			{
				displayName:
					'Kotis has no webhooks and no order list, so this trigger polls the status of the order numbers you list. Each poll is one status call per 50 orders.',
				name: 'pollingNotice',
				type: 'notice',
				default: '',
			},
			{
				displayName: 'Order Numbers',
				name: 'orderNumbers',
				type: 'string',
				required: true,
				default: '',
				placeholder: 'e.g. 5134691, 5134692',
				description: 'Kotis order numbers (order_num) to watch, separated by commas or new lines',
			},
			{
				displayName: 'Events',
				name: 'events',
				type: 'multiOptions',
				required: true,
				default: ['order.shipped', 'order.delivered', 'order.cancelled'],
				options: [
					{ name: 'Order Cancelled', value: 'order.cancelled' },
					{ name: 'Order Delivered', value: 'order.delivered' },
					{
						name: 'Order Shipped',
						value: 'order.shipped',
						description: 'Shipped or partially shipped, with tracking numbers',
					},
					{ name: 'Order Status Changed (Any)', value: 'order.statusChanged' },
					{
						name: 'Shipment Status Changed',
						value: 'shipment.statusChanged',
						description: "A shipment's delivery status changed",
					},
				],
			},
			{
				displayName: 'Options',
				name: 'options',
				type: 'collection',
				placeholder: 'Add Option',
				default: {},
				options: [
					{
						displayName: 'Emit Current Status on First Poll',
						name: 'emitOnFirstPoll',
						type: 'boolean',
						default: false,
						description:
							'Whether the first poll after activation emits orders already in a watched status, instead of only recording them',
					},
				],
			},
		],
	};

	async poll(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
		const orderNumbers = parseOrderNumbers(this.getNodeParameter('orderNumbers'));
		if (orderNumbers.length === 0) {
			throw new NodeOperationError(
				this.getNode(),
				'Order Numbers is empty: list at least one Kotis order number to watch',
			);
		}
		const wanted = new Set(this.getNodeParameter('events') as KotisEvent[]);
		const emitOnFirstPoll = this.getNodeParameter('options.emitOnFirstPoll', false) as boolean;
		const statuses = await fetchOrderStatuses.call(this, orderNumbers);

		if (this.getMode() === 'manual') {
			// "Fetch test event": show what the current state looks like, without touching the cursor.
			const sample = statuses.find((s) => s.found) ?? statuses[0];
			return [
				this.helpers.returnJsonArray([
					{ event: 'order.statusChanged', previous_status: null, ...sample } as IDataObject,
				]),
			];
		}

		const state = this.getWorkflowStaticData('node') as TriggerState;
		const firstPoll = state.orders === undefined;
		const previous = state.orders ?? {};
		const events: IDataObject[] = [];
		const next: Record<string, WatchedOrder> = {};
		for (const order of statuses) {
			if (!order.found) continue;
			const before = previous[order.order_num];
			next[order.order_num] = snapshot(order);
			if (firstPoll && !emitOnFirstPoll) continue;
			events.push(...changes(order, before, wanted));
		}
		// Orders Kotis no longer reports keep their last known state, so a blip does not re-emit.
		for (const [num, watched] of Object.entries(previous)) next[num] ??= watched;
		state.orders = next;
		return events.length ? [this.helpers.returnJsonArray(events)] : null;
	}
}

function snapshot(order: KotisOrderStatus): WatchedOrder {
	return {
		status: order.status,
		shipments: Object.fromEntries(order.shipments.map((s) => [s.id, s.delivery_status])),
	};
}

/**
 * What changed since the last poll, one item per change: a status change is reported under its
 * specific event when that is watched, otherwise as "any status change". `before` undefined
 * means the order is newly watched.
 */
function changes(
	order: KotisOrderStatus,
	before: WatchedOrder | undefined,
	wanted: Set<KotisEvent>,
): IDataObject[] {
	const out: IDataObject[] = [];
	const previousStatus = before?.status ?? null;
	if (order.status !== previousStatus) {
		const specific = ORDER_EVENTS[order.status];
		const event =
			specific && wanted.has(specific)
				? specific
				: wanted.has('order.statusChanged')
					? 'order.statusChanged'
					: undefined;
		if (event) out.push({ event, previous_status: previousStatus, ...order } as IDataObject);
	}
	for (const shipment of order.shipments) {
		const was = before?.shipments[shipment.id] ?? null;
		if (was !== shipment.delivery_status && wanted.has('shipment.statusChanged')) {
			out.push({
				event: 'shipment.statusChanged',
				order_num: order.order_num,
				order_status: order.status,
				previous_delivery_status: was,
				shipment: { ...shipment },
			});
		}
	}
	return out;
}
