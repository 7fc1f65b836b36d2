/**
 * Public, runtime-free types shared by the sandbox server, its admin API and `SandboxClient`.
 * Importing this file pulls in no express code, so test helpers can use it freely.
 */

export type {
	KotisAdminOrderInput,
	KotisInventoryRow,
	KotisOrderLineInput,
	KotisOrderRecord,
	KotisRedemptionBatch,
	KotisStatusPatch,
} from './kotis/types';

/** Influitive stand-in records and admin inputs. */
export type {
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
} from './influitive/types';

/** Influence.io stand-in records and admin inputs. */
export type {
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
} from './influenceio/types';

/** Generic store stand-in. */
export type { StoreCoupon } from './store/types';
export type { VendorCatalogItem, VendorOrderRecord } from './vendor/types';
export type { SmtpFaultSpec, SmtpMessage } from './smtp/types';
/** Kounta stand-in records, admin inputs and POS simulator inputs/results. */
export type {
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
} from './kounta/types';
export type {
	PosCheckoutInput,
	PosCheckoutResult,
	PosLookupInput,
	PosRedeemInput,
	PosSearchInput,
} from './kounta/pos';
export type { LoyaltyReward } from './kounta/loyalty-shapes';

/** What an injected fault does to a matching request. */
export type FaultKind =
	/** Reply `status` (default 500) with `body` (default `{"error":"injected"}`; a string body is sent as text/plain). */
	| 'status'
	/** Reply 429 (or `status`) with `Retry-After: <retryAfterSeconds>` (default 1). */
	| 'rateLimit'
	/** Wait `delayMs` (default 1000), then run the real handler (even if the client has given up meanwhile). */
	| 'delay'
	/** Never answer; the request stays open until the client gives up or the sandbox closes. */
	| 'hang'
	/**
	 * Run the real handler now (the change is made), then answer only after `delayMs` (default 0) and,
	 * when `status` is given, with that status and `body` instead of the real reply: a change that
	 * landed but whose answer came late or as an error.
	 */
	| 'afterApply'
	/** 200, `content-type: application/json`, truncated JSON body (or `body` when it is a string). */
	| 'malformed'
	/** Destroy the socket without any response (client sees ECONNRESET / "socket hang up"). */
	| 'reset';

/** Body of `POST /__admin/faults`. */
export interface FaultSpec {
	/** Vendor name, e.g. `kotis`. */
	vendor: string;
	/** HTTP method to match (case-insensitive); `*` or omitted = any. */
	method?: string;
	/**
	 * Path to match: the path after the vendor base URL (e.g. `/orders/status` for
	 * `/kotis/kwf/api/v1/orders/status`), the full path, or `*` for every path of the vendor.
	 */
	path: string;
	kind: FaultKind;
	status?: number;
	body?: unknown;
	retryAfterSeconds?: number;
	delayMs?: number;
	/** How many matching requests the fault applies to (default 1); 0 = every request until cleared. */
	times?: number;
	/** Let this many matching requests through untouched first (e.g. 1: the second request fails). */
	skip?: number;
	/**
	 * Apply to each matching request with this probability (0 < p ≤ 1); a request it spares goes on to
	 * the next matching fault. Decided by a PRNG seeded with `seed` (default: the fault's number), so a
	 * run that sends the same requests in the same order meets the same faults.
	 */
	probability?: number;
	/** Seed of the `probability` roll (an integer). */
	seed?: number;
}

/** A fault as listed by `GET /__admin/faults`. Exhausted faults are removed. */
export interface ActiveFault {
	id: string;
	vendor: string;
	method: string;
	path: string;
	kind: FaultKind;
	status?: number;
	body?: unknown;
	retryAfterSeconds?: number;
	delayMs?: number;
	times: number;
	/** Matching requests still to let through before the fault applies. */
	skip?: number;
	/** Set for a probabilistic fault (below 1), with the seed its roll uses. */
	probability?: number;
	seed?: number;
	/** Matching requests a probabilistic fault's roll let through. */
	spared?: number;
	/** Requests this fault has been applied to so far. */
	hits: number;
	/** Applications left; `null` = unlimited (`times: 0`). */
	remaining: number | null;
}

/** One request to a vendor route, recorded once its response has been sent (or the socket closed). */
export interface RecordedCall {
	/** Increases by one per recorded call, never reused (not even after a reset); assigned at record time. */
	seq: number;
	/** When the request arrived (ISO 8601). */
	at: string;
	vendor: string;
	method: string;
	/** Path without host and query, e.g. `/kotis/kwf/api/v1/orders/create`. */
	path: string;
	query: Record<string, string | string[]>;
	/** Lower-cased request headers; secrets (`authorization`, `x-api-key`, ...) replaced by `sha256:<12 hex>`. */
	headers: Record<string, string | string[]>;
	/** Parsed JSON when the body parses, else the raw string; absent when the request had no body. */
	body?: unknown;
	/** HTTP status sent; 0 when no response was sent (socket reset, hang, client gave up). */
	status: number;
	/** Parsed JSON when the response parses, else the raw string; absent when nothing was sent. */
	responseBody?: unknown;
	durationMs: number;
	/** Kind of the injected fault applied to this request, if any. */
	fault?: FaultKind;
}

/** Query of `GET /__admin/calls`. */
export interface CallFilter {
	vendor?: string;
	/** Only calls with `seq` greater than this. */
	since?: number;
	/** Full path or path after the vendor base URL (exact match). */
	path?: string;
	method?: string;
}
