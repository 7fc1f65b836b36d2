import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

import axios from 'axios';

import { bindCredentials, nodeOutput, type WorkflowJson } from '../../scripts/lib/n8n-api';
import { processorUrl } from './queue-helpers';
import { e2e } from './state';
import { PKG, toNode } from './workflows';

const { state, n8n, sandbox } = e2e();
const SECRET = 'e2e-influitive-webhook-secret';

const event = (id: number, redemptionId: number, type = 'reward_redemption_requested') => ({
	id,
	type,
	name: 'Reward Redemption Requested',
	created: 1763800000,
	parameters: {
		reward_redemption: {
			id: redemptionId,
			quantity: 1,
			shipping_address: {
				address: '12 Analytical Way',
				city: 'Seattle',
				state: 'WA',
				zip: '98102',
				country: 'US',
			},
			answers: [{ question: 'Size', answer: 'M' }],
		},
		reward: {
			id: 77,
			name: 'Kotis T-shirt',
			points: 500,
			metadata: { provider: 'Kotis', sku: '107529-1' },
		},
	},
	points: -500,
	contact: { id: 7, first_name: 'Ada', last_name: 'Lovelace', email: 'ada@example.com' },
	additional_data: {},
});

/** Trigger → No Op, published; its production URL (in queue mode: the load balancer's) and the URL at one process. */
async function deployTrigger(
	name: string,
	parameters: Record<string, unknown>,
	credentials = ['influitiveApi'],
) {
	const webhookId = randomUUID();
	const trigger = {
		...toNode(
			{
				name: 'Redemption Requested',
				type: `${PKG}.influitiveTrigger`,
				credentials,
				parameters: { events: ['reward_redemption_requested'], options: {}, ...parameters },
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
		connections: {
			'Redemption Requested': { main: [[{ node: 'Received', type: 'main', index: 0 }]] },
		},
		settings: { executionOrder: 'v1' },
	});
	await n8n.publish(id);
	const path = `${webhookId}/webhook`;
	return {
		id,
		url: n8n.webhookUrl(path),
		oneProcessUrl: state.mode === 'queue' ? processorUrl(state, 0, path) : n8n.webhookUrl(path),
	};
}

describe('Influitive AdvocateHub Trigger in a real n8n', () => {
	let workflowId: string;
	let url: string;
	let oneProcessUrl: string;

	beforeAll(async () => {
		({ id: workflowId, url, oneProcessUrl } = await deployTrigger('e2e Influitive trigger', {}));
	});

	afterAll(async () => {
		await n8n.unpublish(workflowId).catch(() => undefined);
	});

	const post = (body: unknown, token = SECRET, to = url) =>
		axios.post(`${to}?token=${encodeURIComponent(token)}`, body, { validateStatus: () => true });

	it('rejects a wrong secret (401), a malformed body (400) and ignores other event types, starting nothing', async () => {
		const wrong = await post(event(1, 101), 'nope');
		expect(wrong.status).toBe(401);
		expect(wrong.data).toEqual({ error: 'unauthorized', reason: 'missing or wrong token' });
		const malformed = await post({ type: 'reward_redemption_requested' });
		expect(malformed.status).toBe(400);
		expect(malformed.data.reason).toContain('id: must be the event id');
		const other = await post(event(2, 102, 'earned_badge'));
		expect(other.status).toBe(200);
		expect(other.data).toMatchObject({ ignored: true });
		await new Promise((r) => setTimeout(r, 1500));
		expect(await n8n.executions(workflowId)).toHaveLength(0);
	});

	it('starts exactly one execution when the same event arrives five times at once at one n8n process', async () => {
		// The default memory is per process (queue mode: per webhook processor); across processes see the ledger case below.
		const replies = await Promise.all(
			[1, 2, 3, 4, 5].map(() => post(event(3, 103), SECRET, oneProcessUrl)),
		);
		expect(replies.map((r) => r.status)).toEqual([200, 200, 200, 200, 200]);
		expect(replies.filter((r) => r.data.duplicate === true)).toHaveLength(4);
		// The accepted one is acknowledged with JSON naming the event (not n8n's default body).
		expect(replies.find((r) => r.data.duplicate !== true)?.data).toEqual({
			received: true,
			event_id: 3,
		});

		const [execution] = await n8n.waitForExecutions(workflowId, 1);
		expect(execution.status).toBe('success');
		expect(nodeOutput(execution, 'Received')[0]).toMatchObject({
			event_id: 3,
			redemption_id: 103,
			provider: 'Kotis',
			sku: '107529-1',
			size: 'M',
			advocate_email: 'ada@example.com',
			shipping: { address1: '12 Analytical Way', zip: '98102' },
		});
		// A later repeat is still dropped, also by another webhook processor (in queue mode the load
		// balancer sends it to the next one): the first delivery's id reached the workflow's static data.
		const later = await post(event(3, 103));
		const laterAgain = await post(event(3, 103));
		expect(laterAgain.data).toMatchObject({ duplicate: true });
		expect(later.data).toMatchObject({ duplicate: true });
		await new Promise((r) => setTimeout(r, 1500));
		expect(await n8n.executions(workflowId)).toHaveLength(1);
	});
});

describe('Influitive AdvocateHub Trigger remembering deliveries in the Reward Ledger', () => {
	let workflowId: string;
	let url: string;

	beforeAll(async () => {
		({ id: workflowId, url } = await deployTrigger(
			'e2e Influitive trigger, ledger memory',
			{ deliveryMemory: 'ledger' },
			['influitiveApi', 'rewardLedgerApi'],
		));
	});

	afterAll(async () => {
		await n8n.unpublish(workflowId).catch(() => undefined);
	});

	it('starts one execution when the same event arrives five times at once through the load balancer (queue mode: at both webhook processors)', async () => {
		const replies = await Promise.all(
			[1, 2, 3, 4, 5].map(() =>
				axios.post(`${url}?token=${SECRET}`, event(60, 160), {
					validateStatus: () => true,
					timeout: 60_000,
				}),
			),
		);
		expect(replies.map((r) => r.status)).toEqual([200, 200, 200, 200, 200]);
		expect(replies.filter((r) => r.data.duplicate === true)).toHaveLength(4);
		expect(replies.find((r) => r.data.duplicate !== true)?.data).toEqual({
			received: true,
			event_id: 60,
		});
		const [execution] = await n8n.waitForExecutions(workflowId, 1);
		expect(nodeOutput(execution, 'Received')[0]).toMatchObject({
			event_id: 60,
			redemption_id: 160,
		});
		// Another event for the same redemption is dropped on the redemption ID, by whichever process gets it.
		const other = await axios.post(`${url}?token=${SECRET}`, event(61, 160), {
			validateStatus: () => true,
			timeout: 60_000,
		});
		expect(other.data).toMatchObject({
			duplicate: true,
			reason: 'redemption 160 was already received',
		});
		await new Promise((r) => setTimeout(r, 1500));
		expect(await n8n.executions(workflowId)).toHaveLength(1);
	});
});

describe('Influitive AdvocateHub Trigger in a real n8n: a redemption type named by the user', () => {
	let workflowId: string;
	let url: string;

	beforeAll(async () => {
		const webhookId = randomUUID();
		const trigger = {
			...toNode(
				{
					name: 'Redemption Requested',
					type: `${PKG}.influitiveTrigger`,
					credentials: ['influitiveApi'],
					parameters: {
						events: ['reward_redemption_requested'],
						options: { redemptionEventTypes: 'reward_redeemed' },
					},
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
		workflowId = (
			await n8n.createWorkflow({
				name: 'e2e Influitive trigger, renamed redemption type',
				nodes: [trigger, noop],
				connections: {
					'Redemption Requested': { main: [[{ node: 'Received', type: 'main', index: 0 }]] },
				},
				settings: { executionOrder: 'v1' },
			})
		).id;
		await n8n.publish(workflowId);
		url = n8n.webhookUrl(`${webhookId}/webhook`);
	});

	afterAll(async () => {
		await n8n.unpublish(workflowId).catch(() => undefined);
	});

	const post = (body: unknown) =>
		axios.post(`${url}?token=${encodeURIComponent(SECRET)}`, body, { validateStatus: () => true });

	it('emits the renamed type as a simplified redemption, flags the missing shipping address and drops a second event for it', async () => {
		const body = event(40, 140, 'reward_redeemed');
		delete (body.parameters.reward_redemption as { shipping_address?: unknown }).shipping_address;
		const first = await post(body);
		expect(first.data).toEqual({ received: true, event_id: 40 });
		const [execution] = await n8n.waitForExecutions(workflowId, 1);
		expect(execution.status).toBe('success');
		expect(nodeOutput(execution, 'Received')[0]).toMatchObject({
			event_type: 'reward_redeemed',
			redemption_id: 140,
			provider: 'Kotis',
			sku: '107529-1',
			size: 'M',
			shipping_missing: ['address1', 'city', 'zip', 'country'],
			shipping_missing_text: 'street address, city, ZIP or postal code and country',
		});
		// Another event for the same redemption: dropped on the redemption ID, as for the built-in type.
		const second = await post(event(41, 140, 'reward_redeemed'));
		expect(second.data).toMatchObject({
			duplicate: true,
			reason: 'redemption 140 was already received',
		});
		// The built-in guess is not selected any more (only the named type is).
		const builtIn = await post(event(42, 142));
		expect(builtIn.data).toMatchObject({ ignored: true });
		await new Promise((r) => setTimeout(r, 1500));
		expect(await n8n.executions(workflowId)).toHaveLength(1);
	});
});

describe('the flagship template with a redemption type named by the user', () => {
	let workflowId: string;
	let hookUrl: string;

	beforeAll(async () => {
		// The shipped template, with only the trigger's Redemption Event Types changed (and its own webhook path).
		const file = path.join(
			__dirname,
			'..',
			'..',
			'workflows',
			'influitive-redemption-to-kotis.json',
		);
		const template = JSON.parse(fs.readFileSync(file, 'utf8')) as WorkflowJson;
		const trigger = template.nodes.find((n) => n.name === 'Redemption Requested') as unknown as {
			webhookId: string;
			parameters: { options?: Record<string, unknown> };
		};
		trigger.webhookId = randomUUID();
		trigger.parameters.options = {
			...trigger.parameters.options,
			redemptionEventTypes: 'reward_redeemed',
		};
		workflowId = (
			await n8n.createWorkflow({
				...bindCredentials(template, state.credentials),
				name: 'e2e flagship, renamed redemption type',
			})
		).id;
		await n8n.publish(workflowId);
		hookUrl = n8n.webhookUrl(`${trigger.webhookId}/webhook`);
	});

	afterAll(async () => {
		await n8n.unpublish(workflowId).catch(() => undefined);
	});

	it('orders at Kotis and fulfils a redemption whose webhook type is reward_redeemed', async () => {
		await sandbox.reset();
		const { redemption, event: stored } = await sandbox.influitive.createRedemption({
			member: 'ada@example.com',
			reward: 77,
			size: 'M',
		});
		const { deliveries } = await sandbox.influitive.deliver({
			url: hookUrl,
			event: { ...stored, type: 'reward_redeemed' },
			query: { token: SECRET },
		});
		expect(deliveries.map((d) => d.status)).toEqual([200]);
		const [execution] = await n8n.waitForExecutions(workflowId, 1);
		expect(execution.status).toBe('success');
		const [order] = await sandbox.kotis.orders();
		expect(order.request).toMatchObject({
			order_id: `influitive-${redemption.id}`,
			skus: [{ sku: '107529-1-M', quantity: '1' }],
		});
		const record = await sandbox.influitive.redemption(redemption.id);
		expect(record.status).toBe('fulfilled');
		expect(record.decision?.message).toContain(`Kotis order ${order.order_num}`);
	});
});
