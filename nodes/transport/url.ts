import type { ICredentialDataDecryptedObject } from 'n8n-workflow';
import { UserError } from 'n8n-workflow';

import { credentialDisplayName } from './describe';
import { configurationError } from './vendor-error';
import type { TransportContext, VendorProfile, VendorRequestSpec, VendorResponse } from './types';

// ---------------------------------------------------------------------------------------------
// Paths. Every vendor builds its request paths here, so an id can never change which URL is called.
// ---------------------------------------------------------------------------------------------

/** A path segment whose value came from the user, with the field name its errors quote. */
export interface NamedSegment {
	field: string;
	value: unknown;
}

export type PathSegment = string | number | NamedSegment;

/** A bad id in a request path; the message names the field. Thrown before anything is sent. */
class PathSegmentError extends UserError {
	constructor(
		readonly field: string,
		problem: string,
	) {
		super(`${field} ${problem}`);
		this.name = 'PathSegmentError';
	}
}

/**
 * `.` and `..` are resolved away by every URL parser (`/v1/customers/..` becomes `/v1/`), and an
 * empty segment collapses into its neighbour: such ids are refused rather than sent. Anything else
 * is URL-encoded (`/`, `?`, `#` included), so it stays one segment.
 */
function segmentProblem(value: string): string | undefined {
	if (value.trim() === '') return 'is empty';
	if (value === '.' || value === '..')
		return `"${value}" is not an id (it would change which URL is called)`;
	return undefined;
}

/** "orders" → "Order ID", "reward_redemptions" → "Reward Redemption ID": the field a value after it names. */
function fieldAfter(collection: PathSegment | undefined): string {
	if (typeof collection !== 'string' || !/^[a-z_]+$/i.test(collection)) return 'A path segment';
	const words = collection
		.replace(/ies$/, 'y')
		.replace(/s$/, '')
		.split('_')
		.map((word) => word.charAt(0).toUpperCase() + word.slice(1));
	return `${words.join(' ')} ID`;
}

/** One path segment, URL-encoded; refused (naming `field`) when it would change the path. */
function pathSegment(field: string, value: unknown): string {
	const text = value === undefined || value === null ? '' : String(value);
	const problem = segmentProblem(text);
	if (problem) throw new PathSegmentError(field, problem);
	return encodeURIComponent(text);
}

/**
 * `/companies/{id}/orders/{id}` from its segments, each URL-encoded and checked (see
 * `segmentProblem`). A value's field name is given (`{ field: 'Order ID', value }`) or read from
 * the collection before it (`'orders', orderId` → "Order ID").
 */
export function pathOf(...segments: PathSegment[]): string {
	return segments
		.map((segment, index) => {
			if (typeof segment === 'object') return `/${pathSegment(segment.field, segment.value)}`;
			return `/${pathSegment(fieldAfter(segments[index - 1]), segment)}`;
		})
		.join('');
}

/** Fills `{customerId}`-style placeholders of a configurable path template with checked, encoded values. */
export function fillPath(template: string, values: Record<string, NamedSegment>): string {
	const filled = template
		.trim()
		.replace(/\{(\w+)\}/g, (whole, name: string) =>
			values[name] === undefined ? whole : pathSegment(values[name].field, values[name].value),
		);
	return filled.startsWith('/') ? filled : `/${filled}`;
}

// ---------------------------------------------------------------------------------------------
// Request URLs.
// ---------------------------------------------------------------------------------------------

export function resolveUrl(
	ctx: TransportContext,
	vendor: VendorProfile,
	spec: VendorRequestSpec,
	credentials: ICredentialDataDecryptedObject,
): string {
	const url = absoluteUrl(ctx, vendor, spec, credentials);
	assertPathKept(ctx, url, spec.itemIndex);
	return url;
}

function absoluteUrl(
	ctx: TransportContext,
	vendor: VendorProfile,
	spec: VendorRequestSpec,
	credentials: ICredentialDataDecryptedObject,
): string {
	if (/^https?:\/\//i.test(spec.url)) return spec.url;
	const base = vendor.baseUrl(credentials, spec.baseUrlKey);
	if (typeof base !== 'string' || !/^https?:\/\/[^/]/i.test(base.trim())) {
		const field = spec.baseUrlKey ? `'${spec.baseUrlKey}' field` : 'base URL';
		throw configurationError(
			ctx.getNode(),
			`The ${field} of the '${credentialDisplayName(vendor)}' credential is not a valid http(s) URL`,
			'Open the credential and enter the full URL, starting with https://.',
			spec.itemIndex,
		);
	}
	return `${base.trim().replace(/\/+$/, '')}/${spec.url.replace(/^\/+/, '')}`;
}

/**
 * The last line of defence for paths not built with `pathOf` (configurable path templates): a
 * path a URL parser would rewrite (dot segments) or with an empty segment is not sent.
 */
function assertPathKept(ctx: TransportContext, url: string, itemIndex?: number): void {
	const path = url.replace(/^https?:\/\/[^/?#]*/i, '').split(/[?#]/)[0];
	const segments = path.split('/').slice(1);
	// A trailing slash (an empty last segment) is some APIs' spelling; an empty segment inside is not.
	const bad = segments.some(
		(segment, index) =>
			/^(\.|%2e){1,2}$/i.test(segment) || (segment === '' && index < segments.length - 1),
	);
	if (!bad) return;
	throw configurationError(
		ctx.getNode(),
		`The request path ${path} has an empty, "." or ".." segment`,
		'An id or path setting is empty or is "." or "..", which would call another URL than intended. Check the id fields and path options of this node.',
		itemIndex,
	);
}

/** URL for messages: origin and path, query parameter names only (values may be tokens). */
export function requestTarget(url: string, qs?: object): string {
	let origin = '';
	let path = url;
	const names: string[] = [];
	try {
		const parsed = new URL(url);
		origin = parsed.origin;
		path = parsed.pathname;
		parsed.searchParams.forEach((_value, name) => names.push(name));
	} catch {
		path = url.split('?')[0];
	}
	for (const name of Object.keys(qs ?? {})) if (!names.includes(name)) names.push(name);
	const query = names.length > 0 ? `?${names.map((name) => `${name}=…`).join('&')}` : '';
	return `${origin}${path}${query}`;
}

/** A response header's first non-empty value. */
export function firstHeader(
	response: Pick<VendorResponse, 'headers'>,
	name: string,
): string | undefined {
	const value = response.headers[name.toLowerCase()];
	const first = Array.isArray(value) ? value[0] : value;
	return first && first.trim() !== '' ? first.trim() : undefined;
}

/** Resolves a (possibly relative) link against the URL it came from; undefined if it leaves that origin. */
export function sameOriginUrl(link: string, current: string): string | undefined {
	try {
		const resolved = new URL(link, current);
		return resolved.origin === new URL(current).origin ? resolved.toString() : undefined;
	} catch {
		return undefined;
	}
}

/** The host a link points to (for messages: no path, query or credentials), or undefined when unparsable. */
export function linkHost(link: string, current: string): string | undefined {
	try {
		return new URL(link, current).host;
	} catch {
		return undefined;
	}
}
