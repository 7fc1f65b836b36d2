import { paginateWith } from './pagination';
import { RateLimiter } from './rate-limit';
import { requestWith, type TransportEnv } from './request';
import { defaultTransportTuning, type TransportTuning } from './tuning';
import type {
	PaginateOptions,
	PaginationStrategy,
	TransportContext,
	VendorProfile,
	VendorRequestSpec,
	VendorResponse,
} from './types';

/*
 * `.call` erases a function's type parameters (TypeScript instantiates them as `unknown`), so the
 * call signatures below declare a typed `call` as well: `vendorRequest.call<T>(this, ...)` keeps T.
 */

/** @public named in the declarations of index.ts exports */
export interface VendorRequestFn {
	<T = unknown>(
		this: TransportContext,
		vendor: VendorProfile,
		spec: VendorRequestSpec,
	): Promise<VendorResponse<T>>;
	call<T = unknown>(
		thisArg: TransportContext,
		vendor: VendorProfile,
		spec: VendorRequestSpec,
	): Promise<VendorResponse<T>>;
}

/** What a list call takes: the vendor, the first page's request, how it pages, and a limit. */
type ListArgs<T> = [
	vendor: VendorProfile,
	spec: VendorRequestSpec,
	strategy: PaginationStrategy<T>,
	options?: PaginateOptions,
];

/** @public named in the declarations of index.ts exports */
export interface VendorPaginateFn {
	<T = unknown>(this: TransportContext, ...args: ListArgs<T>): AsyncGenerator<T, void, undefined>;
	call<T = unknown>(
		thisArg: TransportContext,
		...args: ListArgs<T>
	): AsyncGenerator<T, void, undefined>;
}

/** @public named in the declarations of index.ts exports */
export interface VendorCollectFn {
	<T = unknown>(this: TransportContext, ...args: ListArgs<T>): Promise<T[]>;
	call<T = unknown>(thisArg: TransportContext, ...args: ListArgs<T>): Promise<T[]>;
}

/** The calls vendor nodes make, bound to one timing and one client-side pacer. */
export interface Transport {
	/**
	 * The one HTTP call all vendor nodes make: `vendorRequest.call(this, vendor, spec)`, from execute,
	 * poll, webhook and load-options contexts. Retries what is safe to retry; every failure becomes a
	 * scrubbed `NodeApiError`.
	 */
	vendorRequest: VendorRequestFn;
	/** Streams the items of a paged list; pages are fetched only as items are consumed. */
	vendorPaginate: VendorPaginateFn;
	/** Gathers up to `limit` items (all when omitted). For `returnAll`/`limit` list operations. */
	vendorCollect: VendorCollectFn;
}

/**
 * Makes a transport: its tuning (defaults, overridden by `tuning`) is fixed for its life, and it
 * paces calls with a rate-limit window of its own. n8n's nodes share one (`index.ts`); tests make
 * their own with a fake clock.
 */
export function createTransport(tuning: Partial<TransportTuning> = {}): Transport {
	const fixed: TransportTuning = Object.freeze({ ...defaultTransportTuning, ...tuning });
	const env: TransportEnv = { tuning: fixed, limiter: new RateLimiter(fixed) };

	const vendorRequest = async function vendorRequest(
		this: TransportContext,
		vendor: VendorProfile,
		spec: VendorRequestSpec,
	) {
		return await requestWith(this, vendor, spec, env);
	} as VendorRequestFn;

	const vendorPaginate = function vendorPaginate(
		this: TransportContext,
		vendor: VendorProfile,
		spec: VendorRequestSpec,
		strategy: PaginationStrategy,
		options: PaginateOptions = {},
	) {
		return paginateWith(this, vendor, spec, strategy, options, env);
	} as VendorPaginateFn;

	const vendorCollect = async function vendorCollect(
		this: TransportContext,
		vendor: VendorProfile,
		spec: VendorRequestSpec,
		strategy: PaginationStrategy,
		options: PaginateOptions = {},
	) {
		const items: unknown[] = [];
		for await (const item of paginateWith(this, vendor, spec, strategy, options, env))
			items.push(item);
		return items;
	} as VendorCollectFn;

	return { vendorRequest, vendorPaginate, vendorCollect };
}
