import fs from 'node:fs';

import { SandboxClient } from '../../sandbox/client';
import { N8nApi } from '../../scripts/lib/n8n-api';

/** Env var holding the state file of the single-mode run (`e2e` project). */
export const E2E_STATE_ENV = 'RF_E2E_STATE_FILE';
/** Env var holding the state file of the queue-mode run (`e2e-queue` project). */
export const E2E_QUEUE_STATE_ENV = 'RF_E2E_QUEUE_STATE_FILE';

export type E2eMode = 'single' | 'queue';

export interface E2eState {
	/** `single`: one n8n on SQLite. `queue`: main + workers + webhook processors on PostgreSQL + Redis. */
	mode: E2eMode;
	/**
	 * Where tests send API calls and webhooks: main in single mode; in queue mode a round-robin front
	 * that sends /webhook/… to the webhook processors in turn and everything else to main.
	 */
	n8nUrl: string;
	/** The main process itself (API, editor, publishing). */
	mainUrl: string;
	/** Queue mode: base URL of each webhook processor, to aim a delivery at one process. Empty in single mode. */
	webhookProcessorUrls: string[];
	/** Queue mode: harness control (POST /restart restarts every n8n process). */
	controlUrl?: string;
	apiKey: string;
	sandboxUrl: string;
	userFolder: string;
	/** Every process's output (queue mode: all processes, concatenated). */
	logFile: string;
	/** Log file of each process by name (`main`, `worker-1`, `webhook-1`, …). */
	logFiles: Record<string, string>;
	credentials: Record<string, { id: string; name: string }>;
	/** Data table ids by name. */
	dataTables: Record<string, string>;
	/** Secret values that must never show up in execution data or logs. */
	secrets: string[];
	/** For each secret, the sandbox vendor it may be sent to ('' = none). */
	secretVendors?: Record<string, string>;
	loadedNodeTypes: string[];
	bootMs: number;
}

export interface E2eContext {
	state: E2eState;
	n8n: N8nApi;
	sandbox: SandboxClient;
}

/** The mode of the jest project running this file (set through the project's `globals`). */
export function e2eMode(): E2eMode {
	return (globalThis as { __RF_E2E_MODE?: E2eMode }).__RF_E2E_MODE ?? 'single';
}

export function e2e(): E2eContext {
	const mode = e2eMode();
	const file = process.env[mode === 'queue' ? E2E_QUEUE_STATE_ENV : E2E_STATE_ENV];
	if (!file)
		throw new Error(
			`e2e state missing: run the e2e${mode === 'queue' ? '-queue' : ''} project through jest (globalSetup starts n8n)`,
		);
	const state = JSON.parse(fs.readFileSync(file, 'utf8')) as E2eState;
	return {
		state,
		n8n: N8nApi.attach(state.n8nUrl, state.apiKey),
		sandbox: new SandboxClient(state.sandboxUrl),
	};
}
