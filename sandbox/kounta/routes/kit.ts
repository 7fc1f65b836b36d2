import type { Request, RequestHandler, Response } from 'express';
import type { z } from 'zod';

import type { ResolvedKountaOptions } from '../options';
import { issueText } from '../schemas';
import type { KountaState } from '../state';
import type { KountaWebhookSender } from '../webhooks';

/** What every Kounta route uses: the stand-in's state and options, and Kounta's ways of answering. */
export interface KountaKit {
	state: KountaState;
	sender: KountaWebhookSender;
	options: ResolvedKountaOptions;
	/** Error body per `errorShape` (3.4: no official format). */
	fail: (res: Response, status: number, error: string, description: string) => void;
	notFound: (res: Response, what: string) => void;
	/** The parsed body, or undefined after answering 400 with the issues. */
	parse: <S extends z.ZodTypeAny>(
		schema: S,
		res: Response,
		body: unknown,
	) => z.output<S> | undefined;
	/** `https://host/kounta/v1/companies/<cid>/<rest>` keeping the caller's `me` and `.json`. */
	resourceUrl: (req: Request, res: Response, rest: string) => string;
	/** 201 with Location, and the resource or no body per `createdBody`. */
	created: (req: Request, res: Response, rest: string, resource: unknown) => void;
	sendPage: <T extends { id: number }>(
		req: Request,
		res: Response,
		all: T[],
		view?: (item: T) => unknown,
	) => void;
	/** Passes only when every id in the path is numeric: `/orders/complete` and friends are list filters, not ids. */
	numeric: RequestHandler;
}

export function isRecord(v: unknown): v is Record<string, unknown> {
	return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** The query string of a request, parsed. */
export function searchParams(req: Request): URLSearchParams {
	return new URL(req.originalUrl, 'http://sandbox.invalid').searchParams;
}

export function createKountaKit(
	state: KountaState,
	sender: KountaWebhookSender,
	options: ResolvedKountaOptions,
): KountaKit {
	const fail: KountaKit['fail'] = (res, status, error, description) => {
		res
			.status(status)
			.json(
				options.errorShape === 'message'
					? { message: description }
					: { error, error_description: description },
			);
	};
	const resourceUrl: KountaKit['resourceUrl'] = (req, res, rest) =>
		`${req.protocol}://${req.get('host') ?? 'localhost'}${req.baseUrl.replace(/\/companies\/[^/]+$/, '')}/companies/${String(req.params.cid)}${rest}${String(res.locals.kountaExt)}`;
	return {
		state,
		sender,
		options,
		fail,
		notFound: (res, what) => fail(res, 404, 'not_found', `${what} not found`),
		parse: (schema, res, body) => {
			const result = schema.safeParse(body);
			if (result.success) return result.data as z.output<typeof schema>;
			fail(res, 400, 'invalid_request', issueText(result.error));
			return undefined;
		},
		resourceUrl,
		created: (req, res, rest, resource) => {
			res.status(201).set('Location', resourceUrl(req, res, rest));
			if (options.createdBody === 'resource') res.json(resource);
			else res.end();
		},
		sendPage: (req, res, all, view) => sendPage(options, req, res, all, view),
		numeric: (req, _res, next) => {
			if (
				Object.entries(req.params).every(
					([k, v]) => k === 'cid' || typeof v !== 'string' || /^\d+$/.test(v),
				)
			)
				next();
			else next('route');
		},
	};
}

/**
 * One page of `items` (ascending ids) with the paging headers of `options.paging`. The page is
 * the `X-Page` request header (0-based) or the `page` query parameter (1-based, what `X-Next-Page`
 * carries); `start=<id>` keeps only items after that id (the `start` cursor of gokounta and brewhq).
 */
function sendPage<T extends { id: number }>(
	options: ResolvedKountaOptions,
	req: Request,
	res: Response,
	all: T[],
	view: (item: T) => unknown = (i) => i,
): void {
	const params = searchParams(req);
	const start = Number(params.get('start'));
	const items = [...all]
		.sort((a, b) => a.id - b.id)
		.filter((i) => !params.has('start') || !Number.isFinite(start) || i.id > start);
	const headerPage = Number(req.headers['x-page']);
	const queryPage = Number(params.get('page'));
	let page =
		req.headers['x-page'] !== undefined && Number.isInteger(headerPage)
			? headerPage
			: Number.isInteger(queryPage) && queryPage >= 1
				? queryPage - 1
				: 0;
	if (page < 0) page = 0;
	const size = options.pageSize;
	const pages = Math.max(1, Math.ceil(items.length / size));
	if (options.paging !== 'nextPage') res.set('X-Pages', String(pages));
	if (options.paging !== 'pages' && page + 1 < pages) {
		const next = new URL(`${req.protocol}://${req.get('host') ?? 'localhost'}${req.originalUrl}`);
		next.searchParams.set('page', String(page + 2));
		res.set('X-Next-Page', next.toString());
	}
	res.json(items.slice(page * size, (page + 1) * size).map(view));
}
