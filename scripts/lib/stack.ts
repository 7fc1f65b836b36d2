import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

import { startSandbox, type RunningSandbox, type SandboxOptions } from '../../sandbox/server';
import { ensureDataTables } from './data-tables';
import { N8nApi } from './n8n-api';
import { startN8n, type N8nInstance } from './n8n-instance';
import { connectOAuth2Credential } from './oauth2';
import { packAndInstall, PACKAGE_NAME } from './package-install';
import { getFreePort } from './ports';
import { queueServicesProblem, startQueueCluster, type QueueCluster } from './queue';
import { ensureN8nRuntime } from './runtime';

export const INFLUITIVE_WEBHOOK_SECRET = 'e2e-influitive-webhook-secret';
export const INFLUENCEIO_WEBHOOK_SECRET = 'e2e-influenceio-webhook-secret';
export const KOUNTA_LOYALTY_URL_TOKEN = 'e2e-kounta-loyalty-url-token';
/**
 * The Shared Secret of the templates' Authenticated Webhook Trigger nodes (credential
 * `authenticatedWebhookApi`), and the header a sender puts it in.
 */
export const TEMPLATE_WEBHOOK_HEADER = 'Authorization';
export const TEMPLATE_WEBHOOK_SECRET = 'e2e-template-webhook-secret-5f0c2a9d';
export const TEMPLATE_WEBHOOK_VALUE = `Bearer ${TEMPLATE_WEBHOOK_SECRET}`;
/** Basic Auth of the templates' n8n forms (credential `httpBasicAuth`), e.g. the Kotis codes form. */
export const TEMPLATE_FORM_USER = 'rewards-admin';
export const TEMPLATE_FORM_PASSWORD = 'e2e-template-form-password-8b41d7';
/** An Authenticated Webhook credential that checks an HMAC-SHA256 signature of the body instead (`authenticatedWebhookApiSigned`). */
export const SIGNED_WEBHOOK_KEY = 'e2e-signed-webhook-key-0c7e93b1';
export const SIGNED_WEBHOOK_HEADER = 'X-Shop-Hmac-Sha256';

export interface Stack {
	mode: 'single' | 'queue';
	/** The main n8n process (API, publishing). */
	n8n: N8nInstance;
	/** Where tests send everything: main in single mode; the round-robin front in queue mode. */
	url: string;
	/** Queue mode: the processes, their URLs, restart. */
	queue?: QueueCluster;
	/** Log file of each n8n process by name (`main`, `worker-1`, `webhook-1`, …). */
	logFiles: Record<string, string>;
	/** The last lines of every n8n process's log. */
	logTails(lines?: number): Promise<string>;
	api: N8nApi;
	sandbox: RunningSandbox;
	userFolder: string;
	credentials: Record<string, { id: string; name: string }>;
	/** Data table ids by name (`reward_orders`). */
	dataTables: Record<string, string>;
	/** Secret values that must never show up in execution data or logs. */
	secrets: string[];
	/** For each secret, the sandbox vendor it may be sent to ('' = none: it only ever travels towards n8n). */
	secretVendors: Record<string, string>;
	loadedNodeTypes: string[];
	stop(): Promise<void>;
}

/**
 * A real n8n (pinned version, own SQLite in a temp folder, this package installed as n8n installs
 * community packages) plus the vendor sandboxes and credentials pointing at them. Used by the e2e
 * suite and the benchmarks.
 */
export interface StackOptions {
	keepUserFolder?: boolean;
	/** Sandbox options, e.g. a raised Influitive limit for a benchmark. */
	sandbox?: Omit<SandboxOptions, 'host' | 'port'>;
	/** Extra fields per credential type, e.g. `{ influitiveApi: { requestsPer5Minutes: 100000 } }`. */
	credentialOverrides?: Record<string, Record<string, unknown>>;
	/** `single` (default): one n8n on SQLite. `queue`: main + workers + webhook processors on PostgreSQL + Redis. */
	mode?: 'single' | 'queue';
	/** Queue mode: number of `n8n worker` processes (default 2). */
	workers?: number;
	/** Queue mode: number of `n8n webhook` processors (default 2). */
	webhookProcessors?: number;
	/** Queue mode: worker concurrency (n8n's default 10). */
	workerConcurrency?: number;
	/** Single mode: extra n8n environment, e.g. `{ N8N_CONCURRENCY_PRODUCTION_LIMIT: '10' }`. */
	n8nEnv?: Record<string, string>;
}

export async function startStack(options: StackOptions = {}): Promise<Stack> {
	const runtime = await ensureN8nRuntime();
	if (options.mode === 'queue') {
		// Before packing and booting anything: a missing PostgreSQL or Redis is said at once.
		const problem = await queueServicesProblem(runtime);
		if (problem) throw new Error(problem);
	}
	const userFolder = await fs.mkdtemp(path.join(os.tmpdir(), 'rf-stack-'));
	const cleanup: Array<() => Promise<void>> = [
		async () => {
			if (!options.keepUserFolder) await fs.rm(userFolder, { recursive: true, force: true });
		},
	];
	const stop = async () => {
		for (const step of cleanup) await step().catch(() => undefined);
	};
	try {
		await packAndInstall(userFolder);
		const sandbox = await startSandbox({ ...options.sandbox, port: 0 });
		cleanup.unshift(() => sandbox.close());
		let n8n: N8nInstance;
		let url: string;
		let queue: QueueCluster | undefined;
		if (options.mode === 'queue') {
			queue = await startQueueCluster({
				runtime,
				userFolder,
				workers: options.workers ?? 2,
				webhookProcessors: options.webhookProcessors ?? 2,
				workerConcurrency: options.workerConcurrency,
			});
			cleanup.unshift(() => (queue as QueueCluster).stop());
			n8n = queue.main;
			url = queue.frontUrl;
		} else {
			n8n = await startN8n({
				runtime,
				userFolder,
				port: await getFreePort(),
				brokerPort: await getFreePort(),
				extraEnv: options.n8nEnv,
			});
			cleanup.unshift(() => n8n.stop());
			url = n8n.baseUrl;
		}
		const cluster = queue;
		const logFiles = cluster
			? Object.fromEntries(cluster.processes().map((p) => [p.name, p.instance.logFile]))
			: { main: n8n.logFile };
		const logTails = async (lines = 40) =>
			cluster
				? await cluster.logTails(lines)
				: `----- main (${n8n.logFile}) -----\n${await n8n.logTail(lines)}`;

		const api = await N8nApi.connect(url);
		const loadedNodeTypes = (await api.nodeTypes()).filter((t) => t.startsWith(`${PACKAGE_NAME}.`));
		if (!loadedNodeTypes.includes(`${PACKAGE_NAME}.kotis`)) {
			throw new Error(
				`n8n did not load the package's nodes; loaded: ${loadedNodeTypes.join(', ') || 'none'}\n${await logTails()}`,
			);
		}
		const dataTables = await ensureDataTables(api);
		const { kotis, influitive, influenceio, store, kounta, vendor, smtp } = sandbox.vendors;
		const credentials: Record<string, { id: string; name: string }> = {
			kotisApi: await api.createCredential('Kotis Design (sandbox)', 'kotisApi', {
				apiKey: kotis.apiKey,
				baseUrl: kotis.baseUrl,
				storesBaseUrl: kotis.storesBaseUrl,
				...options.credentialOverrides?.kotisApi,
			}),
			influitiveApi: await api.createCredential('Influitive (sandbox)', 'influitiveApi', {
				apiToken: influitive.token,
				orgId: influitive.orgId,
				baseUrl: influitive.baseUrl,
				webhookSecret: INFLUITIVE_WEBHOOK_SECRET,
				// Queue mode: the workers share Influitive's per-IP limit, each paces at its share.
				...(options.mode === 'queue' ? { processesSharingLimit: options.workers ?? 2 } : {}),
				...options.credentialOverrides?.influitiveApi,
			}),
			influenceIoApi: await api.createCredential('Influence.io (sandbox)', 'influenceIoApi', {
				apiKey: influenceio.apiKey,
				baseUrl: influenceio.baseUrl,
				webhookSecret: INFLUENCEIO_WEBHOOK_SECRET,
				...options.credentialOverrides?.influenceIoApi,
			}),
			// The store stand-in plays the merchant's shop; templates call it with n8n's HTTP Request node.
			httpHeaderAuth: await api.createCredential('Store (sandbox)', 'httpHeaderAuth', {
				name: 'Authorization',
				value: `Bearer ${store.token}`,
			}),
			// The templates' inbound webhooks (Authenticated Webhook Trigger).
			authenticatedWebhookApi: await api.createCredential(
				'Inbound webhook secret (e2e)',
				'authenticatedWebhookApi',
				{
					secret: TEMPLATE_WEBHOOK_SECRET,
					headerName: TEMPLATE_WEBHOOK_HEADER,
				},
			),
			authenticatedWebhookApiSigned: await api.createCredential(
				'Inbound webhook, signed (e2e)',
				'authenticatedWebhookApi',
				{
					hmacSecret: SIGNED_WEBHOOK_KEY,
					signatureHeader: SIGNED_WEBHOOK_HEADER,
					signatureEncoding: 'base64',
				},
			),
			// The fulfilment vendor of the reformat-and-forward templates (their credential id `vendor-credential`).
			'vendor-credential:httpHeaderAuth': await api.createCredential(
				'Fulfilment vendor (sandbox)',
				'httpHeaderAuth',
				{
					name: vendor.apiKeyHeader,
					value: vendor.apiKey,
				},
			),
			// Send Email nodes: the SMTP stand-in, plain connection (no TLS), as a local relay.
			smtp: await api.createCredential('SMTP (sandbox)', 'smtp', {
				host: smtp.host,
				port: smtp.port,
				user: smtp.user,
				password: smtp.password,
				secure: false,
				disableStartTls: true,
			}),
			// Basic Auth of the templates' forms.
			httpBasicAuth: await api.createCredential('Template form login (e2e)', 'httpBasicAuth', {
				user: TEMPLATE_FORM_USER,
				password: TEMPLATE_FORM_PASSWORD,
			}),
			kountaApi: await api.createCredential('Kounta (sandbox, Basic)', 'kountaApi', {
				clientId: kounta.clientId,
				clientSecret: kounta.clientSecret,
				baseUrl: kounta.baseUrl,
				signatureToken: kounta.signatureKey,
				loyaltyUrlToken: KOUNTA_LOYALTY_URL_TOKEN,
				...options.credentialOverrides?.kountaApi,
			}),
		};
		// The Reward Ledger keeps its entries in this n8n's Data Tables through the public API.
		credentials.rewardLedgerApi = await api.createCredential(
			'Reward Ledger (this n8n)',
			'rewardLedgerApi',
			{
				apiKey: api.apiKey,
				baseUrl: `${n8n.baseUrl}/api/v1`,
			},
		);
		if (options.mode === 'queue') {
			// For the shared-limit proof (test/e2e/queue-vendor-limits.test.ts): credentials of their own,
			// so the budget that test spends (pacing windows are per credential) leaves the others alone.
			const influitiveLimits = (name: string, processesSharingLimit: number) =>
				api.createCredential(name, 'influitiveApi', {
					apiToken: influitive.token,
					orgId: influitive.orgId,
					baseUrl: influitive.baseUrl,
					webhookSecret: INFLUITIVE_WEBHOOK_SECRET,
					...options.credentialOverrides?.influitiveApi,
					processesSharingLimit,
				});
			credentials.influitiveApiSharedLimit = await influitiveLimits(
				'Influitive (sandbox, limit shared by the workers)',
				options.workers ?? 2,
			);
			// The same account paced per process as before the limit was shared (measures what sharing prevents).
			credentials.influitiveApiUnshared = await influitiveLimits(
				'Influitive (sandbox, limit not shared)',
				1,
			);
		}
		// Kounta OAuth2: created empty, then connected through n8n's own OAuth2 flow against the sandbox.
		credentials.kountaOAuth2Api = await api.createCredential(
			'Kounta (sandbox, OAuth2)',
			'kountaOAuth2Api',
			{
				clientId: kounta.clientId,
				clientSecret: kounta.clientSecret,
				authUrl: kounta.authorizeUrl,
				accessTokenUrl: kounta.tokenUrl,
				baseUrl: kounta.baseUrl,
				signatureToken: kounta.signatureKey,
				loyaltyUrlToken: KOUNTA_LOYALTY_URL_TOKEN,
				...options.credentialOverrides?.kountaOAuth2Api,
			},
		);
		await connectOAuth2Credential(n8n.baseUrl, credentials.kountaOAuth2Api.id);
		const secretVendors: Record<string, string> = {
			[kotis.apiKey]: 'kotis',
			[influitive.token]: 'influitive',
			[INFLUITIVE_WEBHOOK_SECRET]: '',
			[influenceio.apiKey]: 'influenceio',
			// Registered with Influence.io inside the delivery URL.
			[INFLUENCEIO_WEBHOOK_SECRET]: 'influenceio',
			[store.token]: 'store',
			[kounta.clientSecret]: 'kounta',
			[kounta.signatureKey]: '',
			[KOUNTA_LOYALTY_URL_TOKEN]: '',
			[TEMPLATE_WEBHOOK_SECRET]: '',
			[vendor.apiKey]: 'vendor',
			// Goes to the SMTP stand-in only, which is not an HTTP vendor: never in any recorded call.
			[smtp.password]: '',
			[TEMPLATE_FORM_PASSWORD]: '',
			[SIGNED_WEBHOOK_KEY]: '',
			// The n8n API key of the Reward Ledger credential goes to n8n itself, never to a vendor.
			[api.apiKey]: '',
		};
		return {
			mode: cluster ? 'queue' : 'single',
			n8n,
			url,
			queue: cluster,
			logFiles,
			logTails,
			api,
			sandbox,
			userFolder,
			credentials,
			dataTables,
			secrets: [
				kotis.apiKey,
				influitive.token,
				INFLUITIVE_WEBHOOK_SECRET,
				influenceio.apiKey,
				INFLUENCEIO_WEBHOOK_SECRET,
				store.token,
				kounta.clientSecret,
				kounta.signatureKey,
				KOUNTA_LOYALTY_URL_TOKEN,
				api.apiKey,
				TEMPLATE_WEBHOOK_SECRET,
				vendor.apiKey,
				smtp.password,
				TEMPLATE_FORM_PASSWORD,
				SIGNED_WEBHOOK_KEY,
			],
			secretVendors,
			loadedNodeTypes,
			stop,
		};
	} catch (error) {
		await stop();
		throw error;
	}
}
