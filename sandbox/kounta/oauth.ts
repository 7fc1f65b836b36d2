import { timingSafeEqual } from 'node:crypto';

import { Router, type Request, type Response } from 'express';

import { requestContext } from '../core/vendor';
import type { ResolvedKountaOptions } from './options';
import type { KountaState } from './state';

export function sameSecret(given: string, expected: string): boolean {
	const a = Buffer.from(given);
	const b = Buffer.from(expected);
	return a.length === b.length && timingSafeEqual(a, b);
}

/** `Authorization: Basic base64(id:secret)` → `[id, secret]`, or undefined. */
export function basicCredentials(header: string | undefined): [string, string] | undefined {
	const match = /^Basic\s+(\S+)$/i.exec(header ?? '');
	if (!match) return undefined;
	const decoded = Buffer.from(match[1], 'base64').toString('utf8');
	const colon = decoded.indexOf(':');
	return colon < 0 ? undefined : [decoded.slice(0, colon), decoded.slice(colon + 1)];
}

/** RFC 6749 error reply (the token endpoint speaks OAuth2 whatever `errorShape` says). */
function oauthError(res: Response, status: number, error: string, description: string): void {
	res
		.status(status)
		.set('Cache-Control', 'no-store')
		.json({ error, error_description: description });
}

/** Form (what the clients send, 2.2) or JSON; anything else is not a token request. */
function tokenParams(req: Request, res: Response): Record<string, string> | undefined {
	const raw = requestContext(res).rawBody;
	if (req.is('application/x-www-form-urlencoded'))
		return Object.fromEntries(new URLSearchParams(raw));
	if (req.is(['json', '+json']) && req.body !== null && typeof req.body === 'object') {
		return Object.fromEntries(
			Object.entries(req.body as Record<string, unknown>).map(([k, v]) => [k, String(v)]),
		);
	}
	return undefined;
}

/**
 * `POST /v1/token` (and `/v1/token.json`, 2.2): `authorization_code` and `refresh_token` grants (and
 * `client_credentials` when enabled). Client id/secret in the form (as the clients send them) or as Basic.
 */
export function handleToken(state: KountaState, options: ResolvedKountaOptions) {
	return (req: Request, res: Response): void => {
		const params = tokenParams(req, res);
		if (!params) {
			oauthError(
				res,
				400,
				'invalid_request',
				'send the token request as application/x-www-form-urlencoded',
			);
			return;
		}
		const [clientId, clientSecret] = basicCredentials(req.headers.authorization) ?? [
			params.client_id ?? '',
			params.client_secret ?? '',
		];
		if (
			!sameSecret(clientId, options.clientId) ||
			!sameSecret(clientSecret, options.clientSecret)
		) {
			oauthError(res, 401, 'invalid_client', 'The client credentials are invalid');
			return;
		}
		switch (params.grant_type) {
			case 'authorization_code':
				if (!params.code || !state.takeCode(params.code, params.redirect_uri)) {
					oauthError(
						res,
						400,
						'invalid_grant',
						'The authorization code is invalid, expired, already used, or was issued for another redirect_uri',
					);
					return;
				}
				res.set('Cache-Control', 'no-store').json(state.issueTokens());
				return;
			case 'refresh_token': {
				const refresh = params.refresh_token ?? '';
				if (!state.refreshTokens.has(refresh)) {
					oauthError(res, 400, 'invalid_grant', 'Invalid refresh token');
					return;
				}
				res.set('Cache-Control', 'no-store').json(state.issueTokens(refresh));
				return;
			}
			case 'client_credentials':
				if (options.allowClientCredentials) {
					res.set('Cache-Control', 'no-store').json(state.issueTokens());
					return;
				}
				oauthError(
					res,
					400,
					'unsupported_grant_type',
					'The grant type client_credentials is not supported',
				);
				return;
			default:
				oauthError(
					res,
					400,
					'unsupported_grant_type',
					`The grant type "${params.grant_type ?? ''}" is not supported`,
				);
		}
	};
}

/**
 * Stand-in of `https://my.kounta.com/authorize` for a headless OAuth2 flow: there is no login and no
 * permission dialog, a valid request is redirected straight back with `code` and `state`.
 */
export function createAuthorizeRouter(state: KountaState, options: ResolvedKountaOptions): Router {
	const router = Router();
	router.get('/', (req, res) => {
		const query = new URL(req.originalUrl, 'http://sandbox.invalid').searchParams;
		const clientId = query.get('client_id') ?? '';
		const redirectUri = query.get('redirect_uri') ?? '';
		const stateParam = query.get('state');
		// Errors about the client or the redirect target are shown, never redirected (RFC 6749 4.1.2.1).
		if (!sameSecret(clientId, options.clientId)) {
			res.status(400).json({ error: 'invalid_client', error_description: 'Unknown client_id' });
			return;
		}
		let target: URL;
		try {
			target = new URL(redirectUri);
			if (target.protocol !== 'http:' && target.protocol !== 'https:') throw new Error('not http');
		} catch {
			res.status(400).json({
				error: 'invalid_request',
				error_description: 'redirect_uri must be an absolute http(s) URL',
			});
			return;
		}
		if (options.redirectUris.length > 0 && !options.redirectUris.includes(redirectUri)) {
			res.status(400).json({
				error: 'invalid_request',
				error_description: 'redirect_uri is not one of the add-on redirect URLs',
			});
			return;
		}
		if (options.requireState && !stateParam) {
			res.status(400).json({ error: 'invalid_request', error_description: 'state is required' });
			return;
		}
		if (stateParam) target.searchParams.set('state', stateParam);
		if (query.get('response_type') !== 'code') {
			target.searchParams.set('error', 'unsupported_response_type');
		} else {
			target.searchParams.set('code', state.issueCode(redirectUri));
		}
		res.redirect(302, target.toString());
	});
	return router;
}
