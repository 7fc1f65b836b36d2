import type { Response, Router } from 'express';

import type { FaultKind } from '../types';

/**
 * One API host of a vendor, served under `basePath` on the sandbox server.
 * Kotis has two: `/kotis/kwf/api/v1` (orders, inventory) and `/kotis/stores/api/v1` (redemption codes).
 */
export interface VendorMount {
	/** Short label, e.g. `kwf`. */
	name: string;
	/** Absolute path prefix, starting with `/<vendor>/`, no trailing slash. */
	basePath: string;
	/** Express router with the vendor routes, relative to `basePath`. */
	router: Router;
}

/**
 * A vendor stand-in. The framework mounts each of `mounts` behind call recording, body reading and
 * fault injection, mounts `adminRouter` at `/__admin/<name>`, and calls `reset()` on `POST /__admin/reset`.
 * To add a vendor: write `sandbox/<vendor>/index.ts` returning one of these and list it in `server.ts`.
 */
export interface VendorModule<Info = unknown> {
	/** Lower-case vendor id used in recordings, faults and admin paths, e.g. `kotis`. */
	readonly name: string;
	readonly mounts: readonly VendorMount[];
	/** Vendor-specific admin routes (JSON in/out), mounted at `/__admin/<name>`. */
	readonly adminRouter?: Router;
	/** Put every piece of vendor state back to its seed. */
	reset(): void;
	/** What tests and the CLI need to talk to the vendor (base URLs, keys), given the server URL. */
	info(serverUrl: string): Info;
	/**
	 * A vendor that is not HTTP (the SMTP stand-in) listens on its own port: started before `info`
	 * is asked, on the sandbox's host, and stopped by the sandbox's `close()`.
	 */
	listen?(host: string): Promise<void>;
	close?(): Promise<void>;
}

/** Per-request data the framework keeps in `res.locals.sandbox` for vendor routes. */
export interface SandboxRequestContext {
	vendor: string;
	mount: VendorMount;
	/** Path after `mount.basePath`, e.g. `/orders/create`. */
	relativePath: string;
	/** Full path without query, e.g. `/kotis/kwf/api/v1/orders/create`. */
	fullPath: string;
	/** Request body as received ('' when none). */
	rawBody: string;
	/** Set when the content-type says JSON but the body does not parse. */
	jsonError?: string;
	fault?: FaultKind;
}

export function requestContext(res: Response): SandboxRequestContext {
	const ctx = (res.locals as { sandbox?: SandboxRequestContext }).sandbox;
	if (!ctx)
		throw new Error(
			'sandbox request context missing: route not mounted through the sandbox framework',
		);
	return ctx;
}

/** Parse `rawBody` as JSON whatever the content-type says (for deliberately permissive endpoints). */
export function bodyAsJson(ctx: SandboxRequestContext): unknown {
	if (ctx.rawBody.trim() === '') return undefined;
	try {
		return JSON.parse(ctx.rawBody) as unknown;
	} catch {
		return undefined;
	}
}
