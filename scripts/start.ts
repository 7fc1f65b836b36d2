/**
 * `npm start`: n8n with this package installed, the vendor sandboxes running, sandbox
 * credentials created and every template in workflows/ imported, ready at http://localhost:5678.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';

import { startSandbox } from '../sandbox/server';
import { ensureDataTables } from './lib/data-tables';
import { bindCredentials, N8nApi, type WorkflowJson } from './lib/n8n-api';
import { assignWebhookPaths } from './lib/templates';
import { OWNER, startN8n } from './lib/n8n-instance';
import { packAndInstall } from './lib/package-install';
import { isPortInUse } from './lib/ports';
import { ensureN8nRuntime, REPO_ROOT } from './lib/runtime';

const N8N_PORT = Number(process.env.N8N_PORT ?? 5678);
const BROKER_PORT = Number(process.env.N8N_RUNNERS_BROKER_PORT ?? 5679);
const SANDBOX_PORT = Number(process.env.SANDBOX_PORT ?? 5680);
const USER_FOLDER = process.env.N8N_USER_FOLDER ?? path.join(REPO_ROOT, '.n8n-local');

interface LocalSetup {
	credentials: Record<string, { id: string; name: string }>;
	workflows: Record<string, string>;
}

async function main() {
	for (const [name, port] of [['N8N_PORT', N8N_PORT], ['N8N_RUNNERS_BROKER_PORT', BROKER_PORT], ['SANDBOX_PORT', SANDBOX_PORT]] as const) {
		if (await isPortInUse(port)) throw new Error(`Port ${port} is in use. Free it or set ${name} to another port.`);
	}
	console.log('Preparing n8n (the first run installs it into ~/.cache: about 6 minutes)...');
	const runtime = await ensureN8nRuntime();
	await fs.mkdir(USER_FOLDER, { recursive: true });
	await packAndInstall(USER_FOLDER);

	const sandbox = await startSandbox({ port: SANDBOX_PORT });
	console.log('Starting n8n...');
	const n8n = await startN8n({ runtime, userFolder: USER_FOLDER, port: N8N_PORT, brokerPort: BROKER_PORT, host: 'localhost' });
	const shutdown = async () => {
		console.log('\nStopping n8n and the sandboxes...');
		await n8n.stop();
		await sandbox.close();
		process.exit(0);
	};
	process.on('SIGINT', () => void shutdown());
	process.on('SIGTERM', () => void shutdown());

	const api = await N8nApi.connect(n8n.baseUrl);
	const setupFile = path.join(USER_FOLDER, 'reward-fulfillment-setup.json');
	const setup: LocalSetup = await fs
		.readFile(setupFile, 'utf8')
		.then((t) => JSON.parse(t) as LocalSetup)
		.catch(() => ({ credentials: {}, workflows: {} }));

	// Sandbox ports are fixed, so credentials created on an earlier start stay valid.
	const kotis = sandbox.vendors.kotis;
	setup.credentials.kotisApi ??= await api.createCredential('Kotis Design (sandbox)', 'kotisApi', {
		apiKey: kotis.apiKey,
		baseUrl: kotis.baseUrl,
		storesBaseUrl: kotis.storesBaseUrl,
	});

	const influitive = sandbox.vendors.influitive;
	setup.credentials.influitiveApi ??= await api.createCredential('Influitive (sandbox)', 'influitiveApi', {
		apiToken: influitive.token,
		orgId: influitive.orgId,
		baseUrl: influitive.baseUrl,
		webhookSecret: '',
	});

	const { influenceio, store, kounta } = sandbox.vendors;
	setup.credentials.influenceIoApi ??= await api.createCredential('Influence.io (sandbox)', 'influenceIoApi', {
		apiKey: influenceio.apiKey,
		baseUrl: influenceio.baseUrl,
		webhookSecret: '',
	});
	setup.credentials.httpHeaderAuth ??= await api.createCredential('Store (sandbox)', 'httpHeaderAuth', {
		name: 'Authorization',
		value: `Bearer ${store.token}`,
	});
	// The templates' inbound Webhook nodes authenticate with their own Header Auth credential.
	setup.credentials['webhook:httpHeaderAuth'] ??= await api.createCredential('Inbound webhook secret', 'httpHeaderAuth', {
		// Authorization: the one header n8n's (licensed) execution redaction hides.
		name: 'Authorization',
		value: `Bearer ${randomBytes(24).toString('hex')}`,
	});
	setup.credentials.kountaApi ??= await api.createCredential('Kounta (sandbox, Basic)', 'kountaApi', {
		clientId: kounta.clientId,
		clientSecret: kounta.clientSecret,
		baseUrl: kounta.baseUrl,
		signatureToken: kounta.signatureKey,
	});

	// Template (a) claims a row per redemption here and template (c) watches it.
	await ensureDataTables(api);

	const templateDir = path.join(REPO_ROOT, 'workflows');
	const templates = (await fs.readdir(templateDir).catch(() => [])).filter((f) => f.endsWith('.json')).sort();
	for (const file of templates) {
		if (setup.workflows[file]) continue;
		// Random webhook paths, as the editor assigns them on import.
		const template = assignWebhookPaths(JSON.parse(await fs.readFile(path.join(templateDir, file), 'utf8')) as WorkflowJson);
		const { id } = await api.createWorkflow(bindCredentials(template, setup.credentials));
		setup.workflows[file] = id;
		console.log(`Imported template ${file} as workflow ${id}`);
	}
	await fs.writeFile(setupFile, JSON.stringify(setup, null, 2));

	console.log(`
n8n is ready: http://localhost:${N8N_PORT}
  login     ${OWNER.email}
  password  ${OWNER.password}
  templates ${templates.length} in the workflows list (credentials bound to the sandboxes)

Vendor sandboxes (admin API: ${sandbox.url}/__admin):
  Kotis Design   ${kotis.baseUrl}
                 ${kotis.storesBaseUrl}
                 API key ${kotis.apiKey}
  Influitive     ${influitive.baseUrl}
                 API token ${influitive.token}, X_ORG_ID ${influitive.orgId}
                 an advocate redeems: POST ${sandbox.url}/__admin/influitive/redemptions {"member":"ada@example.com","reward":77,"size":"M"}
  Influence.io   ${influenceio.baseUrl}
                 x-api-key ${influenceio.apiKey}
                 a customer redeems: POST ${sandbox.url}/__admin/influenceio/redeem {"customer":"ada@example.com","ruleId":"rule-10-off"}
  Store          ${store.baseUrl}   (Bearer ${store.token})
  Kounta         ${kounta.baseUrl}
                 Basic ${kounta.clientId} / ${kounta.clientSecret}; OAuth2 authorize ${kounta.authorizeUrl}, token ${kounta.tokenUrl}
                 POS simulator: PUT ${sandbox.url}/__admin/kounta/loyalty {"searchUrl":"…","rewardsUrl":"…"}, then POST ${sandbox.url}/__admin/kounta/pos/checkout {"keyword":"ada@example.com"}

Press Ctrl+C to stop.`);
}

main().catch((error: unknown) => {
	console.error(error instanceof Error ? error.message : error);
	process.exit(1);
});
