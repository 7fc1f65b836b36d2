/**
 * Start options of the Kounta (Lightspeed O-Series) stand-in. Facts: docs/vendor-facts.md.
 * Every option covering a fact that no official page states defaults to the best-evidenced
 * variant, or, where the evidence is even, to the one hardest on the client, so a node that passes
 * against the defaults also copes with the friendlier possibilities. docs/vendor-facts.md lists them.
 */
export interface KountaOptions {
	/** Add-on Client ID (OAuth2 and Basic). Default `kounta-test-client`. */
	clientId?: string;
	/** Add-on Client Secret. Default `kounta-test-secret`. */
	clientSecret?: string;
	/**
	 * The add-on's "Signature Token" (2ND, CRM.COM wiki): key of `X-Kounta-Signature` when
	 * `signatureKey` is `signatureToken`. Default `kounta-test-signature-token`.
	 */
	signatureToken?: string;
	/**
	 * Key of the `X-Kounta-Signature` HMAC-SHA256 over the raw body (6.3: unverified; 2ND says the
	 * Signature Token, one CODE bridge uses the client secret). Default `signatureToken`.
	 */
	signatureKey?: 'signatureToken' | 'clientSecret';
	/** Encoding of the signature (6.3: hex or base64 unverified). Default `hex` (the 2ND claim). */
	signatureEncoding?: 'hex' | 'base64';
	/** Access-token lifetime in seconds (10: unknown; test fixtures say 3600). Default 3600. */
	accessTokenTtlSeconds?: number;
	/**
	 * A used refresh token stops working and a new one is returned (2.2: rotation inferred from brewhq).
	 * Default true: the client must store the new refresh token.
	 */
	rotateRefreshTokens?: boolean;
	/**
	 * Status of a request with an expired access token (3.4/9: TandaHQ's stub says 400 `{message}`,
	 * brewhq refreshes on 401). Default 400, as documented; the body always says "The access token
	 * provided has expired" (`error: invalid_token` in the default error shape).
	 */
	expiredTokenStatus?: 400 | 401;
	/**
	 * `redirect_uri`s the add-on accepts at `/authorize` (2.2: must match a configured one). Default
	 * empty = any http(s) URL, because the n8n callback URL of a test run is not known in advance.
	 */
	redirectUris?: string[];
	/** `/authorize` refuses a request without `state` (2.2: "Kounta's API seems to require the state param"). Default true. */
	requireState?: boolean;
	/** Accept `grant_type=client_credentials` (2.2: DOC-OLD only, "for dev/testing"). Default false. */
	allowClientCredentials?: boolean;
	/**
	 * Error body (3.4: no official format). `oauth` = `{"error", "error_description"}` (what brewhq reads),
	 * `message` = `{"message"}` (TandaHQ's stub). Default `oauth`.
	 */
	errorShape?: 'oauth' | 'message';
	/** Also count `Accept: *\/*` as asking for JSON (3.1 only names `application/json` and `.json`). Default false. */
	acceptWildcard?: boolean;
	/**
	 * Page headers on list replies (3.2: no official text). `both` = `X-Next-Page` (full URL of the next
	 * page, left out on the last) and `X-Pages` (page count; the `X-Page` request header picks a 0-based
	 * page). Default `both`; `nextPage` or `pages` to test a client that follows only one.
	 */
	paging?: 'both' | 'nextPage' | 'pages';
	/** Items per page (3.2: 2ND says 25). Default 25. */
	pageSize?: number;
	/**
	 * Requests per minute per credential (3.3: 2ND says 60 with Basic, 180 with OAuth; NOT official).
	 * Fixed one-minute windows; a 429 carries `Retry-After` (seconds) and `X-Ratelimit-Reset` (epoch seconds).
	 */
	rateLimit?: { basic: number; oauth: number; windowMs: number };
	/**
	 * Body of a `201 Created` (3.1: a `Location` header; brewhq gets an empty body from POST orders).
	 * Default `empty`: the client must follow `Location` (or re-query) to see what it created.
	 */
	createdBody?: 'empty' | 'resource';
	/**
	 * What `PUT /orders/{id}` does with `lines`/`payments` arrays (4, 8.6: replace or append unknown).
	 * Default `replace` (TandaHQ sends the whole order back, which only makes sense if arrays replace).
	 */
	orderArrayUpdate?: 'replace' | 'append';
	/**
	 * Serve `POST|PUT /orders/{id}/lines[/{n}]` and `/orders/{id}/payments[/{id}]` (4: TandaHQ only, "Not
	 * confirmed in the docs"). Default false: they answer 404, so a node must not depend on them.
	 */
	orderSubresources?: boolean;
	/** Accepted webhook topics (6.2: only `orders/completed` is seen). Default `['orders/completed']`. */
	webhookTopics?: string[];
	/**
	 * Body of a webhook delivery (the payload is not published). `order` = the order as `GET /orders/{id}`
	 * returns it; `envelope` = `{topic, company_id, created_at, data: <order>}`. Default `order`.
	 */
	webhookPayload?: 'order' | 'envelope';
	/** Clock for timestamps and token expiry (not for the rate limit, which uses real time). */
	now?: () => Date;
}

export interface ResolvedKountaOptions extends Required<Omit<KountaOptions, 'rateLimit'>> {
	rateLimit: { basic: number; oauth: number; windowMs: number };
}

export const KOUNTA_DEFAULT_CLIENT_ID = 'kounta-test-client';
export const KOUNTA_DEFAULT_CLIENT_SECRET = 'kounta-test-secret';
export const KOUNTA_DEFAULT_SIGNATURE_TOKEN = 'kounta-test-signature-token';

export function resolveKountaOptions(options: KountaOptions = {}): ResolvedKountaOptions {
	const pageSize = options.pageSize ?? 25;
	if (!(Number.isInteger(pageSize) && pageSize > 0))
		throw new Error('kounta.pageSize must be a positive integer');
	const rateLimit = options.rateLimit ?? { basic: 60, oauth: 180, windowMs: 60_000 };
	if (!(rateLimit.basic > 0 && rateLimit.oauth > 0 && rateLimit.windowMs > 0))
		throw new Error('kounta.rateLimit needs positive basic, oauth and windowMs');
	const ttl = options.accessTokenTtlSeconds ?? 3600;
	if (!(ttl > 0)) throw new Error('kounta.accessTokenTtlSeconds must be positive');
	return {
		clientId: options.clientId ?? KOUNTA_DEFAULT_CLIENT_ID,
		clientSecret: options.clientSecret ?? KOUNTA_DEFAULT_CLIENT_SECRET,
		signatureToken: options.signatureToken ?? KOUNTA_DEFAULT_SIGNATURE_TOKEN,
		signatureKey: options.signatureKey ?? 'signatureToken',
		signatureEncoding: options.signatureEncoding ?? 'hex',
		accessTokenTtlSeconds: ttl,
		rotateRefreshTokens: options.rotateRefreshTokens ?? true,
		expiredTokenStatus: options.expiredTokenStatus ?? 400,
		redirectUris: options.redirectUris ?? [],
		requireState: options.requireState ?? true,
		allowClientCredentials: options.allowClientCredentials ?? false,
		errorShape: options.errorShape ?? 'oauth',
		acceptWildcard: options.acceptWildcard ?? false,
		paging: options.paging ?? 'both',
		pageSize,
		rateLimit,
		createdBody: options.createdBody ?? 'empty',
		orderArrayUpdate: options.orderArrayUpdate ?? 'replace',
		orderSubresources: options.orderSubresources ?? false,
		webhookTopics: options.webhookTopics ?? ['orders/completed'],
		webhookPayload: options.webhookPayload ?? 'order',
		now: options.now ?? (() => new Date()),
	};
}

/** The key `X-Kounta-Signature` is computed with under these options. */
export function signingKey(options: ResolvedKountaOptions): string {
	return options.signatureKey === 'clientSecret' ? options.clientSecret : options.signatureToken;
}
