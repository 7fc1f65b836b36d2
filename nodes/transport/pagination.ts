import { NodeOperationError } from 'n8n-workflow';

import { requestWith, type TransportEnv } from './request';
import { firstHeader, requestTarget, sameOriginUrl } from './url';
import { responseError } from './vendor-error';
import type {
	PaginateOptions,
	PaginationStrategy,
	TransportContext,
	VendorProfile,
	VendorRequestSpec,
	VendorResponse,
} from './types';

/**
 * Streams the items of a paged list: one generic loop, the vendor's paging style is data
 * (`PaginationStrategy`). Pages are fetched only as items are consumed, so memory stays flat and
 * a `limit` (or a consumer that stops early) fetches no further page.
 */
export async function* paginateWith<T>(
	ctx: TransportContext,
	vendor: VendorProfile,
	spec: VendorRequestSpec,
	strategy: PaginationStrategy<T>,
	options: PaginateOptions,
	env: TransportEnv,
): AsyncGenerator<T, void, undefined> {
	const limit = options.limit;
	if (limit !== undefined && limit <= 0) return;
	const walk = new PageWalk(
		ctx,
		vendor,
		spec,
		Math.max(1, options.maxPages ?? env.tuning.maxPages),
	);
	let page = strategy.kind === 'pageHeader' ? (strategy.firstPage ?? 0) : 0;
	let request: VendorRequestSpec =
		strategy.kind === 'pageHeader'
			? { ...spec, headers: { ...spec.headers, [strategy.requestHeader]: String(page) } }
			: spec;
	let followedLink = false;

	for (let pages = 1; ; pages++) {
		const response = await requestWith(ctx, vendor, request, env);
		const items = walk.itemsOf(strategy, request, response);
		for (const item of items) {
			yield item;
			walk.yielded++;
			if (limit !== undefined && walk.yielded >= limit) return;
		}
		// An empty page ends the list, whatever next link or cursor came with it: a vendor that keeps
		// handing out cursors for empty pages would otherwise be followed up to the page cap.
		if (items.length === 0) return;

		const cursor: PageCursor = { page, followedLink };
		const next = walk.check(nextPage(strategy, spec, request, response, cursor), pages, response);
		if (!next) return;
		({ page, followedLink } = cursor);
		request = next.request;
	}
}

/** What one listing has seen so far, and the errors that stop it. */
class PageWalk {
	/** Every next link / cursor seen so far: a repeat means the vendor sends us in a circle. */
	private readonly seen = new Set<string>();
	yielded = 0;

	constructor(
		private readonly ctx: TransportContext,
		private readonly vendor: VendorProfile,
		private readonly spec: VendorRequestSpec,
		private readonly maxPages: number,
	) {}

	itemsOf<T>(
		strategy: PaginationStrategy<T>,
		request: VendorRequestSpec,
		response: VendorResponse,
	): T[] {
		const items = strategy.items(response.body);
		if (Array.isArray(items)) return items;
		throw this.fail(
			`${this.vendor.displayName} returned a page without the expected list`,
			`Request: ${request.method} ${requestTarget(response.url, request.qs)}.`,
		);
	}

	/** The next page to fetch, or undefined at the end; throws on a foreign link, a loop or the page cap. */
	check(next: NextPage, pages: number, response: VendorResponse): Exclude<NextPage, 'foreign'> {
		const name = this.vendor.displayName;
		if (next === 'foreign') {
			throw this.fail(
				`${name} returned a next-page link to another host; it was not followed`,
				'Following it would send the credential to that host. Report this to the vendor.',
			);
		}
		if (!next) return undefined;
		if (this.seen.has(next.key)) {
			throw this.fail(
				`${name} returned the same next page twice; stopped to avoid an endless loop`,
				`Stopped after ${pages} page(s) and ${this.yielded} item(s). Request: ${this.spec.method} ${requestTarget(response.url, this.spec.qs)}.`,
			);
		}
		this.seen.add(next.key);
		if (pages >= this.maxPages) {
			throw new NodeOperationError(
				this.ctx.getNode(),
				`Stopped after ${pages} pages of ${name} results (the safety limit)`,
				{
					description: `${this.yielded} item(s) were read and more pages remain. Set a limit on the number of results, or narrow the request with filters.`,
					itemIndex: this.spec.itemIndex,
				},
			);
		}
		return next;
	}

	private fail(message: string, description: string) {
		return responseError(
			this.ctx.getNode(),
			this.vendor,
			'pagination',
			message,
			description,
			this.spec.itemIndex,
		);
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
			const link =
				strategy.kind === 'nextLink'
					? strategy.next(response.body)
					: firstHeader(response, strategy.header);
			if (
				!link &&
				strategy.kind === 'nextPageHeader' &&
				strategy.pageFallback &&
				!cursor.followedLink
			) {
				const { requestHeader, totalHeader } = strategy.pageFallback;
				const total = Number.parseInt(firstHeader(response, totalHeader) ?? '', 10);
				// The first request sent no page header: it was page 0.
				if (!Number.isFinite(total) || cursor.page + 1 >= total) return undefined;
				cursor.page++;
				return {
					key: `page:${cursor.page}`,
					request: {
						...request,
						headers: { ...request.headers, [requestHeader]: String(cursor.page) },
					},
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
			const qs = strategy.dropOtherParams
				? { [strategy.param]: next }
				: { ...spec.qs, [strategy.param]: next };
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
				request: {
					...spec,
					headers: { ...spec.headers, [strategy.requestHeader]: String(cursor.page) },
				},
			};
		}
	}
}
