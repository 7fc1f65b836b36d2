import axios, { type AxiosInstance } from 'axios';

import type {
	ActiveFault,
	CallFilter,
	FaultSpec,
	InfluenceIoBulkSeedInput,
	InfluenceIoCoupon,
	InfluenceIoCustomer,
	InfluenceIoDeliverInput,
	InfluenceIoDelivery,
	InfluenceIoDeliveryRecord,
	InfluenceIoEarnRule,
	InfluenceIoLedgerEntry,
	InfluenceIoOrder,
	InfluenceIoProduct,
	InfluenceIoRedeemInput,
	InfluenceIoRedeemResult,
	InfluenceIoRedeemRule,
	InfluenceIoWebhook,
	InfluitiveDeliverInput,
	InfluitiveDelivery,
	InfluitiveDeliveryRecord,
	InfluitiveEventRecord,
	InfluitiveLedgerEntry,
	InfluitiveMember,
	InfluitiveMessage,
	InfluitivePerk,
	InfluitiveRedemptionEvent,
	InfluitiveRedemptionInput,
	InfluitiveRedemptionRecord,
	InfluitiveRedemptionStatus,
	InfluitiveReferral,
	InfluitiveReward,
	InfluitiveRewardInput,
	InfluitiveSubscription,
	InfluitiveSubscriptionInput,
	KotisAdminOrderInput,
	KotisInventoryRow,
	KotisOrderLineInput,
	KotisOrderRecord,
	KotisRedemptionBatch,
	KotisStatusPatch,
	KountaCompany,
	KountaCustomer,
	KountaCustomerInput,
	KountaDeliveryRecord,
	KountaLoyaltyConfig,
	KountaOrder,
	KountaOrderInput,
	KountaPosResult,
	KountaProduct,
	KountaSite,
	KountaWebhook,
	LoyaltyReward,
	PosCheckoutInput,
	PosCheckoutResult,
	PosLookupInput,
	PosRedeemInput,
	PosSearchInput,
	RecordedCall,
	SmtpFaultSpec,
	SmtpMessage,
	StoreCoupon,
	VendorCatalogItem,
	VendorOrderRecord,
} from './types';

/** A customer as the API shows it (the stand-in's internal lifetime counter left out). */
export type InfluenceIoCustomerView = Omit<InfluenceIoCustomer, 'lifetimePoints'>;

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

	/**
	 * @param url the sandbox root URL (`RunningSandbox.url`), e.g. `http://127.0.0.1:5680`
	 * @param options.timeoutMs admin-call timeout (default 10 s); benches raise it so a POS call that waits on a slow n8n returns its own result
	 */
	constructor(url: string, options: { timeoutMs?: number } = {}) {
		this.http = axios.create({
			baseURL: `${url.replace(/\/+$/, '')}/__admin`,
			timeout: options.timeoutMs ?? 10_000,
		});
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
			(
				await this.http.post<KotisOrderRecord>(
					`/kotis/orders/${encodeURIComponent(orderNum)}/status`,
					patch,
				)
			).data,
		/** Redemption-code batches issued so far. */
		redemptionCodes: async (): Promise<KotisRedemptionBatch[]> =>
			(await this.http.get<KotisRedemptionBatch[]>('/kotis/redemption_codes')).data,
	};

	/** The Influitive AdvocateHub stand-in (`/__admin/influitive`). */
	readonly influitive = {
		/**
		 * An advocate redeems a reward: points deducted (ledger), the redemption joins the queue, its
		 * "Reward Redemption Requested" event is built (and sent to every subscription). Give one of
		 * `member` (id, uuid or email) / `memberId` / `email`, and one of `reward` / `rewardId` / `rewardUuid`.
		 * `createRedemption({ email: 'ada@example.com', rewardId: 77, size: 'M' })`
		 */
		createRedemption: async (
			input: InfluitiveRedemptionInput,
		): Promise<{ redemption: InfluitiveRedemptionRecord; event: InfluitiveRedemptionEvent }> =>
			(
				await this.http.post<{
					redemption: InfluitiveRedemptionRecord;
					event: InfluitiveRedemptionEvent;
				}>('/influitive/redemptions', input)
			).data,
		/**
		 * POSTs a redemption's stored webhook event (or a given `event`) to `url`, `copies` times (same
		 * event id), one after the other or all at once; returns what each delivery got back.
		 */
		deliver: async (
			input: InfluitiveDeliverInput,
		): Promise<{ event: Record<string, unknown>; deliveries: InfluitiveDelivery[] }> =>
			(
				await this.http.post<{ event: Record<string, unknown>; deliveries: InfluitiveDelivery[] }>(
					'/influitive/webhooks/deliver',
					input,
				)
			).data,
		/** Every new event of the given types (default: redemptions) is POSTed to `url` (fire and forget). */
		subscribe: async (
			url: string,
			options: Omit<InfluitiveSubscriptionInput, 'url'> = {},
		): Promise<InfluitiveSubscription> =>
			(
				await this.http.post<InfluitiveSubscription>('/influitive/webhooks/subscriptions', {
					url,
					...options,
				})
			).data,
		/** Removes one subscription, or all of them. */
		unsubscribe: async (id?: number): Promise<void> => {
			await this.http.delete(
				id === undefined
					? '/influitive/webhooks/subscriptions'
					: `/influitive/webhooks/subscriptions/${id}`,
			);
		},
		subscriptions: async (): Promise<InfluitiveSubscription[]> =>
			(await this.http.get<InfluitiveSubscription[]>('/influitive/webhooks/subscriptions')).data,
		/** Every webhook delivery so far (manual and automatic), oldest first. */
		deliveries: async (): Promise<InfluitiveDeliveryRecord[]> =>
			(await this.http.get<InfluitiveDeliveryRecord[]>('/influitive/webhooks/deliveries')).data,
		/** Every redemption (any status, or one status) with its decision and the message shown to the advocate. */
		redemptions: async (
			status?: InfluitiveRedemptionStatus,
		): Promise<InfluitiveRedemptionRecord[]> =>
			(
				await this.http.get<InfluitiveRedemptionRecord[]>('/influitive/redemptions', {
					params: status ? { status } : undefined,
				})
			).data,
		/** An admin's "Approve Without Fulfilling" on a redemption awaiting approval; returns the record (now `approved`). */
		approveRedemption: async (idOrUuid: string | number): Promise<InfluitiveRedemptionRecord> =>
			(
				await this.http.post<InfluitiveRedemptionRecord>(
					`/influitive/redemptions/${encodeURIComponent(String(idOrUuid))}/approve`,
					{},
				)
			).data,
		/** One redemption by id or uuid. */
		redemption: async (idOrUuid: string | number): Promise<InfluitiveRedemptionRecord> =>
			(
				await this.http.get<InfluitiveRedemptionRecord>(
					`/influitive/redemptions/${encodeURIComponent(String(idOrUuid))}`,
				)
			).data,
		/** A member (with `current_points`) by id, uuid or email. */
		member: async (idOrEmail: string | number): Promise<InfluitiveMember> =>
			(
				await this.http.get<InfluitiveMember>(
					`/influitive/members/${encodeURIComponent(String(idOrEmail))}`,
				)
			).data,
		members: async (): Promise<InfluitiveMember[]> =>
			(await this.http.get<InfluitiveMember[]>('/influitive/members')).data,
		/** Sets a balance (ledger entry for the difference); returns the member. */
		setPoints: async (idOrEmail: string | number, points: number): Promise<InfluitiveMember> =>
			(
				await this.http.post<InfluitiveMember>(
					`/influitive/members/${encodeURIComponent(String(idOrEmail))}/points`,
					{ points },
				)
			).data,
		/** Moves a balance by `delta` (ledger entry); returns the member. */
		adjustPoints: async (
			idOrEmail: string | number,
			delta: number,
			reason?: string,
		): Promise<InfluitiveMember> =>
			(
				await this.http.post<InfluitiveMember>(
					`/influitive/members/${encodeURIComponent(String(idOrEmail))}/points`,
					{ delta, reason },
				)
			).data,
		/** Every points movement, oldest first. */
		ledger: async (): Promise<InfluitiveLedgerEntry[]> =>
			(await this.http.get<InfluitiveLedgerEntry[]>('/influitive/ledger')).data,
		/** Every event: logged through `POST /events` and emitted by the hub (redemptions, referral won). */
		events: async (): Promise<InfluitiveEventRecord[]> =>
			(await this.http.get<InfluitiveEventRecord[]>('/influitive/events')).data,
		rewards: async (): Promise<InfluitiveReward[]> =>
			(await this.http.get<InfluitiveReward[]>('/influitive/rewards')).data,
		addReward: async (input: InfluitiveRewardInput): Promise<InfluitiveReward> =>
			(await this.http.post<InfluitiveReward>('/influitive/rewards', input)).data,
		referrals: async (): Promise<InfluitiveReferral[]> =>
			(await this.http.get<InfluitiveReferral[]>('/influitive/referrals')).data,
		messages: async (): Promise<InfluitiveMessage[]> =>
			(await this.http.get<InfluitiveMessage[]>('/influitive/messages')).data,
		perks: async (): Promise<InfluitivePerk[]> =>
			(await this.http.get<InfluitivePerk[]>('/influitive/perks')).data,
		/** Forgets every client's rate-limit window. */
		resetRateLimit: async (): Promise<void> => {
			await this.http.post('/influitive/rate-limit/reset', {});
		},
	};
	/** The Influence.io Platform API stand-in (`/__admin/influenceio`). */
	readonly influenceio = {
		/** A widget redemption: points deducted, coupon created; returns the `points/redeemed` payload (also sent to registered webhooks). */
		redeem: async (input: InfluenceIoRedeemInput): Promise<InfluenceIoRedeemResult> =>
			(await this.http.post<InfluenceIoRedeemResult>('/influenceio/redeem', input)).data,
		/** By external id, Influence.io id or email. */
		customer: async (key: string): Promise<InfluenceIoCustomerView> =>
			(
				await this.http.get<InfluenceIoCustomerView>(
					`/influenceio/customers/${encodeURIComponent(key)}`,
				)
			).data,
		/** A slice of the customers (insertion order) and the total. */
		customers: async (
			options: { offset?: number; limit?: number } = {},
		): Promise<{ total: number; customers: InfluenceIoCustomerView[] }> =>
			(
				await this.http.get<{ total: number; customers: InfluenceIoCustomerView[] }>(
					'/influenceio/customers',
					{ params: options },
				)
			).data,
		/** Bulk-creates cheap customers `<prefix>1..count` (no webhooks); existing ones are skipped. */
		seedCustomers: async (
			input: InfluenceIoBulkSeedInput,
		): Promise<{ created: number; skipped: number; total: number }> =>
			(
				await this.http.post<{ created: number; skipped: number; total: number }>(
					'/influenceio/customers/seed',
					input,
				)
			).data,
		/** A dashboard edit (create or update by external id); Influence.io sends `customers/updated`. */
		editCustomer: async (
			externalId: string,
			fields: { email?: string; firstName?: string; lastName?: string },
		): Promise<InfluenceIoCustomerView> =>
			(
				await this.http.put<InfluenceIoCustomerView>(
					`/influenceio/customers/${encodeURIComponent(externalId)}`,
					fields,
				)
			).data,
		/** A dashboard deletion: no webhook; the API answers 404 for it and lists it no more. */
		removeCustomer: async (key: string): Promise<{ removed: string }> =>
			(
				await this.http.delete<{ removed: string }>(
					`/influenceio/customers/${encodeURIComponent(key)}`,
				)
			).data,
		/** Sets a balance (ledger entry for the difference). */
		setPoints: async (key: string, points: number): Promise<InfluenceIoCustomerView> =>
			(
				await this.http.post<InfluenceIoCustomerView>(
					`/influenceio/customers/${encodeURIComponent(key)}/points`,
					{ points },
				)
			).data,
		adjustPoints: async (
			key: string,
			delta: number,
			reason?: string,
		): Promise<InfluenceIoCustomerView> =>
			(
				await this.http.post<InfluenceIoCustomerView>(
					`/influenceio/customers/${encodeURIComponent(key)}/points`,
					{ delta, reason },
				)
			).data,
		/** Points movements, oldest first, optionally of one customer. */
		ledger: async (customer?: string): Promise<InfluenceIoLedgerEntry[]> =>
			(
				await this.http.get<InfluenceIoLedgerEntry[]>('/influenceio/ledger', {
					params: customer ? { customer } : undefined,
				})
			).data,
		orders: async (): Promise<InfluenceIoOrder[]> =>
			(await this.http.get<InfluenceIoOrder[]>('/influenceio/orders')).data,
		products: async (): Promise<
			Array<Pick<InfluenceIoProduct, 'id' | 'variants'> & Record<string, unknown>>
		> =>
			(
				await this.http.get<
					Array<Pick<InfluenceIoProduct, 'id' | 'variants'> & Record<string, unknown>>
				>('/influenceio/products')
			).data,
		coupons: async (): Promise<InfluenceIoCoupon[]> =>
			(await this.http.get<InfluenceIoCoupon[]>('/influenceio/coupons')).data,
		coupon: async (code: string): Promise<InfluenceIoCoupon> =>
			(await this.http.get<InfluenceIoCoupon>(`/influenceio/coupons/${encodeURIComponent(code)}`))
				.data,
		/** Redeem rules (with the discount each stands for) and earn rules. */
		rules: async (): Promise<{ redeem: InfluenceIoRedeemRule[]; earn: InfluenceIoEarnRule[] }> =>
			(
				await this.http.get<{ redeem: InfluenceIoRedeemRule[]; earn: InfluenceIoEarnRule[] }>(
					'/influenceio/rules',
				)
			).data,
		/** Registered webhooks (through the API or `addWebhook`). */
		webhooks: async (): Promise<InfluenceIoWebhook[]> =>
			(await this.http.get<InfluenceIoWebhook[]>('/influenceio/webhooks')).data,
		addWebhook: async (topic: string, url: string): Promise<InfluenceIoWebhook> =>
			(await this.http.post<InfluenceIoWebhook>('/influenceio/webhooks', { topic, url })).data,
		clearWebhooks: async (): Promise<void> => {
			await this.http.delete('/influenceio/webhooks');
		},
		/** POSTs `payload` to `url` with `X-Webhook-Topic`/`X-Webhook-Id`, `copies` times (same id), serially or at once. */
		deliver: async (
			input: InfluenceIoDeliverInput,
		): Promise<{ webhookId: string; deliveries: InfluenceIoDelivery[] }> =>
			(
				await this.http.post<{ webhookId: string; deliveries: InfluenceIoDelivery[] }>(
					'/influenceio/webhooks/deliver',
					input,
				)
			).data,
		/** Every delivery (manual and automatic), oldest first. */
		deliveries: async (): Promise<InfluenceIoDeliveryRecord[]> =>
			(await this.http.get<InfluenceIoDeliveryRecord[]>('/influenceio/deliveries')).data,
		resetRateLimit: async (): Promise<void> => {
			await this.http.post('/influenceio/rate-limit/reset', {});
		},
	};

	/** The generic store (`/__admin/store`). */
	readonly store = {
		/** Every coupon created through `POST /store/coupons`, oldest first. */
		coupons: async (): Promise<StoreCoupon[]> =>
			(await this.http.get<StoreCoupon[]>('/store/coupons')).data,
		/** How many customers `GET /store/customers` lists (until the next reset). */
		setCustomers: async (count: number): Promise<void> => {
			await this.http.put('/store/customers', { count });
		},
		customerCount: async (): Promise<number> =>
			(await this.http.get<{ count: number }>('/store/customers')).data.count,
	};

	/** The generic fulfilment vendor (`/__admin/vendor`). */
	readonly vendor = {
		/** Every order the vendor created, oldest first, with the `Idempotency-Key` each came with. */
		orders: async (): Promise<VendorOrderRecord[]> =>
			(await this.http.get<VendorOrderRecord[]>('/vendor/orders')).data,
		catalog: async (): Promise<VendorCatalogItem[]> =>
			(await this.http.get<VendorCatalogItem[]>('/vendor/catalog')).data,
		/** Replaces the whole catalog (stock included) until the next reset. */
		setCatalog: async (items: VendorCatalogItem[]): Promise<VendorCatalogItem[]> =>
			(await this.http.put<VendorCatalogItem[]>('/vendor/catalog', items)).data,
	};

	/** The SMTP stand-in (`/__admin/smtp`). */
	readonly smtp = {
		/** Messages accepted so far, oldest first; `to` keeps those whose envelope went to that address. */
		messages: async (to?: string): Promise<SmtpMessage[]> =>
			(await this.http.get<SmtpMessage[]>('/smtp/messages', { params: to ? { to } : undefined }))
				.data,
		clearMessages: async (): Promise<void> => {
			await this.http.delete('/smtp/messages');
		},
		/** The next `times` messages are refused at DATA with `responseCode` (default 451, once). */
		failNext: async (fault: SmtpFaultSpec = {}): Promise<void> => {
			await this.http.post('/smtp/faults', fault);
		},
	};

	/** The Kounta (Lightspeed O-Series) stand-in and its POS simulator (`/__admin/kounta`). */
	readonly kounta = {
		/** Everything the stand-in holds (orders in full); the loyalty secret only as `(set)`. */
		state: async (): Promise<{
			company: KountaCompany;
			sites: KountaSite[];
			products: KountaProduct[];
			customers: KountaCustomer[];
			orders: KountaOrder[];
			webhooks: KountaWebhook[];
			loyalty: KountaLoyaltyConfig;
			tokens: { access: number; refresh: number; codes: number };
		}> => (await this.http.get('/kounta/state')).data,
		/** Kounta back to its seed (recorded calls and faults stay). */
		seed: async (): Promise<void> => {
			await this.http.post('/kounta/seed', {});
		},
		/** A customer created in back office (not through the API, not recorded). */
		createCustomer: async (input: KountaCustomerInput): Promise<KountaCustomer> =>
			(await this.http.post<KountaCustomer>('/kounta/customers', input)).data,
		/** A till rings up an open order (default: PENDING at site 123, one flat white). */
		createOrder: async (input: KountaOrderInput = {}): Promise<KountaOrder> =>
			(await this.http.post<KountaOrder>('/kounta/orders', input)).data,
		order: async (id: number): Promise<KountaOrder> =>
			(await this.http.get<KountaOrder>(`/kounta/orders/${id}`)).data,
		/** The till completes the sale (the rest paid in cash); `orders/completed` goes to every subscribed webhook, awaited. */
		completeOrder: async (
			id: number,
		): Promise<{ order: KountaOrder; deliveries: KountaDeliveryRecord[] }> =>
			(
				await this.http.post<{ order: KountaOrder; deliveries: KountaDeliveryRecord[] }>(
					`/kounta/orders/${id}/complete`,
					{},
				)
			).data,
		/** Every webhook POST so far, oldest first, with the headers sent (signature included). */
		deliveries: async (): Promise<KountaDeliveryRecord[]> =>
			(await this.http.get<KountaDeliveryRecord[]>('/kounta/webhooks/deliveries')).data,
		/**
		 * POSTs an order's webhook payload (or `payload`) to `url`, signed unless `sign: false` (a string signs
		 * with that key instead), `copies` times, one after the other or `concurrent`.
		 */
		deliver: async (input: {
			url: string;
			orderId?: number;
			payload?: unknown;
			topic?: string;
			headers?: Record<string, string>;
			sign?: boolean | string;
			copies?: number;
			concurrent?: boolean;
			timeoutMs?: number;
		}): Promise<{ payload: unknown; deliveries: KountaDeliveryRecord[] }> =>
			(
				await this.http.post<{ payload: unknown; deliveries: KountaDeliveryRecord[] }>(
					'/kounta/webhooks/deliver',
					input,
				)
			).data,
		/** Every access token issued so far expires now, so the next API call must refresh. */
		expireTokens: async (): Promise<number> =>
			(await this.http.post<{ expired: number }>('/kounta/tokens/expire', {})).data.expired,
		resetRateLimit: async (): Promise<void> => {
			await this.http.post('/kounta/rate-limit/reset', {});
		},
		/** The add-on's Loyalty tab: Customer Search URL, Actions/Rewards URL, and a signing secret if loyalty calls are to be signed. */
		setLoyalty: async (config: KountaLoyaltyConfig): Promise<void> => {
			await this.http.put('/kounta/loyalty', config);
		},
		/** The POS simulator: calls the loyalty URLs as the till does and validates each reply against the documented shapes. */
		pos: {
			search: async (
				input: PosSearchInput,
			): Promise<KountaPosResult & { placeholderOrderId: string }> =>
				(
					await this.http.post<KountaPosResult & { placeholderOrderId: string }>(
						'/kounta/pos/search',
						input,
					)
				).data,
			lookup: async (
				input: PosLookupInput,
			): Promise<KountaPosResult & { placeholderOrderId: string; rewards: LoyaltyReward[] }> =>
				(
					await this.http.post<
						KountaPosResult & { placeholderOrderId: string; rewards: LoyaltyReward[] }
					>('/kounta/pos/lookup', input)
				).data,
			redeem: async (input: PosRedeemInput): Promise<KountaPosResult> =>
				(await this.http.post<KountaPosResult>('/kounta/pos/redeem', input)).data,
			/** search → first (or `memberId`) member → lookup → first (or `rewardId`) reward → redeem on a real order → the order after. */
			checkout: async (input: PosCheckoutInput): Promise<PosCheckoutResult> =>
				(
					await this.http.post<PosCheckoutResult>('/kounta/pos/checkout', input, {
						timeout: 60_000,
					})
				).data,
		},
	};
}
