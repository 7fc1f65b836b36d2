import type {
	Failure,
	ICredentialDataDecryptedObject,
	IDataObject,
	IExecuteFunctions,
	IHookFunctions,
	IHttpRequestMethods,
	ILoadOptionsFunctions,
	IPollFunctions,
	IWebhookFunctions,
} from 'n8n-workflow';

/**
 * Every n8n function context the nodes call the transport from. Webhook contexts call it for the
 * Reward Ledger only (a trigger claiming a delivery before it answers).
 */
export type TransportContext =
	IExecuteFunctions | IPollFunctions | IHookFunctions | ILoadOptionsFunctions | IWebhookFunctions;

/** Response headers, keys lower-cased. */
export type VendorResponseHeaders = Record<string, string | string[] | undefined>;

export interface VendorResponse<TBody = unknown> {
	statusCode: number;
	/** Lower-cased header names. */
	headers: VendorResponseHeaders;
	/** Parsed JSON (expect 'json'), the raw text (expect 'text') or undefined (empty body). */
	body: TBody;
	/**
	 * The absolute URL that was requested, without query-string values added by `qs`.
	 * Pagination resolves relative next-page links against it.
	 */
	url: string;
}

/** What a vendor said went wrong, extracted from a response by a `VendorProfile.extractError`. */
export interface VendorErrorInfo {
	/** Human-readable vendor text, e.g. `Invalid Order: Sku 1 does not exist`. */
	message: string;
	/** The vendor's error entries as sent (scrubbed of secrets before they reach an error). */
	details?: unknown;
	/** Set when the vendor text reveals why, e.g. `credential-invalid` for Kotis "Invalid Api Key" on HTTP 200. */
	cause?: Failure['cause'];
}

/**
 * Detects a failed call from status AND body (Kotis reports errors with HTTP 200) and says what
 * the vendor reported. Returns undefined for a successful response. Must not throw.
 */
export type ErrorExtractor = (response: VendorResponse) => VendorErrorInfo | undefined;

/**
 * Everything that differs between vendors, as data. The request loop, retry policy, error mapping
 * and pagination are shared; a vendor folder declares one of these and nothing else.
 */
export interface VendorProfile {
	/** Product name used in every message, e.g. 'Kotis Design'. */
	displayName: string;
	/** n8n credential type name, e.g. 'kotisApi'. */
	credentialType: string;
	/** Credential display name, e.g. 'Kotis Design API'. Defaults to `${displayName} API`. */
	credentialDisplayName?: string;
	/** What to check when the vendor rejects the credential, e.g. 'the API key'. */
	credentialHint?: string;
	/**
	 * Base URL from the decrypted credential (kept in memory for this call only). `baseUrlKey` is
	 * the request's `VendorRequestSpec.baseUrlKey` (undefined = the default host); vendors with
	 * two hosts map it to the credential field, e.g. Kotis `storesBaseUrl`.
	 */
	baseUrl: (credentials: ICredentialDataDecryptedObject, baseUrlKey?: string) => string;
	/**
	 * Credential fields whose values must never appear in an error or a log line. Object values
	 * (e.g. OAuth2 `oauthTokenData`) are scrubbed leaf by leaf.
	 */
	secretFields: string[];
	/**
	 * The credential is an OAuth2 type: an answer `tokenExpired` recognises is sent once more
	 * without `ignoreHttpStatusErrors`, so n8n's own OAuth2 helper refreshes the token (it does so
	 * only for requests that throw, on the status it is told means "expired").
	 */
	oauth2?: boolean;
	/**
	 * Whether an answer means the OAuth2 access token expired. Default: HTTP 401. Kounta documents
	 * a 400 `invalid_token` / "expired" answer as well.
	 */
	tokenExpired?: (response: VendorResponse) => boolean;
	/** Headers sent on every call, e.g. Kounta's `Accept: application/json`. */
	defaultHeaders?: Record<string, string>;
	/** Statuses meaning "slow down" (default [429]). Ignored when `isThrottled` is given. */
	throttleStatuses?: number[];
	/**
	 * Whether an error answer means "slow down" (nothing was processed, so even a POST is sent
	 * again). Default: the status is one of `throttleStatuses`. Influitive: 429, or a 403 from its
	 * firewall (an HTML or empty body), but not a 403 JSON error (a permission refusal).
	 */
	isThrottled?: (response: VendorResponse) => boolean;
	/**
	 * How long throttling and transient faults are retried, from the first attempt (default
	 * `TransportTuning.defaultRetryBudgetMs`, 90 s). A request's `retryBudgetMs` overrides it.
	 */
	retryBudgetMs?: number;
	/** See `ErrorExtractor`; compose the shipped extractors with `firstError`. */
	extractError: ErrorExtractor;
	/**
	 * Published limit, paced client-side per credential, e.g. Influitive 200 per 5 minutes. A function
	 * reads it from the credential, for vendors that raise limits per account.
	 */
	rateLimit?: RateLimit | ((credentials: ICredentialDataDecryptedObject) => RateLimit | undefined);
}

export interface RateLimit {
	requests: number;
	windowMs: number;
}

export type ExpectedBody = 'json' | 'text' | 'empty';

export interface VendorRequestSpec {
	method: IHttpRequestMethods;
	/** Path relative to the vendor base URL, or an absolute URL (next-page links). */
	url: string;
	qs?: IDataObject;
	body?: IDataObject | IDataObject[] | string;
	headers?: Record<string, string>;
	/**
	 * Whether sending the request twice is harmless. Default: true for GET/HEAD/PUT/DELETE/OPTIONS,
	 * false for POST/PATCH. A non-idempotent call is retried only when the vendor provably did not
	 * process it (connection refused, throttle status).
	 */
	idempotent?: boolean;
	itemIndex?: number;
	/** Per-attempt timeout; default `TransportTuning.defaultTimeoutMs` (30 s). Never runs past `notAfter`. */
	timeoutMs?: number;
	/**
	 * Safety net on the number of attempts, on top of the time budget; default
	 * `TransportTuning.defaultMaxAttempts`.
	 */
	maxAttempts?: number;
	/** How long retries may go on, from the first attempt; default the profile's, else 90 s. */
	retryBudgetMs?: number;
	/** Default 'json'. */
	expect?: ExpectedBody;
	/** Picks another host of the vendor for this call, passed to `VendorProfile.baseUrl` (Kotis `storesBaseUrl`). */
	baseUrlKey?: string;
	/**
	 * Default true: a 3xx to the same origin is followed (n8n's HTTP client would follow it to any
	 * host, with the credential); one to another origin fails without sending anything there.
	 * False hands every 3xx back as the response.
	 */
	followRedirects?: boolean;
	/**
	 * Epoch ms after which nothing is sent, e.g. the reply deadline of a till waiting at the counter:
	 * a rate-limit or retry wait that would run past it fails at once instead, and each attempt's
	 * timeout ends at it. A change that got no answer by then fails with outcome `unknown` and is
	 * not sent again. It wins over the retry budget.
	 */
	notAfter?: number;
	/**
	 * Secret values this request carries that are not credential fields, e.g. a webhook secret the
	 * node generated and registers in a URL or header: scrubbed from errors and logs like the credential's.
	 */
	secrets?: string[];
}

type ItemsFn<T> = (body: unknown) => T[];

/** How a list endpoint pages. One generic loop in `vendorPaginate` runs all of them. */
export type PaginationStrategy<T = unknown> =
	| { kind: 'none'; items: ItemsFn<T> }
	/** Influitive: `links.next` holds the next page's full URL. */
	| { kind: 'nextLink'; items: ItemsFn<T>; next: (body: unknown) => string | undefined | null }
	/** Influence.io: pass the returned cursor as `param`; with `dropOtherParams` send it alone. */
	| {
			kind: 'cursor';
			items: ItemsFn<T>;
			param: string;
			next: (body: unknown) => string | undefined | null;
			dropOtherParams?: boolean;
	  }
	/**
	 * Kounta: a response header (e.g. `x-next-page`) holds the next page's URL. With `pageFallback`,
	 * a response without that header but with a page count (`totalHeader`) continues by page
	 * number instead (`requestHeader: 1, 2, …`), for endpoints that page the other way.
	 */
	| {
			kind: 'nextPageHeader';
			header: string;
			items: ItemsFn<T>;
			pageFallback?: { requestHeader: string; totalHeader: string };
	  }
	/** Kounta alternative: send `requestHeader: <page>` (0-based), read the page count from `totalHeader`. */
	| {
			kind: 'pageHeader';
			requestHeader: string;
			totalHeader: string;
			items: ItemsFn<T>;
			firstPage?: number;
	  };

export interface PaginateOptions {
	/** Stop after this many items (no further page is fetched). Omit for all. */
	limit?: number;
	/**
	 * Safety cap; default `TransportTuning.maxPages` (1,000). Reaching it with pages left is an
	 * error saying so, never a silent truncation.
	 */
	maxPages?: number;
}
