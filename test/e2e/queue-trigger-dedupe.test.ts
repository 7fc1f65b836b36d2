/**
 * Queue mode: the same Influence.io event at two webhook processors (at once, or 2 s apart) should
 * start one execution. It does not yet: the trigger's dedupe memory is per process, and the ids it
 * saves in static data do not reach the database before the other processor looks (see the
 * queue-mode issue's note). The templates do not depend on it (the Reward Ledger or the vendor's
 * own idempotency decides), so this file runs only with RF_E2E_TRIGGER_DEDUPE=1 and prints counts.
 */
import { randomUUID } from 'node:crypto';

import { INFLUENCEIO_WEBHOOK_SECRET } from '../../scripts/lib/stack';
import { processorUrl } from './queue-helpers';
import { e2e } from './state';
import { PKG, toNode } from './workflows';

const { state, n8n, sandbox } = e2e();
const created: string[] = [];

afterAll(async () => {
	for (const id of created) await n8n.unpublish(id).catch(() => undefined);
});

describe('queue mode: trigger dedupe across webhook processors', () => {
	it('Influence.io trigger: the same event at both webhook processors at once starts one execution', async () => {
		await sandbox.reset();
		const webhookId = randomUUID();
		const trigger = {
			...toNode({ name: 'Points Redeemed', type: `${PKG}.influenceIoTrigger`, credentials: ['influenceIoApi'], parameters: { register: false, topics: ['points/redeemed'], options: {} } }, 0, state.credentials),
			webhookId,
		};
		const noop = toNode({ name: 'Received', type: 'n8n-nodes-base.noOp', parameters: {} }, 1, state.credentials);
		const { id } = await n8n.createWorkflow({
			name: 'e2e queue Influence.io twins',
			nodes: [trigger, noop],
			connections: { 'Points Redeemed': { main: [[{ node: 'Received', type: 'main', index: 0 }]] } },
			settings: { executionOrder: 'v1' },
		});
		created.push(id);
		await n8n.publish(id);
		const urls = [0, 1].map((i) => processorUrl(state, i, `${webhookId}/webhook`));
		const events = Number(process.env.RF_E2E_TWINS || 20);
		for (let i = 0; i < events; i++) {
			// Not registered: the sandbox only makes the event, the test delivers it to both processes.
			await sandbox.influenceio.setPoints('1001', 100_000);
			const { payload } = await sandbox.influenceio.redeem({ customer: '1001', ruleId: 'rule-10-off' });
			const webhookIdHeader = randomUUID();
			await Promise.all(urls.map((url) => sandbox.influenceio.deliver({ url, topic: 'points/redeemed', payload, webhookId: webhookIdHeader, query: { token: INFLUENCEIO_WEBHOOK_SECRET } })));
		}
		await new Promise((r) => setTimeout(r, 5000));
		const executions = await n8n.executions(id);
		console.log(`[queue] Influence.io twins: ${events} events delivered to both processors → ${executions.length} executions`);
		expect(executions).toHaveLength(events);
	});

	it('Influence.io trigger (self-registered): an event repeated 2 s later at each webhook processor starts nothing', async () => {
		await sandbox.reset();
		const webhookId = randomUUID();
		const trigger = {
			...toNode({ name: 'Points Redeemed', type: `${PKG}.influenceIoTrigger`, credentials: ['influenceIoApi'], parameters: { register: true, topics: ['points/redeemed'], options: {} } }, 0, state.credentials),
			webhookId,
		};
		const noop = toNode({ name: 'Received', type: 'n8n-nodes-base.noOp', parameters: {} }, 1, state.credentials);
		const { id } = await n8n.createWorkflow({
			name: 'e2e queue Influence.io later repeat',
			nodes: [trigger, noop],
			connections: { 'Points Redeemed': { main: [[{ node: 'Received', type: 'main', index: 0 }]] } },
			settings: { executionOrder: 'v1' },
		});
		created.push(id);
		await n8n.publish(id);
		await sandbox.influenceio.setPoints('1001', 100_000);
		// Influence.io delivers to the registered (load-balanced) URL; then the same event again at each processor.
		const { payload } = await sandbox.influenceio.redeem({ customer: '1001', ruleId: 'rule-10-off' });
		await n8n.waitForExecutions(id, 1);
		const [first] = await sandbox.influenceio.deliveries();
		const answers: unknown[] = [];
		for (const index of [0, 1]) {
			await new Promise((r) => setTimeout(r, 2000));
			const sent = await sandbox.influenceio.deliver({ url: processorUrl(state, index, `${webhookId}/webhook`), topic: 'points/redeemed', payload, webhookId: first.webhookIdHeader, query: { token: INFLUENCEIO_WEBHOOK_SECRET } });
			answers.push(sent.deliveries[0].body);
		}
		await new Promise((r) => setTimeout(r, 2000));
		const executions = await n8n.executions(id);
		console.log(`[queue] Influence.io repeat 2 s later at each processor: answers ${JSON.stringify(answers)} → ${executions.length} executions`);
		expect(executions).toHaveLength(1);
	});
});
