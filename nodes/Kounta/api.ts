import type { ICredentialDataDecryptedObject, IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';
import { z } from 'zod';

import {
	emptyBodyError,
	firstError,
	kountaErrorFields,
	parseVendorResponse,
	vendorCollect,
	vendorRequest,
	type PaginationStrategy,
	type RateLimit,
	type TransportContext,
	type VendorProfile,
	type VendorResponse,
	asObject,
	firstHeader,
	httpStatusOf,
	isRecord,
	pathOf,
	sameOriginUrl,
} from '../transport';
import { asNodeError } from '../shared/items';

const DEFAULT_BASE_URL = 'https://api.kounta.com/v1';

const shared = {
	displayName: 'Kounta',
	baseUrl: (credentials: IDataObject) =>
		String(credentials.baseUrl || DEFAULT_BASE_URL).replace(/\/+$/, ''),
	// Kounta answers 406 without it (or a .json suffix).
	defaultHeaders: { Accept: 'application/json' },
	// The error body is unpublished; clients read `error`/`error_description`/`error_message`/`message` (docs/vendor-facts.md).
	extractError: firstError(kountaErrorFields, emptyBodyError),
};

/**
 * The credential's Requests per Minute, or the default when it is 0 or empty. Kounta publishes no
 * limit; a secondary source says 60/min (Basic) and 180/min (OAuth): docs/vendor-facts.md.
 */
function perMinute(fallback: number): (credentials: ICredentialDataDecryptedObject) => RateLimit {
	return (credentials) => ({
		requests: Number(credentials.requestsPerMinute) || fallback,
		windowMs: 60_000,
	});
}

/**
 * Kounta answers an expired access token with HTTP 400 ("The access token provided has expired",
 * `error: invalid_token`), as the TandaHQ client's test stub shows
 * (https://github.com/TandaHQ/kounta/blob/master/spec/kounta/rest/client_spec.rb); 401 is what
 * OAuth2 servers usually send. Either makes n8n refresh the token.
 */
function kountaTokenExpired({ statusCode, body }: VendorResponse): boolean {
	if (statusCode === 401) return true;
	if (statusCode !== 400 || !isRecord(body)) return false;
	if (body.error === 'invalid_token') return true;
	return ['error_description', 'message', 'error'].some(
		(key) => typeof body[key] === 'string' && /access token.*expired/i.test(body[key] as string),
	);
}

/** @internal exported for the unit tests */
export const kountaOAuth2Vendor: VendorProfile = {
	...shared,
	credentialType: 'kountaOAuth2Api',
	credentialDisplayName: 'Kounta OAuth2 API',
	oauth2: true,
	tokenExpired: kountaTokenExpired,
	credentialHint: 'the connection (reconnect the credential)',
	secretFields: ['clientSecret', 'oauthTokenData', 'signatureToken', 'loyaltyUrlToken'],
	rateLimit: perMinute(180),
};

/** @internal exported for the unit tests */
export const kountaBasicVendor: VendorProfile = {
	...shared,
	credentialType: 'kountaApi',
	credentialDisplayName: 'Kounta Basic API',
	credentialHint: 'the Client ID and Client Secret',
	secretFields: ['clientSecret', 'signatureToken', 'loyaltyUrlToken'],
	rateLimit: perMinute(60),
};

/**
 * The profile (and so the credential) the node's Authentication parameter picks. Every Kounta
 * node, trigger and picker chooses its credential here and only here: `.credentialType` names
 * the credential to read.
 */
export function kountaVendor(ctx: TransportContext): VendorProfile {
	// Only an execute context takes an item index.
	const auth =
		'getInputData' in ctx
			? ctx.getNodeParameter('authentication', 0, 'oAuth2')
			: ctx.getNodeParameter('authentication', 'oAuth2');
	return auth === 'basic' ? kountaBasicVendor : kountaOAuth2Vendor;
}

export interface CallOptions {
	itemIndex?: number;
	vendor?: VendorProfile;
	/** Epoch ms after which nothing is sent (see the transport's `notAfter`). */
	notAfter?: number;
	/** Non-credential secret values the call carries (see the transport's `secrets`). */
	secrets?: string[];
}

export interface ListOptions extends CallOptions {
	limit?: number;
}

/** `/companies/{cid}/…` with every segment URL-encoded and checked (an id `..` would call another URL). */
export const path = pathOf;

const recordList = z.array(z.record(z.unknown()));

/**
 * Pages by `X-Next-Page` (a next-page URL, seen in a Go client) and, when a response has none but
 * carries `X-Pages`, by sending `X-Page: 1, 2, …` (seen in a Ruby client). Which endpoint uses
 * which is unpublished, so both are honoured (docs/vendor-facts.md).
 */
export function kountaPaging(
	ctx: TransportContext,
	vendor: VendorProfile,
	what: string,
	itemIndex?: number,
): PaginationStrategy<IDataObject> {
	return {
		kind: 'nextPageHeader',
		header: 'x-next-page',
		pageFallback: { requestHeader: 'X-Page', totalHeader: 'x-pages' },
		items: (body) =>
			parseVendorResponse.call(ctx, vendor, recordList, body ?? [], {
				what,
				itemIndex,
			}) as IDataObject[],
	};
}

// ---------------------------------------------------------------------------------------------
// Company id
// ---------------------------------------------------------------------------------------------

/** Per execution and credential: one `companies/me` call however many items and nodes ask. */
const companyCache = new Map<string, Promise<string>>();
const MAX_CACHED = 200;

function cacheKey(ctx: TransportContext, vendor: VendorProfile): string | undefined {
	const execution =
		'getExecutionId' in ctx && typeof ctx.getExecutionId === 'function'
			? ctx.getExecutionId()
			: undefined;
	if (!execution) return undefined;
	const credential = ctx.getNode().credentials?.[vendor.credentialType]?.id ?? 'none';
	return `${execution}:${vendor.credentialType}:${credential}`;
}

/** `GET /companies/me`: the authenticated company. */
async function getMyCompany(
	this: TransportContext,
	options: CallOptions = {},
): Promise<IDataObject> {
	const vendor = options.vendor ?? kountaVendor(this);
	const response = await vendorRequest.call(this, vendor, {
		method: 'GET',
		url: '/companies/me',
		itemIndex: options.itemIndex,
		notAfter: options.notAfter,
	});
	return asObject(response.body);
}

/** The given company id, else the authenticated company's id (`companies/me`, cached per execution). */
export async function resolveCompanyId(
	this: TransportContext,
	given: unknown,
	options: CallOptions = {},
): Promise<string> {
	const explicit = given === undefined || given === null ? '' : String(given).trim();
	if (explicit) return explicit;
	const vendor = options.vendor ?? kountaVendor(this);
	const key = cacheKey(this, vendor);
	const lookup = async () => {
		const company = await getMyCompany.call(this, { ...options, vendor });
		const id = company.id ?? company.id_str;
		if (id === undefined || id === null || String(id).trim() === '') {
			throw new NodeOperationError(
				this.getNode(),
				'Kounta did not return an id for companies/me: enter the Company ID',
				{
					itemIndex: options.itemIndex,
				},
			);
		}
		return String(id);
	};
	if (!key) return await lookup();
	let pending = companyCache.get(key);
	if (!pending) {
		pending = lookup();
		companyCache.set(key, pending);
		// A failed lookup must not be remembered.
		pending.catch(() => companyCache.delete(key));
		if (companyCache.size > MAX_CACHED)
			companyCache.delete(companyCache.keys().next().value as string);
	}
	return await pending;
}

/**
 * Test hook.
 * @internal exported for the unit tests
 */
export function resetCompanyCache(): void {
	companyCache.clear();
}

export async function companyIdParam(
	ctx: IExecuteFunctions,
	itemIndex: number,
	notAfter?: number,
): Promise<string> {
	return await resolveCompanyId.call(ctx, ctx.getNodeParameter('companyId', itemIndex, ''), {
		itemIndex,
		notAfter,
	});
}

// ---------------------------------------------------------------------------------------------
// Generic calls
// ---------------------------------------------------------------------------------------------

export async function getOne(
	this: TransportContext,
	url: string,
	options: CallOptions = {},
): Promise<IDataObject> {
	const vendor = options.vendor ?? kountaVendor(this);
	const response = await vendorRequest.call(this, vendor, {
		method: 'GET',
		url,
		itemIndex: options.itemIndex,
		notAfter: options.notAfter,
		secrets: options.secrets,
	});
	return asObject(response.body);
}

export async function list(
	this: TransportContext,
	url: string,
	qs: IDataObject | undefined,
	what: string,
	options: ListOptions = {},
): Promise<IDataObject[]> {
	const vendor = options.vendor ?? kountaVendor(this);
	return await vendorCollect.call<IDataObject>(
		this,
		vendor,
		{ method: 'GET', url, qs, itemIndex: options.itemIndex, secrets: options.secrets },
		kountaPaging(this, vendor, what, options.itemIndex),
		{ limit: options.limit },
	);
}

/**
 * A write (POST, PUT or DELETE). When the answer is empty but has a `Location` header (documented
 * for POST) and `followLocation` is not false, the record is read from there (same origin only),
 * so the node outputs the record, not nothing.
 */
export async function send(
	this: TransportContext,
	method: 'POST' | 'PUT' | 'DELETE',
	url: string,
	body: IDataObject | undefined,
	options: CallOptions & { followLocation?: boolean; idempotent?: boolean } = {},
): Promise<{ record: IDataObject; response: VendorResponse }> {
	const vendor = options.vendor ?? kountaVendor(this);
	const response = await vendorRequest.call(this, vendor, {
		method,
		url,
		body,
		headers: body ? { 'Content-Type': 'application/json' } : undefined,
		itemIndex: options.itemIndex,
		notAfter: options.notAfter,
		secrets: options.secrets,
		...(options.idempotent === undefined ? {} : { idempotent: options.idempotent }),
	});
	const record = asObject(response.body);
	const location = firstHeader(response, 'location');
	if (Object.keys(record).length === 0 && location && options.followLocation !== false) {
		const target = sameOriginUrl(location, response.url);
		if (target) return { record: await getOne.call(this, target, options), response };
	}
	return { record, response };
}

export function isNotFound(error: unknown): boolean {
	return httpStatusOf(error) === 404;
}

// ---------------------------------------------------------------------------------------------
// Customers
// ---------------------------------------------------------------------------------------------

/**
 * `GET /customers?email=…` (or name + phone): Kounta answers 302 to the customer, or 404. The
 * transport follows the redirect (same host only: one to another host fails, nothing sent there),
 * so a customer record arrives. A list answer (what a sandbox might send) is accepted too.
 */
export async function findCustomers(
	this: TransportContext,
	companyId: string,
	query: IDataObject,
	options: CallOptions = {},
): Promise<IDataObject[]> {
	const vendor = options.vendor ?? kountaVendor(this);
	let response: VendorResponse;
	try {
		response = await vendorRequest.call(this, vendor, {
			method: 'GET',
			url: path('companies', companyId, 'customers'),
			qs: query,
			itemIndex: options.itemIndex,
		});
	} catch (error) {
		if (isNotFound(error)) return [];
		throw asNodeError(this, error, options.itemIndex);
	}
	const body = response.body;
	if (Array.isArray(body)) return body.filter(isRecord) as IDataObject[];
	if (response.statusCode < 300 && isRecord(body) && Object.keys(body).length > 0)
		return [body as IDataObject];
	return [];
}
