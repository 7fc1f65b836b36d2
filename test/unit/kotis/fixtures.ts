/** Payloads exactly as Kotis publishes them (https://kotisdesign.forumbee.com/t/83hvjff/api-documentation), plus a seeded inventory. */
export const BASE = 'https://kwf.kotis.test/api/v1';
export const STORES = 'https://stores.kotis.test/api/v1';
export const API_KEY = 'kotis-secret-key-123';
export const credentials = { kotisApi: { apiKey: API_KEY, baseUrl: BASE, storesBaseUrl: STORES } };

const sku = (id: string, code: string, available: number, physical = available) => ({
	id,
	type: 'skus',
	attributes: { physical_quantity: physical, available_quantity: available, sku: code },
});

export const inventory = {
	data: [
		sku('33311', '107529-1-S', 12),
		sku('33312', '107529-1-M', 3),
		sku('33315', '107529-1-L', 0, 2),
		sku('33316', '107529-1-XL', 5),
		sku('33320', '107529-4-OSFA', 40),
	],
	jsonapi: { version: '1.0' },
};

/** The published status example: the second order has no attributes, one shipment uses `status`. */
export const statusExample = {
	data: [
		{
			id: '12345',
			type: 'orders',
			attributes: { status: 'shipped' },
			relationships: {
				shipments: {
					data: [
						{ type: 'shipments', id: '543416' },
						{ type: 'shipments', id: '544568' },
					],
				},
			},
		},
		{
			id: '23719201',
			type: 'orders',
			relationships: { shipments: { data: [{ type: 'shipments', id: '767586' }] } },
		},
	],
	included: [
		{
			id: '543416',
			type: 'shipments',
			attributes: {
				tracking_numbers: '1Z8424330419842539',
				shipment_date: '2018-10-02T14:50:24-07:00',
				delivery_status: 'delivered',
			},
		},
		{
			id: '767586',
			type: 'shipments',
			attributes: {
				tracking_numbers: '9405537897842130146579',
				shipment_date: '2019-11-12T07:48:06-08:00',
				status: 'in_transit',
			},
		},
	],
	jsonapi: { version: '1.0' },
};
