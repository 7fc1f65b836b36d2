/**
 * `npm run bench`: fires N redemptions (default 500, 10 at a time) at the flagship template (a) in
 * a real n8n against the sandboxes, and prints throughput and webhook-to-fulfil latency side by side,
 * in the same run, with (a') the template with its record keeping as No Operation nodes (what the
 * flow costs with a free ledger), (i) the same flow built only from n8n's built-in Webhook, Code,
 * HTTP Request and IF nodes and (ii) a bare Webhook → Respond to Webhook workflow. Prints figures;
 * asserts nothing.
 *
 * Influitive allows 200 requests per 5 minutes per IP and every redemption costs one Influitive
 * call (the fulfil). Under that limit a 500 burst measures the limit (0.67 fulfils/s), not n8n, so
 * by default the bench raises it in the sandbox and in the credential's "Requests per 5 Minutes"
 * and says so; `--real-limit` keeps the published limit (then keep --count under 200).
 *
 * n8n runs with N8N_CONCURRENCY_PRODUCTION_LIMIT=10 (the package README's advice for single-process
 * n8n: a burst then waits in n8n's queue instead of running all at once); `--n8n-concurrency 0`
 * leaves n8n's default (unlimited).
 *
 *   npm run bench -- --count 150 --concurrency 10 [--n8n-concurrency 10] [--real-limit] [--n8n-env N8N_X=y]
 */
import { parseArgs } from 'node:util';

import axios from 'axios';

import { SandboxClient } from '../../sandbox/client';
import type { WorkflowJson } from '../lib/n8n-api';
import { SINGLE_PROCESS_EXECUTION_LIMIT } from '../lib/n8n-instance';
import { INFLUITIVE_WEBHOOK_SECRET, startStack, type Stack } from '../lib/stack';
import { publishTemplateFile } from '../lib/templates';
import { publishBuiltinFlow } from './builtin-flow';
import {
	attempt,
	failureReason,
	n8nEnvFromArgs,
	percentile,
	pool,
	reasonSummary,
	runBench,
	stockForRedemptions,
} from './common';

/** No redemption decided for this long: the rest are not coming. */
const STALL_MS = 60_000;

export interface Result {
	name: string;
	count: number;
	wallMs: number;
	latencies: number[];
	failures: number;
	/** Why calls failed (timed out, refused, not fulfilled), one entry per failure. */
	reasons: string[];
}

/** Redemptions created in the sandbox hub, delivered to `hookUrl`, timed until the hub records the fulfil. */
export async function runRedemptions(
	stack: Stack,
	name: string,
	hookUrl: string,
	count: number,
	concurrency: number,
): Promise<Result> {
	// A long admin timeout: a delivery waits for n8n's acknowledgement, and a slow n8n is a finding, not a crash.
	const admin = new SandboxClient(stack.sandbox.url, { timeoutMs: 120_000 });
	await stockForRedemptions(admin, count);
	const sent = new Map<number, number>();
	const reasons: string[] = [];
	const start = Date.now();
	await pool(count, concurrency, async () => {
		const created = await attempt(
			async () =>
				await admin.influitive.createRedemption({
					member: 'ada@example.com',
					reward: 77,
					size: 'M',
				}),
		);
		if (!created.ok) {
			reasons.push(`creating the redemption: ${created.reason}`);
			return;
		}
		const { redemption } = created.value;
		sent.set(redemption.id, Date.now());
		const delivered = await attempt(
			async () =>
				await admin.influitive.deliver({
					url: hookUrl,
					redemptionId: redemption.id,
					query: { token: INFLUITIVE_WEBHOOK_SECRET },
				}),
		);
		if (!delivered.ok) reasons.push(`delivering the webhook: ${delivered.reason}`);
	});
	// Wait for slow n8n, polling; a failed poll is retried, not fatal. A slow n8n keeps deciding
	// redemptions, so the wait ends once none was decided for STALL_MS (what is left then was
	// stopped by an error, and waiting longer would only stretch the wall time), or after 15 minutes.
	const deadline = Date.now() + 15 * 60_000;
	let records: Awaited<ReturnType<typeof admin.influitive.redemptions>> = [];
	let decidedCount = -1;
	let lastProgress = Date.now();
	for (;;) {
		const polled = await attempt(async () => await admin.influitive.redemptions());
		if (polled.ok) records = polled.value;
		const nowDecided = records.filter((r) => sent.has(r.id) && r.status !== 'pending').length;
		if (nowDecided !== decidedCount) {
			decidedCount = nowDecided;
			lastProgress = Date.now();
		}
		if (nowDecided >= sent.size || Date.now() > deadline || Date.now() - lastProgress > STALL_MS)
			break;
		await new Promise((r) => setTimeout(r, 500));
	}
	const decided = records.filter((r) => sent.has(r.id) && r.decision);
	const latencies = decided.map(
		(r) => Date.parse(r.decision?.at ?? '') - (sent.get(r.id) as number),
	);
	const end =
		decided.length > 0
			? Math.max(...decided.map((r) => Date.parse(r.decision?.at ?? '')))
			: Date.now();
	for (const r of records.filter((r) => sent.has(r.id) && r.status !== 'fulfilled'))
		reasons.push(
			r.status === 'pending' ? 'still pending (its execution stopped)' : `ended ${r.status}`,
		);
	return {
		name,
		count,
		wallMs: end - start,
		latencies,
		failures: count - decided.filter((r) => r.status === 'fulfilled').length,
		reasons,
	};
}

/**
 * A few redemptions before the timed run, one at a time and then `concurrency` at once, as
 * scripts/bench/queue.ts does: the first ones load the nodes and create the Reward Ledger's tables
 * (once per n8n), which is not what a steady stream of redemptions costs. Printed, not counted.
 */
async function warmUp(
	stack: Stack,
	name: string,
	hookUrl: string,
	concurrency: number,
): Promise<void> {
	const first = await runRedemptions(stack, `${name}: warm-up`, hookUrl, 1, 1);
	const burst = await runRedemptions(stack, `${name}: warm-up`, hookUrl, concurrency, concurrency);
	const failures = first.failures + burst.failures;
	const reasons = [...first.reasons, ...burst.reasons];
	console.log(
		`${name}: warm-up ${1 + concurrency} redemptions, ${failures} not fulfilled${failures > 0 ? ` (${reasonSummary(reasons)})` : ''}`,
	);
}

/**
 * The template with its record keeping replaced by n8n's No Operation node: every Reward Ledger
 * node, and the Data Table insert of the order into `reward_orders` (a ledger store could keep it),
 * with each claim's "Already Handled" output dropped. What the flow costs with a free ledger.
 */
function withoutLedger(template: WorkflowJson): WorkflowJson {
	const ledgerNodes = new Set(
		template.nodes
			.filter(
				(n) =>
					n.type.endsWith('.rewardLedger') ||
					(n.type === 'n8n-nodes-base.dataTable' &&
						(n.parameters as { operation?: string } | undefined)?.operation === 'insert'),
			)
			.map((n) => n.name),
	);
	const connections = Object.fromEntries(
		Object.entries(template.connections as Record<string, { main: unknown[] }>).map(
			([from, outputs]) => [
				from,
				ledgerNodes.has(from) ? { main: outputs.main.slice(0, 1) } : outputs,
			],
		),
	);
	return {
		...template,
		nodes: template.nodes.map((n) => {
			if (!ledgerNodes.has(n.name)) return n;
			const { credentials: _credentials, ...rest } = n;
			return { ...rest, type: 'n8n-nodes-base.noOp', typeVersion: 1, parameters: {} };
		}),
		connections,
	};
}

/** A flow whose setup or run threw: a row with every redemption failed and the reason. */
async function safely(name: string, count: number, run: () => Promise<Result>): Promise<Result> {
	try {
		return await run();
	} catch (error) {
		return {
			name,
			count,
			wallMs: NaN,
			latencies: [],
			failures: count,
			reasons: [`the run stopped: ${failureReason(error)}`],
		};
	}
}

async function main() {
	const { values } = parseArgs({
		options: {
			count: { type: 'string', default: '500' },
			concurrency: { type: 'string', default: '10' },
			'real-limit': { type: 'boolean', default: false },
			'n8n-concurrency': { type: 'string', default: String(SINGLE_PROCESS_EXECUTION_LIMIT) },
			'n8n-env': { type: 'string', multiple: true },
		},
	});
	const count = Number(values.count);
	const concurrency = Number(values.concurrency);
	const realLimit = values['real-limit'] === true;
	const n8nConcurrency = Number(values['n8n-concurrency']);
	const extraEnv = n8nEnvFromArgs(values['n8n-env']);
	console.log(
		`Booting n8n and the sandboxes (count ${count}, concurrency ${concurrency}, n8n N8N_CONCURRENCY_PRODUCTION_LIMIT ${n8nConcurrency > 0 ? n8nConcurrency : 'unset (unlimited)'}${
			Object.keys(extraEnv).length > 0
				? `, ${Object.entries(extraEnv)
						.map(([k, v]) => `${k}=${v}`)
						.join(' ')}`
				: ''
		})...`,
	);
	if (!realLimit) {
		console.log(
			"Influitive's 200 requests / 5 min limit is raised in the sandbox and the credential, to measure n8n rather than the limit (--real-limit keeps it).",
		);
	}
	const raised = 1_000_000;
	const stack = await startStack({
		...(realLimit
			? {}
			: {
					sandbox: { influitive: { rateLimit: { requests: raised, windowMs: 300_000 } } },
					credentialOverrides: { influitiveApi: { requestsPer5Minutes: raised } },
				}),
		n8nEnv: {
			...(n8nConcurrency > 0 ? { N8N_CONCURRENCY_PRODUCTION_LIMIT: String(n8nConcurrency) } : {}),
			...extraEnv,
		},
	});
	for (const signal of ['SIGINT', 'SIGTERM'] as const) {
		process.once(signal, () => void stack.stop().finally(() => process.exit(130)));
	}
	try {
		const results: Result[] = [];

		// The flagship template: Influitive webhook → Kotis stock check → order → fulfil; then the
		// same template with its Reward Ledger nodes as pass-throughs (claim always wins): not a flow
		// to run (it has no dedupe), but the bound any ledger store could reach, printed beside it.
		const flagship = "template (a): this package's nodes";
		const variants: Array<[string, (t: WorkflowJson) => WorkflowJson]> = [
			[flagship, (t) => t],
			["(a') template (a), ledger and order record as no-ops", withoutLedger],
		];
		for (const [name, edit] of variants) {
			results.push(
				await safely(name, count, async () => {
					const { id: templateId, webhookPath } = await publishTemplateFile(
						stack.api,
						stack.credentials,
						'influitive-redemption-to-kotis.json',
						edit,
					);
					const hookUrl = stack.api.webhookUrl(webhookPath('Redemption Requested'));
					await warmUp(stack, name, hookUrl, concurrency);
					const result = await runRedemptions(stack, name, hookUrl, count, concurrency);
					await stack.api.unpublish(templateId).catch(() => undefined);
					return result;
				}),
			);
		}

		// (i) The same flow from built-in nodes only.
		const builtinName = '(i) built-in Webhook/Code/HTTP Request/IF';
		results.push(
			await safely(builtinName, count, async () => {
				const builtin = await publishBuiltinFlow(stack);
				await warmUp(stack, builtinName, builtin.hookUrl, concurrency);
				const result = await runRedemptions(
					stack,
					builtinName,
					builtin.hookUrl,
					count,
					concurrency,
				);
				await stack.api.unpublish(builtin.id).catch(() => undefined);
				return result;
			}),
		);

		// (ii) Baseline: a bare Webhook → Respond to Webhook.
		const bare: WorkflowJson = {
			name: 'bench bare webhook',
			nodes: [
				{
					id: 'b1',
					name: 'Webhook',
					type: 'n8n-nodes-base.webhook',
					typeVersion: 2,
					position: [0, 0],
					webhookId: '0d6c7a52-1f3e-4b8a-9c2d-3e4f5a6b7c8d',
					parameters: {
						httpMethod: 'POST',
						path: 'bench-bare',
						responseMode: 'responseNode',
						options: {},
					},
				},
				{
					id: 'b2',
					name: 'Respond',
					type: 'n8n-nodes-base.respondToWebhook',
					typeVersion: 1.1,
					position: [220, 0],
					parameters: { respondWith: 'json', responseBody: '={{ { ok: true } }}', options: {} },
				},
			],
			connections: { Webhook: { main: [[{ node: 'Respond', type: 'main', index: 0 }]] } },
			settings: { executionOrder: 'v1' },
		};
		const bareName = '(ii) bare Webhook → Respond';
		results.push(
			await safely(bareName, count, async () => {
				const bareId = (await stack.api.createWorkflow(bare)).id;
				await stack.api.publish(bareId);
				const bareStart = Date.now();
				const latencies: number[] = [];
				const reasons: string[] = [];
				await pool(count, concurrency, async () => {
					const reply = await attempt(
						async () =>
							await axios.post(
								stack.api.webhookUrl('bench-bare'),
								{ x: 1 },
								{ validateStatus: () => true, timeout: 120_000 },
							),
					);
					if (!reply.ok) reasons.push(reply.reason);
					else if (reply.value.status !== 200) reasons.push(`HTTP ${reply.value.status}`);
					else latencies.push(reply.ms);
				});
				await stack.api.unpublish(bareId).catch(() => undefined);
				return {
					name: bareName,
					count,
					wallMs: Date.now() - bareStart,
					latencies,
					failures: reasons.length,
					reasons,
				};
			}),
		);

		console.log('\nLatency: webhook sent → fulfil recorded by the hub ((ii): request → reply).');
		console.log('| flow | n | failures | throughput (/s) | p50 ms | p95 ms |');
		console.log('| --- | --- | --- | --- | --- | --- |');
		const throughput = results.map((r) => r.count / (r.wallMs / 1000));
		results.forEach((r, i) => {
			const sorted = [...r.latencies].sort((a, b) => a - b);
			console.log(
				`| ${r.name} | ${r.count} | ${r.failures} | ${throughput[i].toFixed(1)} | ${percentile(sorted, 50)} | ${percentile(sorted, 95)} |`,
			);
		});
		for (const r of results)
			if (r.reasons.length > 0) console.log(`${r.name} failures: ${reasonSummary(r.reasons)}`);
		const [a, noLedger, i, ii] = throughput;
		const p95 = (r: Result) =>
			percentile(
				[...r.latencies].sort((x, y) => x - y),
				95,
			);
		console.log(
			`\nthroughput ratios: template/built-in ${(a / i).toFixed(2)} (target >= 1.0), template without ledger/built-in ${(noLedger / i).toFixed(2)}, template/bare ${(a / ii).toFixed(2)}, built-in/bare ${(i / ii).toFixed(2)}`,
		);
		console.log(
			`p95 ratio: template/built-in ${(p95(results[0]) / p95(results[2])).toFixed(2)} (target <= 1.3)`,
		);
	} finally {
		await stack.stop();
	}
}

// `npm run bench -- --queue`: the flagship in queue mode with 1 and 2 workers (scripts/bench/queue.ts).
if (require.main === module) {
	runBench(async () => {
		if (process.argv.includes('--queue')) await (await import('./queue')).main();
		else await main();
	});
}
