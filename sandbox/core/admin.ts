import express, { Router, type Response } from 'express';
import { z } from 'zod';

import type { RecordedCall } from '../types';
import { faultSpecSchema, type FaultStore } from './faults';
import type { CallRecorder } from './recorder';
import type { VendorModule } from './vendor';

/** Replies 400 with the zod issues; returns the parsed value or undefined. */
export function parseOr400<S extends z.ZodTypeAny>(
	schema: S,
	input: unknown,
	res: Response,
): z.output<S> | undefined {
	const result = schema.safeParse(input);
	if (result.success) return result.data as z.output<S>;
	res.status(400).json({
		error: 'invalid request',
		issues: result.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })),
	});
	return undefined;
}

/** True when `path` names the recorded call's path, either in full or relative to one of the vendor's bases. */
function callPathMatcher(
	vendors: readonly VendorModule[],
): (call: RecordedCall, path: string) => boolean {
	return (call, path) => {
		if (call.path === path) return true;
		const vendor = vendors.find((v) => v.name === call.vendor);
		return !!vendor && vendor.mounts.some((m) => call.path === m.basePath + path);
	};
}

const callFilterSchema = z
	.object({
		vendor: z.string().min(1).optional(),
		since: z.coerce.number().int().min(0).optional(),
		path: z.string().min(1).optional(),
		method: z.string().min(1).optional(),
	})
	.strict();

export interface AdminDeps {
	recorder: CallRecorder;
	faults: FaultStore;
	vendors: readonly VendorModule[];
}

/** `/__admin` routes shared by all vendors, plus each vendor's own routes under `/__admin/<vendor>`. */
export function createAdminRouter({ recorder, faults, vendors }: AdminDeps): Router {
	const router = Router();
	const pathMatches = callPathMatcher(vendors);
	router.use(express.json({ limit: '5mb', strict: false }));

	router.get('/health', (_req, res) => {
		res.json({ ok: true, vendors: vendors.map((v) => v.name) });
	});

	router.get('/calls', (req, res) => {
		const filter = parseOr400(callFilterSchema, req.query, res);
		if (filter) res.json(recorder.list(filter, pathMatches));
	});

	router.delete('/calls', (_req, res) => {
		res.json({ cleared: recorder.clear() });
	});

	router.get('/faults', (_req, res) => {
		res.json(faults.list());
	});

	router.post('/faults', (req, res) => {
		const spec = parseOr400(faultSpecSchema, req.body, res);
		if (!spec) return;
		if (!vendors.some((v) => v.name === spec.vendor)) {
			res
				.status(400)
				.json({ error: `unknown vendor "${spec.vendor}"`, vendors: vendors.map((v) => v.name) });
			return;
		}
		const fault = faults.add(spec);
		res.status(201).json({ id: fault.id });
	});

	router.delete('/faults', (_req, res) => {
		res.json({ cleared: faults.clear() });
	});

	router.delete('/faults/:id', (req, res) => {
		if (faults.remove(req.params.id)) res.json({ cleared: 1 });
		else res.status(404).json({ error: `no fault "${req.params.id}"` });
	});

	router.post('/reset', (_req, res) => {
		recorder.clear();
		faults.clear();
		for (const vendor of vendors) vendor.reset();
		res.json({ ok: true });
	});

	for (const vendor of vendors) {
		if (vendor.adminRouter) router.use(`/${vendor.name}`, vendor.adminRouter);
	}

	router.use((req, res) => {
		res.status(404).json({ error: `no admin route ${req.method} ${req.originalUrl}` });
	});
	return router;
}
