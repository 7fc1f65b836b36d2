import fs from 'node:fs';
import path from 'node:path';

import { bindCredentials, type WorkflowJson } from '../../scripts/lib/n8n-api';
import { e2e } from './state';

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
		const { redemption: inStock } = await sandbox.influitive.createRedemption({ member: 'grace@example.com', reward: 77, size: 'M' });
		const { redemption: badSize } = await sandbox.influitive.createRedemption({ member: 'ada@example.com', reward: 77, size: 'Small' });
		const { redemption: soldOut } = await sandbox.influitive.createRedemption({ member: 'grace@example.com', reward: 77, size: 'L' });
		const { redemption: unknownSku } = await sandbox.influitive.createRedemption({ member: 'ada@example.com', reward: 78 });
		await sandbox.addFault({ vendor: 'kotis', method: 'GET', path: '/skus/quantity', kind: 'status', status: 500, times: 2 });

		const file = path.join(__dirname, '..', '..', 'workflows', 'influitive-redemption-poll-to-kotis.json');
		const template = JSON.parse(fs.readFileSync(file, 'utf8')) as WorkflowJson;
		workflowId = (await n8n.createWorkflow(bindCredentials(template, state.credentials))).id;
		// Publishing runs the first poll at once, so the waiting redemptions are handled now.
		await n8n.publish(workflowId);
		const [execution] = await n8n.waitForExecutions(workflowId, 1);
		expect(execution.status).toBe('success');

		const records = await sandbox.influitive.redemptions();
		const byId = new Map(records.map((r) => [r.id, r]));
		const [order] = await sandbox.kotis.orders();
		expect(order.request).toMatchObject({ order_id: `influitive-${inStock.id}`, email: 'grace@example.com', skus: [{ sku: '107529-1-M', quantity: '1' }] });
		expect(byId.get(inStock.id)?.decision?.message).toContain(`Kotis order ${order.order_num}`);
		expect(byId.get(badSize.id)?.status).toBe('refused');
		expect(byId.get(badSize.id)?.decision?.message).toContain('Available sizes: S, M, L, XL');
		expect(byId.get(soldOut.id)?.decision?.message).toBe('Sorry, Kotis T-shirt in size L is out of stock right now. Your points have been returned.');
		expect(byId.get(unknownSku.id)).toMatchObject({ status: 'refused' });
		expect(byId.get(unknownSku.id)?.decision?.message).toContain('cannot be shipped right now');
		expect((await sandbox.influitive.member('ada@example.com')).current_points).toBe(5000);
		expect(await sandbox.kotis.orders()).toHaveLength(1);
		// The two injected 500s were retried: three inventory reads, the last one answered.
		expect((await sandbox.calls({ vendor: 'kotis', path: '/skus/quantity' })).map((c) => c.status)).toEqual([500, 500, 200]);
	});
});
