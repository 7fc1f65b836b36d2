import http from 'node:http';
import https from 'node:https';
import { performance } from 'node:perf_hooks';

import axios from 'axios';

/**
 * Calls the stand-ins make to the outside (webhook deliveries, the Kounta POS simulator calling a
 * loyalty URL): one fresh connection per call (no keep-alive), like a vendor's webhook worker, no
 * redirects followed, no proxy. Never throws: a network failure comes back as `error` with status 0.
 */
const httpAgent = new http.Agent({ keepAlive: false });
const httpsAgent = new https.Agent({ keepAlive: false });

export interface OutboundRequest {
	method?: 'GET' | 'POST';
	url: string;
	/** Sent as is (already serialised), so a signature can be computed over the exact bytes. */
	body?: string;
	headers: Record<string, string>;
	query?: Record<string, string>;
	timeoutMs?: number;
}

export interface OutboundReply {
	/** 0 when no HTTP answer came. */
	status: number;
	/** JSON when the answer parses as JSON, else the text ('' for an empty body). */
	body: unknown;
	contentType: string;
	error?: string;
	durationMs: number;
}

/** What a webhook sender records per delivery: the reply without its content type. */
export interface OutboundDelivery {
	status: number;
	body: unknown;
	error?: string;
	durationMs: number;
}

export function deliveryOf(reply: OutboundReply): OutboundDelivery {
	return {
		status: reply.status,
		body: reply.body,
		...(reply.error === undefined ? {} : { error: reply.error }),
		durationMs: reply.durationMs,
	};
}

function parseMaybeJson(text: string): unknown {
	if (text === '') return '';
	try {
		return JSON.parse(text) as unknown;
	} catch {
		return text;
	}
}

export async function sendOutbound(request: OutboundRequest): Promise<OutboundReply> {
	const started = performance.now();
	const elapsed = () => Math.round((performance.now() - started) * 100) / 100;
	try {
		const reply = await axios.request<string>({
			method: request.method ?? 'POST',
			url: request.url,
			params: request.query,
			data: request.body,
			headers: request.headers,
			timeout: request.timeoutMs ?? 30_000,
			responseType: 'text',
			transformResponse: (data: unknown) => data,
			validateStatus: () => true,
			maxRedirects: 0,
			httpAgent,
			httpsAgent,
			proxy: false,
		});
		return {
			status: reply.status,
			body: parseMaybeJson(String(reply.data ?? '')),
			contentType: String(reply.headers['content-type'] ?? ''),
			durationMs: elapsed(),
		};
	} catch (e) {
		return {
			status: 0,
			body: null,
			contentType: '',
			error: e instanceof Error ? e.message : String(e),
			durationMs: elapsed(),
		};
	}
}

/** `copies` runs of `send`, one after the other, or all started at once (a vendor retrying in parallel). */
export async function repeat<T>(
	copies: number,
	concurrent: boolean,
	send: () => Promise<T>,
): Promise<T[]> {
	if (concurrent) return await Promise.all(Array.from({ length: copies }, send));
	const results: T[] = [];
	for (let i = 0; i < copies; i++) results.push(await send());
	return results;
}
