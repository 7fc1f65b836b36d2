import type { KotisInventoryRow } from './types';

/**
 * Start options of the Kotis stand-in. Every option that covers a fact Kotis does not publish
 * defaults to the behaviour that is hardest on the client, so a node that passes against the
 * defaults also copes with the friendlier possibilities.
 */
export interface KotisOptions {
	/** Raw API key expected in `Authorization` (no `Bearer`/`Token` prefix; a prefixed key is rejected). Default `kotis-test-key`. */
	apiKey?: string;
	/** HTTP status of `{"errors":[{"title":"Invalid Api Key",...}]}`. UNDOCUMENTED by Kotis; default 401. */
	invalidKeyStatus?: number;
	/**
	 * HTTP status of every request-level `errors` reply ("Invalid Order", too many order numbers,
	 * redemption-code errors). UNDOCUMENTED; default 200, the hardest case: the client must look for
	 * `errors` in a 200 body.
	 */
	invalidOrderStatus?: number;
	/**
	 * Reject an order when a SKU has less `available_quantity` than ordered. UNDOCUMENTED whether Kotis
	 * checks stock at create; default false: the order is accepted, available stock clamps at 0 and the
	 * missing units are marked backordered, so the client must check stock itself beforehand.
	 */
	rejectOutOfStock?: boolean;
	/**
	 * Treat a repeated non-empty `order_id` as the same order (returns the first `order_num`).
	 * UNDOCUMENTED; default false: every create makes a new order, so the client must dedupe.
	 */
	idempotentOrderId?: boolean;
	/**
	 * Most order numbers one `GET /orders/status` accepts; more gets an `errors` reply. The real limit is
	 * UNDOCUMENTED; default 50 so clients have to batch. 0 = no limit.
	 */
	maxOrderNumbersPerStatusCall?: number;
	/** Documented daily limit of redemption codes (5,000). */
	redemptionCodesDailyLimit?: number;
	/** Documented yearly limit of redemption codes ("50,0..." in the source, read as 50,000). */
	redemptionCodesYearlyLimit?: number;
	/** Most codes per `POST /redemption_codes/create`. UNDOCUMENTED; default 500. */
	redemptionCodesMaxPerCall?: number;
	/** First `order_num` handed out (sequential strings). Default 5134691, the documented example. */
	firstOrderNum?: number;
	/** Replaces the seed inventory (also what `POST /__admin/reset` restores). */
	inventory?: KotisInventoryRow[];
	/** Clock for timestamps and the daily/yearly code limits. */
	now?: () => Date;
}

export type ResolvedKotisOptions = Required<Omit<KotisOptions, 'inventory'>> & {
	inventory?: KotisInventoryRow[];
};

const KOTIS_DEFAULT_API_KEY = 'kotis-test-key';

export function resolveKotisOptions(options: KotisOptions = {}): ResolvedKotisOptions {
	return {
		apiKey: options.apiKey ?? KOTIS_DEFAULT_API_KEY,
		invalidKeyStatus: options.invalidKeyStatus ?? 401,
		invalidOrderStatus: options.invalidOrderStatus ?? 200,
		rejectOutOfStock: options.rejectOutOfStock ?? false,
		idempotentOrderId: options.idempotentOrderId ?? false,
		maxOrderNumbersPerStatusCall: options.maxOrderNumbersPerStatusCall ?? 50,
		redemptionCodesDailyLimit: options.redemptionCodesDailyLimit ?? 5000,
		redemptionCodesYearlyLimit: options.redemptionCodesYearlyLimit ?? 50000,
		redemptionCodesMaxPerCall: options.redemptionCodesMaxPerCall ?? 500,
		firstOrderNum: options.firstOrderNum ?? 5134691,
		inventory: options.inventory,
		now: options.now ?? (() => new Date()),
	};
}
