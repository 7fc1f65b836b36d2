import type { IDataObject, IWebhookFunctions } from 'n8n-workflow';
import { z } from 'zod';

import { describeIssues } from '../../shared/validation';
import { headerValue, rawBodyOf } from '../../shared/webhook';

export const DEFAULT_MAX_DEPTH = 32;
export const MAX_MAX_DEPTH = 1000;

export interface BodyOptions {
	allowEmptyBody?: boolean;
	maxDepth?: number;
}

/** A refusal: the HTTP status and the JSON body's `error` and `reason`. */
interface Refusal {
	status: number;
	error: string;
	reason: string;
}

const jsonObject = z.record(z.string(), z.unknown(), {
	errorMap: (issue, ctx) =>
		issue.code === 'invalid_type'
			? { message: `expected a JSON object, received ${issue.received}` }
			: { message: ctx.defaultError },
});

/** The media type of the request, lower-cased, without parameters (`application/json; charset=utf-8` → `application/json`). */
function mediaType(ctx: IWebhookFunctions): string {
	return (headerValue(ctx, 'content-type') ?? '').split(';')[0].trim().toLowerCase();
}

/**
 * The request body as the workflow gets it, or why it is refused: a JSON object (n8n parses
 * `application/json`; n8n's own payload limit, N8N_PAYLOAD_SIZE_MAX, bounds its size), nested at
 * most `maxDepth` levels and without `__proto__` keys (which downstream merges would turn into
 * prototype pollution). An empty body is `{}` only when `allowEmptyBody` is set.
 */
export function readJsonObjectBody(
	ctx: IWebhookFunctions,
	options: BodyOptions,
): { body: IDataObject } | { refusal: Refusal } {
	const empty = rawBodyOf(ctx).length === 0;
	if (empty) {
		return options.allowEmptyBody
			? { body: {} }
			: {
					refusal: {
						status: 400,
						error: 'invalid_body',
						reason: 'body: the request has no body; send a JSON object',
					},
				};
	}
	const type = mediaType(ctx);
	if (type !== 'application/json') {
		return {
			refusal: {
				status: 415,
				error: 'unsupported_media_type',
				reason: `Content-Type: expected application/json, received ${type ? `"${type}"` : 'none'}`,
			},
		};
	}
	const body: unknown = ctx.getBodyData();
	const invalidJson =
		body === undefined || typeof body === 'string' ? jsonSyntaxError(rawBodyOf(ctx)) : undefined;
	if (invalidJson)
		return {
			refusal: {
				status: 400,
				error: 'invalid_body',
				reason: `body: not valid JSON (${invalidJson})`,
			},
		};
	const parsed = jsonObject.safeParse(body);
	if (!parsed.success)
		return {
			refusal: {
				status: 400,
				error: 'invalid_body',
				reason: `body: ${describeIssues(parsed.error)}`,
			},
		};
	// The body as parsed, not zod's copy: the copy would drop (or act on) a "__proto__" key before it is seen.
	const maxDepth = Math.min(
		Math.max(1, Math.floor(options.maxDepth ?? DEFAULT_MAX_DEPTH)),
		MAX_MAX_DEPTH,
	);
	const problem = structureProblem(body as Record<string, unknown>, maxDepth);
	if (problem) return { refusal: { status: 400, error: 'invalid_body', reason: problem } };
	return { body: body as IDataObject };
}

/**
 * Why `raw` is not JSON, or undefined. n8n 2.41 answers malformed JSON itself (422) before the
 * trigger runs; this names the problem should a body ever arrive unparsed instead.
 */
function jsonSyntaxError(raw: Buffer): string | undefined {
	try {
		JSON.parse(raw.toString('utf8'));
		return undefined;
	} catch (error) {
		return error instanceof Error ? error.message : 'unparseable';
	}
}

/**
 * Walks the body without recursion (a 10,000-deep body must not exhaust the stack) and names the
 * first path that nests too deep or is a `__proto__` key.
 */
function structureProblem(body: Record<string, unknown>, maxDepth: number): string | undefined {
	const stack: Array<{ value: unknown; depth: number; path: string }> = [
		{ value: body, depth: 1, path: 'body' },
	];
	while (stack.length > 0) {
		const { value, depth, path } = stack.pop() as { value: unknown; depth: number; path: string };
		if (value === null || typeof value !== 'object') continue;
		if (depth > maxDepth) return `${path}: the body nests deeper than ${maxDepth} levels`;
		if (Array.isArray(value)) {
			value.forEach((entry, i) =>
				stack.push({ value: entry, depth: depth + 1, path: `${path}[${i}]` }),
			);
			continue;
		}
		for (const key of Object.keys(value)) {
			if (key === '__proto__') return `${path}.__proto__: a "__proto__" key is refused`;
			stack.push({
				value: (value as Record<string, unknown>)[key],
				depth: depth + 1,
				path: `${path}.${key}`,
			});
		}
	}
	return undefined;
}

/** The request headers minus every header in `hidden` (lower-case names). */
export function passedHeaders(ctx: IWebhookFunctions, hidden: string[]): IDataObject {
	const drop = new Set(hidden);
	return Object.fromEntries(
		Object.entries(ctx.getHeaderData()).filter(([name]) => !drop.has(name.toLowerCase())),
	) as IDataObject;
}
