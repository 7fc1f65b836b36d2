/**
 * The transport's one entry point: every other module imports from here only.
 *
 *   const res = await vendorRequest.call(this, kotis, { method: 'GET', url: '/skus/quantity' });
 *   for await (const item of vendorPaginate.call(this, influitive, spec, strategy, { limit })) …
 *
 * Vendor differences are a `VendorProfile` (data), declared in each vendor's folder. The parts:
 * request and retry (`request.ts`, `attempt.ts`, `retry.ts`, `network.ts`), error mapping
 * (`failures.ts`, `describe.ts`, `vendor-error.ts`, `extractors.ts`), pagination (`pagination.ts`),
 * pacing (`rate-limit.ts`), scrubbing (`scrub.ts`), URLs and paths (`url.ts`), reply validation
 * (`parse.ts`); `transport.ts` puts them together with one timing (`tuning.ts`).
 */
import { processTransport } from './process-transport';

export type {
	ErrorExtractor,
	PaginationStrategy,
	RateLimit,
	TransportContext,
	VendorProfile,
	VendorResponse,
} from './types';

/** The calls of the process-wide transport (see `process-transport.ts`). */
export const { vendorRequest, vendorPaginate, vendorCollect } = processTransport;
export { fillPath, firstHeader, pathOf, sameOriginUrl } from './url';
export { parseVendorResponse } from './parse';
export {
	emptyBodyError,
	firstError,
	jsonApiErrors,
	kountaErrorFields,
	messageField,
	asObject,
} from './extractors';
export { isRecord } from './text';
export { httpStatusOf } from './vendor-error';
export { processShare } from './rate-limit';

// For the transport's own tests (a transport with test timing, the retry plan, the scrubber).
/** @internal */
export { createTransport, type Transport } from './transport';
/** @internal */
export { defaultTransportTuning, type TransportTuning } from './tuning';
/** @internal */
export { parseRetryAfter, planRetry, type RetryBudget } from './retry';
/** @internal */
export type { FailedAttempt } from './failures';
/** @internal */
export { scrub, collectSecrets } from './scrub';
