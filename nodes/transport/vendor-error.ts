import { NodeApiError, NodeOperationError } from 'n8n-workflow';
import type { INode, JsonObject } from 'n8n-workflow';

import { describe } from './describe';
import type { BuildOptions, ErrorContext, FailedAttempt } from './failures';
import { attemptOutcome, type CallOutcome } from './retry';
import { scrub, scrubDeep } from './scrub';
import { attemptsText, bodyExcerpt, duration } from './text';
import type { VendorProfile } from './types';

/**
 * Builds the one error type the transport throws, from safe data only: our own words, the
 * vendor's error text and a body excerpt, all scrubbed. Never from the error n8n threw, which can
 * carry the request config with the Authorization header.
 */
export function buildVendorError(
	ctx: ErrorContext,
	failed: FailedAttempt,
	attempts: number,
	options: BuildOptions = {},
): NodeApiError {
	const described = describe(ctx, failed, attempts, options);
	const v = ctx.vendor.displayName;
	const outcome = options.outcome ?? attemptOutcome(failed, ctx.changes);
	const details = [...described.details];
	if (failed.kind === 'network' && failed.code) details.push(`Network error code: ${failed.code}.`);
	if (failed.kind === 'http' && failed.retryAfterMs !== undefined && !options.waitRefused) {
		details.push(`${v} asked to retry after ${duration(failed.retryAfterMs)}.`);
	}
	details.push(outcomeNote(outcome, v));
	// A read changed nothing, whatever went wrong: say so as the action (a failed execution names
	// what a person does; error workflows and `npm run soak` look for "Action:").
	if (!ctx.changes)
		details.push(`Action: this read changed nothing at ${v}; run it again once ${v} answers.`);
	details.push(`Request: ${ctx.method} ${ctx.target} (${attemptsText(attempts)}).`);

	const unknownNote =
		outcome === 'unknown' ? ` It may have been applied: check ${v} before retrying.` : '';
	const message = scrub(`${described.message}${unknownNote}`, ctx.secrets);
	const statusCode =
		failed.kind === 'http' || failed.kind === 'malformed' ? failed.statusCode : undefined;
	const error = new NodeApiError(
		ctx.node,
		scrubDeep(errorResponse(ctx, failed, attempts, outcome), ctx.secrets) as JsonObject,
		{
			message,
			description: scrub(details.join(' '), ctx.secrets),
			httpCode: statusCode !== undefined ? String(statusCode) : undefined,
			itemIndex: ctx.itemIndex,
			failure: described.failure,
		},
	);
	// NodeApiError swaps messages that contain words like "ETIMEDOUT" for generic texts; ours
	// are already specific, so keep them.
	if (error.message !== message) error.message = message;
	// Machine-readable, for templates and `errorItem`: did the change happen?
	error.context.outcome = outcome;
	return error;
}

/**
 * `errorResponse` is stored on the error as given: plain data only (scrubbed by the caller), and
 * none of the keys NodeApiError mines for text (`message`, `description`, `code`, ...).
 */
function errorResponse(
	ctx: ErrorContext,
	failed: FailedAttempt,
	attempts: number,
	outcome: CallOutcome,
): Record<string, unknown> {
	const data: Record<string, unknown> = {
		vendor: ctx.vendor.displayName,
		request: `${ctx.method} ${ctx.target}`,
		attempts,
		outcome,
	};
	if (failed.kind === 'http' || failed.kind === 'malformed') data.statusCode = failed.statusCode;
	if (failed.kind === 'http') {
		if (failed.info) {
			data.vendorMessage = failed.info.message;
			if (failed.info.details !== undefined) data.vendorErrors = failed.info.details;
		} else {
			const excerpt = bodyExcerpt(failed.body);
			if (excerpt) data.bodyExcerpt = excerpt;
		}
	}
	if (failed.kind === 'malformed') data.bodyExcerpt = bodyExcerpt(failed.body);
	if (failed.kind === 'network') {
		data.network = failed.reason;
		if (failed.code) data.networkCode = failed.code;
	}
	return data;
}

function outcomeNote(outcome: CallOutcome, vendor: string): string {
	switch (outcome) {
		case 'not_sent':
			return 'Outcome: not_sent (nothing reached the service).';
		case 'rejected':
			return 'Outcome: rejected (nothing was applied).';
		case 'unknown':
			return `Outcome: unknown. The request may have been processed; check ${vendor} before retrying, to avoid a duplicate.`;
	}
}

/** Errors the transport raises about configuration, before anything is sent. */
export function configurationError(
	node: INode,
	message: string,
	description: string,
	itemIndex?: number,
): NodeOperationError {
	return new NodeOperationError(node, message, {
		description,
		itemIndex,
		failure: { cause: 'configuration-invalid' },
	});
}

/**
 * Errors about a response that arrived but cannot be used (wrong shape, paging loop, foreign next
 * link). Built from our own words only.
 */
export function responseError(
	node: INode,
	vendor: VendorProfile,
	problem: 'shape' | 'pagination',
	message: string,
	description: string,
	itemIndex?: number,
): NodeApiError {
	const error = new NodeApiError(
		node,
		{ vendor: vendor.displayName, problem },
		{ message, description, itemIndex },
	);
	if (error.message !== message) error.message = message;
	return error;
}

/** The HTTP status of a transport error (`NodeApiError.httpCode`), if it has one. */
export function httpStatusOf(error: unknown): number | undefined {
	if (!(error instanceof NodeApiError)) return undefined;
	const status = Number(error.httpCode);
	return Number.isFinite(status) ? status : undefined;
}
