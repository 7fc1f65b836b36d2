import type { Request, Response } from 'express';
import type { z } from 'zod';

import type { ResolvedInfluenceIoOptions } from '../options';
import { issuesMessage } from '../schemas';
import type { InfluenceIoState } from '../state';

/** What the Influence.io routes share. */
export interface InfluenceIoKit {
	state: InfluenceIoState;
	options: ResolvedInfluenceIoOptions;
}

/** The only error shape the docs imply: `{"message": "..."}` (C1). */
export function fail(res: Response, status: number, message: string): void {
	res.status(status).json({ message });
}

export function parse400<S extends z.ZodTypeAny>(
	schema: S,
	body: unknown,
	res: Response,
): z.output<S> | undefined {
	const result = schema.safeParse(body ?? {});
	if (result.success) return result.data as z.output<S>;
	fail(res, 400, issuesMessage(result.error));
	return undefined;
}

export function searchParams(req: Request): URLSearchParams {
	return new URL(req.originalUrl, 'http://sandbox.invalid').searchParams;
}
