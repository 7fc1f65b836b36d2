import type { Request, RequestHandler, Response } from 'express';
import type { z } from 'zod';

import { requestContext } from '../../core/vendor';
import type { ResolvedInfluitiveOptions } from '../options';
import { errorMessages } from '../schemas';
import type { InfluitiveState } from '../state';
import type { InfluitiveMember } from '../types';
import type { WebhookSender } from '../webhooks';

/** What the Influitive routes share. */
export interface InfluitiveKit {
	state: InfluitiveState;
	sender: WebhookSender;
	options: ResolvedInfluitiveOptions;
}

/** Rails answers routing misses and missing records on JSON requests with this shape. */
export function notFound(res: Response): void {
	res.status(404).json({ status: 404, error: 'Not Found' });
}

/** Validation failures: 422 `{"errors": [...]}` (shape inferred; Influitive publishes no error envelope). */
export function unprocessable(res: Response, errors: string[]): void {
	res.status(422).json({ errors });
}

export function parse422<S extends z.ZodTypeAny>(
	schema: S,
	body: unknown,
	res: Response,
): z.output<S> | undefined {
	const result = schema.safeParse(body ?? {});
	if (result.success) return result.data as z.output<S>;
	unprocessable(res, errorMessages(result.error));
	return undefined;
}

/** The parsed query string (`q[status]` stays a flat key, whatever express's query parser does). */
export function searchParams(req: Request): URLSearchParams {
	return new URL(req.originalUrl, 'http://sandbox.invalid').searchParams;
}

/**
 * One page of `items` plus `links` (C3's `{"links": {"self", "next"}}`): full URLs keeping the other
 * query parameters, with a `page` parameter (1-based). Page size and parameter name are UNDOCUMENTED.
 */
export function paginate<T>(
	req: Request,
	items: T[],
	options: ResolvedInfluitiveOptions,
): { items: T[]; links: Record<string, string | null> } {
	const requested = Number(searchParams(req).get('page') ?? '1');
	const page = Number.isInteger(requested) && requested >= 1 ? requested : 1;
	const size = options.pageSize;
	const url = new URL(`${req.protocol}://${req.get('host') ?? 'localhost'}${req.originalUrl}`);
	const at = (n: number): string => {
		url.searchParams.set('page', String(n));
		return url.toString();
	};
	const links: Record<string, string | null> = { self: at(page) };
	if (page * size < items.length) links.next = at(page + 1);
	else if (options.lastPageNext === 'null') links.next = null;
	else if (options.lastPageNext === 'empty') links.next = '';
	return { items: items.slice((page - 1) * size, page * size), links };
}

/** `active` (joined), `nominee` (not joined yet) or `locked`: what `q[status]` filters on (inferred). */
export function memberStatus(member: InfluitiveMember): string {
	if (member.locked_at) return 'locked';
	return member.type === 'Nominee' || !member.joined_at ? 'nominee' : 'active';
}

/** A JSON body that does not parse: Rails answers 400 before the action runs. */
export const rejectBadJson: RequestHandler = (_req, res, next) => {
	if (requestContext(res).jsonError !== undefined) {
		res.status(400).json({ status: 400, error: 'Bad Request' });
		return;
	}
	next();
};
