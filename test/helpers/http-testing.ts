/**
 * HTTP test utilities for unit tests of nodes that use the shared transport:
 *  - useNock(): nock with no real network, reset after each test, and `nock.restore()` after the
 *    file. nock patches Node's shared http module, so without the restore a file's
 *    disableNetConnect leaks into other test files that run later in the same jest worker.
 *  - useFakeTiming(): instant sleeps on a fake clock for the nodes' transport (transport-seam.ts), so retry/backoff and
 *    rate-limit tests are fast and deterministic; `clock.sleeps` lists every wait.
 *  - startServer()/closedPortUrl(): real local servers for failures nock cannot fake faithfully
 *    (nock 14's `.delay()` with a client timeout crashes its interceptor, and `replyWithError`
 *    needs an Error instance): a server that never answers, one that drops the socket, a closed port.
 *  - catchError(), renderings(), expectNoSecret(): assert a secret appears in no rendering of an
 *    error (message, description, JSON, toJSON, own properties, util.inspect, stack).
 */
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { inspect } from 'node:util';

import nock from 'nock';
import type { NodeApiError } from 'n8n-workflow';

import { resetTestTransport, setTestTiming } from './transport-seam';

export interface FakeClock {
	now: number;
	/** Every wait the transport asked for, in order. */
	sleeps: number[];
}

/** Instant sleeps on a fake clock; jitter fixed at the middle of the range. */
export function useFakeTiming(): FakeClock {
	const clock: FakeClock = { now: Date.UTC(2026, 10, 22, 12, 0, 0), sleeps: [] };
	setTestTiming({
		now: () => clock.now,
		sleep: async (ms: number) => {
			clock.sleeps.push(ms);
			clock.now += ms;
		},
		random: () => 0.5,
	});
	return clock;
}

/** nock with no real network, reset between tests, and fully removed after the file. */
export function useNock(): void {
	beforeAll(() => nock.disableNetConnect());
	afterEach(() => {
		nock.abortPendingRequests();
		nock.cleanAll();
		nock.disableNetConnect();
		resetTestTransport();
	});
	afterAll(() => {
		nock.enableNetConnect();
		// nock patches Node's shared http module; leave it clean for other test files in this worker.
		nock.restore();
	});
}

export interface LocalServer {
	url: string;
	hits: () => number;
	close: () => Promise<void>;
}

/** A real server on 127.0.0.1 (net connect is opened for that host only). */
export async function startServer(handler: http.RequestListener): Promise<LocalServer> {
	nock.enableNetConnect('127.0.0.1');
	let hits = 0;
	const server = http.createServer((req, res) => {
		hits++;
		handler(req, res);
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as AddressInfo;
	return {
		url: `http://127.0.0.1:${port}`,
		hits: () => hits,
		close: async () => {
			server.closeAllConnections();
			await new Promise<void>((resolve) => server.close(() => resolve()));
		},
	};
}

/** A URL on a port that was just open and is now closed: connecting gets ECONNREFUSED. */
export async function closedPortUrl(): Promise<string> {
	const server = await startServer(() => undefined);
	await server.close();
	return server.url;
}

export async function catchError(promise: Promise<unknown>): Promise<NodeApiError> {
	try {
		await promise;
	} catch (error) {
		return error as NodeApiError;
	}
	throw new Error('expected the call to fail');
}

/** Every way an error can be shown, logged or persisted. */
function renderings(error: unknown): Record<string, string> {
	const e = error as NodeApiError & { toJSON?: () => unknown };
	return {
		message: String(e.message),
		description: String(e.description ?? ''),
		json: JSON.stringify(e),
		toJSON: JSON.stringify(e.toJSON?.() ?? null),
		ownProperties: JSON.stringify(
			Object.fromEntries(Object.getOwnPropertyNames(e).map((key) => [key, (e as never)[key]])),
			(_key, value: unknown) => (value instanceof Error ? inspect(value) : value),
		),
		inspect: inspect(e, { depth: 10, showHidden: true }),
		stack: String(e.stack ?? ''),
	};
}

export function expectNoSecret(error: unknown, secret: string): void {
	for (const [where, text] of Object.entries(renderings(error))) {
		expect({ where, leaked: text.includes(secret) }).toEqual({ where, leaked: false });
	}
}
