import axios from 'axios';

import { OWNER } from './n8n-instance';

/**
 * Connects an OAuth2 credential the way the editor's "Connect" button does, without a browser
 * (n8n 2.41 `controllers/oauth/oauth2-credential.controller.js`):
 *   1. `GET /rest/oauth2-credential/auth?id=<credentialId>` as the owner → the authorize URL (n8n stores
 *      the CSRF state; with browser binding on it also sets a cookie, kept here);
 *   2. `GET <authorize URL>`: the vendor sandbox logs nobody in and answers 302 to n8n's
 *      `/rest/oauth2-credential/callback?code&state`;
 *   3. `GET` that callback (owner cookies included): n8n exchanges the code at the credential's token
 *      URL and stores `oauthTokenData` in the credential.
 * Throws with n8n's or the sandbox's answer when a step fails.
 */
export async function connectOAuth2Credential(
	n8nBaseUrl: string,
	credentialId: string,
): Promise<void> {
	const login = await axios.post(
		`${n8nBaseUrl}/rest/login`,
		{ emailOrLdapLoginId: OWNER.email, password: OWNER.password },
		{ validateStatus: () => true },
	);
	if (login.status !== 200) throw new Error(`n8n login failed: HTTP ${login.status}`);
	const cookies = new Map<string, string>();
	const keep = (setCookie: string[] | undefined) => {
		for (const c of setCookie ?? []) {
			const [pair] = c.split(';');
			const eq = pair.indexOf('=');
			cookies.set(pair.slice(0, eq), pair.slice(eq + 1));
		}
	};
	const cookieHeader = () => [...cookies].map(([k, v]) => `${k}=${v}`).join('; ');
	keep(login.headers['set-cookie']);

	const auth = await axios.get(`${n8nBaseUrl}/rest/oauth2-credential/auth`, {
		params: { id: credentialId },
		headers: { cookie: cookieHeader() },
		validateStatus: () => true,
	});
	if (auth.status !== 200)
		throw new Error(
			`n8n refused to start the OAuth2 flow: HTTP ${auth.status} ${JSON.stringify(auth.data)}`,
		);
	keep(auth.headers['set-cookie']);
	const authorizeUrl = String((auth.data as { data?: unknown }).data ?? auth.data);

	const authorize = await axios.get(authorizeUrl, { maxRedirects: 0, validateStatus: () => true });
	const location = authorize.headers.location as string | undefined;
	if (authorize.status !== 302 || !location) {
		throw new Error(
			`the authorize endpoint did not redirect back: HTTP ${authorize.status} ${JSON.stringify(authorize.data)}`,
		);
	}
	const redirect = new URL(location);
	if (redirect.searchParams.get('error'))
		throw new Error(`the authorize endpoint refused: ${redirect.searchParams.get('error')}`);
	// Whatever host n8n put into redirect_uri, the callback goes to this instance.
	const callback = new URL(`${redirect.pathname}${redirect.search}`, n8nBaseUrl);

	const done = await axios.get(callback.toString(), {
		headers: { cookie: cookieHeader() },
		maxRedirects: 0,
		validateStatus: () => true,
		responseType: 'text',
	});
	const page = String(done.data);
	if (
		done.status !== 200 ||
		/error/i.test(page.match(/<title>[^<]*<\/title>/i)?.[0] ?? '') ||
		page.includes('oauth-error') ||
		/Insufficient parameters|is invalid|failed/i.test(page)
	) {
		throw new Error(`n8n's OAuth2 callback failed: HTTP ${done.status} ${page.slice(0, 600)}`);
	}
}
