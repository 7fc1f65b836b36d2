import type { IDataObject } from 'n8n-workflow';

import {
	emptyBodyError,
	type ErrorExtractor,
	firstError,
	messageField,
	parseVendorResponse,
	vendorCollect,
	vendorPaginate,
	vendorRequest,
	type PaginationStrategy,
	type TransportContext,
	type VendorProfile,
	asObject,
	fillPath as fillPathTemplate,
	isRecord,
	pathOf,
} from '../transport';
import { customerPageSchema, webhookCreatedSchema, webhookListSchema } from './schemas';

/**
 * A missing or wrong `x-api-key`. Influence.io publishes no auth error; its `x-api-key` header and
 * `{message}` body are what AWS API Gateway uses, which answers 403 `{"message":"Forbidden"}` for an
 * unknown key (401 `Unauthorized` on some setups). The key has no scopes, so either means the key is
 * wrong: the error then points at the credential instead of at a missing permission.
 */
const rejectedKey: ErrorExtractor = ({ statusCode, body }) => {
	if (statusCode !== 401 && statusCode !== 403) return undefined;
	const said = isRecord(body) && typeof body.message === 'string' ? body.message.trim() : '';
	if (!/^(forbidden|unauthori[sz]ed|invalid api key)\.?$/i.test(said)) return undefined;
	return { message: said, cause: 'credential-invalid' };
};

/** @internal exported for the unit tests */
export const influenceIoVendor: VendorProfile = {
	displayName: 'Influence.io',
	credentialType: 'influenceIoApi',
	credentialDisplayName: 'Influence.io API',
	credentialHint: 'the API key',
	baseUrl: (credentials) =>
		String(credentials.baseUrl || 'https://platform.api.influence.io').replace(/\/+$/, ''),
	// The trigger's URL secret lives in the same credential; neither may appear in an error or log.
	secretFields: ['apiKey', 'webhookSecret'],
	// No rate limit is published: no client-side pacing unless the credential sets Requests per
	// Second. 429 (the transport default) is retried honouring Retry-After either way.
	// Spread evenly (one request per 1/n s) rather than n at once per second: the vendor counts
	// arrivals, and a burst at a window edge plus network jitter would still overrun its window.
	rateLimit: (credentials) => {
		const perSecond = Number(credentials.requestsPerSecond);
		return perSecond > 0 ? { requests: 1, windowMs: Math.ceil(1000 / perSecond) } : undefined;
	},
	// A 429 means nothing was processed. Without Retry-After (API Gateway sends none) the jittered
	// backoff may land in a full window several times in a row: the transport's retry budget
	// (time, not a fixed count of attempts) rides that out.
	// Error body: only `message` is known (third-party client reads `$errorData['message']`).
	extractError: firstError(rejectedKey, messageField, emptyBodyError),
};

export interface CallOptions {
	itemIndex?: number;
	/** Non-credential secret values the call carries (see the transport's `secrets`). */
	secrets?: string[];
}

export interface ListOptions extends CallOptions {
	limit?: number;
}

/** `/v1/customers/{id}/...`: each segment URL-encoded (your own ids may hold spaces or @) and checked. */
export const path = pathOf;

/** Field names of the placeholders a configurable path template may hold, for error messages. */
const PLACEHOLDER_FIELDS: Record<string, string> = { customerId: 'Customer ID' };

/** Fills `{customerId}`-style placeholders of a configurable path template with checked, URL-encoded values. */
export function fillPath(template: string, values: Record<string, string>): string {
	const named = Object.fromEntries(
		Object.entries(values).map(([name, value]) => [
			name,
			{ field: PLACEHOLDER_FIELDS[name] ?? name, value },
		]),
	);
	return fillPathTemplate(template, named);
}

/** Enroll/remove answer `{"customer": {...}}` (third-party notes, see docs/vendor-facts.md); other customer calls may answer it bare. */
const unwrapCustomer = (body: unknown): IDataObject => {
	const object = asObject(body);
	return isRecord(object.customer) ? (object.customer as IDataObject) : object;
};

// ---------------------------------------------------------------------------------------------
// Customers
// ---------------------------------------------------------------------------------------------

/** `PUT /v1/customers/{customerId}`: create or update by your own id (safe to retry). */
export async function upsertCustomer(
	this: TransportContext,
	customerId: string,
	body: IDataObject,
	options: CallOptions = {},
) {
	const response = await vendorRequest.call(this, influenceIoVendor, {
		method: 'PUT',
		url: path('v1', 'customers', customerId),
		body,
		itemIndex: options.itemIndex,
	});
	return unwrapCustomer(response.body);
}

export async function getCustomer(
	this: TransportContext,
	customerId: string,
	options: CallOptions = {},
) {
	const response = await vendorRequest.call(this, influenceIoVendor, {
		method: 'GET',
		url: path('v1', 'customers', customerId),
		itemIndex: options.itemIndex,
	});
	return unwrapCustomer(response.body);
}

/** Response keys that may hold the next cursor, tried in order when no key is configured. */
const CURSOR_KEYS = ['cursor', 'nextCursor', 'next_cursor', 'nextToken', 'next'];

function readPath(source: unknown, dotted: string): unknown {
	let value = source;
	for (const key of dotted.split('.')) {
		if (!isRecord(value)) return undefined;
		value = value[key];
	}
	return value;
}

/** The next cursor from a page: the configured key (dotted path), else the first of `CURSOR_KEYS` holding a string. */
function nextCursorOf(body: unknown, key?: string): string | undefined {
	const candidates = key
		? [readPath(body, key)]
		: CURSOR_KEYS.map((name) => (isRecord(body) ? body[name] : undefined));
	const found = candidates.find((value) => typeof value === 'string' && value.trim() !== '');
	return found as string | undefined;
}

export interface CustomerListQuery {
	filters: IDataObject;
	cursorParam: string;
	nextCursorKey?: string;
}

function customersRequest(ctx: TransportContext, query: CustomerListQuery, itemIndex?: number) {
	const spec = { method: 'GET' as const, url: '/v1/customers', qs: query.filters, itemIndex };
	const strategy: PaginationStrategy<IDataObject> = {
		kind: 'cursor',
		param: query.cursorParam,
		dropOtherParams: true,
		next: (body) => nextCursorOf(body, query.nextCursorKey),
		items: (body) => {
			const page = parseVendorResponse.call(ctx, influenceIoVendor, customerPageSchema, body, {
				what: 'customer list',
				itemIndex,
			});
			return (
				Array.isArray(page) ? page : (page.customers ?? page.data ?? page.items ?? [])
			) as IDataObject[];
		},
	};
	return { spec, strategy };
}

/**
 * `GET /v1/customers`, cursor-paginated. "If cursor is included, do not include any other query
 * parameters", so follow-up pages send the cursor alone (the filters are carried by it).
 */
export async function listCustomers(
	this: TransportContext,
	query: CustomerListQuery,
	options: ListOptions = {},
) {
	const { spec, strategy } = customersRequest(this, query, options.itemIndex);
	return await vendorCollect.call<IDataObject>(this, influenceIoVendor, spec, strategy, {
		limit: options.limit,
	});
}

/** The same list as `listCustomers`, streamed: a page is fetched only when the previous one is used up. */
export function streamCustomers(
	this: TransportContext,
	query: CustomerListQuery,
	options: CallOptions = {},
): AsyncGenerator<IDataObject> {
	const { spec, strategy } = customersRequest(this, query, options.itemIndex);
	return vendorPaginate.call<IDataObject>(this, influenceIoVendor, spec, strategy);
}

/**
 * One page of `GET /v1/customers`: the first (with the filters) or the one `cursor` names (alone,
 * as the API asks). For callers that walk a large list a page at a time with bounded memory.
 */
export async function customerPage(
	this: TransportContext,
	query: CustomerListQuery & { cursor?: string },
	options: CallOptions = {},
) {
	const qs = query.cursor ? { [query.cursorParam]: query.cursor } : query.filters;
	const response = await vendorRequest.call(this, influenceIoVendor, {
		method: 'GET',
		url: '/v1/customers',
		qs,
		itemIndex: options.itemIndex,
	});
	const page = parseVendorResponse.call(
		this,
		influenceIoVendor,
		customerPageSchema,
		response.body,
		{ what: 'customer list', itemIndex: options.itemIndex },
	);
	const customers = (
		Array.isArray(page) ? page : (page.customers ?? page.data ?? page.items ?? [])
	) as IDataObject[];
	return { customers, nextCursor: nextCursorOf(response.body, query.nextCursorKey) ?? null };
}

/**
 * Award (`POST /v1/customers/{id}/points`) or deduct points. A POST that changes a balance: the
 * transport never re-sends it once it may have reached Influence.io.
 */
export async function changePoints(
	this: TransportContext,
	url: string,
	body: IDataObject,
	options: CallOptions = {},
) {
	const response = await vendorRequest.call(this, influenceIoVendor, {
		method: 'POST',
		url,
		body,
		itemIndex: options.itemIndex,
	});
	return asObject(response.body);
}

/** `POST /v1/customers/{id}/membership/{enroll|remove}` (inferred, docs/vendor-facts.md); answers `{customer}`. */
export async function changeMembership(
	this: TransportContext,
	customerId: string,
	action: 'enroll' | 'remove',
	body: IDataObject | undefined,
	options: CallOptions = {},
) {
	const response = await vendorRequest.call(this, influenceIoVendor, {
		method: 'POST',
		url: `${path('v1', 'customers', customerId)}/membership/${action}`,
		body,
		itemIndex: options.itemIndex,
	});
	return unwrapCustomer(response.body);
}

// ---------------------------------------------------------------------------------------------
// Orders
// ---------------------------------------------------------------------------------------------

/** `POST /v1/orders`: awards points through the "place order" earn rule; never re-sent blindly. */
export async function createOrder(
	this: TransportContext,
	body: IDataObject,
	options: CallOptions = {},
) {
	const response = await vendorRequest.call(this, influenceIoVendor, {
		method: 'POST',
		url: '/v1/orders',
		body,
		itemIndex: options.itemIndex,
	});
	return asObject(response.body);
}

/**
 * `PATCH /v1/orders/{orderId}`. Treated as safe to retry because Influence.io documents that an
 * order already awarded points is not awarded twice on update, and deducts on a *change* to
 * refunded: the same status sent twice changes nothing.
 */
export async function updateOrder(
	this: TransportContext,
	orderId: string,
	body: IDataObject,
	options: CallOptions = {},
) {
	const response = await vendorRequest.call(this, influenceIoVendor, {
		method: 'PATCH',
		url: path('v1', 'orders', orderId),
		body,
		idempotent: true,
		itemIndex: options.itemIndex,
	});
	return asObject(response.body);
}

// ---------------------------------------------------------------------------------------------
// Products
// ---------------------------------------------------------------------------------------------

/** `PUT /v1/products/{productId}`: create or update (safe to retry). */
export async function upsertProduct(
	this: TransportContext,
	productId: string,
	body: IDataObject,
	options: CallOptions = {},
) {
	const response = await vendorRequest.call(this, influenceIoVendor, {
		method: 'PUT',
		url: path('v1', 'products', productId),
		body,
		itemIndex: options.itemIndex,
	});
	return { statusCode: response.statusCode, body: asObject(response.body) };
}

/**
 * `POST /v1/products/{productId}/variants`: the posted list replaces the product's variants
 * (missing ones are deleted), so sending the same list again yields the same state: safe to retry.
 */
export async function upsertVariants(
	this: TransportContext,
	productId: string,
	body: IDataObject | IDataObject[],
	options: CallOptions = {},
) {
	const response = await vendorRequest.call(this, influenceIoVendor, {
		method: 'POST',
		url: `${path('v1', 'products', productId)}/variants`,
		body,
		idempotent: true,
		itemIndex: options.itemIndex,
	});
	return asObject(response.body);
}

// ---------------------------------------------------------------------------------------------
// Rewards
// ---------------------------------------------------------------------------------------------

/** `POST /v1/rewards/{couponCode}/use`, with the code in the body too, as the one public client sends it. */
export async function markCouponUsed(
	this: TransportContext,
	couponCode: string,
	options: CallOptions = {},
) {
	const response = await vendorRequest.call(this, influenceIoVendor, {
		method: 'POST',
		url: `${path('v1', 'rewards', { field: 'Coupon Code', value: couponCode })}/use`,
		body: { couponCode },
		itemIndex: options.itemIndex,
	});
	return asObject(response.body);
}

// ---------------------------------------------------------------------------------------------
// Webhook subscriptions. Five endpoints exist (docs/vendor-facts.md); paths and keys are unpublished, so the
// base path is configurable and the best guess is REST on `/v1/webhooks`.
// ---------------------------------------------------------------------------------------------

export const DEFAULT_WEBHOOKS_PATH = '/v1/webhooks';

const webhooksPath = (base?: string) => {
	const trimmed = (base || DEFAULT_WEBHOOKS_PATH).trim().replace(/\/+$/, '');
	return trimmed.startsWith('/') ? trimmed : `/${trimmed}`;
};

export async function listWebhooks(
	this: TransportContext,
	basePath?: string,
	options: CallOptions = {},
) {
	const response = await vendorRequest.call(this, influenceIoVendor, {
		method: 'GET',
		url: webhooksPath(basePath),
		itemIndex: options.itemIndex,
		secrets: options.secrets,
	});
	const parsed = parseVendorResponse.call(
		this,
		influenceIoVendor,
		webhookListSchema,
		response.body ?? [],
		{
			what: 'webhook list',
			itemIndex: options.itemIndex,
		},
	);
	return (Array.isArray(parsed) ? parsed : (parsed.webhooks ?? parsed.data ?? [])) as IDataObject[];
}

/** Creates one subscription; never re-sent blindly (a repeat would deliver every event twice). */
export async function createWebhook(
	this: TransportContext,
	body: IDataObject,
	basePath?: string,
	options: CallOptions = {},
) {
	const response = await vendorRequest.call(this, influenceIoVendor, {
		method: 'POST',
		url: webhooksPath(basePath),
		body,
		itemIndex: options.itemIndex,
		secrets: options.secrets,
	});
	const parsed = parseVendorResponse.call(
		this,
		influenceIoVendor,
		webhookCreatedSchema,
		response.body,
		{
			what: 'webhook creation',
			itemIndex: options.itemIndex,
		},
	);
	return (
		'webhook' in parsed && isRecord(parsed.webhook) ? parsed.webhook : parsed
	) as IDataObject & { id: string | number };
}

export async function deleteWebhook(
	this: TransportContext,
	webhookId: string,
	basePath?: string,
	options: CallOptions = {},
) {
	await vendorRequest.call(this, influenceIoVendor, {
		method: 'DELETE',
		url: `${webhooksPath(basePath)}${path({ field: 'Webhook ID', value: webhookId })}`,
		itemIndex: options.itemIndex,
	});
	return { deleted: true, id: webhookId };
}
