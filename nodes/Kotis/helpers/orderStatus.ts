import type { KotisOrderStatus, KotisShipment, OrderStatusResponse } from '../schemas';

/** Kotis returns `tracking_numbers` as one string despite the plural; split on commas/whitespace. */
function splitTracking(value: string | string[] | null | undefined): string[] {
	if (!value) return [];
	const list = Array.isArray(value) ? value : value.split(/[,\s]+/);
	return list.map((s) => s.trim()).filter(Boolean);
}

/**
 * Joins each order's shipments from `included` and answers one entry per requested order number,
 * in the order asked, with `found: false` for numbers Kotis does not know.
 */
export function normaliseOrderStatuses(
	response: OrderStatusResponse,
	requested: string[],
): KotisOrderStatus[] {
	const shipments = new Map<string, KotisShipment>();
	for (const resource of response.included ?? []) {
		if (resource.type !== 'shipments') continue;
		const attributes = resource.attributes ?? {};
		shipments.set(resource.id, {
			id: resource.id,
			tracking_numbers: splitTracking(attributes.tracking_numbers),
			shipment_date: attributes.shipment_date ?? null,
			// The published example uses `status` on one shipment instead of `delivery_status`.
			delivery_status: attributes.delivery_status ?? attributes.status ?? 'unknown',
		});
	}

	const orders = new Map<string, KotisOrderStatus>();
	for (const order of response.data) {
		const refs = order.relationships?.shipments?.data ?? [];
		const joined = refs
			.filter((ref) => ref.type === 'shipments')
			.map(
				(ref) =>
					shipments.get(ref.id) ?? {
						id: ref.id,
						tracking_numbers: [],
						shipment_date: null,
						delivery_status: 'unknown',
					},
			);
		orders.set(order.id, {
			order_num: order.id,
			found: true,
			status: order.attributes?.status ?? 'unknown',
			shipments: joined,
			tracking_numbers: joined.flatMap((s) => s.tracking_numbers),
		});
	}

	return requested.map(
		(num) =>
			orders.get(num) ?? {
				order_num: num,
				found: false,
				status: 'not_found',
				shipments: [],
				tracking_numbers: [],
			},
	);
}

/** Splits "123, 456\n789" or an array into distinct order numbers. */
export function parseOrderNumbers(value: unknown): string[] {
	const raw = Array.isArray(value) ? value.map(String) : String(value ?? '').split(/[\s,;]+/);
	return [...new Set(raw.map((s) => s.trim()).filter(Boolean))];
}
