import type { IHttpRequestMethods, IHttpRequestOptions } from 'n8n-workflow';

import { attemptOnce, type AttemptSettings } from './attempt';
import type { ErrorContext, FailedAttempt } from './failures';
import { rateLimitKey, type RateLimiter } from './rate-limit';
import {
	attemptOutcome,
	changesSomething,
	planRetry,
	type CallOutcome,
	type RetryPlan,
} from './retry';
import { collectSecrets, scrub } from './scrub';
import type { TransportTuning } from './tuning';
import type {
	RateLimit,
	TransportContext,
	VendorProfile,
	VendorRequestSpec,
	VendorResponse,
} from './types';
import { requestTarget, resolveUrl } from './url';
import { buildVendorError } from './vendor-error';

const NON_IDEMPOTENT = new Set(['POST', 'PATCH']);

/** What one transport owns: its timing and its client-side pacing (see `createTransport`). */
export interface TransportEnv {
	tuning: TransportTuning;
	limiter: RateLimiter;
}

/**
 * The one HTTP call all vendor nodes make. Sends through `httpRequestWithAuthentication`, so the
 * credential's `authenticate` block (or OAuth2) applies; retries what is safe to retry; turns
 * every failure into a scrubbed `NodeApiError`.
 */
export async function requestWith(
	ctx: TransportContext,
	vendor: VendorProfile,
	spec: VendorRequestSpec,
	env: TransportEnv,
): Promise<VendorResponse> {
	const { tuning } = env;
	const call = await prepareCall(ctx, vendor, spec, tuning);
	const startedAt = tuning.now();
	// Once an attempt of a change may have been applied, the call's outcome stays unknown.
	let outcome: CallOutcome | undefined;
	for (let attempt = 1; ; attempt++) {
		await takeTurn(call, env, attempt - 1, outcome);
		const remaining = call.remainingMs();
		const cutByDeadline = remaining < call.timeoutMs;
		const timeout = Math.max(1, Math.ceil(Math.min(call.timeoutMs, remaining)));
		call.errorContext.timeoutMs = timeout;
		const result = await attemptOnce(ctx, call.settings, requestOptions(call, timeout));
		if (result.kind === 'ok') return result.response;

		const failed = withDeadlineCut(result.failed, cutByDeadline);
		if (attemptOutcome(failed, call.errorContext.changes) === 'unknown') outcome = 'unknown';
		const plan = planRetry(failed, call.retryCall, {
			attempt,
			maxAttempts: call.maxAttempts,
			elapsedMs: tuning.now() - startedAt,
			budgetMs: call.budgetMs,
			remainingMs: call.remainingMs(),
			baseDelayMs: tuning.baseDelayMs,
			maxDelayMs: tuning.maxDelayMs,
			random: tuning.random,
		});
		if (!plan.retry) throw finalError(call, failed, attempt, plan, outcome);
		const what = `${vendor.displayName}: ${call.errorContext.method} ${call.errorContext.target} failed (${summary(failed)})`;
		ctx.logger.debug(
			scrub(
				`${what}; retrying in ${Math.round(plan.waitMs)} ms (attempt ${attempt + 1})`,
				call.errorContext.secrets,
			),
		);
		await call.wait(tuning.sleep(plan.waitMs, call.signal), attempt, outcome);
	}
}

interface PreparedCall {
	spec: VendorRequestSpec;
	vendor: VendorProfile;
	url: string;
	method: IHttpRequestMethods;
	timeoutMs: number;
	maxAttempts: number;
	budgetMs: number;
	rateLimit?: RateLimit;
	signal?: AbortSignal;
	settings: AttemptSettings;
	errorContext: ErrorContext;
	retryCall: { idempotent: boolean; changes: boolean; hasDeadline: boolean };
	/** Time left before the caller's deadline (a till waiting for its reply); nothing is sent after it. */
	remainingMs: () => number;
	/** A wait that ends early when the execution is cancelled; reported like a cancelled request. */
	wait: <T>(waiting: Promise<T>, attempts: number, outcome?: CallOutcome) => Promise<T>;
}

async function prepareCall(
	ctx: TransportContext,
	vendor: VendorProfile,
	spec: VendorRequestSpec,
	tuning: TransportTuning,
): Promise<PreparedCall> {
	const method = spec.method.toUpperCase() as IHttpRequestMethods;
	const idempotent = spec.idempotent ?? !NON_IDEMPOTENT.has(method);
	// Read for the base URL and for the secret values to scrub; kept in this call's scope only.
	const credentials = await ctx.getCredentials(vendor.credentialType, spec.itemIndex);
	const secrets = collectSecrets(credentials, vendor.secretFields, spec.secrets);
	const url = resolveUrl(ctx, vendor, spec, credentials);
	const timeoutMs = spec.timeoutMs ?? tuning.defaultTimeoutMs;
	const errorContext: ErrorContext = {
		node: ctx.getNode(),
		vendor,
		secrets,
		method,
		target: requestTarget(url, spec.qs),
		idempotent,
		changes: changesSomething(method),
		itemIndex: spec.itemIndex,
		timeoutMs,
		waitCapMs: tuning.maxRetryAfterMs,
		notAfter: spec.notAfter,
	};
	const signal = cancelSignal(ctx);
	const remainingMs = () => (spec.notAfter === undefined ? Infinity : spec.notAfter - tuning.now());
	return {
		spec,
		vendor,
		url,
		method,
		timeoutMs,
		maxAttempts: Math.max(1, Math.floor(spec.maxAttempts ?? tuning.defaultMaxAttempts)),
		budgetMs: Math.max(
			0,
			spec.retryBudgetMs ?? vendor.retryBudgetMs ?? tuning.defaultRetryBudgetMs,
		),
		rateLimit:
			typeof vendor.rateLimit === 'function' ? vendor.rateLimit(credentials) : vendor.rateLimit,
		signal,
		settings: {
			vendor,
			expect: spec.expect ?? 'json',
			followRedirects: spec.followRedirects !== false,
			now: tuning.now,
			credentials,
		},
		errorContext,
		retryCall: {
			idempotent,
			changes: errorContext.changes,
			hasDeadline: spec.notAfter !== undefined,
		},
		remainingMs,
		wait: cancellableWait(errorContext),
	};
}

/** A wait that ends early when the execution is cancelled, reported like a cancelled request. */
function cancellableWait(errorContext: ErrorContext): PreparedCall['wait'] {
	return async <T>(waiting: Promise<T>, attempts: number, outcome?: CallOutcome): Promise<T> => {
		try {
			return await waiting;
		} catch {
			const failed: FailedAttempt = { kind: 'network', reason: 'cancelled', beforeSend: true };
			throw buildVendorError(errorContext, failed, attempts, { outcome });
		}
	};
}

/** Before each attempt: the deadline, then a client-side rate-limit slot. Throws when neither allows sending. */
async function takeTurn(
	call: PreparedCall,
	{ tuning, limiter }: TransportEnv,
	attemptsSoFar: number,
	outcome: CallOutcome | undefined,
): Promise<void> {
	const pastDeadline = () =>
		buildVendorError(
			call.errorContext,
			{ kind: 'deadline', notAfter: call.spec.notAfter as number },
			attemptsSoFar,
			{ outcome },
		);
	if (call.remainingMs() <= 0) throw pastDeadline();
	if (!call.rateLimit) return;
	const key = rateLimitKey(call.vendor, call.errorContext.node);
	const capMs = Math.min(tuning.maxRetryAfterMs, call.remainingMs());
	const slot = await call.wait(
		limiter.acquire(key, call.rateLimit, call.signal, capMs),
		attemptsSoFar,
		outcome,
	);
	if (slot.ok) return;
	if (call.remainingMs() - slot.waitMs < 0 && slot.waitMs <= tuning.maxRetryAfterMs)
		throw pastDeadline();
	const failed: FailedAttempt = {
		kind: 'client-rate-limit',
		waitMs: slot.waitMs,
		limit: call.rateLimit,
	};
	throw buildVendorError(call.errorContext, failed, attemptsSoFar, { outcome });
}

/** A fresh options object per attempt: n8n's authenticate step may mutate it. */
function requestOptions(call: PreparedCall, timeout: number): IHttpRequestOptions {
	return {
		method: call.method,
		url: call.url,
		qs: call.spec.qs,
		body: call.spec.body,
		headers: { ...call.vendor.defaultHeaders, ...call.spec.headers },
		json: true,
		returnFullResponse: true,
		ignoreHttpStatusErrors: true,
		timeout,
		// Redirects are followed by the transport, within the origin only (see `attemptOnce`).
		disableFollowRedirect: true,
		// Keep text as text: with json, axios would silently parse JSON-looking text.
		...(call.settings.expect === 'text' ? { encoding: 'text' as const } : {}),
	};
}

function withDeadlineCut(failed: FailedAttempt, cutByDeadline: boolean): FailedAttempt {
	return cutByDeadline && failed.kind === 'network' && failed.reason === 'timeout'
		? { ...failed, cutByDeadline }
		: failed;
}

function finalError(
	call: PreparedCall,
	failed: FailedAttempt,
	attempts: number,
	plan: Extract<RetryPlan, { retry: false }>,
	outcome: CallOutcome | undefined,
) {
	if (plan.why === 'wait-too-long') {
		// Waiting past the budget inside a node blocks the execution; fail now and say how long to wait.
		return buildVendorError(call.errorContext, failed, attempts, {
			waitRefused: true,
			waitCapMs: plan.budgetLeftMs,
			outcome,
		});
	}
	return buildVendorError(call.errorContext, failed, attempts, { outcome });
}

function summary(failed: FailedAttempt): string {
	switch (failed.kind) {
		case 'http':
			return `HTTP ${failed.statusCode}`;
		case 'malformed':
			return `malformed body, HTTP ${failed.statusCode}`;
		case 'network':
			return failed.reason;
		case 'redirect':
			return `redirect to ${failed.host}`;
		case 'client-rate-limit':
			return 'client-side rate limit';
		case 'deadline':
			return 'deadline passed';
	}
}

function cancelSignal(ctx: TransportContext): AbortSignal | undefined {
	return 'getExecutionCancelSignal' in ctx && typeof ctx.getExecutionCancelSignal === 'function'
		? ctx.getExecutionCancelSignal()
		: undefined;
}
