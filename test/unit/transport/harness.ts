/**
 * Shared set-up for the transport tests: vendor test profiles in the real vendors' shapes, plus the
 * generic HTTP test utilities of test/helpers/http-testing.ts.
 */
import { kotisVendor } from '../../../nodes/Kotis/api';
import {
	emptyBodyError,
	firstError,
	kountaErrorFields,
	messageField,
	type VendorProfile,
} from '../../../nodes/transport';
import { fakeExecuteContext, type FakeContextOptions } from '../../helpers/fake-context';

export {
	catchError,
	closedPortUrl,
	expectNoSecret,
	startServer,
	useFakeTiming,
	useNock,
} from '../../helpers/http-testing';

export const KOTIS_KEY = 'kotis-live-KEY-7f3a9c21e0';
export const KOTIS_BASE = 'https://kwf.kotis.test/api/v1';
export const STORES_BASE = 'https://stores.kotis.test/api/v1';

/** The real Kotis profile: raw-key Authorization, two hosts, `{"errors":[...]}` possibly on HTTP 200. */
export const kotisTestProfile: VendorProfile = kotisVendor;

/** Influitive-like: AWS WAF throttles with 403, 200 requests per 5 minutes. Same credential type for the fake. */
export const influitiveLikeProfile: VendorProfile = {
	...kotisTestProfile,
	displayName: 'Influitive',
	throttleStatuses: [403, 429],
	extractError: firstError(messageField, emptyBodyError),
	rateLimit: { requests: 200, windowMs: 5 * 60_000 },
};

/** Kounta-like: needs `Accept: application/json`, `{error, error_description}` bodies. */
export const kountaLikeProfile: VendorProfile = {
	...kotisTestProfile,
	displayName: 'Kounta',
	defaultHeaders: { Accept: 'application/json' },
	extractError: firstError(kountaErrorFields, emptyBodyError),
};

export function kotisContext(overrides: FakeContextOptions = {}) {
	return fakeExecuteContext({
		credentials: {
			kotisApi: { apiKey: KOTIS_KEY, baseUrl: KOTIS_BASE, storesBaseUrl: STORES_BASE },
		},
		...overrides,
	});
}
