import express, { type ErrorRequestHandler, type RequestHandler, type Response } from 'express';
import { performance } from 'node:perf_hooks';

import type { RecordedCall } from '../types';
import type { CallRecorder } from './recorder';
import { redactHeaders, redactJson } from './redact';
import { requestContext, type SandboxRequestContext, type VendorMount } from './vendor';

/** Keep at most this much of a response body in a recording. */
const MAX_CAPTURED_BYTES = 1024 * 1024;

function parseMaybeJson(text: string): unknown {
	if (text === '') return undefined;
	try {
		return JSON.parse(text) as unknown;
	} catch {
		return text;
	}
}

function parseQuery(originalUrl: string): Record<string, string | string[]> {
	const query: Record<string, string | string[]> = {};
	const params = new URL(originalUrl, 'http://sandbox.invalid').searchParams;
	for (const key of new Set(params.keys())) {
		const all = params.getAll(key);
		query[key] = all.length === 1 ? all[0] : all;
	}
	return query;
}

function toBuffer(chunk: unknown, encoding: unknown): Buffer | undefined {
	if (chunk === undefined || chunk === null || typeof chunk === 'function') return undefined;
	if (Buffer.isBuffer(chunk)) return chunk;
	if (chunk instanceof Uint8Array) return Buffer.from(chunk);
	return Buffer.from(
		String(chunk),
		typeof encoding === 'string' ? (encoding as BufferEncoding) : 'utf8',
	);
}

/**
 * First middleware of every vendor mount: creates the request context, captures the response body,
 * and records the call once the response is sent (`finish`) or the socket is gone (`close`).
 */
export function recordCalls(
	vendor: string,
	mount: VendorMount,
	recorder: CallRecorder,
): RequestHandler {
	return (req, res, next) => {
		const started = performance.now();
		const at = new Date().toISOString();
		const fullPath = req.originalUrl.split('?')[0];
		const ctx: SandboxRequestContext = {
			vendor,
			mount,
			relativePath: req.path,
			fullPath,
			rawBody: '',
		};
		(res.locals as { sandbox?: SandboxRequestContext }).sandbox = ctx;

		const chunks: Buffer[] = [];
		let captured = 0;
		const capture = (chunk: unknown, encoding: unknown): void => {
			const buf = toBuffer(chunk, encoding);
			if (!buf || captured >= MAX_CAPTURED_BYTES) return;
			chunks.push(buf);
			captured += buf.length;
		};
		const originalWrite = res.write.bind(res) as (...args: unknown[]) => boolean;
		const originalEnd = res.end.bind(res) as (...args: unknown[]) => Response;
		res.write = ((...args: unknown[]) => {
			capture(args[0], args[1]);
			return originalWrite(...args);
		}) as typeof res.write;
		res.end = ((...args: unknown[]) => {
			capture(args[0], args[1]);
			return originalEnd(...args);
		}) as typeof res.end;

		let recorded = false;
		const finish = (): void => {
			if (recorded) return;
			recorded = true;
			const sent = res.headersSent;
			const call: Omit<RecordedCall, 'seq'> = {
				at,
				vendor,
				method: req.method,
				path: fullPath,
				query: redactJson(parseQuery(req.originalUrl)) as Record<string, string | string[]>,
				headers: redactHeaders(req.headers),
				status: sent ? res.statusCode : 0,
				durationMs: Math.round((performance.now() - started) * 100) / 100,
			};
			// Form bodies (OAuth2 token requests) become objects so their secrets get fingerprinted too.
			const body = req.is('application/x-www-form-urlencoded')
				? Object.fromEntries(new URLSearchParams(ctx.rawBody))
				: parseMaybeJson(ctx.rawBody);
			if (body !== undefined) call.body = redactJson(body);
			const responseBody = sent
				? parseMaybeJson(Buffer.concat(chunks).toString('utf8'))
				: undefined;
			if (responseBody !== undefined) call.responseBody = redactJson(responseBody);
			if (ctx.fault) call.fault = ctx.fault;
			recorder.record(call);
		};
		res.once('finish', finish);
		res.once('close', finish);
		next();
	};
}

const rawParser = express.raw({ type: () => true, limit: '1mb' });

/**
 * Reads the whole body (any content-type) into `ctx.rawBody`; sets `req.body` to the parsed JSON
 * only when the content-type says JSON (like Rails, which ignores JSON sent as text/plain).
 */
export function readBody(): RequestHandler {
	return (req, res, next) => {
		rawParser(req, res, (err?: unknown) => {
			if (err) {
				next(err);
				return;
			}
			const ctx = requestContext(res);
			const raw: unknown = req.body;
			ctx.rawBody = Buffer.isBuffer(raw) ? raw.toString('utf8') : '';
			req.body = undefined;
			if (ctx.rawBody.trim() !== '' && req.is(['json', '+json'])) {
				try {
					req.body = JSON.parse(ctx.rawBody) as unknown;
				} catch (e) {
					ctx.jsonError = e instanceof Error ? e.message : String(e);
				}
			}
			next();
		});
	};
}

const LOOPBACK = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);

export function isLoopback(address: string | undefined): boolean {
	return (
		address !== undefined &&
		(LOOPBACK.has(address) || address.startsWith('127.') || address.startsWith('::ffff:127.'))
	);
}

/** The admin API answers loopback clients only, even when the sandbox listens on 0.0.0.0. */
export function loopbackOnly(): RequestHandler {
	return (req, res, next) => {
		if (!isLoopback(req.socket.remoteAddress)) {
			res.status(403).json({ error: 'the sandbox admin API only answers loopback clients' });
			return;
		}
		next();
	};
}

/** Error handler answering JSON in the Rails API format (`{"status":400,"error":"Bad Request"}`). */
export function jsonErrors(): ErrorRequestHandler {
	return (err: unknown, _req, res, next) => {
		if (res.headersSent) {
			next(err);
			return;
		}
		const status = (err as { status?: unknown }).status;
		const code = typeof status === 'number' && status >= 400 && status < 600 ? status : 500;
		const message = err instanceof Error ? err.message : String(err);
		res
			.status(code)
			.json({ status: code, error: code === 500 ? 'Internal Server Error' : message });
	};
}
