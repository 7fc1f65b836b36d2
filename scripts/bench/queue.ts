/**
 * `npm run bench -- --queue`: the flagship template (Influitive webhook → Kotis stock → order →
 * fulfil) in n8n's queue mode, with 1 worker and then 2 workers (each behind 1 webhook processor),
 * side by side in one run: throughput, webhook-to-fulfil p50/p95, and the CPU time each n8n process
 * used during the run (utime + stime from /proc/<pid>/stat, summed over the process group, so the
 * task runner a process starts counts for it). Influitive's limit is raised as in `npm run bench`.
 *
 *   npm run bench -- --queue --count 200 --concurrency 10
 */
import fs from 'node:fs';
import os from 'node:os';
import { parseArgs } from 'node:util';

import { startStack } from '../lib/stack';
import { publishTemplateFile } from '../lib/templates';
import { percentile } from './common';
import { runRedemptions, type Result } from './redemptions';

const TICKS_PER_SECOND = 100; // USER_HZ on Linux

/** CPU seconds (user + system) used so far by every process in each process group. */
function cpuByGroup(groups: number[]): Map<number, number> {
	const totals = new Map<number, number>(groups.map((g) => [g, 0]));
	for (const entry of fs.readdirSync('/proc')) {
		if (!/^\d+$/.test(entry)) continue;
		let stat: string;
		try {
			stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
		} catch {
			continue; // ended meanwhile
		}
		// Fields after the command name (which may contain spaces) start at state (field 3).
		const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
		const pgrp = Number(fields[2]);
		if (!totals.has(pgrp)) continue;
		const ticks = Number(fields[11]) + Number(fields[12]);
		totals.set(pgrp, (totals.get(pgrp) as number) + ticks / TICKS_PER_SECOND);
	}
	return totals;
}

interface Row {
	workers: number;
	result: Result;
	cpu: Array<{ name: string; seconds: number }>;
}

async function measure(workers: number, count: number, concurrency: number): Promise<Row> {
	const raised = 1_000_000;
	console.log(`\nBooting queue mode: main + ${workers} worker(s) + 1 webhook processor...`);
	const stack = await startStack({
		mode: 'queue',
		workers,
		webhookProcessors: 1,
		sandbox: { influitive: { rateLimit: { requests: raised, windowMs: 300_000 } } },
		credentialOverrides: { influitiveApi: { requestsPer5Minutes: raised } },
	});
	const stop = () => void stack.stop().finally(() => process.exit(130));
	process.once('SIGINT', stop);
	process.once('SIGTERM', stop);
	try {
		const { id, webhookPath } = await publishTemplateFile(
			stack.api,
			stack.credentials,
			'influitive-redemption-to-kotis.json',
		);
		const hookUrl = stack.api.webhookUrl(webhookPath('Redemption Requested'));
		// Warm-up (first execution loads node code, compiles expressions), not counted.
		await runRedemptions(stack, 'warm-up', hookUrl, Math.min(10, count), concurrency);
		const processes = (stack.queue as NonNullable<typeof stack.queue>).processes();
		const before = cpuByGroup(processes.map((p) => p.instance.pid));
		const result = await runRedemptions(
			stack,
			`template (a), ${workers} worker${workers === 1 ? '' : 's'}`,
			hookUrl,
			count,
			concurrency,
		);
		const after = cpuByGroup(processes.map((p) => p.instance.pid));
		await stack.api.unpublish(id);
		return {
			workers,
			result,
			cpu: processes.map((p) => ({
				name: p.name,
				seconds: (after.get(p.instance.pid) ?? 0) - (before.get(p.instance.pid) ?? 0),
			})),
		};
	} finally {
		process.off('SIGINT', stop);
		process.off('SIGTERM', stop);
		await stack.stop();
	}
}

export async function main(): Promise<void> {
	const { values } = parseArgs({
		options: {
			queue: { type: 'boolean', default: true },
			count: { type: 'string', default: '200' },
			concurrency: { type: 'string', default: '10' },
		},
	});
	const count = Number(values.count);
	const concurrency = Number(values.concurrency);
	console.log(
		`Queue-mode bench: the flagship template, ${count} redemptions, ${concurrency} at a time, on ${os.cpus().length} cores. ` +
			"Influitive's 200 requests / 5 min limit is raised in the sandbox and the credential, to measure n8n rather than the limit.",
	);
	const rows: Row[] = [];
	for (const workers of [1, 2]) rows.push(await measure(workers, count, concurrency));

	console.log(
		'\nLatency: webhook sent → fulfil recorded by the hub. CPU: seconds used during the measured run.',
	);
	console.log(
		'| workers | n | failures | throughput (/s) | p50 ms | p95 ms | CPU s per process | CPU s total |',
	);
	console.log('| --- | --- | --- | --- | --- | --- | --- | --- |');
	for (const { workers, result, cpu } of rows) {
		const sorted = [...result.latencies].sort((a, b) => a - b);
		const throughput = result.count / (result.wallMs / 1000);
		const perProcess = cpu.map((c) => `${c.name} ${c.seconds.toFixed(1)}`).join(', ');
		const total = cpu.reduce((sum, c) => sum + c.seconds, 0);
		console.log(
			`| ${workers} | ${result.count} | ${result.failures} | ${throughput.toFixed(1)} | ${percentile(sorted, 50)} | ${percentile(sorted, 95)} | ${perProcess} | ${total.toFixed(1)} |`,
		);
	}
	const [one, two] = rows.map((r) => r.result.count / (r.result.wallMs / 1000));
	const wall = rows.map((r) => r.result.wallMs / 1000);
	const busy = rows.map((r) => r.cpu.reduce((sum, c) => sum + c.seconds, 0));
	console.log(
		`\n2 workers / 1 worker throughput: ${(two / one).toFixed(2)}. n8n processes kept ${(busy[0] / wall[0]).toFixed(2)} and ${(busy[1] / wall[1]).toFixed(2)} cores busy ` +
			`of ${os.cpus().length} (load from other programs on this machine is not counted; a ratio near 1 with cores saturated means CPU-bound).`,
	);
}
