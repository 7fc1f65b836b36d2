/**
 * `npm run bench`: fires N redemptions (default 500, 10 at a time) at the flagship template (a) in
 * a real n8n against the sandboxes, and prints throughput and webhook-to-fulfil latency side by side,
 * in the same run, with (i) the same flow built only from n8n's built-in Webhook, Code, HTTP Request
 * and IF nodes and (ii) a bare Webhook → Respond to Webhook workflow. Prints figures; asserts nothing.
 *
 * Influitive allows 200 requests per 5 minutes per IP and every redemption costs one Influitive
 * call (the fulfil). Under that limit a 500 burst measures the limit (0.67 fulfils/s), not n8n, so
 * by default the bench raises it in the sandbox and in the credential's "Requests per 5 Minutes"
 * and says so; `--real-limit` keeps the published limit (then keep --count under 200).
 *
 *   npm run bench -- --count 150 --concurrency 10 [--real-limit]
 */
import { parseArgs } from 'node:util';

import axios from 'axios';

import { SandboxClient } from '../../sandbox/client';
import type { WorkflowJson } from '../lib/n8n-api';
import { INFLUITIVE_WEBHOOK_SECRET, startStack, type Stack } from '../lib/stack';
import { publishTemplateFile } from '../lib/templates';
import { builtinFlow } from './builtin-flow';

export interface Result {
	name: string;
	count: number;
	wallMs: number;
	latencies: number[];
	failures: number;
}

export function percentile(sorted: number[], p: number): number {
	if (sorted.length === 0) return NaN;
	return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

export async function pool<T>(count: number, concurrency: number, task: (i: number) => Promise<T>): Promise<T[]> {
	const results: T[] = new Array(count);
	let next = 0;
	await Promise.all(
		Array.from({ length: Math.min(concurrency, count) }, async () => {
			while (next < count) {
				const i = next++;
				results[i] = await task(i);
			}
		}),
	);
	return results;
}

/** Redemptions created in the sandbox hub, delivered to `hookUrl`, timed until the hub records the fulfil. */
export async function runRedemptions(stack: Stack, name: string, hookUrl: string, count: number, concurrency: number): Promise<Result> {
	const admin = new SandboxClient(stack.sandbox.url);
	await admin.kotis.setInventory([{ sku: '107529-1-M', physical_quantity: count * 2, available_quantity: count * 2 }]);
	await admin.influitive.setPoints('ada@example.com', count * 1000);
	const sent = new Map<number, number>();
	const start = Date.now();
	await pool(count, concurrency, async () => {
		const { redemption } = await admin.influitive.createRedemption({ member: 'ada@example.com', reward: 77, size: 'M' });
		sent.set(redemption.id, Date.now());
		await admin.influitive.deliver({ url: hookUrl, redemptionId: redemption.id, query: { token: INFLUITIVE_WEBHOOK_SECRET } });
	});
	const deadline = Date.now() + 15 * 60_000;
	let records = await admin.influitive.redemptions();
	while (records.filter((r) => sent.has(r.id) && r.status !== 'pending').length < count && Date.now() < deadline) {
		await new Promise((r) => setTimeout(r, 500));
		records = await admin.influitive.redemptions();
	}
	const decided = records.filter((r) => sent.has(r.id) && r.decision);
	const latencies = decided.map((r) => Date.parse(r.decision?.at ?? '') - (sent.get(r.id) as number));
	const end = decided.length > 0 ? Math.max(...decided.map((r) => Date.parse(r.decision?.at ?? ''))) : Date.now();
	return { name, count, wallMs: end - start, latencies, failures: count - decided.filter((r) => r.status === 'fulfilled').length };
}

async function main() {
	const { values } = parseArgs({
		options: {
			count: { type: 'string', default: '500' },
			concurrency: { type: 'string', default: '10' },
			'real-limit': { type: 'boolean', default: false },
		},
	});
	const count = Number(values.count);
	const concurrency = Number(values.concurrency);
	const realLimit = values['real-limit'] === true;
	console.log(`Booting n8n and the sandboxes (count ${count}, concurrency ${concurrency})...`);
	if (!realLimit) {
		console.log("Influitive's 200 requests / 5 min limit is raised in the sandbox and the credential, to measure n8n rather than the limit (--real-limit keeps it).");
	}
	const raised = 1_000_000;
	const stack = await startStack(
		realLimit
			? {}
			: {
					sandbox: { influitive: { rateLimit: { requests: raised, windowMs: 300_000 } } },
					credentialOverrides: { influitiveApi: { requestsPer5Minutes: raised } },
				},
	);
	for (const signal of ['SIGINT', 'SIGTERM'] as const) {
		process.once(signal, () => void stack.stop().finally(() => process.exit(130)));
	}
	try {
		const results: Result[] = [];

		// The flagship template: Influitive webhook → Kotis stock check → order → fulfil.
		const { id: templateId, webhookPath } = await publishTemplateFile(stack.api, stack.credentials, 'influitive-redemption-to-kotis.json');
		results.push(await runRedemptions(stack, 'template (a): this package\'s nodes', stack.api.webhookUrl(webhookPath('Redemption Requested')), count, concurrency));
		await stack.api.unpublish(templateId);

		// (i) The same flow from built-in nodes only.
		const { kotis, influitive } = stack.sandbox.vendors;
		const builtin = builtinFlow({
			path: 'bench-builtin',
			webhookSecret: INFLUITIVE_WEBHOOK_SECRET,
			kotis: { baseUrl: kotis.baseUrl, apiKey: kotis.apiKey },
			influitive: { baseUrl: influitive.baseUrl, token: influitive.token, orgId: influitive.orgId },
		});
		const builtinId = (await stack.api.createWorkflow(builtin)).id;
		await stack.api.publish(builtinId);
		results.push(await runRedemptions(stack, '(i) built-in Webhook/Code/HTTP Request/IF', stack.api.webhookUrl('bench-builtin'), count, concurrency));
		await stack.api.unpublish(builtinId);

		// (ii) Baseline: a bare Webhook → Respond to Webhook.
		const bare: WorkflowJson = {
			name: 'bench bare webhook',
			nodes: [
				{ id: 'b1', name: 'Webhook', type: 'n8n-nodes-base.webhook', typeVersion: 2, position: [0, 0], webhookId: '0d6c7a52-1f3e-4b8a-9c2d-3e4f5a6b7c8d', parameters: { httpMethod: 'POST', path: 'bench-bare', responseMode: 'responseNode', options: {} } },
				{ id: 'b2', name: 'Respond', type: 'n8n-nodes-base.respondToWebhook', typeVersion: 1.1, position: [220, 0], parameters: { respondWith: 'json', responseBody: '={{ { ok: true } }}', options: {} } },
			],
			connections: { Webhook: { main: [[{ node: 'Respond', type: 'main', index: 0 }]] } },
			settings: { executionOrder: 'v1' },
		};
		const bareId = (await stack.api.createWorkflow(bare)).id;
		await stack.api.publish(bareId);
		const bareStart = Date.now();
		const bareRuns = await pool(count, concurrency, async () => {
			const t0 = Date.now();
			const reply = await axios.post(stack.api.webhookUrl('bench-bare'), { x: 1 }, { validateStatus: () => true });
			return { ms: Date.now() - t0, ok: reply.status === 200 };
		});
		results.push({ name: '(ii) bare Webhook → Respond', count, wallMs: Date.now() - bareStart, latencies: bareRuns.map((r) => r.ms), failures: bareRuns.filter((r) => !r.ok).length });
		await stack.api.unpublish(bareId);

		console.log('\nLatency: webhook sent → fulfil recorded by the hub ((ii): request → reply).');
		console.log('| flow | n | failures | throughput (/s) | p50 ms | p95 ms |');
		console.log('| --- | --- | --- | --- | --- | --- |');
		const throughput = results.map((r) => r.count / (r.wallMs / 1000));
		results.forEach((r, i) => {
			const sorted = [...r.latencies].sort((a, b) => a - b);
			console.log(`| ${r.name} | ${r.count} | ${r.failures} | ${throughput[i].toFixed(1)} | ${percentile(sorted, 50)} | ${percentile(sorted, 95)} |`);
		});
		const [a, i, ii] = throughput;
		console.log(`\nthroughput ratios: template/built-in ${(a / i).toFixed(2)}, template/bare ${(a / ii).toFixed(2)}, built-in/bare ${(i / ii).toFixed(2)}`);
	} finally {
		await stack.stop();
	}
}

// `npm run bench -- --queue`: the flagship in queue mode with 1 and 2 workers (scripts/bench/queue.ts).
if (require.main === module) {
	(process.argv.includes('--queue') ? import('./queue').then((q) => q.main()) : main()).catch((error: unknown) => {
		console.error(error);
		process.exit(1);
	});
}
