import { randomUUID, timingSafeEqual } from 'node:crypto';
import { performance } from 'node:perf_hooks';

import type { RequestHandler, Response } from 'express';

import type { RateLimiter } from '../api';
import type { ResolvedInfluitiveOptions } from '../options';

function sameSecret(given: string, expected: string): boolean {
	const a = Buffer.from(given);
	const b = Buffer.from(expected);
	return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * `X-Request-Id` and `X-Runtime`, documented on every response (R1). The runtime is known only when
 * the headers go out, so it is added by the response's `writeHead`, wrapped on this response only.
 */
export const requestIdAndRuntime: RequestHandler = (_req, res, next) => {
	const started = performance.now();
	res.setHeader('X-Request-Id', randomUUID());
	const writeHead = res.writeHead.bind(res) as (...args: unknown[]) => Response;
	res.writeHead = ((...args: unknown[]) => {
		if (!res.headersSent)
			res.setHeader('X-Runtime', ((performance.now() - started) / 1000).toFixed(6));
		return writeHead(...args);
	}) as typeof res.writeHead;
	next();
};

/** Throttling first: the AWS WAF sits in front of the application. */
export function throttle(limiter: RateLimiter, options: ResolvedInfluitiveOptions): RequestHandler {
	return (req, res, next) => {
		const verdict = limiter.hit(req.socket.remoteAddress ?? 'unknown');
		if (verdict.ok) {
			next();
			return;
		}
		res.status(options.throttleStatus).set('Retry-After', String(verdict.retryAfterSeconds));
		// Bodies inferred: a WAF block page for 403, a plain reason for 429.
		if (options.throttleStatus === 403) {
			res
				.type('text/html')
				.send(
					'<html><head><title>403 Forbidden</title></head><body><center><h1>403 Forbidden</h1></center></body></html>\n',
				);
		} else {
			res.type('text/plain').send('Rate limit exceeded\n');
		}
	};
}

/** Auth exactly as documented: `Authorization: Token <token>` and `X_ORG_ID`, else 401, empty text/plain. */
export function authenticate(options: ResolvedInfluitiveOptions): RequestHandler {
	return (req, res, next) => {
		const authorization = req.headers.authorization;
		// Node lower-cases header names and keeps the underscores: `X_ORG_ID` arrives as `x_org_id`.
		let orgId = req.headers['x_org_id'];
		if (orgId === undefined && options.acceptDashedOrgHeader) orgId = req.headers['x-org-id'];
		const tokenOk =
			typeof authorization === 'string' && sameSecret(authorization, `Token ${options.token}`);
		const orgOk = typeof orgId === 'string' && sameSecret(orgId, options.orgId);
		if (!tokenOk || !orgOk) {
			// setHeader, not express's set()/send(): those add "; charset=utf-8", which the example does not have.
			res.status(401);
			res.setHeader('WWW-Authenticate', 'Token realm=Api');
			res.setHeader('Content-Type', 'text/plain');
			res.setHeader('Content-Length', '0');
			res.end();
			return;
		}
		next();
	};
}
