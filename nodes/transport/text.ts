/** Short texts for messages: the transport's own words, never a raw vendor body. */

const MAX_TEXT = 500;

export function isRecord(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A non-empty string (trimmed), or a number/boolean as text; anything else undefined. */
export function text(value: unknown): string | undefined {
	if (typeof value === 'string' && value.trim() !== '') return value.trim();
	if (typeof value === 'number' || typeof value === 'boolean') return String(value);
	return undefined;
}

/** One line, at most `max` characters. */
export function clip(value: string, max = MAX_TEXT): string {
	const flat = value.replace(/\s+/g, ' ').trim();
	return flat.length > max ? `${flat.slice(0, max)}…` : flat;
}

export function duration(ms: number): string {
	if (ms < 1000) return `${Math.max(0, Math.round(ms))} ms`;
	if (ms < 120_000) return `${Math.round(ms / 100) / 10} s`;
	return `${Math.round(ms / 6000) / 10} min`;
}

export function attemptsText(attempts: number): string {
	return `${attempts} attempt${attempts === 1 ? '' : 's'}`;
}

/** A short, single-line excerpt of a response body for error descriptions. */
export function bodyExcerpt(body: unknown, max = 300): string | undefined {
	if (body === undefined || body === null) return undefined;
	if (typeof body === 'string') return body.trim() === '' ? undefined : clip(body, max);
	try {
		return clip(JSON.stringify(body), max);
	} catch {
		return undefined;
	}
}

/** `https://host/a/b?x=…` → `/a/b`. */
export function pathOnly(target: string): string {
	return target.replace(/^https?:\/\/[^/]*/i, '').split('?')[0] || '/';
}
