import { Router } from 'express';

import { handleToken } from './oauth';
import type { ResolvedKountaOptions } from './options';
import { catalogRoutes } from './routes/catalog';
import { customerRoutes } from './routes/customers';
import {
	acceptJson,
	authenticate,
	formatExtension,
	jsonBodies,
	mountCompany,
} from './routes/guards';
import { createKountaKit } from './routes/kit';
import { orderRoutes } from './routes/orders';
import { webhookRoutes } from './routes/webhooks';
import type { KountaState } from './state';
import type { KountaWebhookSender } from './webhooks';

/**
 * Fixed one-minute windows per credential (3.3: 2ND numbers, 60 Basic / 180 OAuth). Real time.
 */
export class KountaRateLimiter {
	private readonly windows = new Map<string, { start: number; count: number }>();

	constructor(private readonly options: ResolvedKountaOptions) {}

	hit(
		key: string,
		limit: number,
		now = Date.now(),
	): {
		ok: boolean;
		limit: number;
		remaining: number;
		resetEpoch: number;
		retryAfterSeconds: number;
	} {
		const windowMs = this.options.rateLimit.windowMs;
		let w = this.windows.get(key);
		if (!w || now >= w.start + windowMs) {
			w = { start: now, count: 0 };
			this.windows.set(key, w);
		}
		const ok = w.count < limit;
		if (ok) w.count += 1;
		const reset = w.start + windowMs;
		return {
			ok,
			limit,
			remaining: Math.max(0, limit - w.count),
			resetEpoch: Math.ceil(reset / 1000),
			retryAfterSeconds: Math.max(1, Math.ceil((reset - now) / 1000)),
		};
	}

	clear(): void {
		this.windows.clear();
	}
}

/**
 * The REST API under `/kounta/v1` (replaces `https://api.kounta.com/v1`): the guards every call
 * passes (format, Accept, auth and rate limit, JSON bodies, company), then one module per resource
 * under `routes/`.
 */
export function createKountaApiRouter(
	state: KountaState,
	sender: KountaWebhookSender,
	limiter: KountaRateLimiter,
	options: ResolvedKountaOptions,
): Router {
	const kit = createKountaKit(state, sender, options);
	const router = Router();
	router.use(formatExtension(kit));
	router.post('/token', handleToken(state, options));
	router.use(acceptJson(kit));
	router.use(authenticate(kit, limiter));
	router.use(jsonBodies(kit));

	const company = Router({ mergeParams: true });
	mountCompany(router, company, kit);
	catalogRoutes(company, kit);
	customerRoutes(company, kit);
	orderRoutes(company, kit);
	webhookRoutes(company, kit);

	router.use((req, res) => kit.notFound(res, `Route ${req.method} ${req.baseUrl}${req.path}`));
	return router;
}
