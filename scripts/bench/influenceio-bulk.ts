/**
 * `npm run bench:bulk`: what bulk upserts into Influence.io (*Customer → Create or Update*) cost n8n in
 * memory, in one table:
 *
 * - **one execution** (N customers, default 10,000): Webhook → Code node generating N items → Upsert,
 *   the way a user writes it first; n8n holds every item of the execution;
 * - **batched template** (`workflows/influenceio-bulk-import-customers.json`) at each of `--sizes`
 *   (default 10,000 and 50,000): the store stand-in's paged customer list read a page at a time, each
 *   page upserted in a sub-execution of the same workflow, so n8n holds one page at a time.
 *
 * Each row boots its own n8n (same version, same settings), so every row starts from the same idle
 * process and one run's heap is not the next one's baseline. Peak RSS is the kernel's high-water mark
 * (`VmHWM`) of the n8n main process, reset just before the run (`/proc/<pid>/clear_refs`), so it is
 * the peak of the run alone; "n8n + task runner" samples the RSS of n8n and its children (the Code
 * node runs in the task runner) every 200 ms. Node concurrency 5 in both (the node's default).
 *
 * Rate limit: Influence.io publishes none. The sandbox's default (10 requests/s per key, 429 with
 * Retry-After) is an invented stand-in, so by default the bench turns it off and measures n8n and the
 * node; `--real-limit` keeps it (10,000 upserts then take ~17 minutes by design).
 *
 * Fails soft: a row whose stack does not boot, whose start is refused or times out, or whose import
 * does not finish is a FAILED row with its reason; the other rows still run. Exit code 1 if any row
 * failed or left the wrong number of customers.
 *
 *   npm run bench:bulk -- [--count 10000] [--sizes 10000,50000] [--page-size 500] [--concurrency 5]
 *                         [--skip-single] [--skip-batched] [--real-limit]
 *                         [--n8n-env NODE_OPTIONS=--max-old-space-size=1024] (N8N_* too; repeatable)
 */
import fs from 'node:fs';
import os from 'node:os';
import { parseArgs } from 'node:util';

import axios from 'axios';

import { SandboxClient } from '../../sandbox/client';
import { publishBulkImport } from '../lib/bulk-import';
import type { Execution, WorkflowJson } from '../lib/n8n-api';
import {
	startStack,
	TEMPLATE_WEBHOOK_HEADER,
	TEMPLATE_WEBHOOK_VALUE,
	type Stack,
} from '../lib/stack';
import {
	attempt,
	descendants,
	failureReason,
	n8nEnvFromArgs,
	rssSampler,
	runBench,
	statusKb,
} from './common';

const PKG = 'n8n-nodes-reward-fulfillment';
/** The target for the batched template: n8n's RSS grows by less than this at 10,000 and at 50,000 customers. */
const GROWTH_TARGET_MB = 150;
const RUN_TIMEOUT_MS = 90 * 60_000;

interface Row {
	label: string;
	customers: number;
	ok: boolean;
	/** Why the row failed, one line. */
	reason?: string;
	wallMs?: number;
	puts?: number;
	throttled?: number;
	inSandbox?: number;
	batches?: number;
	idleKb?: number;
	peakKb?: number;
	treeIdleKb?: number;
	treePeakKb?: number;
	/** False when the high-water mark could not be reset (then the peak may include the boot). */
	peakReset?: boolean;
}

function singleWorkflow(count: number, concurrency: number): WorkflowJson {
	return {
		name: 'bench: bulk Influence.io customer upsert in one execution',
		nodes: [
			{
				id: 'f0b1c2d3-0001-4000-8000-0000000b0001',
				name: 'Start Import',
				type: 'n8n-nodes-base.webhook',
				typeVersion: 2,
				position: [0, 0],
				webhookId: '5a1e7c44-2b9d-4d0e-8f31-9c0b1d2e3f40',
				parameters: {
					httpMethod: 'POST',
					path: 'bench-influenceio-bulk',
					responseMode: 'onReceived',
					options: {},
				},
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
					additionalFields: {
						firstName: '={{ $json.firstName }}',
						lastName: '={{ $json.lastName }}',
					},
					options: { concurrency },
				},
				credentials: {
					influenceIoApi: { id: 'influenceio-credential', name: 'Influence.io account' },
				},
			},
		],
		connections: {
			'Start Import': { main: [[{ node: 'Generate Customers', type: 'main', index: 0 }]] },
			'Generate Customers': { main: [[{ node: 'Upsert Customers', type: 'main', index: 0 }]] },
		},
		settings: { executionOrder: 'v1' },
	};
}

/** Starts the kernel's RSS high-water mark of `pid` again from its current RSS (Linux ≥ 4.0); false when not allowed. */
function resetPeak(pid: number): boolean {
	try {
		fs.writeFileSync(`/proc/${pid}/clear_refs`, '5');
		return true;
	} catch {
		return false;
	}
}

const treeKb = (pid: number) =>
	[pid, ...descendants(pid)].reduce((sum, p) => sum + statusKb(p, 'VmRSS'), 0);

/** Memory of one run: idle figures now, peaks when `finish` is called. */
function memoryProbe(pid: number) {
	const idleKb = statusKb(pid, 'VmRSS');
	const treeIdleKb = treeKb(pid);
	const peakReset = resetPeak(pid);
	const sampler = rssSampler(pid);
	return {
		finish: async () => {
			const peakKb = statusKb(pid, 'VmHWM');
			const treePeakKb = await sampler.stop();
			return { idleKb, treeIdleKb, peakKb, treePeakKb, peakReset };
		},
	};
}

/** What every row's stack is booted with: the sandbox's Influence.io limit kept or not, n8n's extra environment. */
interface StackChoice {
	realLimit: boolean;
	n8nEnv: Record<string, string>;
}

/** Boots a fresh stack for one row; a boot that fails is a failed row, not a crash. */
async function withStack(
	label: string,
	customers: number,
	options: StackChoice & { storeCustomers: number },
	body: (stack: Stack) => Promise<Row>,
): Promise<Row> {
	console.log(
		`\n[${label}, ${customers.toLocaleString('en-US')} customers] booting a fresh n8n and the sandboxes...`,
	);
	const booted = await attempt(() =>
		startStack({
			// No seeded Influence.io customers, so the final count is exactly what the run created.
			sandbox: {
				influenceio: { seedCustomers: 0, ...(options.realLimit ? {} : { rateLimit: null }) },
				store: { customers: options.storeCustomers },
				maxCalls: customers * 2 + 2000,
			},
			n8nEnv: options.n8nEnv,
		}),
	);
	if (!booted.ok)
		return { label, customers, ok: false, reason: `n8n did not boot: ${booted.reason}` };
	const stack = booted.value;
	const stopOnSignal = () => void stack.stop().finally(() => process.exit(130));
	process.once('SIGINT', stopOnSignal);
	process.once('SIGTERM', stopOnSignal);
	try {
		const row = await attempt(() => body(stack));
		return row.ok ? row.value : { label, customers, ok: false, reason: row.reason };
	} finally {
		process.off('SIGINT', stopOnSignal);
		process.off('SIGTERM', stopOnSignal);
		await stack.stop();
	}
}

/** Counts of what reached the Influence.io stand-in. */
async function sandboxCounts(admin: SandboxClient) {
	const putCalls = await admin.calls({ vendor: 'influenceio', method: 'PUT' });
	const { total } = await admin.influenceio.customers({ limit: 1 });
	return {
		puts: putCalls.length,
		throttled: putCalls.filter((c) => c.status === 429).length,
		inSandbox: total,
	};
}

async function singleRow(count: number, concurrency: number, choice: StackChoice): Promise<Row> {
	const label = 'one execution';
	return await withStack(label, count, { ...choice, storeCustomers: 0 }, async (stack) => {
		const admin = new SandboxClient(stack.sandbox.url);
		const workflow = singleWorkflow(count, concurrency);
		workflow.nodes[2].credentials = { influenceIoApi: stack.credentials.influenceIoApi };
		const { id } = await stack.api.createWorkflow(workflow);
		await stack.api.publish(id);
		await new Promise((r) => setTimeout(r, 3000));
		await admin.clearCalls();
		const pid = stack.n8n.process.pid as number;
		const probe = memoryProbe(pid);
		const start = Date.now();
		const reply = await axios
			.post(
				stack.api.webhookUrl('bench-influenceio-bulk'),
				{},
				{ validateStatus: () => true, timeout: 120_000 },
			)
			.catch((error: unknown) => failureReason(error));
		if (typeof reply === 'string' || reply.status !== 200) {
			await probe.finish();
			return {
				label,
				customers: count,
				ok: false,
				reason: `the start webhook was not accepted: ${typeof reply === 'string' ? reply : `HTTP ${reply.status}`}`,
			};
		}
		// The list without data: loading a 10,000-item execution would itself raise n8n's RSS.
		let finished: Execution | undefined;
		while (!finished) {
			if (Date.now() - start > RUN_TIMEOUT_MS) break;
			await new Promise((r) => setTimeout(r, 1000));
			const [latest] = await stack.api.http
				.get('/executions', { params: { workflowId: id, limit: 1 }, timeout: 30_000 })
				.then((r) => r.data.data as Execution[])
				.catch(() => [] as Execution[]);
			if (latest && !['running', 'new', 'waiting', 'unknown'].includes(latest.status))
				finished = latest;
		}
		const memory = await probe.finish();
		if (!finished)
			return {
				label,
				customers: count,
				ok: false,
				reason: `not finished within ${RUN_TIMEOUT_MS / 60_000} minutes`,
				...memory,
			};
		const stoppedAt = Date.parse(finished.stoppedAt ?? '');
		const wallMs = Number.isFinite(stoppedAt) ? stoppedAt - start : Date.now() - start;
		const counts = await sandboxCounts(admin);
		let reason: string | undefined;
		if (finished.status !== 'success') {
			const full = await attempt(() => stack.api.execution(finished.id));
			reason = `execution ${finished.status}: ${full.ok ? (full.value.data?.resultData.error?.message ?? 'no message') : full.reason}`;
		} else if (counts.inSandbox !== count) {
			reason = `${counts.inSandbox} customers in the sandbox, expected ${count}`;
		}
		return {
			label,
			customers: count,
			ok: reason === undefined,
			reason,
			wallMs,
			...counts,
			...memory,
		};
	});
}

async function batchedRow(
	count: number,
	pageSize: number,
	concurrency: number,
	choice: StackChoice,
): Promise<Row> {
	const label = 'batched template';
	return await withStack(label, count, { ...choice, storeCustomers: count }, async (stack) => {
		const admin = new SandboxClient(stack.sandbox.url);
		const bulk = await publishBulkImport(
			stack.api,
			stack.credentials,
			{ name: TEMPLATE_WEBHOOK_HEADER, value: TEMPLATE_WEBHOOK_VALUE },
			{ url: `${stack.sandbox.vendors.store.baseUrl}/customers`, pageSize },
			(template) => ({
				...template,
				nodes: template.nodes.map((n) =>
					n.name === 'Upsert Customers'
						? {
								...n,
								parameters: {
									...(n.parameters as Record<string, unknown>),
									options: { concurrency },
								},
							}
						: n,
				),
			}),
		);
		await new Promise((r) => setTimeout(r, 3000));
		await admin.clearCalls();
		const probe = memoryProbe(stack.n8n.process.pid as number);
		const run = await attempt(() => bulk.run({}, { timeoutMs: RUN_TIMEOUT_MS, pollMs: 2000 }));
		const memory = await probe.finish();
		if (!run.ok) return { label, customers: count, ok: false, reason: run.reason, ...memory };
		const { reply, status, ms, report, error } = run.value;
		if (reply.status !== 202)
			return {
				label,
				customers: count,
				ok: false,
				reason: `Start Import answered HTTP ${reply.status}: ${JSON.stringify(reply.data).slice(0, 160)}`,
				...memory,
			};
		const counts = await sandboxCounts(admin);
		let reason: string | undefined;
		if (status !== 'success')
			reason = `execution ${status ?? 'unknown'}: ${(error ?? 'no message').slice(0, 200)}`;
		else if (counts.inSandbox !== count)
			reason = `${counts.inSandbox} customers in the sandbox, expected ${count}`;
		return {
			label,
			customers: count,
			ok: reason === undefined,
			reason,
			wallMs: ms,
			batches: report?.batches,
			...counts,
			...memory,
		};
	});
}

const mb = (kb: number | undefined) =>
	kb === undefined ? '–' : `${Math.round(kb / 1024).toLocaleString('en-US')} MB`;
const growth = (from?: number, to?: number) =>
	from === undefined || to === undefined
		? '–'
		: `${to >= from ? '+' : ''}${Math.round((to - from) / 1024).toLocaleString('en-US')} MB`;

function printTable(rows: Row[]): void {
	console.log(
		'\n| run | customers | result | wall time | PUT requests/s | n8n RSS idle → peak | n8n growth | n8n + task runner idle → peak | growth |',
	);
	console.log('| --- | ---: | --- | ---: | ---: | --- | ---: | --- | ---: |');
	for (const r of rows) {
		const result = r.ok
			? `ok${r.batches !== undefined ? ` (${r.batches} batches)` : ''}`
			: `FAILED: ${r.reason}`;
		const wall = r.wallMs === undefined ? '–' : `${(r.wallMs / 1000).toFixed(1)} s`;
		const rate =
			r.wallMs && r.puts !== undefined
				? `${(r.puts / (r.wallMs / 1000)).toFixed(1)}${r.throttled ? ` (${r.throttled} × 429)` : ''}`
				: '–';
		const peak =
			r.peakKb === undefined
				? '–'
				: `${mb(r.idleKb)} → ${mb(r.peakKb)}${r.peakReset === false ? ' (peak not reset: includes the boot)' : ''}`;
		const tree = r.treePeakKb === undefined ? '–' : `${mb(r.treeIdleKb)} → ${mb(r.treePeakKb)}`;
		console.log(
			`| ${r.label} | ${r.customers.toLocaleString('en-US')} | ${result} | ${wall} | ${rate} | ${peak} | ${growth(r.idleKb, r.peakKb)} | ${tree} | ${growth(r.treeIdleKb, r.treePeakKb)} |`,
		);
	}
}

const load = () =>
	os
		.loadavg()
		.map((l) => l.toFixed(2))
		.join(', ');

async function main() {
	const { values } = parseArgs({
		options: {
			count: { type: 'string', default: '10000' },
			sizes: { type: 'string', default: '10000,50000' },
			'page-size': { type: 'string', default: '500' },
			concurrency: { type: 'string', default: '5' },
			'skip-single': { type: 'boolean', default: false },
			'skip-batched': { type: 'boolean', default: false },
			'real-limit': { type: 'boolean', default: false },
			'n8n-env': { type: 'string', multiple: true },
		},
	});
	const count = Number(values.count);
	const sizes = String(values.sizes)
		.split(',')
		.map((s) => Number(s.trim()))
		.filter((n) => Number.isInteger(n) && n > 0);
	const pageSize = Number(values['page-size']);
	const concurrency = Number(values.concurrency);
	const realLimit = values['real-limit'] === true;
	const choice: StackChoice = { realLimit, n8nEnv: n8nEnvFromArgs(values['n8n-env']) };
	if (
		!Number.isInteger(count) ||
		count < 1 ||
		!Number.isInteger(pageSize) ||
		pageSize < 1 ||
		pageSize > 1000 ||
		!Number.isInteger(concurrency) ||
		concurrency < 1
	) {
		console.error('--count, --page-size (1-1000) and --concurrency take whole numbers from 1');
		process.exitCode = 1;
		return;
	}
	console.log(
		`Bulk upsert into Influence.io: one execution of ${count.toLocaleString('en-US')}${values['skip-single'] ? ' (skipped)' : ''}; batched template at ${sizes.map((s) => s.toLocaleString('en-US')).join(', ')}${values['skip-batched'] ? ' (skipped)' : ''}, ${pageSize} per batch; node concurrency ${concurrency}.`,
	);
	console.log(
		realLimit
			? "Keeping the sandbox's invented Influence.io limit (10 requests/s per key; 429 + Retry-After)."
			: 'Influence.io publishes no rate limit: the sandbox limit is off, so this measures n8n and the node (--real-limit keeps 10/s).',
	);
	const loadBefore = load();
	const rows: Row[] = [];
	const done = (row: Row) => {
		rows.push(row);
		console.log(
			`[${row.label}, ${row.customers.toLocaleString('en-US')}] ${row.ok ? 'ok' : `FAILED: ${row.reason}`}${row.wallMs ? `, ${(row.wallMs / 1000).toFixed(1)} s` : ''}${row.peakKb ? `, n8n ${mb(row.idleKb)} → ${mb(row.peakKb)}` : ''}`,
		);
	};
	// The batched rows first: they are what the template claims, and the one-execution row is the longest to watch fail.
	if (!values['skip-batched'])
		for (const size of sizes) done(await batchedRow(size, pageSize, concurrency, choice));
	if (!values['skip-single']) done(await singleRow(count, concurrency, choice));

	// The table reads as a comparison: the one-execution run first.
	printTable([
		...rows.filter((r) => r.label === 'one execution'),
		...rows.filter((r) => r.label !== 'one execution'),
	]);
	console.log(
		`\nLoad average (1, 5, 15 min) before: ${loadBefore}; after: ${load()} (${os.cpus().length} CPUs).`,
	);
	console.log(
		'Each row ran in a freshly booted n8n. Peak = VmHWM of the n8n main process, reset right before the run; n8n + task runner sampled every 200 ms.',
	);
	for (const r of rows.filter(
		(row) =>
			row.label === 'batched template' &&
			row.ok &&
			row.idleKb !== undefined &&
			row.peakKb !== undefined,
	)) {
		const grew = ((r.peakKb as number) - (r.idleKb as number)) / 1024;
		console.log(
			`Batched at ${r.customers.toLocaleString('en-US')}: n8n grew ${Math.round(grew)} MB, ${grew < GROWTH_TARGET_MB ? 'under' : 'NOT under'} the ${GROWTH_TARGET_MB} MB target.`,
		);
	}
	if (rows.some((r) => !r.ok)) {
		console.error(
			'\nFAILED: at least one run did not finish with the expected customers (see the table).',
		);
		process.exitCode = 1;
	} else if (rows.length > 0) {
		console.log('\nOK: every run left exactly its customers in the sandbox.');
	}
}

runBench(main);
