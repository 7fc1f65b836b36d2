/**
 * Queue mode, exactly once across processes: the same Influitive delivery sent at the same instant
 * to two different webhook processors ends in one Kotis order and one decision. Both deliveries
 * start an execution (each processor's trigger dedupe is its own); the Reward Ledger's claim lets
 * only one of them act. Prints the counts.
 */
import fs from 'node:fs';
import path from 'node:path';

import { bindCredentials, type WorkflowJson } from '../../scripts/lib/n8n-api';
import { INFLUITIVE_WEBHOOK_SECRET } from '../../scripts/lib/stack';
import { processorUrl } from './queue-helpers';
import { e2e } from './state';

const { state, n8n, sandbox } = e2e();
const REDEMPTIONS = Number(process.env.RF_E2E_TWINS || 20);
const created: string[] = [];

afterAll(async () => {
	for (const id of created) await n8n.unpublish(id).catch(() => undefined);
});

describe('queue mode: one delivery at two webhook processors at the same instant', () => {
	it(`flagship template: ${REDEMPTIONS} redemptions, each delivered to webhook-1 and webhook-2 at once → one order and one decision each`, async () => {
		await sandbox.reset();
		const file = path.join(
			__dirname,
			'..',
			'..',
			'workflows',
			'influitive-redemption-to-kotis.json',
		);
		const template = JSON.parse(fs.readFileSync(file, 'utf8')) as WorkflowJson;
		const workflowId = (await n8n.createWorkflow(bindCredentials(template, state.credentials))).id;
		created.push(workflowId);
		await n8n.publish(workflowId);
		const trigger = template.nodes.find((n) => n.name === 'Redemption Requested') as unknown as {
			webhookId: string;
		};
		const urls = [0, 1].map((i) => processorUrl(state, i, `${trigger.webhookId}/webhook`));

		await sandbox.kotis.setInventory([
			{
				sku: '107529-1-M',
				physical_quantity: REDEMPTIONS * 2,
				available_quantity: REDEMPTIONS * 2,
			},
		]);
		await sandbox.influitive.setPoints('ada@example.com', REDEMPTIONS * 1000);
		const ids: number[] = [];
		for (let i = 0; i < REDEMPTIONS; i++) {
			const { redemption } = await sandbox.influitive.createRedemption({
				member: 'ada@example.com',
				reward: 77,
				size: 'M',
			});
			ids.push(redemption.id);
			const sent = await Promise.all(
				urls.map((url) =>
					sandbox.influitive.deliver({
						url,
						redemptionId: redemption.id,
						query: { token: INFLUITIVE_WEBHOOK_SECRET },
					}),
				),
			);
			expect(sent.flatMap((s) => s.deliveries.map((d) => d.status))).toEqual([200, 200]);
		}
		// Let every execution end (two per redemption at most).
		await new Promise((r) => setTimeout(r, 5000));
		const deadline = Date.now() + 120_000;
		while (
			(await n8n.executions(workflowId)).some((e) =>
				['running', 'new', 'waiting'].includes(e.status),
			) &&
			Date.now() < deadline
		) {
			await new Promise((r) => setTimeout(r, 1000));
		}

		const orders = await sandbox.kotis.orders();
		const records = await sandbox.influitive.redemptions();
		const ordersPer = ids.map(
			(id) =>
				orders.filter((o) => (o.request as { order_id?: string }).order_id === `influitive-${id}`)
					.length,
		);
		const decisionsPer = ids.map((id) => records.find((r) => r.id === id)?.decisions ?? 0);
		const executions = await n8n.executions(workflowId);
		console.log(
			`[queue] flagship twins: ${REDEMPTIONS} redemptions, ${executions.length} executions, ${orders.length} Kotis orders, ` +
				`${ordersPer.filter((n) => n > 1).length} ordered twice, ${decisionsPer.filter((n) => n > 1).length} decided twice, ` +
				`${decisionsPer.filter((n) => n === 0).length} undecided`,
		);
		expect(ordersPer).toEqual(ids.map(() => 1));
		expect(decisionsPer).toEqual(ids.map(() => 1));
	});
});
