import fs from 'node:fs';
import path from 'node:path';

import { bindCredentials, nodeOutput, type WorkflowJson } from '../../scripts/lib/n8n-api';
import { e2e } from './state';

const { state, n8n, sandbox } = e2e();
const SECRET = 'e2e-influitive-webhook-secret';

describe('template: Influitive redemption → Kotis order → close the loop', () => {
	let workflowId: string;
	let hookUrl: string;

	beforeAll(async () => {
		const file = path.join(__dirname, '..', '..', 'workflows', 'influitive-redemption-to-kotis.json');
		const template = JSON.parse(fs.readFileSync(file, 'utf8')) as WorkflowJson;
		workflowId = (await n8n.createWorkflow(bindCredentials(template, state.credentials))).id;
		await n8n.publish(workflowId);
		const trigger = template.nodes.find((n) => n.name === 'Redemption Requested') as unknown as { webhookId: string };
		hookUrl = n8n.webhookUrl(`${trigger.webhookId}/webhook`);
	});

	afterAll(async () => {
		await n8n.unpublish(workflowId).catch(() => undefined);
	});

	beforeEach(async () => {
		await sandbox.reset();
	});

	/** An advocate redeems in the hub, and the hub sends the webhook (`copies` at once). */
	async function redeem(size: string | undefined, copies = 1, reward = 77, beforeDelivery?: (redemptionId: number) => Promise<void>) {
		const { redemption } = await sandbox.influitive.createRedemption({ member: 'ada@example.com', reward, size });
		await beforeDelivery?.(redemption.id);
		const before = (await n8n.executions(workflowId)).length;
		const { deliveries } = await sandbox.influitive.deliver({ url: hookUrl, redemptionId: redemption.id, copies, concurrent: true, query: { token: SECRET } });
		expect(deliveries.every((d) => d.status === 200)).toBe(true);
		const executions = await n8n.waitForExecutions(workflowId, before + 1);
		const execution = executions[executions.length - 1];
		const record = (await sandbox.influitive.redemptions()).find((r) => r.id === redemption.id);
		return { execution, record, redemption };
	}

	it('orders an in-stock size at Kotis and fulfils the redemption with the order number', async () => {
		const { execution, record, redemption } = await redeem('M');
		expect(execution.status).toBe('success');
		const [order] = await sandbox.kotis.orders();
		expect(order.request).toMatchObject({
			email: 'ada@example.com',
			order_id: `influitive-${redemption.id}`,
			skus: [{ sku: '107529-1-M', quantity: '1' }],
			address: { name: 'Ada Lovelace', address1: '7 Analytical Way', city: 'Seattle', zip: '98102' },
		});
		expect(record?.status).toBe('fulfilled');
		expect(record?.decision?.message).toBe(`Your Kotis T-shirt is on its way. Kotis order ${order.order_num}; you will get tracking by email.`);
		expect((await sandbox.influitive.member('ada@example.com')).current_points).toBe(4500);
	});

	it('refuses a size Kotis does not sell, naming the sizes, and the points come back', async () => {
		const { execution, record } = await redeem('Medium');
		expect(execution.status).toBe('success');
		expect(record?.status).toBe('refused');
		expect(record?.decision?.message).toBe(
			'Sorry, size "Medium" is not available for Kotis T-shirt. Available sizes: S, M, L, XL. Your points have been returned; please redeem again with one of these sizes.',
		);
		expect(await sandbox.kotis.orders()).toHaveLength(0);
		expect((await sandbox.influitive.member('ada@example.com')).current_points).toBe(5000);
	});

	it('refuses an out-of-stock size', async () => {
		const { record } = await redeem('L');
		expect(record?.decision?.message).toBe('Sorry, Kotis T-shirt in size L is out of stock right now. Your points have been returned.');
		expect(await sandbox.kotis.orders()).toHaveLength(0);
	});

	it('refuses an unknown SKU', async () => {
		await sandbox.kotis.setInventory([{ sku: '107529-1-S', physical_quantity: 5, available_quantity: 5 }]);
		const { record } = await redeem(undefined, 1, 78);
		expect(record?.status).toBe('refused');
		expect(record?.decision?.message).toBe('Sorry, Kotis Mug cannot be shipped right now. Your points have been returned and our team has been told.');
	});

	it('orders exactly once when the same webhook arrives twice at the same moment', async () => {
		const { redemption } = await redeem('S', 2);
		await new Promise((r) => setTimeout(r, 1500));
		// Read after the wait: in queue mode the copy that finished first may be the one that stopped.
		const record = (await sandbox.influitive.redemptions()).find((r) => r.id === redemption.id);
		expect(await sandbox.kotis.orders()).toHaveLength(1);
		expect(record?.status).toBe('fulfilled');
		expect(record?.decisions).toBe(1);
	});

	it('never orders a redemption another n8n process already claimed in reward_orders', async () => {
		// Queue mode: the in-process dedupe of one webhook processor cannot see another's deliveries.
		const { execution, record } = await redeem('S', 1, 77, async (id) => {
			await n8n.insertDataTableRows(state.dataTables.reward_orders, [{ redemption_id: String(id), status: 'ordering' }]);
		});
		expect(execution.status).toBe('success');
		expect(nodeOutput(execution, 'Not Ordered Yet?')).toHaveLength(0);
		expect(await sandbox.kotis.orders()).toHaveLength(0);
		expect(record?.status).toBe('pending');
	});

	it('answers a wrong secret with 401 and orders nothing', async () => {
		const { redemption } = await sandbox.influitive.createRedemption({ member: 'ada@example.com', reward: 77, size: 'M' });
		const before = (await n8n.executions(workflowId)).length;
		const { deliveries } = await sandbox.influitive.deliver({ url: hookUrl, redemptionId: redemption.id, query: { token: 'not-the-secret' } });
		expect(deliveries.map((d) => d.status)).toEqual([401]);
		await new Promise((r) => setTimeout(r, 1500));
		expect(await n8n.executions(workflowId)).toHaveLength(before);
		expect(await sandbox.kotis.orders()).toHaveLength(0);
		expect((await sandbox.influitive.redemptions()).find((r) => r.id === redemption.id)?.status).toBe('pending');
	});

	it('rides out a Kotis 500 on the stock check and still fulfils', async () => {
		await sandbox.addFault({ vendor: 'kotis', method: 'GET', path: '/skus/quantity', kind: 'status', status: 500, times: 2 });
		const { execution, record } = await redeem('XL');
		expect(execution.status).toBe('success');
		expect(record?.status).toBe('fulfilled');
		expect(await sandbox.kotis.orders()).toHaveLength(1);
	});

	it('fails visibly, with the order number in the execution, when Fulfill keeps failing after the order exists', async () => {
		let fulfillPath = '';
		const { execution, record } = await redeem('S', 1, 77, async (id) => {
			fulfillPath = `/reward_redemptions/${id}/decision/fulfill`;
			await sandbox.addFault({ vendor: 'influitive', method: 'POST', path: `/reward_redemptions/${id}/decision/fulfill`, kind: 'status', status: 503, times: 0 });
		});
		await sandbox.clearFaults();
		expect(execution.status).toBe('error');
		expect(execution.data?.resultData.lastNodeExecuted).toBe('Fulfill Redemption');
		expect(execution.data?.resultData.error?.message).toMatch(/Influitive is temporarily unavailable \(HTTP 503\)/);
		const [order] = await sandbox.kotis.orders();
		expect(nodeOutput(execution, 'Create Kotis Order')[0]).toMatchObject({ order_num: order.order_num });
		expect(record?.status).toBe('pending');
		// Three tries (the node's retry setting), one request each: the transport never re-sends a POST on 503.
		expect((await sandbox.calls({ vendor: 'influitive', path: fulfillPath })).map((c) => c.status)).toEqual([503, 503, 503]);
	});
});
