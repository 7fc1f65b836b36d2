import type { VendorModule } from '../core/vendor';
import { createKotisAdminRouter } from './admin';
import { createKwfRouter, createStoresRouter } from './api';
import { resolveKotisOptions, type KotisOptions } from './options';
import { KotisState } from './state';

export type { KotisOptions } from './options';
/** What tests and the CLI need to call the Kotis stand-in. */
export interface KotisInfo {
	/** Replaces `https://kwf.kotisdesign.com/api/v1` (inventory, orders). */
	baseUrl: string;
	/** Replaces `https://stores.kotisdesign.com/api/v1` (redemption codes). */
	storesBaseUrl: string;
	apiKey: string;
}

const KOTIS_KWF_BASE = '/kotis/kwf/api/v1';
const KOTIS_STORES_BASE = '/kotis/stores/api/v1';

/** The Kotis Design stand-in: two API hosts under `/kotis`, admin under `/__admin/kotis`. */
export function createKotisVendor(options?: KotisOptions): VendorModule<KotisInfo> {
	const resolved = resolveKotisOptions(options);
	const state = new KotisState(resolved);
	return {
		name: 'kotis',
		mounts: [
			{ name: 'kwf', basePath: KOTIS_KWF_BASE, router: createKwfRouter(state, resolved) },
			{ name: 'stores', basePath: KOTIS_STORES_BASE, router: createStoresRouter(state, resolved) },
		],
		adminRouter: createKotisAdminRouter(state),
		reset: () => state.reset(),
		info: (serverUrl) => ({
			baseUrl: `${serverUrl}${KOTIS_KWF_BASE}`,
			storesBaseUrl: `${serverUrl}${KOTIS_STORES_BASE}`,
			apiKey: resolved.apiKey,
		}),
	};
}
