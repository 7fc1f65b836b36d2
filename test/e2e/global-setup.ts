import fs from 'node:fs/promises';
import path from 'node:path';

import { startStack } from '../../scripts/lib/stack';
import { E2E_STATE_ENV, type E2eState } from './state';

/**
 * One real n8n and one set of vendor sandboxes for the whole e2e run. Tests reach both over HTTP
 * through the state file; globalTeardown stops them, also when a test failed.
 */
export default async function globalSetup(): Promise<void> {
	const started = Date.now();
	const stack = await startStack({ keepUserFolder: Boolean(process.env.KEEP_E2E_N8N) });
	(globalThis as { __rfE2eStop?: () => Promise<void> }).__rfE2eStop = stack.stop;

	const state: E2eState = {
		n8nUrl: stack.n8n.baseUrl,
		apiKey: stack.api.apiKey,
		sandboxUrl: stack.sandbox.url,
		userFolder: stack.userFolder,
		logFile: stack.n8n.logFile,
		credentials: stack.credentials,
		dataTables: stack.dataTables,
		secrets: stack.secrets,
		secretVendors: stack.secretVendors,
		loadedNodeTypes: stack.loadedNodeTypes,
		bootMs: stack.n8n.bootMs,
	};
	const stateFile = path.join(stack.userFolder, 'e2e-state.json');
	await fs.writeFile(stateFile, JSON.stringify(state, null, 2));
	process.env[E2E_STATE_ENV] = stateFile;
	console.log(
		`\n[e2e] n8n ${stack.n8n.baseUrl} ready: boot ${(stack.n8n.bootMs / 1000).toFixed(1)} s, setup ${((Date.now() - started) / 1000).toFixed(1)} s; sandbox ${stack.sandbox.url}`,
	);
}
