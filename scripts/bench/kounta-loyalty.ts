/**
 * `npm run bench:loyalty`: boots a real n8n with the sandboxes, publishes the Kounta loyalty template
 * (workflows/kounta-loyalty-influenceio-points.json), and drives N (default 100) customer searches,
 * reward lookups and redemptions through the sandbox's POS simulator, which times each reply as the
 * till sees it (request sent → reply read) and validates its shape. Prints p50/p95 per call type.
 * Not part of `npm test`; asserts nothing, but counts replies the POS did not accept.
 *
 *   npm run bench:loyalty -- --count 100 [--concurrency 1] [--customers 25]
 *
 * A till makes one call at a time, so the default concurrency is 1. The search lists every
 * Influence.io customer (no published email filter), so its time grows with --customers.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';

import { SandboxClient } from '../../sandbox/client';
import type { KountaPosResult } from '../../sandbox/kounta/types';
import { bindCredentials, type WorkflowJson } from '../lib/n8n-api';
import { REPO_ROOT } from '../lib/runtime';
import { KOUNTA_LOYALTY_URL_TOKEN, startStack } from '../lib/stack';

type Call = 'search' | 'lookup' | 'redeem';

function percentile(sorted: number[], p: number): number {
	if (sorted.length === 0) return NaN;
	return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

async function pool(count: number, concurrency: number, task: (i: number) => Promise<void>): Promise<void> {
	let next = 0;
	await Promise.all(
		Array.from({ length: Math.max(1, Math.min(concurrency, count)) }, async () => {
			while (next < count) await task(next++);
		}),
	);
}

async function main() {
	const { values } = parseArgs({
		options: {
			count: { type: 'string', default: '100' },
			concurrency: { type: 'string', default: '1' },
			customers: { type: 'string', default: '25' },
			'real-limit': { type: 'boolean', default: false },
		},
	});
	const count = Number(values.count);
	const concurrency = Number(values.concurrency);
	const customers = Number(values.customers);
	if (!(count > 0 && concurrency > 0 && customers >= 3)) throw new Error('--count and --concurrency must be positive, --customers at least 3');
	console.log(`Booting n8n and the sandboxes (count ${count}, concurrency ${concurrency}, ${customers} Influence.io customers)...`);
	// Each redeem costs Kounta three calls (company, PUT order, read back); back to back that is ~95 a
	// minute, over the 60/min Basic limit, and the node's pacing then decides the figures. By default
	// the sandbox and the credential allow more, to measure n8n; --real-limit keeps 60/min.
	const realLimit = values['real-limit'] === true;
	if (!realLimit) console.log("Kounta's 60 requests/min (Basic) is raised in the sandbox and the credential for this run (--real-limit keeps it).");
	const stack = await startStack({
		sandbox: { influenceio: { seedCustomers: customers }, ...(realLimit ? {} : { kounta: { rateLimit: { basic: 100_000, oauth: 100_000, windowMs: 60_000 } } }) },
		...(realLimit ? {} : { credentialOverrides: { kountaApi: { requestsPerMinute: 100_000 } } }),
	});
	for (const signal of ['SIGINT', 'SIGTERM'] as const) {
		process.once(signal, () => void stack.stop().finally(() => process.exit(130)));
	}
	try {
		const file = path.join(REPO_ROOT, 'workflows', 'kounta-loyalty-influenceio-points.json');
		const template = JSON.parse(fs.readFileSync(file, 'utf8')) as WorkflowJson;
		const workflowId = (await stack.api.createWorkflow(bindCredentials(template, stack.credentials))).id;
		await stack.api.publish(workflowId);
		const trigger = template.nodes.find((n) => n.name === 'POS Loyalty Call') as unknown as { webhookId: string };
		const url = stack.api.webhookUrl(`${trigger.webhookId}/loyalty`);
		const admin = new SandboxClient(stack.sandbox.url);
		await admin.kounta.setLoyalty({
			searchUrl: `${url}?call=search&token=${KOUNTA_LOYALTY_URL_TOKEN}`,
			rewardsUrl: `${url}?call=rewards&token=${KOUNTA_LOYALTY_URL_TOKEN}`,
		});
		// Enough for every redemption of the 300-point reward.
		await admin.influenceio.setPoints('1001', count * 300 + 1000);

		const times: Record<Call, number[]> = { search: [], lookup: [], redeem: [] };
		const rejected: Record<Call, string[]> = { search: [], lookup: [], redeem: [] };
		const note = (call: Call, result: KountaPosResult) => {
			times[call].push(result.ms);
			if (!result.ok) rejected[call].push(`${result.status} ${result.issues.join('; ')}`);
		};
		const started = Date.now();
		await pool(count, concurrency, async () => {
			note('search', await admin.kounta.pos.search({ keyword: 'ada@example.com' }));
			const lookup = await admin.kounta.pos.lookup({ referenceId: '1001' });
			note('lookup', lookup);
			const reward = lookup.rewards.find((r) => r.id === '10-off');
			if (!reward) return;
			const order = await admin.kounta.createOrder();
			note('redeem', await admin.kounta.pos.redeem({ redeemUrl: reward.redeem_url, orderId: order.id, placeholderOrderId: lookup.placeholderOrderId }));
		});
		const wallS = (Date.now() - started) / 1000;
		// Where the slowest execution spent its time (n8n's own per-node timings).
		const runs = (await stack.api.executions(workflowId)).filter((e) => e.stoppedAt);
		const duration = (e: (typeof runs)[number]) => Date.parse(String(e.stoppedAt)) - Date.parse(e.startedAt);
		const slowest = runs.sort((a, b) => duration(b) - duration(a))[0];
		if (slowest) {
			const full = slowest.data ? slowest : await stack.api.execution(slowest.id);
			const nodes = Object.entries(full.data?.resultData.runData ?? {}).map(([name, r]) => `${name} ${(r as Array<{ executionTime: number }>)[0]?.executionTime} ms`);
			const errors = Object.entries(full.data?.resultData.runData ?? {})
				.map(([name, r]) => [name, JSON.stringify((r as Array<{ data?: { main?: Array<Array<{ json: Record<string, unknown> }>> } }>)[0]?.data?.main?.[1]?.[0]?.json ?? '')])
				.filter(([, e]) => e !== '""');
			console.log(`slowest execution ${slowest.id}: ${duration(slowest)} ms: ${nodes.join(', ')}${errors.length ? `; error output: ${errors.map(([n, e]) => `${n}: ${e}`).join('; ')}` : ''}`);
		}
		await stack.api.unpublish(workflowId);

		console.log(`\nReply time as the POS simulator measures it (request sent → reply read), ${count} of each call, concurrency ${concurrency}, ${wallS.toFixed(1)} s in all.`);
		console.log('| call | n | not accepted | p50 ms | p95 ms | max ms |');
		console.log('| --- | --- | --- | --- | --- | --- |');
		for (const call of ['search', 'lookup', 'redeem'] as const) {
			const sorted = [...times[call]].sort((a, b) => a - b);
			console.log(`| ${call} | ${sorted.length} | ${rejected[call].length} | ${percentile(sorted, 50)} | ${percentile(sorted, 95)} | ${sorted[sorted.length - 1] ?? NaN} |`);
		}
		for (const call of ['search', 'lookup', 'redeem'] as const) {
			if (rejected[call].length > 0) console.log(`${call} not accepted (first): ${rejected[call][0]}`);
		}
	} finally {
		await stack.stop();
	}
}

main().catch((error: unknown) => {
	console.error(error);
	process.exit(1);
});
