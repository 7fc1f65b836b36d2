import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

import { startSandbox } from '../../sandbox/server';
import { N8nApi } from '../../scripts/lib/n8n-api';
import { startN8n } from '../../scripts/lib/n8n-instance';
import { packAndInstall, PACKAGE_NAME } from '../../scripts/lib/package-install';
import { getFreePort } from '../../scripts/lib/ports';
import { ensureN8nRuntime } from '../../scripts/lib/runtime';
import { E2E_STATE_ENV, type E2eState } from './state';

/**
 * One real n8n (pinned version, own SQLite, package installed as users install it) and one set of
 * vendor sandboxes for the whole e2e run. Tests reach both over HTTP using the state file.
 */
export default async function globalSetup(): Promise<void> {
	const started = Date.now();
	const runtime = await ensureN8nRuntime();
	const userFolder = await fs.mkdtemp(path.join(os.tmpdir(), 'rf-e2e-'));
	const teardown: Array<() => Promise<void>> = [];
	(globalThis as { __rfE2eTeardown?: typeof teardown }).__rfE2eTeardown = teardown;
	teardown.push(async () => {
		if (!process.env.KEEP_E2E_N8N) await fs.rm(userFolder, { recursive: true, force: true });
	});

	try {
		await packAndInstall(userFolder);
		const sandbox = await startSandbox({ port: 0 });
		teardown.unshift(() => sandbox.close());

		const n8n = await startN8n({ runtime, userFolder, port: await getFreePort(), brokerPort: await getFreePort() });
		teardown.unshift(() => n8n.stop());

		const api = await N8nApi.connect(n8n.baseUrl);
		const types = await api.nodeTypes();
		const ours = types.filter((t) => t.startsWith(`${PACKAGE_NAME}.`));
		if (!ours.includes(`${PACKAGE_NAME}.kotis`)) {
			throw new Error(`n8n did not load the package's nodes; loaded: ${ours.join(', ') || 'none'}\n${await n8n.logTail()}`);
		}

		const kotis = sandbox.vendors.kotis;
		const credentials: Record<string, { id: string; name: string }> = {
			kotisApi: await api.createCredential('Kotis Design (sandbox)', 'kotisApi', {
				apiKey: kotis.apiKey,
				baseUrl: kotis.baseUrl,
				storesBaseUrl: kotis.storesBaseUrl,
			}),
		};

		const influitiveWebhookSecret = 'e2e-influitive-webhook-secret';
		Object.assign(credentials, {
			influitiveApi: await api.createCredential('Influitive (sandbox)', 'influitiveApi', {
				apiToken: sandbox.vendors.influitive.token,
				orgId: sandbox.vendors.influitive.orgId,
				baseUrl: sandbox.vendors.influitive.baseUrl,
				webhookSecret: influitiveWebhookSecret,
			}),
		});

		const state: E2eState = {
			n8nUrl: n8n.baseUrl,
			apiKey: api.apiKey,
			sandboxUrl: sandbox.url,
			userFolder,
			logFile: n8n.logFile,
			credentials,
			secrets: [kotis.apiKey, influitiveWebhookSecret],
			loadedNodeTypes: ours,
			bootMs: n8n.bootMs,
		};
		const stateFile = path.join(userFolder, 'e2e-state.json');
		await fs.writeFile(stateFile, JSON.stringify(state, null, 2));
		process.env[E2E_STATE_ENV] = stateFile;
		console.log(
			`\n[e2e] n8n ${n8n.baseUrl} ready: boot ${(n8n.bootMs / 1000).toFixed(1)} s, setup ${((Date.now() - started) / 1000).toFixed(1)} s; sandbox ${sandbox.url}`,
		);
	} catch (error) {
		for (const step of teardown) await step().catch(() => undefined);
		throw error;
	}
}
