import fs from 'node:fs';
import path from 'node:path';

import { bindCredentials, nodeOutput, type WorkflowJson } from '../../scripts/lib/n8n-api';
import { claimElsewhere, ledgerEntry } from './ledger-helpers';
import { e2e } from './state';

const { state, n8n, sandbox } = e2e();
const SECRET = 'e2e-influitive-webhook-secret';

describe('template: Influitive redemption → Kotis order → close the loop', () => {
	let workflowId: string;
	let hookUrl: string;

	beforeAll(async () => {
		const file = path.join(
			__dirname,
			'..',
			'..',
			'workflows',
			'influitive-redemption-to-kotis.json',
		);
		const template = JSON.parse(fs.readFileSync(file, 'utf8')) as WorkflowJson;
		workflowId = (await n8n.createWorkflow(bindCredentials(template, state.credentials))).id;
		await n8n.publish(workflowId);
		const trigger = template.nodes.find((n) => n.name === 'Redemption Requested') as unknown as {
			webhookId: string;
		};
		hookUrl = n8n.webhookUrl(`${trigger.webhookId}/webhook`);
	});

	afterAll(async () => {
		await n8n.unpublish(workflowId).catch(() => undefined);
	});

	beforeEach(async () => {
		await sandbox.reset();
	});

	/** An advocate redeems in the hub, and the hub sends the webhook (`copies` at once). */
	async function redeem(
		size: string | undefined,
		copies = 1,
		reward = 77,
		beforeDelivery?: (redemptionId: number) => Promise<void>,
	) {
		const { redemption } = await sandbox.influitive.createRedemption({
			member: 'ada@example.com',
			reward,
			size,
		});
		await beforeDelivery?.(redemption.id);
		const before = (await n8n.executions(workflowId)).length;
		const { deliveries } = await sandbox.influitive.deliver({
			url: hookUrl,
			redemptionId: redemption.id,
			copies,
			concurrent: true,
			query: { token: SECRET },
		});
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
			address: {
				name: 'Ada Lovelace',
				address1: '7 Analytical Way',
				city: 'Seattle',
				zip: '98102',
			},
		});
		expect(record?.status).toBe('fulfilled');
		expect(record?.decision?.message).toBe(
			`Your Kotis T-shirt is on its way. Kotis order ${order.order_num}; you will get tracking by email.`,
		);
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
		expect(record?.decision?.message).toBe(
			'Sorry, Kotis T-shirt in size L is out of stock right now. Your points have been returned.',
		);
		expect(await sandbox.kotis.orders()).toHaveLength(0);
	});

	it('refuses an unknown SKU', async () => {
		await sandbox.kotis.setInventory([
			{ sku: '107529-1-S', physical_quantity: 5, available_quantity: 5 },
		]);
		const { record } = await redeem(undefined, 1, 78);
		expect(record?.status).toBe('refused');
		expect(record?.decision?.message).toBe(
			'Sorry, Kotis Mug cannot be shipped right now. Your points have been returned and our team has been told.',
		);
	});

	it('orders exactly once when the same webhook arrives twice at the same moment: both copies run, the claim stops one', async () => {
		const before = (await n8n.executions(workflowId)).length;
		const { redemption } = await redeem('S', 2);
		// Remember Deliveries In: Nowhere: the trigger drops nothing, n8n answered each copy once its run was stored.
		const runs = (await n8n.waitForExecutions(workflowId, before + 2)).slice(before);
		expect(runs.map((run) => run.status)).toEqual(['success', 'success']);
		expect(runs.map((run) => nodeOutput(run, 'Claim Redemption', 1).length).sort()).toEqual([0, 1]);
		await new Promise((r) => setTimeout(r, 1500));
		// Read after the wait: in queue mode the copy that finished first may be the one that stopped.
		const record = (await sandbox.influitive.redemptions()).find((r) => r.id === redemption.id);
		expect(await sandbox.kotis.orders()).toHaveLength(1);
		expect(record?.status).toBe('fulfilled');
		expect(record?.decisions).toBe(1);
	});

	it('never orders a redemption another n8n process already claimed in the ledger', async () => {
		// Queue mode: another webhook processor took the same delivery and claimed it first.
		const { execution, record } = await redeem('S', 1, 77, async (id) => {
			await claimElsewhere(`influitive:${id}`);
		});
		expect(execution.status).toBe('success');
		expect(nodeOutput(execution, 'Claim Redemption', 0)).toHaveLength(0);
		expect(nodeOutput(execution, 'Claim Redemption', 1)[0]).toMatchObject({
			ledger: { state: 'claimed', claimed: false },
		});
		expect(await sandbox.kotis.orders()).toHaveLength(0);
		expect(record?.status).toBe('pending');
	});

	it('records the decision in the ledger, and a later delivery of a decided redemption does nothing', async () => {
		const { record, redemption } = await redeem('M');
		expect(record?.status).toBe('fulfilled');
		const [order] = await sandbox.kotis.orders();
		const entry = await ledgerEntry(`influitive:${redemption.id}`);
		expect(entry).toMatchObject({
			state: 'decided',
			vendor_ref: order.order_num,
			detail: 'fulfilled',
		});

		const before = (await n8n.executions(workflowId)).length;
		await sandbox.influitive.deliver({
			url: hookUrl,
			redemptionId: redemption.id,
			query: { token: SECRET },
		});
		await new Promise((r) => setTimeout(r, 1500));
		// The trigger's own dedupe may drop it first; either way nothing more is ordered or decided.
		expect((await n8n.executions(workflowId)).length).toBeLessThanOrEqual(before + 1);
		expect(await sandbox.kotis.orders()).toHaveLength(1);
		expect(
			(await sandbox.influitive.redemptions()).find((r) => r.id === redemption.id)?.decisions,
		).toBe(1);
	});

	it('stops with the action to take when the Kotis order may have been created, and never re-sends it', async () => {
		await sandbox.addFault({
			vendor: 'kotis',
			method: 'POST',
			path: '/orders/create',
			kind: 'status',
			status: 503,
			times: 1,
		});
		const { execution, record, redemption } = await redeem('M');
		expect(execution.status).toBe('error');
		expect(execution.data?.resultData.lastNodeExecuted).toBe('Stop: Order Failed');
		expect(execution.data?.resultData.error?.message).toMatch(
			new RegExp(
				`Redemption ${redemption.id} \\(ada@example.com, Kotis T-shirt\\): the Kotis order may have been created.*Action: look for order influitive-${redemption.id} in Kotis`,
			),
		);
		expect(
			(await sandbox.calls({ vendor: 'kotis', path: '/orders/create' })).map((c) => c.status),
		).toEqual([503]);
		expect(record?.status).toBe('pending');
		expect(await ledgerEntry(`influitive:${redemption.id}`)).toMatchObject({
			state: 'outcome_unknown',
		});
	});

	it('records a Kotis refusal as failed (safe to retry) and stops naming the cause', async () => {
		await sandbox.addFault({
			vendor: 'kotis',
			method: 'POST',
			path: '/orders/create',
			kind: 'status',
			status: 422,
			body: { errors: [{ title: 'Invalid Order', detail: 'Shipping method is not allowed' }] },
		});
		const { execution, record, redemption } = await redeem('M');
		expect(execution.status).toBe('error');
		expect(execution.data?.resultData.error?.message).toMatch(
			new RegExp(
				`Redemption ${redemption.id} .*: Kotis did not take the order \\(.*Shipping method is not allowed.*\\)\\. Action: fix the cause`,
			),
		);
		expect(record?.status).toBe('pending');
		expect(await ledgerEntry(`influitive:${redemption.id}`)).toMatchObject({ state: 'failed' });
		expect(await sandbox.kotis.orders()).toHaveLength(0);
	});

	it('refuses a redemption without a shipping address, naming what is missing, and the points come back', async () => {
		// The reward's Shipping Information question is off: the redemption carries no address.
		const poster = await sandbox.influitive.addReward({
			name: 'Poster',
			points: 100,
			metadata: { provider: 'Kotis', sku: '107529-1' },
			shippingInformation: false,
		});
		const { execution, record, redemption } = await redeem('M', 1, poster.id);
		expect(execution.status).toBe('success');
		expect(record?.status).toBe('refused');
		expect(record?.decision?.message).toBe(
			'Sorry, we could not ship your Poster: your shipping address is missing the street address, city, ZIP or postal code and country. Your points have been returned; please redeem again with a full address.',
		);
		expect((await sandbox.influitive.member('ada@example.com')).current_points).toBe(5000);
		expect(await sandbox.kotis.orders()).toHaveLength(0);
		expect(await ledgerEntry(`influitive:${redemption.id}`)).toMatchObject({
			state: 'decided',
			detail: 'refused: address missing',
		});
	});

	it('with the hold policy, keeps it pending and fails the execution naming the action', async () => {
		const file = path.join(
			__dirname,
			'..',
			'..',
			'workflows',
			'influitive-redemption-to-kotis.json',
		);
		const template = JSON.parse(fs.readFileSync(file, 'utf8')) as WorkflowJson;
		const holdWebhookId = '5f1e2d3c-0000-4000-8000-00000000b01d';
		const nodes = template.nodes.map((node) => {
			if (node.name === 'Redemption Requested') return { ...node, webhookId: holdWebhookId };
			if (node.name !== 'Missing Address Policy') return node;
			const assignments = {
				assignments: [{ id: 'hold', name: 'on_missing_address', value: 'hold', type: 'string' }],
			};
			return {
				...node,
				parameters: { ...(node.parameters as Record<string, unknown>), assignments },
			};
		});
		const holdId = (
			await n8n.createWorkflow(
				bindCredentials({ ...template, name: `${template.name} (hold)`, nodes }, state.credentials),
			)
		).id;
		await n8n.publish(holdId);
		try {
			const poster = await sandbox.influitive.addReward({
				name: 'Poster',
				points: 100,
				metadata: { provider: 'Kotis', sku: '107529-1' },
				shippingInformation: false,
			});
			const { redemption } = await sandbox.influitive.createRedemption({
				member: 'grace@example.com',
				reward: poster.id,
			});
			await sandbox.influitive.deliver({
				url: n8n.webhookUrl(`${holdWebhookId}/webhook`),
				redemptionId: redemption.id,
				query: { token: SECRET },
			});
			const [run] = await n8n.waitForExecutions(holdId, 1);
			expect(run.status).toBe('error');
			expect(run.data?.resultData.error?.message).toMatch(
				new RegExp(
					`Redemption ${redemption.id} \\(grace@example.com, Poster\\) is held: its shipping address is missing the street address, city, ZIP or postal code and country\\. Action: get the address`,
				),
			);
			expect((await sandbox.influitive.redemption(redemption.id)).status).toBe('pending');
			expect(await sandbox.kotis.orders()).toHaveLength(0);
			// Released: a later delivery, once the address is sorted out in the hub, may claim it again.
			expect(await ledgerEntry(`influitive:${redemption.id}`)).toMatchObject({ state: 'released' });
		} finally {
			await n8n.unpublish(holdId).catch(() => undefined);
		}
	});

	it('answers a wrong secret with 401 and orders nothing', async () => {
		const { redemption } = await sandbox.influitive.createRedemption({
			member: 'ada@example.com',
			reward: 77,
			size: 'M',
		});
		const before = (await n8n.executions(workflowId)).length;
		const { deliveries } = await sandbox.influitive.deliver({
			url: hookUrl,
			redemptionId: redemption.id,
			query: { token: 'not-the-secret' },
		});
		expect(deliveries.map((d) => d.status)).toEqual([401]);
		await new Promise((r) => setTimeout(r, 1500));
		expect(await n8n.executions(workflowId)).toHaveLength(before);
		expect(await sandbox.kotis.orders()).toHaveLength(0);
		expect(
			(await sandbox.influitive.redemptions()).find((r) => r.id === redemption.id)?.status,
		).toBe('pending');
	});

	it('rides out a Kotis 500 on the stock check and still fulfils', async () => {
		await sandbox.addFault({
			vendor: 'kotis',
			method: 'GET',
			path: '/skus/quantity',
			kind: 'status',
			status: 500,
			times: 2,
		});
		const { execution, record } = await redeem('XL');
		expect(execution.status).toBe('success');
		expect(record?.status).toBe('fulfilled');
		expect(await sandbox.kotis.orders()).toHaveLength(1);
	});

	it('fails visibly, with the order number in the execution, when Fulfill keeps failing after the order exists', async () => {
		let fulfillPath = '';
		const { execution, record } = await redeem('S', 1, 77, async (id) => {
			fulfillPath = `/reward_redemptions/${id}/decision/fulfill`;
			await sandbox.addFault({
				vendor: 'influitive',
				method: 'POST',
				path: `/reward_redemptions/${id}/decision/fulfill`,
				kind: 'status',
				status: 503,
				times: 0,
			});
		});
		await sandbox.clearFaults();
		expect(execution.status).toBe('error');
		// Stopped naming what to do: the reconciler finishes it with the order in the ledger (test/e2e/template-influitive-reconciler.test.ts).
		expect(execution.data?.resultData.lastNodeExecuted).toBe('Stop: Decision Failed');
		expect(execution.data?.resultData.error?.message).toMatch(
			/Influitive is temporarily unavailable \(HTTP 503\)/,
		);
		expect(execution.data?.resultData.error?.message).toMatch(
			/Action: none while the reconciler template runs/,
		);
		const [order] = await sandbox.kotis.orders();
		expect(nodeOutput(execution, 'Create Kotis Order')[0]).toMatchObject({
			order_num: order.order_num,
		});
		expect(execution.data?.resultData.error?.message).toContain(
			`Kotis order ${order.order_num} exists and is in the ledger`,
		);
		expect(record?.status).toBe('pending');
		// One request: a decision is never re-sent blindly (no Retry On Fail, and the transport never re-sends a POST on 503).
		expect(
			(await sandbox.calls({ vendor: 'influitive', path: fulfillPath })).map((c) => c.status),
		).toEqual([503]);
	});
});
