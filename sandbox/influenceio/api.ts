import { timingSafeEqual } from 'node:crypto';

import { Router, type RequestHandler } from 'express';

import { requestContext } from '../core/vendor';
import type { ResolvedInfluenceIoOptions } from './options';
import { productRoutes, rewardRoutes } from './routes/catalog';
import { customerRoutes } from './routes/customers';
import { fail } from './routes/kit';
import { orderRoutes } from './routes/orders';
import { webhookRoutes } from './routes/webhooks';
import type { InfluenceIoState } from './state';

/** Sliding-window request counter per API key (usage-plan style). Real time, not the state clock. */
export class KeyRateLimiter {
	private readonly hits = new Map<string, number[]>();

	constructor(private readonly limit: { requests: number; windowMs: number } | null) {}

	hit(key: string, now = Date.now()): { ok: true } | { ok: false; retryAfterSeconds: number } {
		if (!this.limit) return { ok: true };
		const { requests, windowMs } = this.limit;
		const recent = (this.hits.get(key) ?? []).filter((t) => t > now - windowMs);
		if (recent.length < requests) {
			recent.push(now);
			this.hits.set(key, recent);
			return { ok: true };
		}
		this.hits.set(key, recent);
		return {
			ok: false,
			retryAfterSeconds: Math.max(1, Math.ceil((recent[0] + windowMs - now) / 1000)),
		};
	}

	clear(): void {
		this.hits.clear();
	}
}

function sameSecret(given: string, expected: string): boolean {
	const a = Buffer.from(given);
	const b = Buffer.from(expected);
	return a.length === b.length && timingSafeEqual(a, b);
}

/** The key first (x-api-key gateways reject unknown keys before any usage plan applies), then the usage plan. */
function apiKeyAndUsagePlan(
	limiter: KeyRateLimiter,
	options: ResolvedInfluenceIoOptions,
): RequestHandler {
	return (req, res, next) => {
		const key = req.headers['x-api-key'];
		if (typeof key !== 'string' || !sameSecret(key, options.apiKey)) {
			fail(
				res,
				options.authFailureStatus,
				options.authFailureStatus === 403 ? 'Forbidden' : 'Unauthorized',
			);
			return;
		}
		const verdict = limiter.hit(key);
		if (!verdict.ok) {
			if (options.retryAfterHeader) res.set('Retry-After', String(verdict.retryAfterSeconds));
			fail(res, 429, 'Too Many Requests');
			return;
		}
		next();
	};
}

const rejectBadJson: RequestHandler = (_req, res, next) => {
	if (requestContext(res).jsonError !== undefined) {
		fail(res, 400, 'Request body is not valid JSON');
		return;
	}
	next();
};

/**
 * The Influence.io Platform API under `/influenceio` (paths `/v1/...` like
 * `https://platform.api.influence.io`): the key and usage plan, then one module per resource under
 * `routes/`.
 */
export function createInfluenceIoApiRouter(
	state: InfluenceIoState,
	limiter: KeyRateLimiter,
	options: ResolvedInfluenceIoOptions,
): Router {
	const kit = { state, options };
	const router = Router();
	router.use(apiKeyAndUsagePlan(limiter, options));
	router.use(rejectBadJson);
	customerRoutes(router, kit);
	orderRoutes(router, kit);
	productRoutes(router, kit);
	rewardRoutes(router, kit);
	webhookRoutes(router, kit);
	router.use((_req, res) => {
		fail(res, 404, 'Not Found');
	});
	return router;
}
