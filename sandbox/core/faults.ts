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
		path: z.string().refine((p) => p === '*' || p.startsWith('/'), {
			message: 'path must start with "/" or be "*"',
		}),
		kind: z.enum(['status', 'rateLimit', 'delay', 'hang', 'afterApply', 'malformed', 'reset']),
		status: z.number().int().min(100).max(599).optional(),
		body: z.unknown().optional(),
		retryAfterSeconds: z.number().int().min(0).optional(),
		delayMs: z.number().int().min(0).optional(),
		times: z.number().int().min(0).default(1),
		skip: z.number().int().min(0).optional(),
		probability: z.number().gt(0).max(1).optional(),
		seed: z.number().int().optional(),
	})
	.strict()
	.refine((f) => f.seed === undefined || f.probability !== undefined, {
		message: 'seed needs probability',
		path: ['seed'],
	});

/**
 * mulberry32: a small seeded PRNG (https://gist.github.com/tommyettinger/46a874533244883189143505d203312c),
 * so a fault with `probability` decides the same way for the n-th matching request on every run.
 */
export function seededRandom(seed: number): () => number {
	let a = seed >>> 0;
	return () => {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

/** Faults in insertion order; the first live match wins and is consumed. */
export class FaultStore {
	private faults: ActiveFault[] = [];

	private nextId = 1;

	/** The random source of each probabilistic fault, by fault id. */
	private readonly dice = new Map<string, () => number>();

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
		if (spec.probability !== undefined && spec.probability < 1) {
			fault.probability = spec.probability;
			// Without a seed, the fault's number: still the same decisions on every run of the same script.
			fault.seed = spec.seed ?? this.nextId - 1;
			this.dice.set(fault.id, seededRandom(fault.seed));
		}
		this.faults.push(fault);
		return fault;
	}

	list(): ActiveFault[] {
		return this.faults.map((f) => ({ ...f }));
	}

	remove(id: string): boolean {
		const before = this.faults.length;
		this.faults = this.faults.filter((f) => f.id !== id);
		this.dice.delete(id);
		return this.faults.length !== before;
	}

	clear(): number {
		const n = this.faults.length;
		this.faults = [];
		this.dice.clear();
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
		// A fault still letting requests through (`skip`) counts this one and leaves it to the next fault;
		// so does a probabilistic fault whose roll spares this request (it counts in `spared`).
		let fault: ActiveFault | undefined;
		for (const candidate of matching) {
			if (candidate.skip) {
				candidate.skip -= 1;
				continue;
			}
			const roll = this.dice.get(candidate.id);
			if (roll && roll() >= (candidate.probability as number)) {
				candidate.spared = (candidate.spared ?? 0) + 1;
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
const TRUNCATED_JSON =
	'{"data":[{"id":"33315","type":"skus","attributes":{"physical_quantity":0,"availab';

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
				(res as unknown as { end: (...args: unknown[]) => Response }).end = (
					...args: unknown[]
				) => {
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
				res
					.status(200)
					.type('application/json')
					.send(typeof fault.body === 'string' ? fault.body : TRUNCATED_JSON);
				return;
			case 'reset':
				req.socket.destroy();
				return;
		}
	};
}
