import type { RequestHandler, Response } from 'express';
import { z } from 'zod';

import type { ActiveFault, FaultSpec } from '../types';
import { requestContext } from './vendor';

export const faultSpecSchema = z
	.object({
		vendor: z.string().min(1),
		method: z
			.string()
			.min(1)
			.optional()
			.transform((m) => (m ?? '*').toUpperCase()),
		path: z.string().refine((p) => p === '*' || p.startsWith('/'), { message: 'path must start with "/" or be "*"' }),
		kind: z.enum(['status', 'rateLimit', 'delay', 'hang', 'afterApply', 'malformed', 'reset']),
		status: z.number().int().min(100).max(599).optional(),
		body: z.unknown().optional(),
		retryAfterSeconds: z.number().int().min(0).optional(),
		delayMs: z.number().int().min(0).optional(),
		times: z.number().int().min(0).default(1),
		skip: z.number().int().min(0).optional(),
	})
	.strict();

/** Faults in insertion order; the first live match wins and is consumed. */
export class FaultStore {
	private faults: ActiveFault[] = [];

	private nextId = 1;

	add(spec: z.output<typeof faultSpecSchema> | FaultSpec): ActiveFault {
		const times = spec.times ?? 1;
		const fault: ActiveFault = {
			id: `fault-${this.nextId++}`,
			vendor: spec.vendor,
			method: (spec.method ?? '*').toUpperCase(),
			path: spec.path,
			kind: spec.kind,
			times,
			hits: 0,
			remaining: times === 0 ? null : times,
		};
		if (spec.status !== undefined) fault.status = spec.status;
		if (spec.body !== undefined) fault.body = spec.body;
		if (spec.retryAfterSeconds !== undefined) fault.retryAfterSeconds = spec.retryAfterSeconds;
		if (spec.delayMs !== undefined) fault.delayMs = spec.delayMs;
		if (spec.skip) fault.skip = spec.skip;
		this.faults.push(fault);
		return fault;
	}

	list(): ActiveFault[] {
		return this.faults.map((f) => ({ ...f }));
	}

	remove(id: string): boolean {
		const before = this.faults.length;
		this.faults = this.faults.filter((f) => f.id !== id);
		return this.faults.length !== before;
	}

	clear(): number {
		const n = this.faults.length;
		this.faults = [];
		return n;
	}

	/** Finds the first fault matching the request, counts one application and returns a snapshot. */
	take(vendor: string, method: string, paths: readonly string[]): ActiveFault | undefined {
		const upper = method.toUpperCase();
		const matching = this.faults.filter(
			(f) =>
				f.vendor === vendor &&
				(f.method === '*' || f.method === upper) &&
				(f.path === '*' || paths.includes(f.path)),
		);
		// A fault still letting requests through (`skip`) counts this one and leaves it to the next fault.
		let fault: ActiveFault | undefined;
		for (const candidate of matching) {
			if (candidate.skip) {
				candidate.skip -= 1;
				continue;
			}
			fault = candidate;
			break;
		}
		if (!fault) return undefined;
		fault.hits += 1;
		if (fault.remaining !== null) {
			fault.remaining -= 1;
			if (fault.remaining <= 0) this.remove(fault.id);
		}
		return { ...fault };
	}
}

/** setTimeout bookkeeping so `close()` can cancel delayed requests. */
export class TimerSet {
	private readonly timers = new Set<NodeJS.Timeout>();

	private stopped = false;

	schedule(ms: number, fn: () => void): void {
		if (this.stopped) return;
		const timer = setTimeout(() => {
			this.timers.delete(timer);
			if (!this.stopped) fn();
		}, ms);
		this.timers.add(timer);
	}

	stop(): void {
		this.stopped = true;
		for (const t of this.timers) clearTimeout(t);
		this.timers.clear();
	}
}

/** A JSON that stops mid-string: `JSON.parse` must fail on it. */
const TRUNCATED_JSON = '{"data":[{"id":"33315","type":"skus","attributes":{"physical_quantity":0,"availab';

function sendFaultBody(res: Response, status: number, body: unknown): void {
	res.status(status);
	if (typeof body === 'string') res.type('text/plain').send(body);
	else res.json(body);
}

/**
 * Applies injected faults. Mounted after recording and body reading, before the vendor router
 * (so before auth and handlers).
 */
export function faultInjection(store: FaultStore, timers: TimerSet): RequestHandler {
	return (req, res, next) => {
		const ctx = requestContext(res);
		const fault = store.take(ctx.vendor, req.method, [ctx.relativePath, ctx.fullPath]);
		if (!fault) {
			next();
			return;
		}
		ctx.fault = fault.kind;
		switch (fault.kind) {
			case 'status':
				sendFaultBody(res, fault.status ?? 500, fault.body ?? { error: 'injected' });
				return;
			case 'rateLimit':
				res.set('Retry-After', String(fault.retryAfterSeconds ?? 1));
				sendFaultBody(res, fault.status ?? 429, fault.body ?? { error: 'rate limited (injected)' });
				return;
			case 'delay':
				// The real handler runs after the delay even when the client has already given up, like a
				// real server would: a timed-out POST may still have created the order.
				timers.schedule(fault.delayMs ?? 1000, () => next());
				return;
			case 'afterApply': {
				// The handler makes the change now; only its answer is held back (and replaced by the fault's status).
				const end = res.end.bind(res) as (...args: unknown[]) => Response;
				(res as unknown as { end: (...args: unknown[]) => Response }).end = (...args: unknown[]) => {
					timers.schedule(fault.delayMs ?? 0, () => {
						if (fault.status === undefined || res.headersSent) {
							end(...args);
							return;
						}
						res.removeHeader('Content-Length');
						res.removeHeader('ETag');
						res.status(fault.status);
						res.type('application/json');
						end(JSON.stringify(fault.body ?? { error: 'injected after the change was made' }));
					});
					return res;
				};
				next();
				return;
			}
			case 'hang':
				// Never answer. The socket closes when the client gives up or `close()` destroys it.
				return;
			case 'malformed':
				res.status(200).type('application/json').send(typeof fault.body === 'string' ? fault.body : TRUNCATED_JSON);
				return;
			case 'reset':
				req.socket.destroy();
				return;
		}
	};
}
