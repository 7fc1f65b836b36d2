import { Router } from 'express';

import { parseOr400 } from '../core/admin';
import { kotisAdminOrderSchema, kotisInventorySchema, kotisStatusPatchSchema } from './schemas';
import type { KotisState } from './state';

/** Recipient used by `POST /__admin/kotis/orders` for fields the caller omits (the documented example). */
const DEMO_ORDER = {
	email: 'test@example.com',
	shipping_method: 'Economy',
	order_id: '',
	address: {
		name: 'Test Person',
		attention: '',
		address1: '123 First Street',
		address2: '',
		city: 'Seattle',
		state: 'WA',
		zip: '98102',
		country: '',
		phone: '',
		address_type: '',
	},
};

/**
 * `/__admin/kotis` routes:
 * - `GET  /inventory`                 current rows `[{id, sku, physical_quantity, available_quantity}]`
 * - `PUT  /inventory`                 replace all rows (`id` optional: kept per SKU or generated)
 * - `GET  /orders[?seeded=true]`      full internal records of orders created through the API or the admin
 *                                      (request body, `order_id`, lines, stock); `seeded=true` adds the
 *                                      two legacy seed orders
 * - `POST /orders`                    create an order directly (see `KotisAdminOrderInput`); 201 + record,
 *                                      or 400 `{"errors":[{"title":"Invalid Order",...}]}`
 * - `GET  /orders/:orderNum`          one record
 * - `POST /orders/:orderNum/status`   `{status?, shipments?}` (see `KotisStatusPatch`), returns the record
 * - `GET  /redemption_codes`          issued code batches
 */
export function createKotisAdminRouter(state: KotisState): Router {
	const router = Router();

	router.get('/inventory', (_req, res) => {
		res.json(state.inventory);
	});

	router.put('/inventory', (req, res) => {
		const rows = parseOr400(kotisInventorySchema, req.body, res);
		if (rows) res.json(state.setInventory(rows));
	});

	router.get('/orders', (req, res) => {
		const withSeeded = req.query.seeded === 'true' || req.query.seeded === '1';
		res.json(withSeeded ? state.orders : state.orders.filter((o) => !o.seeded));
	});

	router.post('/orders', (req, res) => {
		const input = parseOr400(kotisAdminOrderSchema, req.body, res);
		if (!input) return;
		const result = state.placeOrder({
			...DEMO_ORDER,
			...input,
			address: { ...DEMO_ORDER.address, ...input.address },
		});
		if (result.ok) res.status(201).json(result.order);
		else
			res
				.status(400)
				.json({ errors: [{ title: 'Invalid Order', detail: result.messages.join(', ') }] });
	});

	router.get('/orders/:orderNum', (req, res) => {
		const order = state.findOrder(req.params.orderNum);
		if (order) res.json(order);
		else res.status(404).json({ error: `no Kotis order "${req.params.orderNum}"` });
	});

	router.post('/orders/:orderNum/status', (req, res) => {
		const order = state.findOrder(req.params.orderNum);
		if (!order) {
			res.status(404).json({ error: `no Kotis order "${req.params.orderNum}"` });
			return;
		}
		const patch = parseOr400(kotisStatusPatchSchema, req.body ?? {}, res);
		if (!patch) return;
		try {
			res.json(
				state.updateOrder(order, {
					...patch,
					shipments: patch.shipments?.map((s) => ({
						...s,
						id: s.id === undefined ? undefined : String(s.id),
					})),
				}),
			);
		} catch (e) {
			res.status(400).json({ error: e instanceof Error ? e.message : String(e) });
		}
	});

	router.get('/redemption_codes', (_req, res) => {
		res.json(state.redemptionBatches);
	});

	return router;
}
