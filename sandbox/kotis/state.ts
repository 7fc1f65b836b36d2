import type { ResolvedKotisOptions } from './options';
import type { KotisOrderCreateBody } from './schemas';
import { fullMessages, kotisOrderCreateSchema, parseQuantity } from './schemas';
import { KOTIS_FIRST_SHIPMENT_ID, KOTIS_SEED_INVENTORY, KOTIS_SEED_ORDERS } from './seed';
import type {
	KotisInventoryRow,
	KotisOrderCreateRequest,
	KotisOrderLine,
	KotisOrderRecord,
	KotisRedemptionBatch,
	KotisShipment,
	KotisStatusPatch,
} from './types';

/** Kotis is in Seattle and its timestamps carry a Pacific offset; new ones use a fixed -07:00. */
function kotisTimestamp(date: Date): string {
	const shifted = new Date(date.getTime() - 7 * 3600 * 1000);
	return `${shifted.toISOString().slice(0, 19)}-07:00`;
}

/** Small deterministic PRNG so codes repeat after a reset (reproducible test output). */
function mulberry32(seed: number): () => number {
	let a = seed >>> 0;
	return () => {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

export type CreateOrderResult =
	{ ok: true; order: KotisOrderRecord; created: boolean } | { ok: false; messages: string[] };

export type IssueCodesResult =
	{ ok: true; codes: string[] } | { ok: false; title: string; detail: string };

export class KotisState {
	inventory: KotisInventoryRow[] = [];

	orders: KotisOrderRecord[] = [];

	redemptionBatches: KotisRedemptionBatch[] = [];

	private nextOrderNum = 0;

	private nextShipmentId = 0;

	private issuedCodes = new Set<string>();

	private random: () => number = Math.random;

	constructor(private readonly options: ResolvedKotisOptions) {
		this.reset();
	}

	reset(): void {
		this.inventory = structuredClone([...(this.options.inventory ?? KOTIS_SEED_INVENTORY)]);
		this.orders = structuredClone([...KOTIS_SEED_ORDERS]);
		this.redemptionBatches = [];
		this.issuedCodes = new Set();
		this.nextOrderNum = this.options.firstOrderNum;
		this.nextShipmentId = KOTIS_FIRST_SHIPMENT_ID;
		this.random = mulberry32(0x4b4f5449);
	}

	private now(): Date {
		return this.options.now();
	}

	/** Replace the inventory. Rows without `id` keep the id of the same SKU, or get a fresh one. */
	setInventory(
		rows: Array<Omit<KotisInventoryRow, 'id'> & { id?: string | number }>,
	): KotisInventoryRow[] {
		const previous = new Map(this.inventory.map((r) => [r.sku, r.id]));
		const taken = new Set(rows.filter((r) => r.id !== undefined).map((r) => String(r.id)));
		let next =
			Math.max(
				40000,
				...[...this.inventory.map((r) => Number(r.id)), ...[...taken].map(Number)].filter(
					Number.isFinite,
				),
			) + 1;
		this.inventory = rows.map((row) => {
			let id = row.id !== undefined ? String(row.id) : previous.get(row.sku);
			if (id === undefined || (row.id === undefined && taken.has(id))) {
				while (taken.has(String(next))) next++;
				id = String(next++);
			}
			taken.add(id);
			return {
				id,
				sku: row.sku,
				physical_quantity: row.physical_quantity,
				available_quantity: row.available_quantity,
			};
		});
		return this.inventory;
	}

	findOrder(orderNum: string): KotisOrderRecord | undefined {
		return this.orders.find((o) => o.order_num === orderNum);
	}

	/**
	 * Everything `POST /orders/create` does after auth: validates the body (Rails-like messages), then
	 * SKUs and stock, then creates the order. Messages are joined into one `Invalid Order` detail.
	 */
	placeOrder(body: unknown): CreateOrderResult {
		const parsed = kotisOrderCreateSchema.safeParse(body);
		if (!parsed.success) return { ok: false, messages: fullMessages(parsed.error) };
		return this.createOrder(parsed.data, body as KotisOrderCreateRequest);
	}

	/**
	 * Validates SKUs (and stock if configured) against the inventory and creates the order. The body
	 * has already passed `kotisOrderCreateSchema`.
	 */
	private createOrder(
		body: KotisOrderCreateBody,
		request: KotisOrderCreateRequest,
	): CreateOrderResult {
		if (this.options.idempotentOrderId && body.order_id.trim() !== '') {
			const existing = this.orders.find((o) => o.order_id === body.order_id);
			if (existing) {
				existing.createRequests += 1;
				return { ok: true, order: existing, created: false };
			}
		}
		const wanted = new Map<string, number>();
		for (const line of body.skus)
			wanted.set(line.sku, (wanted.get(line.sku) ?? 0) + (parseQuantity(line.quantity) ?? 0));
		const unknown = [...wanted.keys()].filter((sku) => !this.inventory.some((r) => r.sku === sku));
		if (unknown.length > 0)
			return { ok: false, messages: unknown.map((sku) => `Sku ${sku} does not exist`) };
		if (this.options.rejectOutOfStock) {
			// Invented message: Kotis documents no stock check at create.
			const short = [...wanted].filter(([sku, qty]) => this.row(sku).available_quantity < qty);
			if (short.length > 0)
				return {
					ok: false,
					messages: short.map(
						([sku, qty]) =>
							`Sku ${sku} has only ${Math.max(0, this.row(sku).available_quantity)} available (${qty} ordered)`,
					),
				};
		}
		const lines: KotisOrderLine[] = body.skus.map((line) => {
			const row = this.row(line.sku);
			const quantity = parseQuantity(line.quantity) ?? 0;
			const reserved = Math.max(0, Math.min(quantity, row.available_quantity));
			row.available_quantity -= reserved;
			return { sku: line.sku, quantity, reserved, backordered: quantity - reserved };
		});
		const at = kotisTimestamp(this.now());
		const { email, shipping_method, order_id, address } = body;
		const order: KotisOrderRecord = {
			order_num: String(this.nextOrderNum++),
			seeded: false,
			order_id,
			status: 'pending',
			omitAttributes: false,
			email,
			shipping_method,
			address: Object.fromEntries(
				Object.entries(address).map(([k, v]) => [k, typeof v === 'string' ? v : String(v)]),
			),
			lines,
			shipments: [],
			stock: 'reserved',
			request: structuredClone(request),
			createRequests: 1,
			createdAt: at,
			updatedAt: at,
		};
		this.orders.push(order);
		return { ok: true, order, created: true };
	}

	private row(sku: string): KotisInventoryRow {
		const row = this.inventory.find((r) => r.sku === sku);
		if (!row) throw new Error(`unknown sku ${sku}`);
		return row;
	}

	/**
	 * Admin status change. Stock follows the order: shipping takes reserved units off the shelf
	 * (`physical_quantity`), cancelling a not-yet-shipped order returns them to `available_quantity`.
	 * Throws with a message on an invalid shipment patch.
	 */
	updateOrder(order: KotisOrderRecord, patch: KotisStatusPatch): KotisOrderRecord {
		const at = kotisTimestamp(this.now());
		for (const change of patch.shipments ?? []) {
			const id = change.id === undefined ? undefined : String(change.id);
			const existing = id === undefined ? undefined : order.shipments.find((s) => s.id === id);
			if (existing) {
				if (change.tracking_numbers !== undefined)
					existing.tracking_numbers = change.tracking_numbers;
				if (change.shipment_date !== undefined) existing.shipment_date = change.shipment_date;
				if (change.delivery_status !== undefined) existing.delivery_status = change.delivery_status;
				if (change.legacyStatusKey !== undefined) existing.legacyStatusKey = change.legacyStatusKey;
				continue;
			}
			if (change.tracking_numbers === undefined || change.delivery_status === undefined)
				throw new Error('a new shipment needs tracking_numbers and delivery_status');
			const shipment: KotisShipment = {
				id: id ?? String(this.nextShipmentId++),
				tracking_numbers: change.tracking_numbers,
				shipment_date: change.shipment_date === undefined ? at : change.shipment_date,
				delivery_status: change.delivery_status,
				legacyStatusKey: change.legacyStatusKey ?? false,
			};
			order.shipments.push(shipment);
		}
		if (patch.status !== undefined) {
			order.status = patch.status;
			if (
				(patch.status === 'shipped' || patch.status === 'delivered') &&
				order.stock === 'reserved'
			) {
				for (const line of order.lines) {
					const row = this.inventory.find((r) => r.sku === line.sku);
					if (row) row.physical_quantity = Math.max(0, row.physical_quantity - line.reserved);
				}
				order.stock = 'shipped';
			} else if (patch.status === 'cancelled' && order.stock === 'reserved') {
				for (const line of order.lines) {
					const row = this.inventory.find((r) => r.sku === line.sku);
					if (row) row.available_quantity += line.reserved;
				}
				order.stock = 'released';
			}
		}
		order.updatedAt = at;
		return order;
	}

	/** Codes issued in the current UTC day and UTC year. */
	private issuedSince(): { today: number; year: number } {
		const now = this.now().toISOString();
		let today = 0;
		let year = 0;
		for (const batch of this.redemptionBatches) {
			if (batch.createdAt.slice(0, 4) === now.slice(0, 4)) year += batch.codes.length;
			if (batch.createdAt.slice(0, 10) === now.slice(0, 10)) today += batch.codes.length;
		}
		return { today, year };
	}

	/** Issues `count` codes like `ABCD-1234`, enforcing the documented daily and yearly limits. */
	issueCodes(count: number, request: unknown): IssueCodesResult {
		const { today, year } = this.issuedSince();
		const { redemptionCodesDailyLimit: daily, redemptionCodesYearlyLimit: yearly } = this.options;
		if (today + count > daily)
			return {
				ok: false,
				title: 'Limit Exceeded',
				detail: `Daily limit of ${daily} redemption codes exceeded (${today} issued today, ${count} requested)`,
			};
		if (year + count > yearly)
			return {
				ok: false,
				title: 'Limit Exceeded',
				detail: `Yearly limit of ${yearly} redemption codes exceeded (${year} issued this year, ${count} requested)`,
			};
		const codes: string[] = [];
		while (codes.length < count) {
			const letters = Array.from({ length: 4 }, () =>
				String.fromCharCode(65 + Math.floor(this.random() * 26)),
			).join('');
			const digits = String(Math.floor(this.random() * 10000)).padStart(4, '0');
			const code = `${letters}-${digits}`;
			if (this.issuedCodes.has(code)) continue;
			this.issuedCodes.add(code);
			codes.push(code);
		}
		// Batches keep UTC ISO time (not the Kotis offset) so the day/year windows are simple.
		this.redemptionBatches.push({ codes, request, createdAt: this.now().toISOString() });
		return { ok: true, codes };
	}
}
