import type { IDataObject } from 'n8n-workflow';

import { clip, isRecord, text } from './text';
import type { ErrorExtractor } from './types';

/**
 * Reusable error-shape extractors: each recognises one way a vendor says a call failed. A vendor
 * profile composes them with `firstError`.
 */

/** A response body as an object; anything else (empty, array, text) as `{}`. */
export const asObject = (body: unknown): IDataObject =>
	isRecord(body) ? (body as IDataObject) : {};

/**
 * JSON:API `{"errors":[{"title","detail"}]}` (Kotis). Detected at ANY status, because Kotis
 * documents `errors` on what may be HTTP 200. Entries become `title: detail`, joined with `; `.
 */
export const jsonApiErrors: ErrorExtractor = ({ body }) => {
	if (!isRecord(body) || !Array.isArray(body.errors) || body.errors.length === 0) return undefined;
	const parts = body.errors
		.map((entry) => {
			if (!isRecord(entry)) return text(entry);
			const title = text(entry.title);
			const detail = text(entry.detail);
			return title && detail ? `${title}: ${detail}` : (title ?? detail ?? text(entry.message));
		})
		.filter((part): part is string => part !== undefined);
	return {
		message: clip(parts.length > 0 ? parts.join('; ') : 'unspecified error'),
		details: body.errors,
	};
};

/** `{"message": "..."}` on an error status (Influence.io). */
export const messageField: ErrorExtractor = ({ statusCode, body }) => {
	if (statusCode < 400 || !isRecord(body)) return undefined;
	const message = text(body.message);
	return message ? { message: clip(message) } : undefined;
};

/**
 * Kounta: whichever of `error`, `error_description`, `error_message`, `message` are present, on
 * an error status (OAuth-style `error` + `error_description`, order failures `error_message`).
 */
export const kountaErrorFields: ErrorExtractor = ({ statusCode, body }) => {
	if (statusCode < 400 || !isRecord(body)) return undefined;
	const parts: string[] = [];
	for (const key of ['error', 'error_description', 'error_message', 'message']) {
		const value = text(body[key]);
		if (value && !parts.includes(value)) parts.push(value);
	}
	return parts.length > 0 ? { message: clip(parts.join(': ')) } : undefined;
};

/** Error status with no body at all (Influitive's 401 is an empty text/plain body). */
export const emptyBodyError: ErrorExtractor = ({ statusCode, body }) => {
	if (statusCode < 400) return undefined;
	const empty =
		body === undefined || body === null || (typeof body === 'string' && body.trim() === '');
	return empty ? { message: `HTTP ${statusCode} with an empty body` } : undefined;
};

/** The first extractor that recognises the response wins. */
export function firstError(...extractors: ErrorExtractor[]): ErrorExtractor {
	return (response) => {
		for (const extract of extractors) {
			const info = extract(response);
			if (info) return info;
		}
		return undefined;
	};
}
