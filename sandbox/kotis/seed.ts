import type { KotisInventoryRow, KotisOrderRecord } from './types';

/**
 * Seed inventory. Sizes are SKU suffixes exactly like the Kotis docs (`107529-1-L`, `107529-4-OSFA`).
 * Deliberate hard cases: `107529-1-L` is the documented example row (id "33315", all zero);
 * `108812-2-2XL` is on the shelf but fully reserved (physical 5, available 0); `108812-2-M` is low (3).
 */
export const KOTIS_SEED_INVENTORY: readonly KotisInventoryRow[] = [
	{ id: '33313', sku: '107529-1-S', physical_quantity: 40, available_quantity: 38 },
	{ id: '33314', sku: '107529-1-M', physical_quantity: 25, available_quantity: 25 },
	{ id: '33315', sku: '107529-1-L', physical_quantity: 0, available_quantity: 0 },
	{ id: '33316', sku: '107529-1-XL', physical_quantity: 12, available_quantity: 10 },
	{ id: '33402', sku: '107529-4-OSFA', physical_quantity: 100, available_quantity: 100 },
	{ id: '34120', sku: '108812-2-M', physical_quantity: 3, available_quantity: 3 },
	{ id: '34122', sku: '108812-2-2XL', physical_quantity: 5, available_quantity: 0 },
];

const LEGACY_TIME = '2019-11-12T07:48:06-08:00';

function legacyOrder(
	fields: Pick<KotisOrderRecord, 'order_num' | 'status' | 'omitAttributes' | 'shipments'>,
): KotisOrderRecord {
	return {
		order_id: '',
		email: '',
		shipping_method: '',
		address: {},
		lines: [],
		stock: 'shipped',
		seeded: true,
		request: {},
		createRequests: 0,
		createdAt: LEGACY_TIME,
		updatedAt: LEGACY_TIME,
		...fields,
	};
}

/**
 * The two orders of the documented status example, oddities included:
 * - `12345`: shipped, shipments 543416 (delivered, values from the docs) and 544568 (its attributes are
 *   not shown in the abridged docs; invented here with TWO comma-separated tracking numbers, since the
 *   field is a string named in the plural).
 * - `23719201`: serialized with NO `attributes` key; its shipment 767586 carries `status: "in_transit"`
 *   instead of `delivery_status` (values from the docs). Its internal status is only used if an admin
 *   call changes it.
 */
export const KOTIS_SEED_ORDERS: readonly KotisOrderRecord[] = [
	legacyOrder({
		order_num: '12345',
		status: 'shipped',
		omitAttributes: false,
		shipments: [
			{
				id: '543416',
				tracking_numbers: '1Z8424330419842539',
				shipment_date: '2018-10-02T14:50:24-07:00',
				delivery_status: 'delivered',
				legacyStatusKey: false,
			},
			{
				id: '544568',
				tracking_numbers: '1Z8424330419842551,1Z8424330419842568',
				shipment_date: '2018-10-04T09:12:45-07:00',
				delivery_status: 'in_transit',
				legacyStatusKey: false,
			},
		],
	}),
	legacyOrder({
		order_num: '23719201',
		status: 'shipped',
		omitAttributes: true,
		shipments: [
			{
				id: '767586',
				tracking_numbers: '9405537897842130146579',
				shipment_date: '2019-11-12T07:48:06-08:00',
				delivery_status: 'in_transit',
				legacyStatusKey: true,
			},
		],
	}),
];

/** Shipment ids handed out by the admin API start here (above the seeded ones). */
export const KOTIS_FIRST_SHIPMENT_ID = 800001;
