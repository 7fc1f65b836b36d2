import fs from 'node:fs';
import path from 'node:path';

import { bindCredentials, nodeOutput, type WorkflowJson } from '../../scripts/lib/n8n-api';
import { e2e } from './state';
import { PKG, toNode } from './workflows';

const { state, n8n, sandbox } = e2e();

describe('template: Influitive redemptions (polled) → Kotis order → close the loop', () => {
	let workflowId: string | undefined;

	afterAll(async () => {
		if (workflowId) await n8n.unpublish(workflowId).catch(() => undefined);
	});

	it('handles the waiting queue on the first poll, through a Kotis 500: in stock ordered, bad size, out of stock and unknown SKU refused', async () => {
		await sandbox.reset();
		// The mug's SKU is left out of the inventory: Kotis does not know it.
		await sandbox.kotis.setInventory([
			{ sku: '107529-1-S', physical_quantity: 5, available_quantity: 5 },
			{ sku: '107529-1-M', physical_quantity: 5, available_quantity: 5 },
			{ sku: '107529-1-L', physical_quantity: 0, available_quantity: 0 },
			{ sku: '107529-1-XL', physical_quantity: 5, available_quantity: 5 },
		]);
		const { redemption: inStock } = await sandbox.influitive.createRedemption({
			member: 'grace@example.com',
			reward: 77,
			size: 'M',
		});
		const { redemption: badSize } = await sandbox.influitive.createRedemption({
			member: 'ada@example.com',
			reward: 77,
			size: 'Small',
		});
		const { redemption: soldOut } = await sandbox.influitive.createRedemption({
			member: 'grace@example.com',
			reward: 77,
			size: 'L',
		});
		const { redemption: unknownSku } = await sandbox.influitive.createRedemption({
			member: 'ada@example.com',
			reward: 78,
		});
		await sandbox.addFault({
			vendor: 'kotis',
			method: 'GET',
			path: '/skus/quantity',
			kind: 'status',
			status: 500,
			times: 2,
		});

		const file = path.join(
			__dirname,
			'..',
			'..',
			'workflows',
			'influitive-redemption-poll-to-kotis.json',
		);
		const template = JSON.parse(fs.readFileSync(file, 'utf8')) as WorkflowJson;
		workflowId = (await n8n.createWorkflow(bindCredentials(template, state.credentials))).id;
		// Publishing runs the first poll at once, so the waiting redemptions are handled now.
		await n8n.publish(workflowId);
		const [execution] = await n8n.waitForExecutions(workflowId, 1);
		expect(execution.status).toBe('success');

		const records = await sandbox.influitive.redemptions();
		const byId = new Map(records.map((r) => [r.id, r]));
		const [order] = await sandbox.kotis.orders();
		expect(order.request).toMatchObject({
			order_id: `influitive-${inStock.id}`,
			email: 'grace@example.com',
			skus: [{ sku: '107529-1-M', quantity: '1' }],
		});
		expect(byId.get(inStock.id)?.decision?.message).toContain(`Kotis order ${order.order_num}`);
		expect(byId.get(badSize.id)?.status).toBe('refused');
		expect(byId.get(badSize.id)?.decision?.message).toContain('Available sizes: S, M, L, XL');
		expect(byId.get(soldOut.id)?.decision?.message).toBe(
			'Sorry, Kotis T-shirt in size L is out of stock right now. Your points have been returned.',
		);
		expect(byId.get(unknownSku.id)).toMatchObject({ status: 'refused' });
		expect(byId.get(unknownSku.id)?.decision?.message).toContain('cannot be shipped right now');
		expect((await sandbox.influitive.member('ada@example.com')).current_points).toBe(5000);
		expect(await sandbox.kotis.orders()).toHaveLength(1);
		// The two injected 500s were retried: three inventory reads, the last one answered.
		expect(
			(await sandbox.calls({ vendor: 'kotis', path: '/skus/quantity' })).map((c) => c.status),
		).toEqual([500, 500, 200]);
	});
});

describe('Influitive AdvocateHub Redemption Trigger in a real n8n: administrator approval', () => {
	let workflowId: string | undefined;

	afterAll(async () => {
		if (workflowId) await n8n.unpublish(workflowId).catch(() => undefined);
	});

	it('emits only approved redemptions; one awaiting approval waits (not refused) and is emitted once an admin approves it', async () => {
		await sandbox.reset();
		const jacket = await sandbox.influitive.addReward({
			name: 'Jacket',
			points: 400,
			metadata: { provider: 'Kotis', sku: '300-1' },
			approvalRequired: true,
		});
		// No Shipping Information question on the poster: its redemption carries no address.
		const poster = await sandbox.influitive.addReward({
			name: 'Poster',
			points: 100,
			metadata: { provider: 'Kotis', sku: '400-1' },
			approvalRequired: true,
			shippingInformation: false,
		});
		const { redemption: approvedFirst } = await sandbox.influitive.createRedemption({
			member: 'ada@example.com',
			reward: jacket.id,
		});
		await sandbox.influitive.approveRedemption(approvedFirst.id);
		const { redemption: waiting } = await sandbox.influitive.createRedemption({
			member: 'grace@example.com',
			reward: poster.id,
		});

		const trigger = toNode(
			{
				name: 'Redemption Waiting',
				type: `${PKG}.influitiveRedemptionTrigger`,
				credentials: ['influitiveApi'],
				parameters: {
					pollTimes: { item: [{ mode: 'everyMinute' }] },
					options: { onlyApproved: true },
				},
			},
			0,
			state.credentials,
		);
		const noop = toNode(
			{ name: 'Received', type: 'n8n-nodes-base.noOp', parameters: {} },
			1,
			state.credentials,
		);
		workflowId = (
			await n8n.createWorkflow({
				name: 'e2e Influitive approval poll',
				nodes: [trigger, noop],
				connections: {
					'Redemption Waiting': { main: [[{ node: 'Received', type: 'main', index: 0 }]] },
				},
				settings: { executionOrder: 'v1' },
			})
		).id;
		// Publishing runs the first poll at once.
		await n8n.publish(workflowId);
		const [first] = await n8n.waitForExecutions(workflowId, 1);
		expect(first.status).toBe('success');
		expect(nodeOutput(first, 'Received').map((i) => i.redemption_id)).toEqual([approvedFirst.id]);

		// The unapproved one waits in the hub: not refused, not decided.
		const held = await sandbox.influitive.redemption(waiting.id);
		expect(held.status).toBe('awaiting_approval');
		expect(held.decision).toBeUndefined();

		await sandbox.influitive.approveRedemption(waiting.id);
		// The next scheduled poll (every minute) emits it, and only it.
		const executions = await n8n.waitForExecutions(workflowId, 2, 150_000);
		const second = executions.find((e) => e.id !== first.id);
		expect(second?.status).toBe('success');
		const [item] = nodeOutput(second as typeof first, 'Received');
		expect(nodeOutput(second as typeof first, 'Received')).toHaveLength(1);
		expect(item).toMatchObject({
			redemption_id: waiting.id,
			reward_name: 'Poster',
			shipping_missing: ['address1', 'city', 'zip', 'country'],
		});
	}, 240_000);
});
