import axios, { type AxiosInstance } from 'axios';

import type {
	ActiveFault,
	CallFilter,
	FaultSpec,
	KotisAdminOrderInput,
	KotisInventoryRow,
	KotisOrderLineInput,
	KotisOrderRecord,
	KotisRedemptionBatch,
	KotisStatusPatch,
	RecordedCall,
} from './types';

export { fingerprint } from './core/redact';
export type * from './types';

/** A row for `kotis.setInventory`; `id` is kept per SKU or generated when omitted. */
export type KotisInventoryInput = Omit<KotisInventoryRow, 'id'> & { id?: string };

/**
 * Typed client of the sandbox admin API (`/__admin`), for tests and scripts.
 *
 * ```ts
 * const sandbox = await startSandbox();
 * const admin = new SandboxClient(sandbox.url);
 * await admin.addFault({ vendor: 'kotis', path: '/orders/status', kind: 'rateLimit', retryAfterSeconds: 2 });
 * // ... run the workflow ...
 * const calls = await admin.calls({ vendor: 'kotis', path: '/orders/create' });
 * ```
 * Every method throws (axios error) when the admin API answers with a non-2xx status.
 */
export class SandboxClient {
	private readonly http: AxiosInstance;

	/** @param url the sandbox root URL (`RunningSandbox.url`), e.g. `http://127.0.0.1:5680` */
	constructor(url: string) {
		this.http = axios.create({ baseURL: `${url.replace(/\/+$/, '')}/__admin`, timeout: 10_000 });
	}

	/** Recorded vendor calls, oldest first. `path` may be full or relative to a vendor base URL. */
	async calls(filter: CallFilter = {}): Promise<RecordedCall[]> {
		const params = Object.fromEntries(Object.entries(filter).filter(([, v]) => v !== undefined));
		return (await this.http.get<RecordedCall[]>('/calls', { params })).data;
	}

	/** Forgets recorded calls (`seq` keeps counting). */
	async clearCalls(): Promise<void> {
		await this.http.delete('/calls');
	}

	/** Adds a fault; returns its id. Faults are consumed in the order they were added. */
	async addFault(fault: FaultSpec): Promise<string> {
		return (await this.http.post<{ id: string }>('/faults', fault)).data.id;
	}

	/** Faults still active, with hit counts. */
	async faults(): Promise<ActiveFault[]> {
		return (await this.http.get<ActiveFault[]>('/faults')).data;
	}

	async clearFaults(): Promise<void> {
		await this.http.delete('/faults');
	}

	/** Clears calls and faults and puts every vendor's state back to its seed. */
	async reset(): Promise<void> {
		await this.http.post('/reset');
	}

	/** `{ ok: true, vendors: [...] }` when the sandbox is up. */
	async health(): Promise<{ ok: boolean; vendors: string[] }> {
		return (await this.http.get<{ ok: boolean; vendors: string[] }>('/health')).data;
	}

	/** Kotis Design state. */
	readonly kotis = {
		/** Replaces the whole inventory; returns the stored rows (with ids). */
		setInventory: async (rows: KotisInventoryInput[]): Promise<KotisInventoryRow[]> =>
			(await this.http.put<KotisInventoryRow[]>('/kotis/inventory', rows)).data,
		getInventory: async (): Promise<KotisInventoryRow[]> =>
			(await this.http.get<KotisInventoryRow[]>('/kotis/inventory')).data,
		/**
		 * Orders created through the API (or `createOrder`), oldest first, with the create request body
		 * and `order_id`. The two seeded legacy orders (12345, 23719201) only with `includeSeeded`.
		 */
		orders: async (options: { includeSeeded?: boolean } = {}): Promise<KotisOrderRecord[]> =>
			(
				await this.http.get<KotisOrderRecord[]>('/kotis/orders', {
					params: options.includeSeeded ? { seeded: 'true' } : undefined,
				})
			).data,
		/**
		 * Creates an order directly (same validation and stock effects as `POST /orders/create`, no auth,
		 * not recorded as a call); returns its `order_num`. Omitted fields get the documented example recipient.
		 * `createOrder({ sku: '107529-1-M', quantity: '1' })`
		 */
		createOrder: async (
			lines: KotisOrderLineInput | KotisOrderLineInput[],
			order: Omit<KotisAdminOrderInput, 'skus'> = {},
		): Promise<string> => {
			const body: KotisAdminOrderInput = { ...order, skus: Array.isArray(lines) ? lines : [lines] };
			return (await this.http.post<KotisOrderRecord>('/kotis/orders', body)).data.order_num;
		},
		/** Moves an order on (status and/or shipments); returns the updated record. */
		setOrderStatus: async (orderNum: string, patch: KotisStatusPatch): Promise<KotisOrderRecord> =>
			(await this.http.post<KotisOrderRecord>(`/kotis/orders/${encodeURIComponent(orderNum)}/status`, patch)).data,
		/** Redemption-code batches issued so far. */
		redemptionCodes: async (): Promise<KotisRedemptionBatch[]> =>
			(await this.http.get<KotisRedemptionBatch[]>('/kotis/redemption_codes')).data,
	};

	/** The Influitive stand-in (`/__admin/influitive`). */
	readonly influitive = {
		/** An advocate redeems a reward (points deducted); returns the queue item and its webhook envelope. */
		createRedemption: async (input: {
			member: string | number;
			reward: string | number;
			size?: string;
			quantity?: number;
			shippingAddress?: Record<string, string>;
		}): Promise<{ redemption: InfluitiveRedemptionView; event: Record<string, unknown> & { id: number } }> =>
			(await this.http.post('/influitive/redemptions', input)).data,
		/** POSTs a redemption's webhook (or a given event) to `url`, `copies` times, optionally all at once. */
		deliver: async (input: {
			url: string;
			redemptionId?: string | number;
			event?: Record<string, unknown>;
			copies?: number;
			concurrent?: boolean;
			query?: Record<string, string>;
		}): Promise<{ event: Record<string, unknown>; deliveries: Array<{ status: number; body: unknown }> }> =>
			(await this.http.post('/influitive/webhooks/deliver', input)).data,
		/** Every redemption with status, decision and the message shown to the advocate. */
		redemptions: async (): Promise<InfluitiveRedemptionRecord[]> => (await this.http.get('/influitive/redemptions')).data,
		member: async (idOrEmail: string | number): Promise<{ id: number; email: string; current_points: number }> =>
			(await this.http.get(`/influitive/members/${encodeURIComponent(String(idOrEmail))}`)).data,
		setPoints: async (idOrEmail: string | number, points: number): Promise<void> => {
			await this.http.post(`/influitive/members/${encodeURIComponent(String(idOrEmail))}/points`, { points });
		},
		ledger: async (): Promise<Array<{ member_id: number; delta: number; reason: string }>> => (await this.http.get('/influitive/ledger')).data,
		events: async (): Promise<Array<{ id: number; event_type_code: string; points: number; contact_id: number }>> =>
			(await this.http.get('/influitive/events')).data,
		resetRateLimit: async (): Promise<void> => {
			await this.http.post('/influitive/rate-limit/reset', {});
		},
	};
}

export interface InfluitiveRedemptionView {
	id: number;
	uuid: string;
	status: string;
	reward_id: number;
	contact_id: number;
	points: number;
}

export interface InfluitiveRedemptionRecord extends InfluitiveRedemptionView {
	decision?: { decision: 'fulfill' | 'refuse'; message: string; at: string };
	/** Decision requests received for it, accepted or not. */
	decisions: number;
}
