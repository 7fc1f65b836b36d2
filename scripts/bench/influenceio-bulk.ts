/**
 * `npm run bench:bulk`: upserts N customers (default 10,000) into the Influence.io sandbox through ONE
 * real n8n execution (Webhook → Code node generating N items → Influence.io Customer → Create or
 * Update), prints wall time, requests per second and the peak RSS of the n8n process, and checks the
 * sandbox holds exactly N customers. Not part of `npm test`; asserts only the final count.
 *
 * Rate limit: Influence.io publishes none. The sandbox's default (10 requests/s per key, 429 with
 * Retry-After) is an invented stand-in, so by default the bench turns it off and measures n8n and the
 * node; `--real-limit` keeps the sandbox's 10/s (then 10,000 upserts take ~17 minutes by design).
 *
 *   npm run bench:bulk -- [--count 10000] [--concurrency 5] [--real-limit]
 */
import { parseArgs } from 'node:util';

import axios from 'axios';

import { SandboxClient } from '../../sandbox/client';
import type { Execution, WorkflowJson } from '../lib/n8n-api';
import { startStack } from '../lib/stack';
import { descendants, failureReason, runBench, statusKb } from './common';

const PKG = 'n8n-nodes-reward-fulfillment';

function bulkWorkflow(count: number, concurrency: number): WorkflowJson {
	return {
		name: 'bench: bulk Influence.io customer upsert',
		nodes: [
			{
				id: 'f0b1c2d3-0001-4000-8000-0000000b0001',
				name: 'Start Import',
				type: 'n8n-nodes-base.webhook',
				typeVersion: 2,
				position: [0, 0],
				webhookId: '5a1e7c44-2b9d-4d0e-8f31-9c0b1d2e3f40',
				parameters: { httpMethod: 'POST', path: 'bench-influenceio-bulk', responseMode: 'onReceived', options: {} },
			},
			{
				id: 'f0b1c2d3-0002-4000-8000-0000000b0002',
				name: 'Generate Customers',
				type: 'n8n-nodes-base.code',
				typeVersion: 2,
				position: [240, 0],
				parameters: {
					jsCode: `const count = ${count};\nconst out = new Array(count);\nfor (let n = 1; n <= count; n++) {\n  out[n - 1] = { json: { id: 'bulk-' + n, email: 'bulk' + n + '@example.com', firstName: 'Bulk', lastName: 'Customer ' + n } };\n}\nreturn out;`,
				},
			},
			{
				id: 'f0b1c2d3-0003-4000-8000-0000000b0003',
				name: 'Upsert Customers',
				type: `${PKG}.influenceIo`,
				typeVersion: 1,
				position: [480, 0],
				parameters: {
					resource: 'customer',
					operation: 'upsert',
					customerId: '={{ $json.id }}',
					email: '={{ $json.email }}',
					additionalFields: { firstName: '={{ $json.firstName }}', lastName: '={{ $json.lastName }}' },
					options: { concurrency },
				},
				credentials: { influenceIoApi: { id: 'influenceio-credential', name: 'Influence.io account' } },
			},
		],
		connections: {
			'Start Import': { main: [[{ node: 'Generate Customers', type: 'main', index: 0 }]] },
			'Generate Customers': { main: [[{ node: 'Upsert Customers', type: 'main', index: 0 }]] },
		},
		settings: { executionOrder: 'v1' },
	};
}

async function main() {
	const { values } = parseArgs({
		options: {
			count: { type: 'string', default: '10000' },
			concurrency: { type: 'string', default: '5' },
			'real-limit': { type: 'boolean', default: false },
		},
	});
	const count = Number(values.count);
	const concurrency = Number(values.concurrency);
	const realLimit = values['real-limit'] === true;
	console.log(`Booting n8n and the sandboxes (count ${count}, node concurrency ${concurrency})...`);
	console.log(
		realLimit
			? "Keeping the sandbox's invented Influence.io limit (10 requests/s per key; 429 + Retry-After)."
			: 'Influence.io publishes no rate limit: the sandbox limit is off, so this measures n8n and the node (--real-limit keeps 10/s).',
	);
	const stack = await startStack({
		// No seeded customers, so the final count is exactly what the execution created.
		sandbox: { influenceio: { seedCustomers: 0, ...(realLimit ? {} : { rateLimit: null }) }, maxCalls: count * 2 + 1000 },
	});
	for (const signal of ['SIGINT', 'SIGTERM'] as const) {
		process.once(signal, () => void stack.stop().finally(() => process.exit(130)));
	}
	const admin = new SandboxClient(stack.sandbox.url);
	const pid = stack.n8n.process.pid as number;
	let sampling = true;
	let peakTreeKb = 0;
	const sampler = (async () => {
		while (sampling) {
			const tree = [pid, ...descendants(pid)].reduce((sum, p) => sum + statusKb(p, 'VmRSS'), 0);
			peakTreeKb = Math.max(peakTreeKb, tree);
			await new Promise((r) => setTimeout(r, 200));
		}
	})();
	try {
		const workflow = bulkWorkflow(count, concurrency);
		workflow.nodes[2].credentials = { influenceIoApi: stack.credentials.influenceIoApi };
		const { id } = await stack.api.createWorkflow(workflow);
		await stack.api.publish(id);
		const rssBeforeKb = statusKb(pid, 'VmRSS');
		const hwmBeforeKb = statusKb(pid, 'VmHWM');
		await admin.clearCalls();

		const start = Date.now();
		// The webhook answers at once; a slow or refusing n8n is reported with its reason (below), not as a crash.
		const reply = await axios.post(stack.api.webhookUrl('bench-influenceio-bulk'), {}, { validateStatus: () => true, timeout: 120_000 }).catch((error: unknown) => failureReason(error));
		if (typeof reply === 'string' || reply.status !== 200) {
			console.error(`\nFAILED: the bench webhook was not accepted: ${typeof reply === 'string' ? reply : `HTTP ${reply.status}`}`);
			process.exitCode = 1;
			return;
		}
		const waited = await stack.api.waitForExecutions(id, 1, 60 * 60_000).catch((error: unknown) => failureReason(error));
		if (typeof waited === 'string') {
			console.error(`\nFAILED: the execution did not finish: ${waited}`);
			process.exitCode = 1;
			return;
		}
		const [execution] = waited as Execution[];
		const wallMs = Date.now() - start;
		sampling = false;
		await sampler;
		const hwmKb = statusKb(pid, 'VmHWM');

		const execMs = Date.parse(execution.stoppedAt ?? '') - Date.parse(execution.startedAt);
		const upsertRun = execution.data?.resultData.runData['Upsert Customers']?.[0] as { executionTime?: number } | undefined;
		const putCalls = await admin.calls({ vendor: 'influenceio', method: 'PUT' });
		const puts = putCalls.length;
		const throttled = putCalls.filter((c) => c.status === 429).length;
		const { total } = await admin.influenceio.customers({ limit: 1 });
		const outputItems = execution.data?.resultData.runData['Upsert Customers']?.[0]?.data?.main[0]?.length ?? 0;

		console.log(`\n| figure | value |\n| --- | --- |`);
		console.log(`| execution status | ${execution.status}${execution.data?.resultData.error ? ` (${execution.data.resultData.error.message})` : ''} |`);
		console.log(`| customers upserted (node output items) | ${outputItems} |`);
		console.log(`| customers in the sandbox | ${total} (expected ${count}) |`);
		console.log(`| wall time, webhook POST → execution finished | ${(wallMs / 1000).toFixed(1)} s |`);
		console.log(`| execution time (n8n startedAt → stoppedAt) | ${(execMs / 1000).toFixed(1)} s |`);
		if (upsertRun?.executionTime) console.log(`| Upsert Customers node time | ${(upsertRun.executionTime / 1000).toFixed(1)} s |`);
		console.log(`| PUT /v1/customers requests recorded (429s: ${throttled}) | ${puts} |`);
		console.log(`| requests per second (over the wall time) | ${(puts / (wallMs / 1000)).toFixed(1)} |`);
		if (upsertRun?.executionTime) console.log(`| requests per second (over the node time) | ${(puts / (upsertRun.executionTime / 1000)).toFixed(1)} |`);
		console.log(`| n8n main process RSS before / peak (VmHWM) | ${(rssBeforeKb / 1024).toFixed(0)} MB / ${(hwmKb / 1024).toFixed(0)} MB (VmHWM before the run: ${(hwmBeforeKb / 1024).toFixed(0)} MB) |`);
		console.log(`| peak RSS of n8n + its task runner (sampled every 200 ms) | ${(peakTreeKb / 1024).toFixed(0)} MB |`);
		if (execution.status !== 'success' || total !== count) {
			console.error(`\nFAILED: expected a successful execution and ${count} customers in the sandbox`);
			process.exitCode = 1;
		} else {
			console.log(`\nOK: the sandbox holds ${count} customers.`);
		}
	} finally {
		sampling = false;
		await sampler;
		await stack.stop();
	}
}

runBench(main);
