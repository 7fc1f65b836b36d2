import fs from 'node:fs';

import { SandboxClient } from '../../sandbox/client';
import { N8nApi } from '../../scripts/lib/n8n-api';

export const E2E_STATE_ENV = 'RF_E2E_STATE_FILE';

export interface E2eState {
	n8nUrl: string;
	apiKey: string;
	sandboxUrl: string;
	userFolder: string;
	logFile: string;
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

export function e2e(): E2eContext {
	const file = process.env[E2E_STATE_ENV];
	if (!file) throw new Error('e2e state missing: run the e2e project through jest (globalSetup starts n8n)');
	const state = JSON.parse(fs.readFileSync(file, 'utf8')) as E2eState;
	return { state, n8n: N8nApi.attach(state.n8nUrl, state.apiKey), sandbox: new SandboxClient(state.sandboxUrl) };
}
