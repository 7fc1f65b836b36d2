/**
 * `npm start`: n8n with this package installed, the vendor sandboxes running, sandbox
 * credentials created and every template in workflows/ imported, ready at http://localhost:5678.
 * `npm start -- --queue`: the same in n8n's queue mode (see scripts/lib/queue.ts).
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';

import { DEFAULT_TABLE as LEDGER_TABLE } from '../nodes/RewardLedger/actions/entry/fields';
import { DEFAULT_DELIVERY_TABLE } from '../nodes/RewardLedger/deliveries';
import { SandboxClient } from '../sandbox/client';
import { startSandbox, type RunningSandbox } from '../sandbox/server';
import { ensureDataTables } from './lib/data-tables';
import { bindCredentials, N8nApi, type WorkflowJson } from './lib/n8n-api';
import { assignWebhookPaths, VENDOR_PLACEHOLDER_URL } from './lib/templates';
import { OWNER, SINGLE_PROCESS_EXECUTION_LIMIT, startN8n } from './lib/n8n-instance';
import { packAndInstall } from './lib/package-install';
import { isPortInUse } from './lib/ports';
import { startQueueDemo } from './lib/queue-demo';
import { ensureN8nRuntime, REPO_ROOT } from './lib/runtime';

const N8N_PORT = Number(process.env.N8N_PORT ?? 5678);
const BROKER_PORT = Number(process.env.N8N_RUNNERS_BROKER_PORT ?? 5679);
const SANDBOX_PORT = Number(process.env.SANDBOX_PORT ?? 5680);
const SMTP_PORT = Number(process.env.SMTP_PORT ?? 5681);
const USER_FOLDER = process.env.N8N_USER_FOLDER ?? path.join(REPO_ROOT, '.n8n-local');
const QUEUE = process.argv.includes('--queue');

interface LocalSetup {
	credentials: Record<string, { id: string; name: string }>;
	workflows: Record<string, string>;
	/** Password of the templates' form login (user `rewards-admin`). */
	formPassword?: string;
	/** The Shared Secret of the `authenticatedWebhookApi` credential the templates' inbound webhooks use. */
	inboundWebhookSecret?: string;
	/** What `npm run demo` needs to drive the sandboxes and read the results. */
	demo?: DemoSetup;
}

async function main() {
	for (const [name, port] of [
		['N8N_PORT', N8N_PORT],
		['N8N_RUNNERS_BROKER_PORT', BROKER_PORT],
		['SANDBOX_PORT', SANDBOX_PORT],
		['SMTP_PORT', SMTP_PORT],
	] as const) {
		if (await isPortInUse(port))
			throw new Error(`Port ${port} is in use. Free it or set ${name} to another port.`);
	}
	console.log('Preparing n8n (the first run installs it into ~/.cache: about 6 minutes)...');
	const runtime = await ensureN8nRuntime();
	await fs.mkdir(USER_FOLDER, { recursive: true });
	await packAndInstall(USER_FOLDER);

	const sandbox = await startSandbox({ port: SANDBOX_PORT, smtp: { port: SMTP_PORT } });
	console.log(
		QUEUE
			? 'Starting n8n in queue mode (main, 2 workers, 2 webhook processors)...'
			: 'Starting n8n...',
	);
	const n8n = QUEUE
		? await startQueueDemo({ runtime, userFolder: USER_FOLDER, port: N8N_PORT })
		: await startN8n({
				runtime,
				userFolder: USER_FOLDER,
				port: N8N_PORT,
				brokerPort: BROKER_PORT,
				host: 'localhost',
				// As the package README advises for a single process ("Running at volume").
				extraEnv: { N8N_CONCURRENCY_PRODUCTION_LIMIT: String(SINGLE_PROCESS_EXECUTION_LIMIT) },
			});
	const shutdown = async () => {
		console.log('\nStopping n8n and the sandboxes...');
		await n8n.stop();
		await sandbox.close();
		process.exit(0);
	};
	process.on('SIGINT', () => void shutdown());
	process.on('SIGTERM', () => void shutdown());

	const api = await N8nApi.connect(n8n.baseUrl);
	// Queue mode keeps its own database (PostgreSQL), so its own list of what was created there.
	const setupFile = path.join(
		USER_FOLDER,
		QUEUE ? 'reward-fulfillment-setup-queue.json' : 'reward-fulfillment-setup.json',
	);
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
	setup.credentials.influitiveApi ??= await api.createCredential(
		'Influitive (sandbox)',
		'influitiveApi',
		{
			apiToken: influitive.token,
			orgId: influitive.orgId,
			baseUrl: influitive.baseUrl,
			webhookSecret: demoWebhookSecret(setup),
		},
	);

	const { influenceio, store, kounta, vendor, smtp } = sandbox.vendors;
	setup.credentials.influenceIoApi ??= await api.createCredential(
		'Influence.io (sandbox)',
		'influenceIoApi',
		{
			apiKey: influenceio.apiKey,
			baseUrl: influenceio.baseUrl,
			webhookSecret: '',
		},
	);
	setup.credentials.httpHeaderAuth ??= await api.createCredential(
		'Store (sandbox)',
		'httpHeaderAuth',
		{
			name: 'Authorization',
			value: `Bearer ${store.token}`,
		},
	);
	// The templates' inbound webhooks (Authenticated Webhook Trigger): a sender presents this secret as a Bearer token.
	setup.inboundWebhookSecret ??= randomBytes(24).toString('hex');
	setup.credentials.authenticatedWebhookApi ??= await api.createCredential(
		'Inbound webhook secret',
		'authenticatedWebhookApi',
		{
			secret: setup.inboundWebhookSecret,
			headerName: 'Authorization',
		},
	);
	setup.credentials.kountaApi ??= await api.createCredential(
		'Kounta (sandbox, Basic)',
		'kountaApi',
		{
			clientId: kounta.clientId,
			clientSecret: kounta.clientSecret,
			baseUrl: kounta.baseUrl,
			signatureToken: kounta.signatureKey,
			// The Kounta Loyalty Trigger refuses to run without it (its URLs would answer anyone).
			loyaltyUrlToken: randomBytes(16).toString('hex'),
		},
	);
	// The reformat-and-forward templates' vendor (their credential id `vendor-credential`), the mail server
	// the codes template sends through, and the login of the templates' forms.
	setup.credentials['vendor-credential:httpHeaderAuth'] ??= await api.createCredential(
		'Fulfilment vendor (sandbox)',
		'httpHeaderAuth',
		{
			name: vendor.apiKeyHeader,
			value: vendor.apiKey,
		},
	);
	setup.credentials.smtp ??= await api.createCredential('SMTP (sandbox)', 'smtp', {
		host: smtp.host,
		port: smtp.port,
		user: smtp.user,
		password: smtp.password,
		secure: false,
		disableStartTls: true,
	});
	setup.formPassword ??= randomBytes(12).toString('base64url');
	setup.credentials.httpBasicAuth ??= await api.createCredential(
		'Template form login',
		'httpBasicAuth',
		{ user: 'rewards-admin', password: setup.formPassword },
	);
	// The Reward Ledger keeps its entries in this n8n's Data Tables, through its public API.
	setup.credentials.rewardLedgerApi ??= await api.createCredential(
		'Reward Ledger (this n8n)',
		'rewardLedgerApi',
		{
			apiKey: api.apiKey,
			baseUrl: `${n8n.baseUrl}/api/v1`,
		},
	);

	// The order record the Kotis cancellation template watches, and the Kounta customer index.
	const dataTables = await ensureDataTables(api);

	const templateDir = path.join(REPO_ROOT, 'workflows');
	const templates = (await fs.readdir(templateDir).catch(() => []))
		.filter((f) => f.endsWith('.json'))
		.sort();
	for (const file of templates) {
		if (setup.workflows[file]) continue;
		// Random webhook paths, as the editor assigns them on import.
		const template = assignWebhookPaths(
			JSON.parse(await fs.readFile(path.join(templateDir, file), 'utf8')) as WorkflowJson,
		);
		const { id } = await api.createWorkflow(
			bindCredentials(forSandbox(file, template, sandbox), setup.credentials),
		);
		setup.workflows[file] = id;
		console.log(`Imported template ${file} as workflow ${id}`);
	}
	const demo = await publishDemos(api, sandbox, setup, dataTables);
	await fs.writeFile(setupFile, JSON.stringify(setup, null, 2));

	console.log(`
n8n is ready: http://localhost:${N8N_PORT}${'describe' in n8n ? `\n${n8n.describe}` : ''}
  login     ${OWNER.email}
  password  ${OWNER.password}
  templates ${templates.length} in the workflows list (credentials bound to the sandboxes)
            their Authenticated Webhook triggers want: Authorization: Bearer ${setup.inboundWebhookSecret}

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
  Vendor         ${vendor.baseUrl}   (${vendor.apiKeyHeader}: ${vendor.apiKey}); orders: GET ${sandbox.url}/__admin/vendor/orders
  SMTP           ${smtp.host}:${smtp.port}   (${smtp.user} / ${smtp.password}); messages: GET ${sandbox.url}/__admin/smtp/messages
  Form login     rewards-admin / ${setup.formPassword}   (the Kotis codes template's form)
  Kounta         ${kounta.baseUrl}
                 Basic ${kounta.clientId} / ${kounta.clientSecret}; OAuth2 authorize ${kounta.authorizeUrl}, token ${kounta.tokenUrl}
                 POS simulator: PUT ${sandbox.url}/__admin/kounta/loyalty {"searchUrl":"…","rewardsUrl":"…"}, then POST ${sandbox.url}/__admin/kounta/pos/checkout {"keyword":"ada@example.com"}

${demo}

Press Ctrl+C to stop.`);
}

// ---- The demo: three templates published and wired to the sandboxes, `npm run demo` drives them ----

export interface DemoSetup {
	n8nUrl: string;
	sandboxUrl: string;
	/** The Influitive credential's Webhook Secret, which the hub appends to the flagship's URL. */
	influitiveWebhookSecret: string;
	workflows: { influitive: string; influenceio: string; kounta: string };
}

const DEMO_TEMPLATES = {
	influitive: 'influitive-redemption-to-kotis.json',
	influenceio: 'influenceio-redeemed-coupon-to-store.json',
	kounta: 'kounta-completed-order-to-influenceio.json',
} as const;

/** The Influitive credential's Webhook Secret: generated once, kept in the setup file. */
function demoWebhookSecret(setup: LocalSetup): string {
	setup.demo ??= {
		n8nUrl: '',
		sandboxUrl: '',
		influitiveWebhookSecret: randomBytes(18).toString('base64url'),
		workflows: { influitive: '', influenceio: '', kounta: '' },
	};
	return setup.demo.influitiveWebhookSecret;
}

/**
 * The one edit a user makes to a template before it can run, made for the sandbox: the coupon
 * template's store endpoint (a placeholder in its *Reward Rules* node) points at the store stand-in.
 */
function forSandbox(file: string, template: WorkflowJson, sandbox: RunningSandbox): WorkflowJson {
	if (file !== DEMO_TEMPLATES.influenceio) return forSandboxVendor(template, sandbox);
	const placeholder = "'https://store.example.com/store/coupons'";
	return {
		...template,
		nodes: template.nodes.map((node) => {
			const parameters = node.parameters as { jsCode?: string } | undefined;
			if (node.name !== 'Reward Rules' || !parameters?.jsCode?.includes(placeholder)) return node;
			return {
				...node,
				parameters: {
					...parameters,
					jsCode: parameters.jsCode.replace(
						placeholder,
						JSON.stringify(`${sandbox.vendors.store.baseUrl}/coupons`),
					),
				},
			};
		}),
	};
}

/** The reformat-and-forward templates' order URL (a placeholder) pointed at the vendor stand-in. */
function forSandboxVendor(template: WorkflowJson, sandbox: RunningSandbox): WorkflowJson {
	return {
		...template,
		nodes: template.nodes.map((node) => {
			const parameters = node.parameters as { url?: string } | undefined;
			if (node.type !== 'n8n-nodes-base.httpRequest' || parameters?.url !== VENDOR_PLACEHOLDER_URL)
				return node;
			return {
				...node,
				parameters: { ...parameters, url: `${sandbox.vendors.vendor.baseUrl}/orders` },
			};
		}),
	};
}

/**
 * Publishes the flagship, the Influence.io coupon template and the Kounta sale template, and
 * points the sandboxes at them: the Influitive hub gets a webhook subscription to the flagship's
 * URL (with the secret), as an administrator pastes it; the Influence.io and Kounta triggers
 * register their own webhooks in the sandbox when published. Returns the lines to print.
 */
async function publishDemos(
	api: N8nApi,
	sandbox: RunningSandbox,
	setup: LocalSetup,
	dataTables: Record<string, string>,
): Promise<string> {
	// The sandboxes start empty and count ids from the start again, while n8n keeps its data: rows
	// claimed on an earlier start would make the templates skip today's redemption 501 or sale as
	// "already ordered". This n8n only ever talks to the sandboxes, so their rows go too.
	for (const id of Object.values(dataTables)) await api.clearDataTable(id);
	// The Reward Ledger's entries and remembered deliveries likewise (an entry influitive:501 from an
	// earlier start would make today's redemption 501 "Already Handled"). Its lock table stays: it
	// holds the lease row the ledger expects.
	for (const name of [LEDGER_TABLE, DEFAULT_DELIVERY_TABLE]) {
		const id = await api.dataTableByName(name);
		if (id) await api.clearDataTable(id);
	}
	demoWebhookSecret(setup);
	const demo = setup.demo as DemoSetup;
	demo.n8nUrl = `http://localhost:${N8N_PORT}`;
	demo.sandboxUrl = sandbox.url;
	for (const [key, file] of Object.entries(DEMO_TEMPLATES) as Array<
		[keyof typeof DEMO_TEMPLATES, string]
	>) {
		// The sandboxes start empty and count ids from the start again, but a trigger remembers the
		// deliveries it saw (static data, kept across restarts) and would drop redemption 501 or the
		// first sale as a repeat; the self-registering triggers must also register in the new sandbox.
		// So each start replaces the three demo workflows with fresh copies of their templates.
		const previous = setup.workflows[file];
		if (previous) {
			await api.unpublish(previous).catch(() => undefined);
			await api.deleteWorkflow(previous).catch(() => undefined);
		}
		const template = JSON.parse(
			await fs.readFile(path.join(REPO_ROOT, 'workflows', file), 'utf8'),
		) as WorkflowJson;
		const { id } = await api.createWorkflow(
			bindCredentials(forSandbox(file, template, sandbox), setup.credentials),
		);
		await api.publish(id);
		setup.workflows[file] = id;
		demo.workflows[key] = id;
	}
	const flagship = JSON.parse(
		await fs.readFile(path.join(REPO_ROOT, 'workflows', DEMO_TEMPLATES.influitive), 'utf8'),
	) as WorkflowJson;
	const trigger = flagship.nodes.find((n) => n.type.endsWith('.influitiveTrigger')) as
		{ webhookId?: string } | undefined;
	if (!trigger?.webhookId) throw new Error('The flagship template has no Influitive trigger');
	const client = new SandboxClient(sandbox.url);
	await client.influitive.unsubscribe();
	await client.influitive.subscribe(api.webhookUrl(`${trigger.webhookId}/webhook`), {
		query: { token: demo.influitiveWebhookSecret },
	});
	return [
		'See the loop close (published and wired to the sandboxes; run in another terminal):',
		'  npm run demo -- influitive    an advocate redeems a T-shirt → Kotis order → redemption fulfilled',
		'  npm run demo -- influenceio   a customer redeems points → coupon created in the store',
		'  npm run demo -- kounta        a till sale completes → Influence.io order → points earned',
	].join('\n');
}

main().catch((error: unknown) => {
	console.error(error instanceof Error ? error.message : error);
	process.exit(1);
});
