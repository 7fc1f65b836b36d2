import type { z } from 'zod';

import { responseError } from './vendor-error';
import type { TransportContext, VendorProfile } from './types';

export interface ParseOptions {
	/** What the body is, for the message: 'inventory', 'order confirmation', ... */
	what: string;
	itemIndex?: number;
}

/**
 * `.call` erases a function's type parameters (TypeScript instantiates them as `unknown`), so the
 * exported helpers declare a typed `call` as well: `parseVendorResponse.call(this, ...)` then
 * returns the schema's output type.
 */
export interface ParseVendorResponse {
	<S extends z.ZodTypeAny>(
		this: TransportContext,
		vendor: VendorProfile,
		schema: S,
		body: unknown,
		options: ParseOptions,
	): z.output<S>;
	call<S extends z.ZodTypeAny>(
		thisArg: TransportContext,
		vendor: VendorProfile,
		schema: S,
		body: unknown,
		options: ParseOptions,
	): z.output<S>;
}

/**
 * Validates a successful response body against a zod schema. A vendor changing its response
 * shape then fails here, naming the fields, instead of as `undefined` three nodes later. Issue
 * texts are reduced to path + expectation: zod can quote received values, which are vendor data.
 */
export const parseVendorResponse = function parseVendorResponse<S extends z.ZodTypeAny>(
	this: TransportContext,
	vendor: VendorProfile,
	schema: S,
	body: unknown,
	options: ParseOptions,
): z.output<S> {
	const result = schema.safeParse(body);
	if (result.success) return result.data as z.output<S>;
	const issues = result.error.issues.slice(0, 5).map((issue) => {
		const path = issue.path.length > 0 ? issue.path.join('.') : '(root)';
		const message = issue.message.replace(/,?\s*received\b.*$/i, '').slice(0, 120);
		return `${path}: ${message}`;
	});
	const more = result.error.issues.length > 5 ? ` (+${result.error.issues.length - 5} more)` : '';
	return throwShape(this, vendor, options, `${issues.join('; ')}${more}`);
} as ParseVendorResponse;

function throwShape(
	ctx: TransportContext,
	vendor: VendorProfile,
	options: ParseOptions,
	issues: string,
): never {
	throw responseError(
		ctx.getNode(),
		vendor,
		'shape',
		`${vendor.displayName} returned an unexpected ${options.what} response`,
		`The response does not have the documented shape: ${issues}. ${vendor.displayName} may have changed its API; report this to the node's maintainers.`,
		options.itemIndex,
	);
}
