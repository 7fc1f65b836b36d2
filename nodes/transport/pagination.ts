import { NodeOperationError } from 'n8n-workflow';

import { responseError } from './errors';
import { requestWith } from './request';
import { transportTuning } from './tuning';
import { firstHeader, requestTarget, sameOriginUrl } from './url';
import type {
	PaginateOptions,
	PaginationStrategy,
	TransportContext,
	VendorProfile,
	VendorRequestSpec,
	VendorResponse,
} from './types';

export interface VendorPaginateFn {
	<T = unknown>(
		this: TransportContext,
		vendor: VendorProfile,
		spec: VendorRequestSpec,
		strategy: PaginationStrategy<T>,
		options?: PaginateOptions,
	): AsyncGenerator<T, void, undefined>;
	/** Declared so `.call(this, ...)` keeps the item type of the strategy. */
	call<T = unknown>(
		thisArg: TransportContext,
		vendor: VendorProfile,
		spec: VendorRequestSpec,
		strategy: PaginationStrategy<T>,
		options?: PaginateOptions,
	): AsyncGenerator<T, void, undefined>;
}

export interface VendorCollectFn {
	<T = unknown>(
		this: TransportContext,
		vendor: VendorProfile,
		spec: VendorRequestSpec,
		strategy: PaginationStrategy<T>,
		options?: PaginateOptions,
	): Promise<T[]>;
	/** Declared so `.call(this, ...)` keeps the item type of the strategy. */
	call<T = unknown>(
		thisArg: TransportContext,
		vendor: VendorProfile,
		spec: VendorRequestSpec,
		strategy: PaginationStrategy<T>,
		options?: PaginateOptions,
	): Promise<T[]>;
}

/**
 * Streams the items of a paged list: one generic loop, the vendor's paging style is data
 * (`PaginationStrategy`). Pages are fetched only as items are consumed, so memory stays flat and
 * a `limit` (or a consumer that stops early) fetches no further page.
 *
 * Call as `vendorPaginate.call(this, vendor, spec, strategy, { limit })`.
 */
export const vendorPaginate = function vendorPaginate(
	this: TransportContext,
	vendor: VendorProfile,
	spec: VendorRequestSpec,
	strategy: PaginationStrategy,
	options: PaginateOptions = {},
): AsyncGenerator<unknown, void, undefined> {
	return paginateWith(this, vendor, spec, strategy, options);
} as VendorPaginateFn;

/** Gathers up to `limit` items (all when omitted). For `returnAll`/`limit` list operations. */
export const vendorCollect = async function vendorCollect(
	this: TransportContext,
	vendor: VendorProfile,
	spec: VendorRequestSpec,
	strategy: PaginationStrategy,
	options: PaginateOptions = {},
): Promise<unknown[]> {
	const items: unknown[] = [];
	for await (const item of paginateWith(this, vendor, spec, strategy, options)) items.push(item);
	return items;
} as VendorCollectFn;

async function* paginateWith<T>(
	ctx: TransportContext,
	vendor: VendorProfile,
	spec: VendorRequestSpec,
	strategy: PaginationStrategy<T>,
	options: PaginateOptions,
): AsyncGenerator<T, void, undefined> {
	const limit = options.limit;
	if (limit !== undefined && limit <= 0) return;
	const maxPages = Math.max(1, options.maxPages ?? transportTuning.maxPages);
	const node = ctx.getNode();
	const fail = (message: string, description: string) =>
		responseError(node, vendor, 'pagination', message, description, spec.itemIndex);

	let page = strategy.kind === 'pageHeader' ? (strategy.firstPage ?? 0) : 0;
	let request: VendorRequestSpec =
		strategy.kind === 'pageHeader'
			? { ...spec, headers: { ...spec.headers, [strategy.requestHeader]: String(page) } }
			: spec;
	// Every next link / cursor seen so far: a repeat means the vendor sends us in a circle.
	const seen = new Set<string>();
	let yielded = 0;
	let followedLink = false;

	for (let pages = 1; ; pages++) {
		const response = await requestWith(ctx, vendor, request);
		const items = strategy.items(response.body);
		if (!Array.isArray(items)) {
			throw fail(
				`${vendor.displayName} returned a page without the expected list`,
				`Request: ${request.method} ${requestTarget(response.url, request.qs)}.`,
			);
		}
		for (const item of items) {
			yield item;
			yielded++;
			if (limit !== undefined && yielded >= limit) return;
		}
		// An empty page ends the list, whatever next link or cursor came with it: a vendor that keeps
		// handing out cursors for empty pages would otherwise be followed up to the page cap.
		if (items.length === 0) return;

		const cursor: PageCursor = { page, followedLink };
		const next = nextPage(strategy, spec, request, response, cursor);
		if (next === 'foreign') {
			throw fail(
				`${vendor.displayName} returned a next-page link to another host; it was not followed`,
				'Following it would send the credential to that host. Report this to the vendor.',
			);
		}
		if (!next) return;
		({ page, followedLink } = cursor);

		if (seen.has(next.key)) {
			throw fail(
				`${vendor.displayName} returned the same next page twice; stopped to avoid an endless loop`,
				`Stopped after ${pages} page(s) and ${yielded} item(s). Request: ${spec.method} ${requestTarget(response.url, spec.qs)}.`,
			);
		}
		seen.add(next.key);
		if (pages >= maxPages) {
			throw new NodeOperationError(
				node,
				`Stopped after ${pages} pages of ${vendor.displayName} results (the safety limit)`,
				{
					description: `${yielded} item(s) were read and more pages remain. Set a limit on the number of results, or narrow the request with filters.`,
					itemIndex: spec.itemIndex,
				},
			);
		}
		request = next.request;
	}
}

interface PageCursor {
	/** The page number last requested (page-number strategies). */
	page: number;
	/** Once a next-page link was followed, the vendor pages by links: its last page has no link and
	 * must not fall back to page numbers (that would fetch a page again). */
	followedLink: boolean;
}

type NextPage = { key: string; request: VendorRequestSpec } | undefined | 'foreign';

/**
 * The request for the page after `response` (and a key to detect loops), undefined at the end,
 * 'foreign' for a next link to another origin. Updates `cursor` in place.
 */
function nextPage<T>(
	strategy: PaginationStrategy<T>,
	spec: VendorRequestSpec,
	request: VendorRequestSpec,
	response: VendorResponse,
	cursor: PageCursor,
): NextPage {
	switch (strategy.kind) {
		case 'none':
			return undefined;
		case 'nextLink':
		case 'nextPageHeader': {
			const link = strategy.kind === 'nextLink' ? strategy.next(response.body) : firstHeader(response, strategy.header);
			if (!link && strategy.kind === 'nextPageHeader' && strategy.pageFallback && !cursor.followedLink) {
				const { requestHeader, totalHeader } = strategy.pageFallback;
				const total = Number.parseInt(firstHeader(response, totalHeader) ?? '', 10);
				// The first request sent no page header: it was page 0.
				if (!Number.isFinite(total) || cursor.page + 1 >= total) return undefined;
				cursor.page++;
				return {
					key: `page:${cursor.page}`,
					request: { ...request, headers: { ...request.headers, [requestHeader]: String(cursor.page) } },
				};
			}
			if (!link) return undefined;
			const url = sameOriginUrl(link, response.url);
			if (!url) return 'foreign';
			cursor.followedLink = true;
			// The link carries its own query string; the original `qs` would duplicate it.
			return { key: url, request: { ...spec, url, qs: undefined } };
		}
		case 'cursor': {
			const next = strategy.next(response.body);
			if (!next) return undefined;
			const qs = strategy.dropOtherParams ? { [strategy.param]: next } : { ...spec.qs, [strategy.param]: next };
			return { key: next, request: { ...spec, qs } };
		}
		case 'pageHeader': {
			const total = Number.parseInt(firstHeader(response, strategy.totalHeader) ?? '', 10);
			const first = strategy.firstPage ?? 0;
			// No page count, or the last page: done.
			if (!Number.isFinite(total) || cursor.page + 1 - first >= total) return undefined;
			cursor.page++;
			return {
				key: String(cursor.page),
				request: { ...spec, headers: { ...spec.headers, [strategy.requestHeader]: String(cursor.page) } },
			};
		}
	}
}
