import type { VendorModule } from '../core/vendor';
import { createInfluenceIoAdminRouter } from './admin';
import { createInfluenceIoApiRouter, KeyRateLimiter } from './api';
import { resolveInfluenceIoOptions, type InfluenceIoOptions } from './options';
import { InfluenceIoState } from './state';
import { InfluenceIoWebhookSender } from './webhooks';

export type { InfluenceIoOptions } from './options';
/** What tests and the CLI need to call the Influence.io stand-in. */
export interface InfluenceIoInfo {
	/** Replaces `https://platform.api.influence.io` (paths start with `/v1/`). */
	baseUrl: string;
	/** Sent as the `x-api-key` header. */
	apiKey: string;
}

const INFLUENCEIO_BASE = '/influenceio';

/** The Influence.io Platform API stand-in under `/influenceio`, admin under `/__admin/influenceio`. */
export function createInfluenceIoVendor(
	options?: InfluenceIoOptions,
): VendorModule<InfluenceIoInfo> {
	const resolved = resolveInfluenceIoOptions(options);
	const state = new InfluenceIoState(resolved);
	const limiter = new KeyRateLimiter(resolved.rateLimit);
	const sender = new InfluenceIoWebhookSender(state);
	state.onEvent((topic, payload) => sender.publish(topic, payload));
	return {
		name: 'influenceio',
		mounts: [
			{
				name: 'platform',
				basePath: INFLUENCEIO_BASE,
				router: createInfluenceIoApiRouter(state, limiter, resolved),
			},
		],
		adminRouter: createInfluenceIoAdminRouter(state, sender, limiter),
		reset: () => {
			state.reset();
			limiter.clear();
		},
		info: (serverUrl) => ({ baseUrl: `${serverUrl}${INFLUENCEIO_BASE}`, apiKey: resolved.apiKey }),
	};
}
