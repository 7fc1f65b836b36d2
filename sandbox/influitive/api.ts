import { Router } from 'express';

import type { ResolvedInfluitiveOptions } from './options';
import { eventRoutes } from './routes/events';
import { authenticate, requestIdAndRuntime, throttle } from './routes/guards';
import { memberRoutes } from './routes/members';
import { messageRoutes } from './routes/messages';
import { redemptionRoutes } from './routes/redemptions';
import { referralRoutes } from './routes/referrals';
import { rewardRoutes } from './routes/rewards';
import type { InfluitiveState } from './state';
import type { WebhookSender } from './webhooks';

/**
 * Sliding-window request counter per client IP (published: 200 requests from one IP in any 5 minutes).
 * Real time, not the state clock.
 */
export class RateLimiter {
	private readonly hits = new Map<string, number[]>();

	constructor(private readonly options: ResolvedInfluitiveOptions) {}

	/** Counts a request; returns the seconds to wait when it is over the limit. */
	hit(ip: string, now = Date.now()): { ok: true } | { ok: false; retryAfterSeconds: number } {
		const { requests, windowMs } = this.options.rateLimit;
		const recent = (this.hits.get(ip) ?? []).filter((t) => t > now - windowMs);
		const throttled = recent.length >= requests;
		if (!throttled || this.options.countThrottled) recent.push(now);
		this.hits.set(ip, recent);
		if (!throttled) return { ok: true };
		// The next request passes once all but `requests - 1` of the counted ones have left the window.
		const mustExpire = recent[recent.length - requests];
		return {
			ok: false,
			retryAfterSeconds: Math.max(1, Math.ceil((mustExpire + windowMs - now) / 1000)),
		};
	}

	clear(): void {
		this.hits.clear();
	}
}

/**
 * The Influitive API under `/influitive` (like `https://api.influitive.com`, no version segment):
 * the guards every call passes (request id, WAF throttle, auth), then one module per resource under
 * `routes/`.
 */
export function createInfluitiveApiRouter(
	state: InfluitiveState,
	sender: WebhookSender,
	limiter: RateLimiter,
	options: ResolvedInfluitiveOptions,
): Router {
	const kit = { state, sender, options };
	const router = Router();
	router.use(requestIdAndRuntime);
	router.use(throttle(limiter, options));
	router.use(authenticate(options));
	memberRoutes(router, kit);
	redemptionRoutes(router, kit);
	eventRoutes(router, kit);
	rewardRoutes(router, kit);
	referralRoutes(router, kit);
	messageRoutes(router, kit);
	return router;
}
