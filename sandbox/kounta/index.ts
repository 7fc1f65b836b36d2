import type { VendorModule } from '../core/vendor';
import { createKountaAdminRouter } from './admin';
import { createKountaApiRouter, KountaRateLimiter } from './api';
import { createAuthorizeRouter } from './oauth';
import { resolveKountaOptions, signingKey, type KountaOptions } from './options';
import { KountaPos } from './pos';
import { KOUNTA_COMPANY_ID, KOUNTA_SITE_ID } from './seed';
import { KountaState } from './state';
import { KountaWebhookSender } from './webhooks';

export type { KountaOptions } from './options';
export {
	KOUNTA_DEFAULT_CLIENT_ID,
	KOUNTA_DEFAULT_CLIENT_SECRET,
	KOUNTA_DEFAULT_SIGNATURE_TOKEN,
} from './options';
/** What tests and the CLI need to call the Kounta stand-in. */
export interface KountaInfo {
	/** Replaces `https://api.kounta.com/v1` (no trailing slash). */
	baseUrl: string;
	/** Replaces `https://api.kounta.com/v1/token` (OAuth2 access token URL). */
	tokenUrl: string;
	/** Replaces `https://my.kounta.com/authorize`; redirects straight back with a code. */
	authorizeUrl: string;
	clientId: string;
	clientSecret: string;
	/** The key `X-Kounta-Signature` is computed with (Signature Token or client secret, per options). */
	signatureKey: string;
	signatureEncoding: 'hex' | 'base64';
	companyId: number;
	siteId: number;
}

const KOUNTA_API_BASE = '/kounta/v1';
const KOUNTA_AUTHORIZE_BASE = '/kounta/authorize';

/** The Kounta (Lightspeed O-Series) stand-in: REST + OAuth2 under `/kounta/v1`, authorize at `/kounta/authorize`. */
export function createKountaVendor(options?: KountaOptions): VendorModule<KountaInfo> {
	const resolved = resolveKountaOptions(options);
	const state = new KountaState(resolved);
	const limiter = new KountaRateLimiter(resolved);
	const sender = new KountaWebhookSender(state, resolved);
	const pos = new KountaPos(state, () => resolved.signatureEncoding);
	return {
		name: 'kounta',
		mounts: [
			{
				name: 'api',
				basePath: KOUNTA_API_BASE,
				router: createKountaApiRouter(state, sender, limiter, resolved),
			},
			{
				name: 'my',
				basePath: KOUNTA_AUTHORIZE_BASE,
				router: createAuthorizeRouter(state, resolved),
			},
		],
		adminRouter: createKountaAdminRouter(state, sender, limiter, pos),
		reset: () => {
			state.reset();
			limiter.clear();
		},
		info: (serverUrl) => ({
			baseUrl: `${serverUrl}${KOUNTA_API_BASE}`,
			tokenUrl: `${serverUrl}${KOUNTA_API_BASE}/token`,
			authorizeUrl: `${serverUrl}${KOUNTA_AUTHORIZE_BASE}`,
			clientId: resolved.clientId,
			clientSecret: resolved.clientSecret,
			signatureKey: signingKey(resolved),
			signatureEncoding: resolved.signatureEncoding,
			companyId: KOUNTA_COMPANY_ID,
			siteId: KOUNTA_SITE_ID,
		}),
	};
}
