/**
 * Queue mode: two workers using one Influitive credential together stay inside Influitive's
 * published 200 requests / 5 minutes. The queue-mode credential says two processes share the limit
 * (`processesSharingLimit`), so each worker paces at half of it. The sandbox throttles at the real
 * limit and records every 429 it answers.
 *
 * RF_E2E_LIMIT_SHARE=1 runs the same with the credential that does not share (each worker paces at
 * the full limit, as before) to measure the 429s that causes; the test then fails by design.
 */
import { publishTemplateFile } from '../../scripts/lib/templates';
import { INFLUITIVE_WEBHOOK_SECRET } from '../../scripts/lib/stack';
import { workersThatRan } from './queue-helpers';
import { e2e } from './state';

const { state, n8n, sandbox } = e2e();
const REDEMPTIONS = Number(process.env.RF_E2E_LIMIT_REDEMPTIONS || 250);
const UNSHARED = process.env.RF_E2E_LIMIT_SHARE === '1';
const LIMIT = 200;

async function pool(count: number, concurrency: number, task: (i: number) => Promise<void>) {
	let next = 0;
	await Promise.all(
		Array.from({ length: Math.min(concurrency, count) }, async () => {
			while (next < count) await task(next++);
		}),
	);
}

describe('queue mode: one Influitive limit shared by two workers', () => {
	let workflowId: string | undefined;

	afterAll(async () => {
		if (workflowId) await n8n.unpublish(workflowId).catch(() => undefined);
	});

	it(`${REDEMPTIONS} redemptions through the flagship on 2 workers: zero 429s, at most ${LIMIT} Influitive requests, none ordered or decided twice`, async () => {
		await sandbox.reset();
		await sandbox.influitive.resetRateLimit();
		const credentials = {
			...state.credentials,
			influitiveApi: UNSHARED
				? state.credentials.influitiveApiUnshared
				: state.credentials.influitiveApiSharedLimit,
		};
		const published = await publishTemplateFile(
			n8n,
			credentials,
			'influitive-redemption-to-kotis.json',
		);
		workflowId = published.id;
		const hookUrl = n8n.webhookUrl(published.webhookPath('Redemption Requested'));
		await sandbox.kotis.setInventory([
			{
				sku: '107529-1-M',
				physical_quantity: REDEMPTIONS * 2,
				available_quantity: REDEMPTIONS * 2,
			},
		]);
		await sandbox.influitive.setPoints('ada@example.com', REDEMPTIONS * 1000);

		const ids: number[] = [];
		const started = Date.now();
		await pool(REDEMPTIONS, 10, async () => {
			const { redemption } = await sandbox.influitive.createRedemption({
				member: 'ada@example.com',
				reward: 77,
				size: 'M',
			});
			ids.push(redemption.id);
			await sandbox.influitive.deliver({
				url: hookUrl,
				redemptionId: redemption.id,
				query: { token: INFLUITIVE_WEBHOOK_SECRET },
			});
		});
		const executions = await n8n.waitForExecutions(published.id, REDEMPTIONS, 10 * 60_000);
		const wallS = (Date.now() - started) / 1000;

		const calls = (await sandbox.calls({ vendor: 'influitive' })).filter(
			(c) => !c.path.startsWith('/__admin'),
		);
		const throttled = calls.filter((c) => c.status === 429 || c.status === 403);
		const records = (await sandbox.influitive.redemptions()).filter((r) => ids.includes(r.id));
		const orders = await sandbox.kotis.orders();
		const ordersPer = ids.map(
			(id) =>
				orders.filter((o) => (o.request as { order_id?: string }).order_id === `influitive-${id}`)
					.length,
		);
		const byWorker: Record<string, number> = {};
		for (const e of executions)
			for (const w of workersThatRan(state, e.id)) byWorker[w] = (byWorker[w] ?? 0) + 1;
		const pacedOut = executions.filter((e) =>
			/request budget/.test(String(e.data?.resultData.error?.message ?? '')),
		).length;
		console.log(
			`[queue] shared limit (${UNSHARED ? 'NOT shared: each worker paces at 200' : 'shared by 2: each worker paces at 100'}): ${REDEMPTIONS} redemptions in ${wallS.toFixed(0)} s; ` +
				`executions per worker ${JSON.stringify(byWorker)}; Influitive requests ${calls.length}, answered 429/403 ${throttled.length}; ` +
				`decided ${records.filter((r) => r.status !== 'pending').length}, pending ${records.filter((r) => r.status === 'pending').length} ` +
				`(${pacedOut} executions stopped by the client-side budget, nothing sent); Kotis orders ${orders.length}`,
		);

		expect(Object.keys(byWorker).sort()).toEqual(['worker-1', 'worker-2']);
		expect(throttled).toEqual([]);
		expect(calls.length).toBeLessThanOrEqual(LIMIT);
		expect(records.every((r) => (r.decisions ?? 0) <= 1)).toBe(true);
		expect(ordersPer.every((n) => n <= 1)).toBe(true);
	});
});
