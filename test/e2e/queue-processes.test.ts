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

function triggerThenNoop(
	name: string,
	trigger: ReturnType<typeof toNode> & { webhookId: string },
): WorkflowJson {
	const noop = toNode({ name: 'Received', type: 'n8n-nodes-base.noOp', parameters: {} }, 1, creds);
	return {
		name,
		nodes: [trigger, noop],
		connections: { [trigger.name]: { main: [[{ node: 'Received', type: 'main', index: 0 }]] } },
		settings: { executionOrder: 'v1' },
	};
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
		const id = await deploy({
			...triggerThenNoop('e2e queue roles', hook as never),
			connections: { Webhook: { main: [[{ node: 'Received', type: 'main', index: 0 }]] } },
		});

		const onMain = await axios.post(
			`${state.mainUrl}/webhook/${webhookId}`,
			{ via: 'main' },
			{ validateStatus: () => true },
		);
		expect(onMain.status).toBe(404);
		for (const index of [0, 1]) {
			const reply = await axios.post(
				processorUrl(state, index, webhookId),
				{ via: `webhook-${index + 1}` },
				{ validateStatus: () => true },
			);
			expect(reply.status).toBe(200);
			expect(reply.data).toMatchObject({ body: { via: `webhook-${index + 1}` } });
		}
		const executions = await n8n.waitForExecutions(id, 2);
		for (const execution of executions) expect(workersThatRan(state, execution.id)).toHaveLength(1);
	});
});

describe('queue mode: triggers registered by main, fed through the webhook processors, across a restart of every process', () => {
	let influenceIo: { id: string; webhookId: string };
	let kounta: { id: string; webhookId: string };
	let kountaOrderId: number;
	let poll: { id: string; firstRedemption: number };

	/** Redemption ids each poll execution emitted, oldest execution first. */
	const emittedByPoll = async () =>
		(await n8n.executions(poll.id))
			.sort((a, b) => Number(a.id) - Number(b.id))
			.map((e) => nodeOutput(e, 'Received').map((item) => item.redemption_id));

	beforeAll(async () => {
		await sandbox.reset();
		await sandbox.influenceio.setPoints('1001', 100_000);
		// A polling trigger (main runs the pollers): publishing polls at once and emits the waiting redemption.
		const { redemption } = await sandbox.influitive.createRedemption({
			member: 'ada@example.com',
			reward: 77,
			size: 'M',
		});
		const pollTrigger = toNode(
			{
				name: 'Redemption Waiting',
				type: `${PKG}.influitiveRedemptionTrigger`,
				credentials: ['influitiveApi'],
				parameters: { pollTimes: { item: [{ mode: 'everyMinute' }] }, options: {} },
			},
			0,
			creds,
		);
		const pollNoop = toNode(
			{ name: 'Received', type: 'n8n-nodes-base.noOp', parameters: {} },
			1,
			creds,
		);
		poll = {
			id: await deploy({
				name: 'e2e queue Influitive poll',
				nodes: [pollTrigger, pollNoop],
				connections: {
					'Redemption Waiting': { main: [[{ node: 'Received', type: 'main', index: 0 }]] },
				},
				settings: { executionOrder: 'v1' },
			}),
			firstRedemption: redemption.id,
		};
		const ioHook = randomUUID();
		const ioTrigger = {
			...toNode(
				{
					name: 'Points Redeemed',
					type: `${PKG}.influenceIoTrigger`,
					credentials: ['influenceIoApi'],
					parameters: { register: true, topics: ['points/redeemed'], options: {} },
				},
				0,
				creds,
			),
			webhookId: ioHook,
		};
		influenceIo = {
			id: await deploy(triggerThenNoop('e2e queue Influence.io trigger', ioTrigger)),
			webhookId: ioHook,
		};
		const kHook = randomUUID();
		const kTrigger = {
			...toNode(
				{
					name: 'Order Completed',
					type: `${PKG}.kountaTrigger`,
					credentials: ['kountaApi'],
					parameters: { authentication: 'basic', topics: ['orders/completed'], options: {} },
				},
				0,
				creds,
			),
			webhookId: kHook,
		};
		kounta = {
			id: await deploy(triggerThenNoop('e2e queue Kounta trigger', kTrigger)),
			webhookId: kHook,
		};
	});

	it('publishing on main registers each webhook once, with the load-balanced front URL (not main)', async () => {
		const [ioHook, ...moreIo] = await sandbox.influenceio.webhooks();
		expect(moreIo).toEqual([]);
		const registered = new URL(ioHook.url);
		expect(`${registered.origin}${registered.pathname}`).toBe(
			`${state.n8nUrl}/webhook/${influenceIo.webhookId}/webhook`,
		);
		expect(registered.searchParams.get('token')).toBe(INFLUENCEIO_WEBHOOK_SECRET);
		const kHooks = (await sandbox.kounta.state()).webhooks;
		expect(kHooks.map((h) => h.address)).toEqual([
			`${state.n8nUrl}/webhook/${kounta.webhookId}/webhook`,
		]);
		expect(state.n8nUrl).not.toBe(state.mainUrl);
	});

	it('events reach the workflows through the webhook processors; a Kounta delivery repeated later at either processor starts nothing', async () => {
		await sandbox.influenceio.redeem({ customer: '1001', ruleId: 'rule-10-off' });
		await n8n.waitForExecutions(influenceIo.id, 1);
		const order = await sandbox.kounta.createOrder({ customer_id: 789 });
		kountaOrderId = order.id;
		const { deliveries } = await sandbox.kounta.completeOrder(order.id);
		expect(deliveries.map((d) => d.status)).toEqual([200]);
		await n8n.waitForExecutions(kounta.id, 1);
		await settle();
		const [hook] = (await sandbox.kounta.state()).webhooks;
		for (const index of [0, 1]) {
			const repeat = await sandbox.kounta.deliver({
				url: processorUrl(state, index, `${kounta.webhookId}/webhook`),
				orderId: order.id,
				headers: hook.headers,
			});
			expect(repeat.deliveries.map((d) => d.response)).toEqual([
				expect.objectContaining({ duplicate: true }),
			]);
		}
		await settle();
		expect(await n8n.executions(kounta.id)).toHaveLength(1);
		expect(await n8n.executions(influenceIo.id)).toHaveLength(1);
		await n8n.waitForExecutions(poll.id, 1);
		expect(await emittedByPoll()).toEqual([[poll.firstRedemption]]);
	});

	it('after every process restarts: the registrations are the same (ids kept in static data), both triggers still drop a repeat, the poller does not re-emit, new events run; unpublish deletes both registrations', async () => {
		const ioBefore = (await sandbox.influenceio.webhooks()).map((h) => h.id);
		const kBefore = (await sandbox.kounta.state()).webhooks;
		const [ioFirst] = await sandbox.influenceio.deliveries();

		const started = Date.now();
		await restartEveryProcess(state);
		console.log(
			`[queue] restart of every process (main, 2 workers, 2 webhook processors): ${((Date.now() - started) / 1000).toFixed(1)} s`,
		);

		expect((await sandbox.influenceio.webhooks()).map((h) => h.id)).toEqual(ioBefore);
		expect((await sandbox.kounta.state()).webhooks.map((h) => h.id)).toEqual(
			kBefore.map((h) => h.id),
		);
		// Every process starts with an empty memory: only what reached static data recognises the repeats.
		const repeat = await sandbox.kounta.deliver({
			url: `${state.n8nUrl}/webhook/${kounta.webhookId}/webhook`,
			orderId: kountaOrderId,
			headers: kBefore[0].headers,
		});
		expect(repeat.deliveries.map((d) => d.response)).toEqual([
			expect.objectContaining({ duplicate: true }),
		]);
		const ioRepeat = await sandbox.influenceio.deliver({
			url: ioFirst.url,
			topic: ioFirst.topic,
			payload: ioFirst.payload,
			webhookId: ioFirst.webhookIdHeader,
		});
		expect(ioRepeat.deliveries.map((d) => [d.status, d.body])).toEqual([
			[200, expect.objectContaining({ duplicate: true })],
		]);

		// A redemption made after the restart: the next poll emits it, and only it (the poller remembers the first).
		const { redemption: later } = await sandbox.influitive.createRedemption({
			member: 'ada@example.com',
			reward: 77,
			size: 'L',
		});
		await n8n.waitForExecutions(poll.id, 2, 90_000);
		await settle();
		expect(await emittedByPoll()).toEqual([[poll.firstRedemption], [later.id]]);

		await sandbox.influenceio.redeem({ customer: '1001', ruleId: 'rule-10-off' });
		expect(await n8n.waitForExecutions(influenceIo.id, 2)).toHaveLength(2);
		const next = await sandbox.kounta.createOrder({ customer_id: 790 });
		await sandbox.kounta.completeOrder(next.id);
		expect(await n8n.waitForExecutions(kounta.id, 2)).toHaveLength(2);

		await n8n.unpublish(influenceIo.id);
		await n8n.unpublish(kounta.id);
		await n8n.unpublish(poll.id);
		await waitUntil(
			async () => (await sandbox.influenceio.webhooks()).length === 0,
			'the Influence.io webhook to be deleted',
		);
		await waitUntil(
			async () => (await sandbox.kounta.state()).webhooks.length === 0,
			'the Kounta webhook to be deleted',
		);
		const deletes = await sandbox.calls({ vendor: 'influenceio', method: 'DELETE' });
		expect(deletes.map((c) => [c.path, c.status])).toEqual([
			[expect.stringContaining(String(ioBefore[0])), 200],
		]);
	});
});

describe('queue mode: Kounta loyalty reply comes from a worker', () => {
	const loyalty = (
		webhookId: string,
		options: Record<string, unknown>,
		slowSeconds = 0,
	): WorkflowJson => {
		const trigger = {
			...toNode(
				{
					name: 'Kounta Loyalty Trigger',
					type: `${PKG}.kountaLoyaltyTrigger`,
					credentials: ['kountaApi'],
					parameters: { authentication: 'basic', options },
				},
				0,
				creds,
			),
			webhookId,
		};
		const wait = toNode(
			{
				name: 'Slow Lookup',
				type: 'n8n-nodes-base.wait',
				typeVersion: 1.1,
				parameters: { resume: 'timeInterval', amount: slowSeconds, unit: 'seconds' },
			},
			1,
			creds,
		);
		const reply = toNode(
			{
				name: 'Search Reply',
				type: `${PKG}.kounta`,
				credentials: ['kountaApi'],
				parameters: {
					authentication: 'basic',
					resource: 'loyaltyReply',
					operation: 'searchReply',
					memberId: '911',
					firstName: 'John',
					emailAddress: 'john.smith@example.com',
					memberFields: { lastName: 'Smith', currentPoints: '1200' },
					searchOptions: {},
				},
			},
			2,
			creds,
		);
		const chain = slowSeconds ? [trigger, wait, reply] : [trigger, reply];
		const connections: Record<string, unknown> = {};
		for (let i = 0; i < chain.length - 1; i++)
			connections[chain[i].name] = {
				main: [[{ node: chain[i + 1].name, type: 'main', index: 0 }]],
			};
		return {
			name: `e2e queue loyalty ${webhookId}`,
			nodes: chain,
			connections,
			settings: { executionOrder: 'v1' },
		};
	};

	it("the last node's reply reaches the POS, run by a worker", async () => {
		await sandbox.reset();
		const webhookId = randomUUID();
		const id = await deploy(loyalty(webhookId, {}));
		const result = await sandbox.kounta.pos.search({
			keyword: 'John',
			searchUrl: `${state.n8nUrl}/webhook/${webhookId}/loyalty?token=${KOUNTA_LOYALTY_URL_TOKEN}`,
			timeoutMs: 30_000,
		});
		expect(result.status).toBe(200);
		expect(result.body).toMatchObject({ members: { 911: { id: '911' } } });
		expect(result.issues).toEqual([]);
		const [execution] = await n8n.waitForExecutions(id, 1);
		expect(workersThatRan(state, execution.id)).toHaveLength(1);
	});

	it('answers by its deadline with the documented error shape when the worker is slower', async () => {
		const webhookId = randomUUID();
		const id = await deploy(
			loyalty(webhookId, { replyDeadlineSeconds: 2, timeoutMessage: 'Try again in a minute' }, 6),
		);
		const result = await sandbox.kounta.pos.search({
			keyword: 'John',
			searchUrl: `${state.n8nUrl}/webhook/${webhookId}/loyalty?token=${KOUNTA_LOYALTY_URL_TOKEN}`,
			timeoutMs: 30_000,
		});
		expect(result.status).toBe(200);
		expect(result.body).toEqual({ members: {}, error: 'Try again in a minute' });
		expect(result.ms).toBeLessThan(6000);
		const [execution] = await n8n.waitForExecutions(id, 1, 60_000);
		expect(execution.status).toBe('success');
		expect(nodeOutput(execution, 'Search Reply')[0]).toMatchObject({
			members: { 911: { id: '911' } },
		});
		expect(workersThatRan(state, execution.id)).toHaveLength(1);
	});
});
