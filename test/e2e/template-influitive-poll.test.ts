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

	it('handles the waiting queue on the first poll: one fulfilled with an order, one refused', async () => {
		await sandbox.reset();
		const { redemption: inStock } = await sandbox.influitive.createRedemption({ member: 'grace@example.com', reward: 77, size: 'M' });
		const { redemption: badSize } = await sandbox.influitive.createRedemption({ member: 'ada@example.com', reward: 77, size: 'Small' });

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
		expect((await sandbox.influitive.member('ada@example.com')).current_points).toBe(5000);
		expect(await sandbox.kotis.orders()).toHaveLength(1);
	});
});
