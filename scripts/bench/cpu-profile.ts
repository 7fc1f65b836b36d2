/**
 * `npm run bench:cpu -- [--count 300] [--concurrency 10] [--variant template|builtin] [--n8n-env N8N_X=y]`: runs one
 * flow under load in an n8n started with V8's `--cpu-prof`, and prints where n8n's main process
 * spent its CPU: self time per package (this package, n8n's own modules, the SQLite driver, …) and
 * the hottest functions. `npm run bench` says how fast each flow is; this says why.
 *
 * The profile is written when n8n exits (`stack.stop()`); the raw `.cpuprofile` files stay in the
 * printed folder and open in Chrome DevTools (Performance → Load profile).
 */
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';

import { SINGLE_PROCESS_EXECUTION_LIMIT } from '../lib/n8n-instance';
import { startStack, type Stack } from '../lib/stack';
import { publishTemplateFile } from '../lib/templates';
import { publishBuiltinFlow } from './builtin-flow';
import { n8nEnvFromArgs, reasonSummary, runBench } from './common';
import { runRedemptions } from './redemptions';

interface ProfileNode {
	id: number;
	callFrame: { functionName: string; url: string; lineNumber: number };
	children?: number[];
}
interface CpuProfile {
	/** Microseconds, V8's monotonic clock. */
	startTime: number;
	endTime: number;
	nodes: ProfileNode[];
	samples: number[];
	timeDeltas: number[];
}

/** The package a script URL belongs to: the last `node_modules/<name>` in its path, else a label. */
function bucketOf(url: string, functionName: string): string {
	if (!url) return functionName.startsWith('(') ? functionName : '(native)';
	if (url.startsWith('node:')) return 'node:internals';
	const parts = url.split('/node_modules/');
	if (parts.length < 2)
		return url.includes('/n8n-nodes-reward-fulfillment/') ? 'this package' : url;
	const rest = parts[parts.length - 1].split('/');
	const name = rest[0].startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0];
	return name === 'n8n-nodes-reward-fulfillment' ? 'this package' : name;
}

function frameName(node: ProfileNode): string {
	const { functionName, url, lineNumber } = node.callFrame;
	const where = url ? `${url.split('/node_modules/').pop()}:${lineNumber + 1}` : '';
	return `${functionName || '(anonymous)'} ${where}`.trim();
}

/**
 * From V8's samples: self time (ms) per bucket and per function, and inclusive time per function
 * (a sample counts once for every distinct function on its stack).
 */
function cpuTimes(
	profile: CpuProfile,
	window: { fromUs: number; toUs: number },
): {
	total: number;
	buckets: Map<string, number>;
	functions: Map<string, number>;
	inclusive: Map<string, number>;
} {
	const byId = new Map(profile.nodes.map((n) => [n.id, n]));
	const parentOf = new Map<number, number>();
	for (const node of profile.nodes)
		for (const child of node.children ?? []) parentOf.set(child, node.id);
	const buckets = new Map<string, number>();
	const functions = new Map<string, number>();
	const inclusive = new Map<string, number>();
	let total = 0;
	let at = profile.startTime;
	profile.samples.forEach((id, i) => {
		const us = profile.timeDeltas[i] ?? 0;
		at += us;
		const ms = us / 1000;
		const node = byId.get(id);
		if (!node || at < window.fromUs || at > window.toUs) return;
		total += ms;
		const bucket = bucketOf(node.callFrame.url, node.callFrame.functionName);
		buckets.set(bucket, (buckets.get(bucket) ?? 0) + ms);
		const fn = frameName(node);
		functions.set(fn, (functions.get(fn) ?? 0) + ms);
		if (bucket === '(idle)') return;
		const onStack = new Set<string>();
		for (let at: number | undefined = id; at !== undefined; at = parentOf.get(at)) {
			const frame = byId.get(at);
			if (frame) onStack.add(frameName(frame));
		}
		for (const name of onStack) inclusive.set(name, (inclusive.get(name) ?? 0) + ms);
	});
	return { total, buckets, functions, inclusive };
}

function top(map: Map<string, number>, n: number): Array<[string, number]> {
	return [...map.entries()].sort((a, b) => b[1] - a[1]).slice(0, n);
}

/** Publishes the flow to profile; its webhook URL. */
async function publishFlow(stack: Stack, variant: 'template' | 'builtin'): Promise<string> {
	if (variant === 'builtin') return (await publishBuiltinFlow(stack)).hookUrl;
	const { webhookPath } = await publishTemplateFile(
		stack.api,
		stack.credentials,
		'influitive-redemption-to-kotis.json',
	);
	return stack.api.webhookUrl(webhookPath('Redemption Requested'));
}

async function main() {
	const { values } = parseArgs({
		options: {
			count: { type: 'string', default: '300' },
			concurrency: { type: 'string', default: '10' },
			variant: { type: 'string', default: 'template' },
			'n8n-env': { type: 'string', multiple: true },
		},
	});
	const count = Number(values.count);
	const concurrency = Number(values.concurrency);
	const variant = String(values.variant);
	if (variant !== 'template' && variant !== 'builtin')
		throw new Error(`--variant: "${variant}" is neither template nor builtin`);
	const profileDir = await fs.mkdtemp(path.join(os.tmpdir(), 'rf-cpuprof-'));
	const stack = await startStack({
		sandbox: { influitive: { rateLimit: { requests: 1_000_000, windowMs: 300_000 } } },
		credentialOverrides: { influitiveApi: { requestsPer5Minutes: 1_000_000 } },
		n8nEnv: {
			N8N_CONCURRENCY_PRODUCTION_LIMIT: String(SINGLE_PROCESS_EXECUTION_LIMIT),
			NODE_OPTIONS: `--cpu-prof --cpu-prof-dir=${profileDir}`,
			...n8nEnvFromArgs(values['n8n-env']),
		},
	});
	const mainPid = stack.n8n.pid;
	// The profile covers n8n's whole life (boot, publishing, shutdown): only the samples taken while
	// the redemptions ran are counted. n8n's last sample is its exit, when stack.stop() returns.
	let loadFrom = 0;
	let loadTo = 0;
	try {
		const hook = await publishFlow(stack, variant);
		// Waits on the hub, not on n8n's API (asking n8n for executions would add to the profile).
		loadFrom = Date.now();
		const result = await runRedemptions(stack, variant, hook, count, concurrency);
		loadTo = Date.now();
		console.log(
			`${variant}: ${count} redemptions, ${concurrency} in flight, ${(result.wallMs / 1000).toFixed(0)} s`,
		);
		if (result.failures > 0)
			console.log(
				`${result.failures} of ${count} redemptions not fulfilled: ${reasonSummary(result.reasons)}`,
			);
	} finally {
		await stack.stop();
	}
	const exitedAt = Date.now();
	// Why runs stopped (the Reward Ledger logs every request slower than 2 s), from n8n's log.
	const log = await fs.readFile(stack.logFiles.main, 'utf8').catch(() => '');
	const notable = log
		.split('\n')
		.filter((line) =>
			/Reward Ledger|did not respond|timed out|ETIMEDOUT|Problem in node/i.test(line),
		);
	if (notable.length > 0)
		console.log(
			`\n${notable.length} notable n8n log lines, the first 20:\n${notable.slice(0, 20).join('\n')}`,
		);
	const files = (await fs.readdir(profileDir)).filter((f) => f.endsWith('.cpuprofile'));
	// n8n's main process is the one whose file names its pid; else the largest profile.
	const sized = await Promise.all(
		files.map(async (f) => ({ f, size: (await fs.stat(path.join(profileDir, f))).size })),
	);
	const chosen =
		sized.find((s) => mainPid > 0 && s.f.includes(`.${mainPid}.`)) ??
		sized.sort((a, b) => b.size - a.size)[0];
	if (!chosen) throw new Error(`no CPU profile was written to ${profileDir}`);
	const profile = JSON.parse(
		await fs.readFile(path.join(profileDir, chosen.f), 'utf8'),
	) as CpuProfile;
	const { total, buckets, functions, inclusive } = cpuTimes(profile, {
		fromUs: profile.endTime - (exitedAt - loadFrom) * 1000,
		toUs: profile.endTime - (exitedAt - loadTo) * 1000,
	});
	const idle = buckets.get('(idle)') ?? 0;
	const busy = total - idle;
	console.log(
		`\nn8n main process (${chosen.f} in ${profileDir}), while the redemptions ran: ${(busy / 1000).toFixed(1)} s busy of ${(total / 1000).toFixed(1)} s, ${(busy / count).toFixed(1)} ms per redemption`,
	);
	console.log('\n| self time | ms | % of busy | ms per redemption |\n| --- | --- | --- | --- |');
	for (const [bucket, ms] of top(buckets, 25).filter(([b]) => b !== '(idle)'))
		console.log(
			`| ${bucket} | ${ms.toFixed(0)} | ${((100 * ms) / busy).toFixed(1)} | ${(ms / count).toFixed(2)} |`,
		);
	console.log('\n| hottest functions (self) | ms |\n| --- | --- |');
	for (const [fn, ms] of top(functions, 40).filter(([f]) => !f.startsWith('(idle)')))
		console.log(`| ${fn} | ${ms.toFixed(0)} |`);
	// Inclusive time of n8n's and this package's own functions (not Node's, not generic wrappers).
	const own = [...inclusive.entries()].filter(([fn]) =>
		/(n8n|@n8n|typeorm|this package|n8n-nodes-reward-fulfillment)/.test(fn),
	);
	console.log(
		'\n| n8n and package functions (inclusive) | ms | ms per redemption |\n| --- | --- | --- |',
	);
	for (const [fn, ms] of own.sort((a, b) => b[1] - a[1]).slice(0, 80))
		console.log(`| ${fn} | ${ms.toFixed(0)} | ${(ms / count).toFixed(2)} |`);
}

if (require.main === module) runBench(main);
