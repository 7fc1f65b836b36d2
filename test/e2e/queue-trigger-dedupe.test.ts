/**
 * Queue mode: the same Influence.io event at both webhook processors starts one execution.
 * - At the same instant, only a store every process shares can tell: the trigger set to Remember
 *   Deliveries In: Reward Ledger claims each delivery in the ledger before it answers.
 * - 2 s apart, the trigger's own memory is enough: its static data reaches the database when it
 *   answers (see acceptDelivery in nodes/shared/webhook.ts), and the other processor loads it.
 * Prints the counts and what the ledger claim adds to the reply time.
 */
import { randomUUID } from 'node:crypto';

import { SandboxClient } from '../../sandbox/client';
import { INFLUENCEIO_WEBHOOK_SECRET } from '../../scripts/lib/stack';
import { processorUrl } from './queue-helpers';
import { e2e } from './state';
import { PKG, toNode } from './workflows';

const { state, n8n, sandbox } = e2e();
// Deliveries that wait on ledger claims: on a loaded 2-core box a claim took 2-3 s, and a delivery
// racing its twin waits for the twin's claim first, beyond the admin client's default 10 s. The
// reply times are printed, so slowness shows.
const patientSandbox = new SandboxClient(state.sandboxUrl, { timeoutMs: 60_000 });
const created: string[] = [];

afterAll(async () => {
	for (const id of created) await n8n.unpublish(id).catch(() => undefined);
});

async function deployTrigger(
	name: string,
	parameters: Record<string, unknown>,
	credentials: string[],
): Promise<{ id: string; webhookId: string }> {
	const webhookId = randomUUID();
	const trigger = {
		...toNode(
			{
				name: 'Points Redeemed',
				type: `${PKG}.influenceIoTrigger`,
				credentials,
				parameters: { topics: ['points/redeemed'], options: {}, ...parameters },
			},
			0,
			state.credentials,
		),
		webhookId,
	};
	const noop = toNode(
		{ name: 'Received', type: 'n8n-nodes-base.noOp', parameters: {} },
		1,
		state.credentials,
	);
	const { id } = await n8n.createWorkflow({
		name,
		nodes: [trigger, noop],
		connections: { 'Points Redeemed': { main: [[{ node: 'Received', type: 'main', index: 0 }]] } },
		settings: { executionOrder: 'v1' },
	});
	created.push(id);
	await n8n.publish(id);
	return { id, webhookId };
}

const percentile = (values: number[], p: number) => {
	const sorted = [...values].sort((a, b) => a - b);
	return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
};
const ms = (value: number) => `${Math.round(value)} ms`;
const summary = (values: number[]) =>
	`p50 ${ms(percentile(values, 50))}, p95 ${ms(percentile(values, 95))}, max ${ms(Math.max(...values))}`;

describe('queue mode: trigger dedupe across webhook processors', () => {
	it('Influence.io trigger remembering deliveries in the Reward Ledger: the same event at both webhook processors at once starts one execution', async () => {
		await sandbox.reset();
		const shared = await deployTrigger(
			'e2e queue Influence.io twins (ledger)',
			{ register: false, deliveryMemory: 'ledger' },
			['influenceIoApi', 'rewardLedgerApi'],
		);
		// The same events, once each, to a trigger with the default memory: the reply time without a claim.
		const plain = await deployTrigger(
			'e2e queue Influence.io (process memory)',
			{ register: false },
			['influenceIoApi'],
		);
		const twins = [0, 1].map((i) => processorUrl(state, i, `${shared.webhookId}/webhook`));
		const events = Number(process.env.RF_E2E_TWINS || 20);
		const accepted: number[] = [];
		const duplicates: number[] = [];
		const withoutLedger: number[] = [];
		await sandbox.influenceio.setPoints('1001', 100_000);
		for (let i = 0; i < events; i++) {
			// Not registered: the sandbox only makes the event, the test delivers it.
			const { payload } = await sandbox.influenceio.redeem({
				customer: '1001',
				ruleId: 'rule-10-off',
			});
			const webhookId = randomUUID();
			const deliver = (url: string) =>
				patientSandbox.influenceio.deliver({
					url,
					topic: 'points/redeemed',
					payload,
					webhookId,
					query: { token: INFLUENCEIO_WEBHOOK_SECRET },
					timeoutMs: 60_000,
				});
			const pair = (await Promise.all(twins.map(deliver))).map((sent) => sent.deliveries[0]);
			expect(pair.map((d) => d.status)).toEqual([200, 200]);
			// Exactly one of the two processors started it; the other answered "duplicate".
			expect(
				pair.filter((d) => (d.body as { duplicate?: boolean }).duplicate === true),
			).toHaveLength(1);
			for (const d of pair)
				((d.body as { duplicate?: boolean }).duplicate ? duplicates : accepted).push(d.durationMs);
			const [alone] = (await deliver(processorUrl(state, i % 2, `${plain.webhookId}/webhook`)))
				.deliveries;
			expect(alone.body).toEqual({ received: true });
			withoutLedger.push(alone.durationMs);
		}
		const executions = await n8n.waitForExecutions(shared.id, events, 120_000);
		await n8n.waitForExecutions(plain.id, events, 120_000);
		await new Promise((r) => setTimeout(r, 2000));
		console.log(
			`[queue] Influence.io twins with the Reward Ledger: ${events} events delivered to both processors → ${(await n8n.executions(shared.id)).length} executions. ` +
				`Reply time: accepted (ledger claim) ${summary(accepted)}; duplicate ${summary(duplicates)}; default memory, no claim ${summary(withoutLedger)}`,
		);
		expect(await n8n.executions(shared.id)).toHaveLength(events);
		expect(executions.every((e) => e.status === 'success')).toBe(true);
	});

	it('Influence.io trigger (self-registered, default memory): an event repeated 2 s later at each webhook processor starts nothing', async () => {
		await sandbox.reset();
		const { id, webhookId } = await deployTrigger(
			'e2e queue Influence.io later repeat',
			{ register: true },
			['influenceIoApi'],
		);
		await sandbox.influenceio.setPoints('1001', 100_000);
		// Influence.io delivers to the registered (load-balanced) URL; then the same event again at each processor.
		const { payload } = await sandbox.influenceio.redeem({
			customer: '1001',
			ruleId: 'rule-10-off',
		});
		await n8n.waitForExecutions(id, 1);
		const [first] = await sandbox.influenceio.deliveries();
		const answers: unknown[] = [];
		for (const index of [0, 1]) {
			await new Promise((r) => setTimeout(r, 2000));
			const sent = await sandbox.influenceio.deliver({
				url: processorUrl(state, index, `${webhookId}/webhook`),
				topic: 'points/redeemed',
				payload,
				webhookId: first.webhookIdHeader,
				query: { token: INFLUENCEIO_WEBHOOK_SECRET },
			});
			answers.push(sent.deliveries[0].body);
		}
		await new Promise((r) => setTimeout(r, 2000));
		const executions = await n8n.executions(id);
		console.log(
			`[queue] Influence.io repeat 2 s later at each processor: answers ${JSON.stringify(answers)} → ${executions.length} executions`,
		);
		expect(answers).toEqual([
			expect.objectContaining({ duplicate: true }),
			expect.objectContaining({ duplicate: true }),
		]);
		expect(executions).toHaveLength(1);
	});
});
