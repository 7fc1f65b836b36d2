import fs from 'node:fs/promises';
import http from 'node:http';
import path from 'node:path';

import type { Config } from '@jest/types';

import { startStack, type Stack } from '../../scripts/lib/stack';
import { E2E_QUEUE_STATE_ENV, E2E_STATE_ENV, type E2eMode, type E2eState } from './state';

type Stops = { __rfE2eStops?: Array<() => Promise<void>> };

/** Queue-mode shape for e2e: two workers and two webhook processors, so cross-process cases exist. */
export const E2E_QUEUE = { workers: 2, webhookProcessors: 2 } as const;

/**
 * One real n8n (or, for the `e2e-queue` project, one queue-mode cluster) and one set of vendor
 * sandboxes for the whole e2e run. Tests reach both over HTTP through the state file;
 * globalTeardown stops them, also when a test failed.
 */
export default async function globalSetup(
	_global?: Config.GlobalConfig,
	project?: Config.ProjectConfig,
): Promise<void> {
	const mode: E2eMode = (project?.globals?.__RF_E2E_MODE as E2eMode | undefined) ?? 'single';
	const started = Date.now();
	const stack = await startStack({
		keepUserFolder: Boolean(process.env.KEEP_E2E_N8N),
		...(mode === 'queue' ? { mode: 'queue', ...E2E_QUEUE } : {}),
	});
	const stops = ((globalThis as Stops).__rfE2eStops ??= []);
	stops.push(stack.stop);

	const state: E2eState = {
		mode,
		n8nUrl: stack.url,
		mainUrl: stack.n8n.baseUrl,
		webhookProcessorUrls: stack.queue?.webhookProcessorUrls ?? [],
		controlUrl: stack.queue ? await startControl(stack, stops) : undefined,
		apiKey: stack.api.apiKey,
		sandboxUrl: stack.sandbox.url,
		userFolder: stack.userFolder,
		logFile: path.join(stack.userFolder, 'n8n.log'),
		logFiles: stack.logFiles,
		credentials: stack.credentials,
		dataTables: stack.dataTables,
		secrets: stack.secrets,
		secretVendors: stack.secretVendors,
		loadedNodeTypes: stack.loadedNodeTypes,
		bootMs: stack.n8n.bootMs,
	};
	const stateFile = path.join(stack.userFolder, 'e2e-state.json');
	await fs.writeFile(stateFile, JSON.stringify(state, null, 2));
	process.env[mode === 'queue' ? E2E_QUEUE_STATE_ENV : E2E_STATE_ENV] = stateFile;
	const processes = stack.queue
		? stack.queue
				.processes()
				.map((p) => `${p.name} ${p.instance.baseUrl}`)
				.join(', ') + `; front ${stack.url}; database ${stack.queue.database}`
		: `n8n ${stack.url}`;
	console.log(
		`\n[e2e${mode === 'queue' ? '-queue' : ''}] ${processes} ready: boot ${(stack.n8n.bootMs / 1000).toFixed(1)} s, setup ${((Date.now() - started) / 1000).toFixed(1)} s; sandbox ${stack.sandbox.url}`,
	);
}

/**
 * Tests run in jest's sandbox and cannot reach the cluster object: this loopback endpoint lets a
 * test restart every n8n process (POST /restart) to prove what survives a restart.
 */
async function startControl(stack: Stack, stops: Array<() => Promise<void>>): Promise<string> {
	const server = http.createServer((req, res) => {
		if (req.method !== 'POST' || req.url !== '/restart') {
			res.writeHead(404).end();
			return;
		}
		const started = Date.now();
		(stack.queue as NonNullable<Stack['queue']>)
			.restart()
			.then(() =>
				res
					.writeHead(200, { 'content-type': 'application/json' })
					.end(JSON.stringify({ ms: Date.now() - started })),
			)
			.catch((error: Error) =>
				res
					.writeHead(500, { 'content-type': 'application/json' })
					.end(JSON.stringify({ message: error.message })),
			);
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
	stops.unshift(async () => {
		server.closeAllConnections();
		await new Promise<void>((resolve) => server.close(() => resolve()));
	});
	return `http://127.0.0.1:${(server.address() as { port: number }).port}`;
}
