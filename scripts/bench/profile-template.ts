/**
 * `npx tsx scripts/bench/profile-template.ts [count]`: sends `count` redemptions one at a time to
 * template (a) and prints each node's mean execution time from n8n's own run data. Finds which
 * node dominates the template's latency; prints figures only.
 */
import { SandboxClient } from '../../sandbox/client';
import { INFLUITIVE_WEBHOOK_SECRET, startStack } from '../lib/stack';
import { publishTemplateFile } from '../lib/templates';
import { attempt, reasonSummary, runBench, stockForRedemptions } from './common';

async function main() {
	const count = Number(process.argv[2] ?? 30);
	const stack = await startStack({
		sandbox: { influitive: { rateLimit: { requests: 1_000_000, windowMs: 300_000 } } },
		credentialOverrides: { influitiveApi: { requestsPer5Minutes: 1_000_000 } },
	});
	try {
		const admin = new SandboxClient(stack.sandbox.url, { timeoutMs: 120_000 });
		const { id, webhookPath } = await publishTemplateFile(
			stack.api,
			stack.credentials,
			'influitive-redemption-to-kotis.json',
		);
		const hook = stack.api.webhookUrl(webhookPath('Redemption Requested'));
		await stockForRedemptions(admin, count);
		const failures: string[] = [];
		for (let i = 0; i < count; i++) {
			// A slow n8n is waited for (5 minutes per redemption); a failed call is counted with its reason.
			const done = await attempt(async () => {
				const { redemption } = await admin.influitive.createRedemption({
					member: 'ada@example.com',
					reward: 77,
					size: 'M',
				});
				await admin.influitive.deliver({
					url: hook,
					redemptionId: redemption.id,
					query: { token: INFLUITIVE_WEBHOOK_SECRET },
				});
				await stack.api.waitForExecutions(id, i + 1 - failures.length, 5 * 60_000);
			});
			if (!done.ok) failures.push(done.reason);
		}
		if (failures.length > 0)
			console.log(`${failures.length} of ${count} redemptions failed: ${reasonSummary(failures)}`);
		const executions = await stack.api.waitForExecutions(id, count - failures.length, 5 * 60_000);
		const perNode = new Map<string, number[]>();
		const totals: number[] = [];
		for (const execution of executions) {
			totals.push(
				Date.parse(String(execution.stoppedAt)) - Date.parse(String(execution.startedAt)),
			);
			for (const [node, runs] of Object.entries(execution.data?.resultData.runData ?? {})) {
				const list = perNode.get(node) ?? [];
				list.push(...(runs as Array<{ executionTime: number }>).map((r) => r.executionTime));
				perNode.set(node, list);
			}
		}
		const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
		console.log(
			`\n${count} redemptions, one at a time: execution wall time mean ${mean(totals).toFixed(0)} ms`,
		);
		console.log('| node | mean ms | max ms |\n| --- | --- | --- |');
		for (const [node, times] of perNode)
			console.log(`| ${node} | ${mean(times).toFixed(1)} | ${Math.max(...times)} |`);
	} finally {
		await stack.stop();
	}
}

runBench(main);
