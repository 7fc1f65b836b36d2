import { createHash } from 'node:crypto';

/** `sha256:<first 12 hex>` of a secret: stable enough to compare in tests, useless to an attacker. */
export function fingerprint(secret: string): string {
	return `sha256:${createHash('sha256').update(secret).digest('hex').slice(0, 12)}`;
}

/** Request headers whose values are secrets in at least one vendor API. */
const SECRET_HEADERS = new Set([
	'authorization',
	'proxy-authorization',
	'x-api-key',
	'cookie',
	'set-cookie',
]);

/**
 * Body/query keys holding secrets (Kotis redemption codes may carry `API_KEY` in the body,
 * OAuth token exchanges carry `client_secret`, token replies `access_token`).
 */
const SECRET_KEY =
	/^(api[_-]?key|password|client[_-]?secret|secret|access[_-]?token|refresh[_-]?token)$/i;

function redactValue(value: string | string[]): string | string[] {
	return Array.isArray(value) ? value.map((v) => fingerprint(v)) : fingerprint(value);
}

export function redactHeaders(
	headers: Record<string, string | string[] | undefined>,
): Record<string, string | string[]> {
	const out: Record<string, string | string[]> = {};
	for (const [name, value] of Object.entries(headers)) {
		if (value === undefined) continue;
		const key = name.toLowerCase();
		out[key] = SECRET_HEADERS.has(key) ? redactValue(value) : value;
	}
	return out;
}

/** Deep copy of a JSON value with secret-named keys fingerprinted. */
export function redactJson(value: unknown): unknown {
	if (Array.isArray(value)) return value.map((v) => redactJson(v));
	if (value === null || typeof value !== 'object') return value;
	const out: Record<string, unknown> = {};
	for (const [key, v] of Object.entries(value as Record<string, unknown>)) {
		out[key] =
			SECRET_KEY.test(key) && (typeof v === 'string' || typeof v === 'number')
				? fingerprint(String(v))
				: redactJson(v);
	}
	return out;
}
