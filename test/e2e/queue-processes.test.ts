/**
 * Queue mode only (main + 2 workers + 2 webhook processors on PostgreSQL + Redis): who serves what,
 * trigger dedupe and self-registration when main is not the process receiving webhooks, the Kounta
 * loyalty reply from a worker, and static data across a restart of every process.
 */
import { randomUUID } from 'node:crypto';

import axios from 'axios';

import { nodeOutput, type WorkflowJson } from '../../scripts/lib/n8n-api';
import { INFLUENCEIO_WEBHOOK_SECRET, KOUNTA_LOYALTY_URL_TOKEN } from '../../scripts/lib/stack';
import { processorUrl, restartEveryProcess, workersThatRan } from './queue-helpers';
import { e2e } from './state';
import { PKG, toNode } from './workflows';

const { state, n8n, sandbox } = e2e();
const creds = state.credentials;
const created: string[] = [];

async function deploy(workflow: WorkflowJson): Promise<string> {
	const { id } = await n8n.createWorkflow(workflow);
	created.push(id);
	await n8n.publish(id);
	return id;
}

function triggerThenNoop(name: string, trigger: ReturnType<typeof toNode> & { webhookId: string }): WorkflowJson {
	const noop = toNode({ name: 'Received', type: 'n8n-nodes-base.noOp', parameters: {} }, 1, creds);
	return { name, nodes: [trigger, noop], connections: { [trigger.name]: { main: [[{ node: 'Received', type: 'main', index: 0 }]] } }, settings: { executionOrder: 'v1' } };
}

async function settle(ms = 2000) {
	await new Promise((r) => setTimeout(r, ms));
}

async function waitUntil(check: () => Promise<boolean>, what: string, timeoutMs = 30_000) {
	const deadline = Date.now() + timeoutMs;
	while (!(await check())) {
		if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
		await new Promise((r) => setTimeout(r, 250));
	}
}

afterAll(async () => {
	for (const id of created) await n8n.unpublish(id).catch(() => undefined);
});

describe('queue mode: process roles', () => {
	it('runs in queue mode with two webhook processors; main answers production webhooks 404, each processor serves them, a worker runs the execution', async () => {
		expect(state.mode).toBe('queue');
		expect(state.webhookProcessorUrls).toHaveLength(2);
		const webhookId = randomUUID();
		const hook = {
			id: randomUUID(),
			name: 'Webhook',
			type: 'n8n-nodes-base.webhook',
			typeVersion: 2,
			position: [0, 0],
			webhookId,
			parameters: { httpMethod: 'POST', path: webhookId, responseMode: 'lastNode', options: {} },
		};
		const id = await deploy({ ...triggerThenNoop('e2e queue roles', hook as never), connections: { Webhook: { main: [[{ node: 'Received', type: 'main', index: 0 }]] } } });

		const onMain = await axios.post(`${state.mainUrl}/webhook/${webhookId}`, { via: 'main' }, { validateStatus: () => true });
		expect(onMain.status).toBe(404);
		for (const index of [0, 1]) {
			const reply = await axios.post(processorUrl(state, index, webhookId), { via: `webhook-${index + 1}` }, { validateStatus: () => true });
			expect(reply.status).toBe(200);
			expect(reply.data).toMatchObject({ body: { via: `webhook-${index + 1}` } });
		}
		const executions = await n8n.waitForExecutions(id, 2);
		for (const execution of executions) expect(workersThatRan(state, execution.id)).toHaveLength(1);
	});
});

describe('queue mode: Influence.io trigger registered by main, fed through the webhook processors, across a restart', () => {
	let workflowId: string;
	let webhookId: string;

	beforeAll(async () => {
		await sandbox.reset();
		webhookId = randomUUID();
		const trigger = {
			...toNode({ name: 'Points Redeemed', type: `${PKG}.influenceIoTrigger`, credentials: ['influenceIoApi'], parameters: { register: true, topics: ['points/redeemed'], options: {} } }, 0, creds),
			webhookId,
		};
		workflowId = await deploy(triggerThenNoop('e2e queue Influence.io trigger', trigger));
	});

	it('publishing on main registers one webhook whose URL is the load-balanced front, not main', async () => {
		const hooks = await sandbox.influenceio.webhooks();
		expect(hooks).toHaveLength(1);
		const registered = new URL(hooks[0].url);
		expect(`${registered.origin}${registered.pathname}`).toBe(`${state.n8nUrl}/webhook/${webhookId}/webhook`);
		expect(registered.origin).not.toBe(state.mainUrl);
	});

	it('an event repeated later at the other webhook processor is recognised (dedupe memory is shared through static data)', async () => {
		await sandbox.influenceio.setPoints('1001', 100_000);
		const [hook] = await sandbox.influenceio.webhooks();
		const { payload } = await sandbox.influenceio.redeem({ customer: '1001', ruleId: 'rule-10-off' });
		await n8n.waitForExecutions(workflowId, 1);
		const [first] = await sandbox.influenceio.deliveries();
		await settle();
		for (const index of [0, 1]) {
			const repeat = await sandbox.influenceio.deliver({
				url: processorUrl(state, index, `${webhookId}/webhook`),
				topic: 'points/redeemed',
				payload,
				webhookId: first.webhookIdHeader,
				query: { token: INFLUENCEIO_WEBHOOK_SECRET },
			});
			expect(repeat.deliveries.map((d) => [d.status, d.body])).toEqual([[200, expect.objectContaining({ duplicate: true })]]);
		}
		expect(hook.url).toContain(state.n8nUrl);
		await settle();
		expect(await n8n.executions(workflowId)).toHaveLength(1);
	});

	it('after every process restarts: still one registration, the old event is still a duplicate, a new one runs, unpublish deletes the registration', async () => {
		const [hookBefore] = await sandbox.influenceio.webhooks();
		const [first] = await sandbox.influenceio.deliveries();
		const firstExecution = (await n8n.executions(workflowId))[0];

		await restartEveryProcess(state);

		expect((await sandbox.influenceio.webhooks()).map((h) => h.id)).toEqual([hookBefore.id]);
		const repeat = await sandbox.influenceio.deliver({
			url: hookBefore.url,
			topic: 'points/redeemed',
			payload: first.payload,
			webhookId: first.webhookIdHeader,
		});
		expect(repeat.deliveries.map((d) => [d.status, d.body])).toEqual([[200, expect.objectContaining({ duplicate: true })]]);
		await sandbox.influenceio.redeem({ customer: '1001', ruleId: 'rule-10-off' });
		const executions = await n8n.waitForExecutions(workflowId, 2);
		expect(executions.map((e) => e.id)).toContain(firstExecution.id);
		expect(executions).toHaveLength(2);

		await n8n.unpublish(workflowId);
		await waitUntil(async () => (await sandbox.influenceio.webhooks()).length === 0, 'the Influence.io webhook to be deleted');
		const deletes = await sandbox.calls({ vendor: 'influenceio', method: 'DELETE' });
		expect(deletes.map((c) => [c.path, c.status])).toEqual([[expect.stringContaining(String(hookBefore.id)), 200]]);
	});
});

describe('queue mode: Kounta trigger registered by main, fed through the webhook processors', () => {
	it('registers with the front URL; a delivery repeated later at the other processor starts nothing; unpublish deletes it', async () => {
		await sandbox.reset();
		const webhookId = randomUUID();
		const trigger = {
			...toNode({ name: 'Order Completed', type: `${PKG}.kountaTrigger`, credentials: ['kountaApi'], parameters: { authentication: 'basic', topics: ['orders/completed'], options: {} } }, 0, creds),
			webhookId,
		};
		const id = await deploy(triggerThenNoop('e2e queue Kounta trigger', trigger));
		const [hook] = (await sandbox.kounta.state()).webhooks;
		expect(hook.address).toBe(`${state.n8nUrl}/webhook/${webhookId}/webhook`);

		const order = await sandbox.kounta.createOrder({ customer_id: 789 });
		const { deliveries } = await sandbox.kounta.completeOrder(order.id);
		expect(deliveries.map((d) => d.status)).toEqual([200]);
		await n8n.waitForExecutions(id, 1);
		await settle();
		for (const index of [0, 1]) {
			const repeat = await sandbox.kounta.deliver({ url: processorUrl(state, index, `${webhookId}/webhook`), orderId: order.id, headers: hook.headers });
			expect(repeat.deliveries.map((d) => d.response)).toEqual([expect.objectContaining({ duplicate: true })]);
		}
		await settle();
		expect(await n8n.executions(id)).toHaveLength(1);

		await n8n.unpublish(id);
		await waitUntil(async () => (await sandbox.kounta.state()).webhooks.length === 0, 'the Kounta webhook to be deleted');
	});
});

describe('queue mode: Kounta loyalty reply comes from a worker', () => {
	const loyalty = (webhookId: string, options: Record<string, unknown>, slowSeconds = 0): WorkflowJson => {
		const trigger = { ...toNode({ name: 'Kounta Loyalty Trigger', type: `${PKG}.kountaLoyaltyTrigger`, credentials: ['kountaApi'], parameters: { authentication: 'basic', options } }, 0, creds), webhookId };
		const wait = toNode({ name: 'Slow Lookup', type: 'n8n-nodes-base.wait', typeVersion: 1.1, parameters: { resume: 'timeInterval', amount: slowSeconds, unit: 'seconds' } }, 1, creds);
		const reply = toNode(
			{
				name: 'Search Reply',
				type: `${PKG}.kounta`,
				credentials: ['kountaApi'],
				parameters: { authentication: 'basic', resource: 'loyaltyReply', operation: 'searchReply', memberId: '911', firstName: 'John', emailAddress: 'john.smith@example.com', memberFields: { lastName: 'Smith', currentPoints: '1200' }, searchOptions: {} },
			},
			2,
			creds,
		);
		const chain = slowSeconds ? [trigger, wait, reply] : [trigger, reply];
		const connections: Record<string, unknown> = {};
		for (let i = 0; i < chain.length - 1; i++) connections[chain[i].name] = { main: [[{ node: chain[i + 1].name, type: 'main', index: 0 }]] };
		return { name: `e2e queue loyalty ${webhookId}`, nodes: chain, connections, settings: { executionOrder: 'v1' } };
	};

	it('the last node\'s reply reaches the POS, run by a worker', async () => {
		await sandbox.reset();
		const webhookId = randomUUID();
		const id = await deploy(loyalty(webhookId, {}));
		const result = await sandbox.kounta.pos.search({ keyword: 'John', searchUrl: `${state.n8nUrl}/webhook/${webhookId}/loyalty?token=${KOUNTA_LOYALTY_URL_TOKEN}`, timeoutMs: 30_000 });
		expect(result.status).toBe(200);
		expect(result.body).toMatchObject({ members: { 911: { id: '911' } } });
		expect(result.issues).toEqual([]);
		const [execution] = await n8n.waitForExecutions(id, 1);
		expect(workersThatRan(state, execution.id)).toHaveLength(1);
	});

	it('answers by its deadline with the documented error shape when the worker is slower', async () => {
		const webhookId = randomUUID();
		const id = await deploy(loyalty(webhookId, { replyDeadlineSeconds: 2, timeoutMessage: 'Try again in a minute' }, 6));
		const result = await sandbox.kounta.pos.search({ keyword: 'John', searchUrl: `${state.n8nUrl}/webhook/${webhookId}/loyalty?token=${KOUNTA_LOYALTY_URL_TOKEN}`, timeoutMs: 30_000 });
		expect(result.status).toBe(200);
		expect(result.body).toEqual({ members: {}, error: 'Try again in a minute' });
		expect(result.ms).toBeLessThan(6000);
		const [execution] = await n8n.waitForExecutions(id, 1, 60_000);
		expect(execution.status).toBe('success');
		expect(nodeOutput(execution, 'Search Reply')[0]).toMatchObject({ members: { 911: { id: '911' } } });
		expect(workersThatRan(state, execution.id)).toHaveLength(1);
	});
});
