import type { VendorModule } from '../core/vendor';
import { createInfluitiveAdminRouter } from './admin';
import { createInfluitiveApiRouter, RateLimiter } from './api';
import { resolveInfluitiveOptions, type InfluitiveOptions } from './options';
import { InfluitiveState } from './state';
import { WebhookSender } from './webhooks';

export type { InfluitiveOptions } from './options';
/** What tests and the CLI need to call the Influitive stand-in. */
export interface InfluitiveInfo {
	/** Replaces `https://api.influitive.com` (no version segment). */
	baseUrl: string;
	/** Sent as `Authorization: Token <token>`. */
	token: string;
	/** Sent as the `X_ORG_ID` header. */
	orgId: string;
}

export const INFLUITIVE_BASE = '/influitive';

/** The Influitive AdvocateHub stand-in under `/influitive`, admin under `/__admin/influitive`. */
export function createInfluitiveVendor(options?: InfluitiveOptions): VendorModule<InfluitiveInfo> {
	const resolved = resolveInfluitiveOptions(options);
	const state = new InfluitiveState(resolved);
	const limiter = new RateLimiter(resolved);
	const sender = new WebhookSender(state);
	return {
		name: 'influitive',
		mounts: [
			{
				name: 'api',
				basePath: INFLUITIVE_BASE,
				router: createInfluitiveApiRouter(state, sender, limiter, resolved),
			},
		],
		adminRouter: createInfluitiveAdminRouter(state, sender, limiter),
		reset: () => {
			state.reset();
			limiter.clear();
		},
		info: (serverUrl) => ({
			baseUrl: `${serverUrl}${INFLUITIVE_BASE}`,
			token: resolved.token,
			orgId: resolved.orgId,
		}),
	};
}
