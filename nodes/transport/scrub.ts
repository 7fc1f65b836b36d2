import type { ICredentialDataDecryptedObject } from 'n8n-workflow';

import { clip, isRecord } from './text';

/**
 * Secret scrubbing. n8n does not scrub what a node puts into an error, and vendors echo input
 * back ("Invalid key abc..."), so every string that leaves the transport goes through `scrub`.
 */

/** Shorter values are not treated as secrets: replacing "a" everywhere would garble messages. */
const MIN_SECRET_LENGTH = 4;

export function collectSecrets(
	credentials: ICredentialDataDecryptedObject | undefined,
	fields: string[],
	/** Secret values a request carries that are not credential fields (a webhook secret the node generated). */
	extra: string[] = [],
): string[] {
	const found = new Set<string>();
	const visit = (value: unknown, depth: number) => {
		if (depth > 5) return;
		if (typeof value === 'string') {
			if (value.length < MIN_SECRET_LENGTH) return;
			found.add(value);
			// The same value as it would appear inside a URL.
			found.add(encodeURIComponent(value));
			return;
		}
		if (Array.isArray(value)) value.forEach((entry) => visit(entry, depth + 1));
		else if (isRecord(value)) Object.values(value).forEach((entry) => visit(entry, depth + 1));
	};
	for (const field of fields) visit(credentials?.[field], 0);
	for (const value of extra) visit(value, 0);
	for (const pair of basicAuthPairs(credentials, fields)) found.add(pair);
	// Longest first, so a secret containing another secret is replaced whole.
	return [...found].sort((a, b) => b.length - a.length);
}

/**
 * HTTP Basic auth sends `base64(user:password)`, and a vendor echoing the Authorization header
 * would quote it: the base64 of every `<credential field>:<secret field>` pair is a secret too, so
 * any Basic-auth credential is covered without naming its fields (Kounta: clientId:clientSecret).
 */
function basicAuthPairs(
	credentials: ICredentialDataDecryptedObject | undefined,
	fields: string[],
): string[] {
	if (!credentials) return [];
	const users = Object.values(credentials).filter(
		(value): value is string => typeof value === 'string' && value !== '',
	);
	const passwords = fields
		.map((field) => credentials[field])
		.filter(
			(value): value is string => typeof value === 'string' && value.length >= MIN_SECRET_LENGTH,
		);
	return users.flatMap((user) =>
		passwords.map((password) => Buffer.from(`${user}:${password}`).toString('base64')),
	);
}

export function scrub(value: string, secrets: string[]): string {
	let result = value;
	for (const secret of secrets) {
		if (result.includes(secret)) result = result.split(secret).join('***');
	}
	return result;
}

/** Deep copy of JSON-like data with every string scrubbed; bounded in depth and breadth. */
export function scrubDeep(value: unknown, secrets: string[], depth = 0): unknown {
	if (typeof value === 'string') return scrub(clip(value, 1000), secrets);
	if (value === null || typeof value !== 'object') return value;
	if (depth >= 5) return '[…]';
	if (Array.isArray(value)) {
		return value.slice(0, 20).map((entry) => scrubDeep(entry, secrets, depth + 1));
	}
	const copy: Record<string, unknown> = {};
	for (const [key, entry] of Object.entries(value).slice(0, 50)) {
		copy[scrub(key, secrets)] = scrubDeep(entry, secrets, depth + 1);
	}
	return copy;
}
