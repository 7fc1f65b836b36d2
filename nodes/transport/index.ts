/**
 * The one request layer all four vendors use. Vendor nodes import from here only:
 *
 *   const res = await vendorRequest.call(this, kotis, { method: 'GET', url: '/skus/quantity' });
 *   for await (const item of vendorPaginate.call(this, influitive, spec, strategy, { limit })) …
 *
 * Vendor differences are a `VendorProfile` (data), declared in each vendor's folder.
 */
export type {
	ErrorExtractor,
	ExpectedBody,
	ItemsFn,
	PaginateOptions,
	PaginationStrategy,
	RateLimit,
	TransportContext,
	VendorErrorInfo,
	VendorProfile,
	VendorRequestSpec,
	VendorResponse,
	VendorResponseHeaders,
} from './types';
export { vendorRequest, type VendorRequestFn } from './request';
export { parseRetryAfter, type CallOutcome } from './retry';
export {
	fillPath,
	firstHeader,
	pathOf,
	pathSegment,
	PathSegmentError,
	sameOriginUrl,
	type NamedSegment,
	type PathSegment,
} from './url';
export { parseVendorResponse, type ParseOptions, type ParseVendorResponse } from './parse';
export {
	vendorPaginate,
	vendorCollect,
	type VendorCollectFn,
	type VendorPaginateFn,
} from './pagination';
export {
	emptyBodyError,
	firstError,
	jsonApiErrors,
	kountaErrorFields,
	messageField,
	scrub,
	collectSecrets,
	isRecord,
	httpStatusOf,
	asObject,
	outcomeOf,
} from './errors';
export { processShare, resetRateLimits } from './rate-limit';
export {
	defaultTransportTuning,
	resetTransportTuning,
	transportTuning,
	type TransportTuning,
} from './tuning';
