import type { RequestHandler, Router } from 'express';

import { requestContext } from '../../core/vendor';
import { basicCredentials, sameSecret } from '../oauth';
import type { KountaRateLimiter } from '../api';
import { isRecord, type KountaKit } from './kit';

/**
 * 3.1: the format comes from the `.json` extension or the Accept header. Strips the extension so the
 * routes see one path; remembers it for Location and next-page URLs.
 */
export function formatExtension({ fail }: KountaKit): RequestHandler {
	return (req, res, next) => {
		const [path, query] = [
			req.url.split('?')[0],
			req.url.includes('?') ? req.url.slice(req.url.indexOf('?')) : '',
		];
		const ext = /\.(json|xml)$/i.exec(path);
		res.locals.kountaExt = '';
		if (ext) {
			if (ext[1].toLowerCase() === 'xml') {
				fail(
					res,
					406,
					'not_acceptable',
					'XML is no longer supported; use .json or Accept: application/json',
				);
				return;
			}
			res.locals.kountaExt = '.json';
			req.url = path.slice(0, -ext[0].length) + query;
		}
		next();
	};
}

/** 406 unless the caller asks for JSON (Accept or `.json`). */
export function acceptJson({ fail, options }: KountaKit): RequestHandler {
	return (req, res, next) => {
		const accept = (req.headers.accept ?? '').toLowerCase();
		const wantsJson =
			accept.includes('application/json') || (options.acceptWildcard && accept.includes('*/*'));
		if (res.locals.kountaExt !== '.json' && !wantsJson) {
			fail(res, 406, 'not_acceptable', 'Send Accept: application/json or add .json to the path');
			return;
		}
		next();
	};
}

interface Caller {
	kind: 'basic' | 'oauth';
	key: string;
}

/** Auth: Basic client id/secret (own company) or an OAuth2 Bearer token; then the caller's rate limit. */
export function authenticate(kit: KountaKit, limiter: KountaRateLimiter): RequestHandler {
	const { fail, options } = kit;
	return (req, res, next) => {
		const caller = callerOf(kit, req.headers.authorization ?? '');
		if (caller === 'expired') {
			res.set('WWW-Authenticate', 'Bearer error="invalid_token"');
			fail(
				res,
				options.expiredTokenStatus,
				'invalid_token',
				'The access token provided has expired',
			);
			return;
		}
		if (!caller) {
			res.set('WWW-Authenticate', 'Bearer realm="Kounta"');
			fail(res, 401, 'invalid_token', 'The access token provided is invalid');
			return;
		}
		const verdict = limiter.hit(
			caller.key,
			caller.kind === 'basic' ? options.rateLimit.basic : options.rateLimit.oauth,
		);
		res.set({
			'X-Ratelimit-Limit': String(verdict.limit),
			'X-Ratelimit-Remaining': String(verdict.remaining),
			'X-Ratelimit-Reset': String(verdict.resetEpoch),
		});
		if (!verdict.ok) {
			res.set('Retry-After', String(verdict.retryAfterSeconds));
			fail(
				res,
				429,
				'rate_limit_exceeded',
				`Too many requests; retry after ${verdict.retryAfterSeconds} seconds`,
			);
			return;
		}
		next();
	};
}

function callerOf({ state, options }: KountaKit, header: string): Caller | 'expired' | undefined {
	const basic = basicCredentials(header);
	if (basic) {
		return sameSecret(basic[0], options.clientId) && sameSecret(basic[1], options.clientSecret)
			? { kind: 'basic', key: `basic:${basic[0]}` }
			: undefined;
	}
	const bearer = /^Bearer\s+(\S+)$/i.exec(header)?.[1];
	const status = bearer ? state.tokenStatus(bearer) : 'unknown';
	if (status === 'expired') return 'expired';
	return status === 'valid' && bearer
		? { kind: 'oauth', key: `oauth:${options.clientId}:${state.company.id}` }
		: undefined;
}

/** 3.1: POST/PUT bodies must be application/json, else 400. */
export function jsonBodies({ fail }: KountaKit): RequestHandler {
	return (req, res, next) => {
		if (req.method !== 'POST' && req.method !== 'PUT') {
			next();
			return;
		}
		if (!req.is(['json', '+json'])) {
			fail(res, 400, 'invalid_request', 'Content-Type must be application/json');
			return;
		}
		if (requestContext(res).jsonError !== undefined || !isRecord(req.body)) {
			fail(res, 400, 'invalid_request', 'The request body is not a JSON object');
			return;
		}
		next();
	};
}

/** Mounts `company` under `/companies/:cid`, for `me` and the stand-in's own company only. */
export function mountCompany(router: Router, company: Router, { state, fail }: KountaKit): void {
	router.use(
		'/companies/:cid',
		(req, res, next) => {
			const cid = String(req.params.cid);
			if (cid !== 'me' && cid !== String(state.company.id)) {
				fail(res, 403, 'forbidden', `This credential has no access to company ${cid}`);
				return;
			}
			next();
		},
		company,
	);
}
