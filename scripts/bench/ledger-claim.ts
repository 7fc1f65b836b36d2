/**
 * `npm run bench:ledger`: what a claim costs inside n8n, side by side in one run:
 *   (a) the Reward Ledger's Claim (one node; first writer wins across processes), and
 *   (b) the guard the templates used before: a Data Table "row not exists" check, then an insert
 *       (two nodes; two processes can both pass it).
 * Each is a workflow Webhook → guard, fired N times (default 200) with distinct keys, C at a time
 * (default 10). Prints p50/p95 of the guard nodes' execution time from n8n's run data, and the
 * webhook-to-finished throughput. Asserts nothing.
 *
 *   npm run bench:ledger -- --count 200 --concurrency 10
 */
import { randomUUID } from 'node:crypto';
import { parseArgs } from 'node:util';

import axios from 'axios';

import type { Execution, WorkflowJson } from '../lib/n8n-api';
import { bindCredentials } from '../lib/n8n-api';
import { PACKAGE_NAME } from '../lib/package-install';
import { startStack, type Stack } from '../lib/stack';
import { attempt, percentile, pool, reasonSummary, runBench } from './common';

const { values: args } = parseArgs({
	options: {
		count: { type: 'string', default: '200' },
		concurrency: { type: 'string', default: '10' },
	},
});
const COUNT = Number(args.count);
const CONCURRENCY = Number(args.concurrency);

const webhook = (path: string) => ({
	id: randomUUID(),
	name: 'Webhook',
	type: 'n8n-nodes-base.webhook',
	typeVersion: 2,
	position: [0, 0] as [number, number],
	webhookId: path,
	parameters: { httpMethod: 'POST', path, responseMode: 'onReceived', options: {} },
});

function ledgerFlow(path: string): WorkflowJson {
	return {
		name: 'bench: Reward Ledger claim',
		nodes: [
			webhook(path),
			{
				id: randomUUID(),
				name: 'Claim',
				type: `${PACKAGE_NAME}.rewardLedger`,
				typeVersion: 1,
				position: [220, 0],
				parameters: {
					resource: 'entry',
					operation: 'claim',
					key: '={{ $json.body.key }}',
					options: { tableName: 'rf_bench_ledger' },
				},
				credentials: { rewardLedgerApi: { id: 'x', name: 'x' } },
			},
		],
		connections: { Webhook: { main: [[{ node: 'Claim', type: 'main', index: 0 }]] } },
	} as unknown as WorkflowJson;
}

function dataTableFlow(path: string, tableId: string): WorkflowJson {
	const table = { __rl: true, mode: 'id', value: tableId };
	return {
		name: 'bench: Data Table check-then-insert',
		nodes: [
			webhook(path),
			{
				id: randomUUID(),
				name: 'Not Claimed Yet?',
				type: 'n8n-nodes-base.dataTable',
				typeVersion: 1.1,
				position: [220, 0],
				parameters: {
					resource: 'row',
					operation: 'rowNotExists',
					dataTableId: table,
					matchType: 'allConditions',
					filters: {
						conditions: [
							{ keyName: 'redemption_id', condition: 'eq', keyValue: '={{ $json.body.key }}' },
						],
					},
				},
			},
			{
				id: randomUUID(),
				name: 'Insert Claim',
				type: 'n8n-nodes-base.dataTable',
				typeVersion: 1.1,
				position: [440, 0],
				parameters: {
					resource: 'row',
					operation: 'insert',
					dataTableId: table,
					columns: {
						mappingMode: 'defineBelow',
						value: { redemption_id: "={{ $('Webhook').item.json.body.key }}", status: 'claimed' },
						matchingColumns: [],
						schema: ['redemption_id', 'status'].map((id) => ({
							id,
							displayName: id,
							required: false,
							defaultMatch: false,
							display: true,
							type: 'string',
							readOnly: false,
							removed: false,
						})),
					},
					options: {},
				},
			},
		],
		connections: {
			Webhook: { main: [[{ node: 'Not Claimed Yet?', type: 'main', index: 0 }]] },
			'Not Claimed Yet?': { main: [[{ node: 'Insert Claim', type: 'main', index: 0 }]] },
		},
	} as unknown as WorkflowJson;
}

interface Row {
	name: string;
	ok: number;
	failures: string[];
	guardMs: number[];
	wallMs: number;
}

function executionError(execution: Execution): string {
	const error = (execution.data?.resultData as { error?: { message?: string } } | undefined)?.error;
	return error?.message ?? 'no error message';
}

function guardTime(execution: Execution, nodes: string[]): number {
	const runData = execution.data?.resultData.runData ?? {};
	return nodes.reduce(
		(sum, name) =>
			sum + ((runData[name]?.[0] as { executionTime?: number } | undefined)?.executionTime ?? 0),
		0,
	);
}

async function measure(
	stack: Stack,
	name: string,
	workflow: WorkflowJson,
	guardNodes: string[],
): Promise<Row> {
	const { id } = await stack.api.createWorkflow(bindCredentials(workflow, stack.credentials));
	await stack.api.publish(id);
	const path = (workflow.nodes[0] as unknown as { webhookId: string }).webhookId;
	const url = stack.api.webhookUrl(path);
	const run = randomUUID().slice(0, 8);
	const started = Date.now();
	const failures: string[] = [];
	await pool(COUNT, CONCURRENCY, async (i) => {
		const sent = await attempt(() =>
			axios.post(url, { key: `bench:${run}:${i}` }, { timeout: 120_000 }),
		);
		if (!sent.ok) failures.push(sent.reason);
	});
	const executions = await stack.api.waitForExecutions(id, COUNT - failures.length, 600_000);
	const wallMs = Date.now() - started;
	await stack.api.unpublish(id);
	const failed = executions.filter((e) => e.status !== 'success');
	if (failed.length > 0)
		failures.push(...failed.map((e) => `execution ${e.status}: ${executionError(e)}`));
	return {
		name,
		ok: executions.filter((e) => e.status === 'success').length,
		failures,
		guardMs: executions.map((e) => guardTime(e, guardNodes)).sort((a, b) => a - b),
		wallMs,
	};
}

async function main(): Promise<void> {
	const stack = await startStack();
	try {
		const tableId = await stack.api.createDataTable('rf_bench_check_insert', [
			{ name: 'redemption_id', type: 'string' },
			{ name: 'status', type: 'string' },
		]);
		// Warm both paths once so table creation and first-load costs stay out of the figures.
		for (const [flow, key] of [
			[ledgerFlow(`warm-${randomUUID()}`), 'warm-ledger'],
			[dataTableFlow(`warm-${randomUUID()}`, tableId), 'warm-dt'],
		] as const) {
			const { id } = await stack.api.createWorkflow(bindCredentials(flow, stack.credentials));
			await stack.api.publish(id);
			await axios.post(
				stack.api.webhookUrl((flow.nodes[0] as unknown as { webhookId: string }).webhookId),
				{ key },
			);
			await stack.api.waitForExecutions(id, 1);
			await stack.api.unpublish(id);
		}
		const rows = [
			await measure(stack, 'Reward Ledger: Claim (1 node)', ledgerFlow(randomUUID()), ['Claim']),
			await measure(
				stack,
				'Data Table: row not exists + insert (2 nodes)',
				dataTableFlow(randomUUID(), tableId),
				['Not Claimed Yet?', 'Insert Claim'],
			),
		];
		console.log(
			`\n${COUNT} claims with distinct keys, ${CONCURRENCY} at a time, one n8n process (SQLite), n8n ${stack.n8n.baseUrl}`,
		);
		console.log('| guard | ok | failed | guard p50 ms | guard p95 ms | executions/s |');
		console.log('| --- | --- | --- | --- | --- | --- |');
		for (const row of rows) {
			console.log(
				`| ${row.name} | ${row.ok} | ${row.failures.length} | ${percentile(row.guardMs, 50)} | ${percentile(row.guardMs, 95)} | ${(row.ok / (row.wallMs / 1000)).toFixed(1)} |`,
			);
			if (row.failures.length > 0) console.log(`  failures: ${reasonSummary(row.failures)}`);
		}
		console.log(
			'Only the ledger holds across processes; the check-then-insert lets two processes both pass.',
		);
	} finally {
		await stack.stop();
	}
}

runBench(main);
