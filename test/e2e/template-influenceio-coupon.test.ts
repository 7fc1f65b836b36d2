import fs from 'node:fs';
import path from 'node:path';

import axios from 'axios';

import { bindCredentials, nodeOutput, type WorkflowJson } from '../../scripts/lib/n8n-api';
import { TEMPLATE_WEBHOOK_HEADER, TEMPLATE_WEBHOOK_VALUE } from '../../scripts/lib/stack';
import { e2e } from './state';
import { publishTemplate } from './workflows';

const { state, n8n, sandbox } = e2e();
const auth = { [TEMPLATE_WEBHOOK_HEADER]: TEMPLATE_WEBHOOK_VALUE };
const SECRET = 'e2e-influenceio-webhook-secret';
const STORE_PLACEHOLDER = "'https://store.example.com/store/coupons'";

/** The template with its store endpoint pointed at the store stand-in (what a user edits in *Reward Rules*). */
function pointAtSandboxStore(storeBaseUrl: string) {
	return (template: WorkflowJson): WorkflowJson => {
		const rules = template.nodes.find((n) => n.name === 'Reward Rules') as unknown as {
			parameters: { jsCode: string };
		};
		if (!rules.parameters.jsCode.includes(STORE_PLACEHOLDER))
			throw new Error('Reward Rules no longer holds the store URL placeholder');
		rules.parameters.jsCode = rules.parameters.jsCode.replace(
			STORE_PLACEHOLDER,
			JSON.stringify(`${storeBaseUrl}/coupons`),
		);
		return template;
	};
}

describe('template: Influence.io points/redeemed → coupon in the store', () => {
	let workflowId: string;
	let hookUrl: string;

	beforeAll(async () => {
		const file = path.join(
			__dirname,
			'..',
			'..',
			'workflows',
			'influenceio-redeemed-coupon-to-store.json',
		);
		const template = pointAtSandboxStore(`${state.sandboxUrl}/store`)(
			JSON.parse(fs.readFileSync(file, 'utf8')) as WorkflowJson,
		);
		workflowId = (await n8n.createWorkflow(bindCredentials(template, state.credentials))).id;
		await n8n.publish(workflowId);
		const trigger = template.nodes.find((n) => n.name === 'Points Redeemed') as unknown as {
			webhookId: string;
		};
		hookUrl = n8n.webhookUrl(`${trigger.webhookId}/webhook`);
	});

	afterAll(async () => {
		await n8n.unpublish(workflowId).catch(() => undefined);
	});

	beforeEach(async () => {
		// Also forgets the subscription the trigger registered on publish: every test delivers explicitly.
		await sandbox.reset();
		await sandbox.influenceio.setPoints('ada@example.com', 10_000);
	});

	/** Ada redeems `ruleId` in the widget; Influence.io sends points/redeemed (`copies` at once). */
	async function redeemAndDeliver(
		ruleId: string,
		options: { copies?: number; webhookId?: string } = {},
	) {
		const redeemed = await sandbox.influenceio.redeem({ customer: 'ada@example.com', ruleId });
		const before = (await n8n.executions(workflowId)).length;
		const { deliveries } = await sandbox.influenceio.deliver({
			url: hookUrl,
			topic: 'points/redeemed',
			payload: redeemed.payload,
			copies: options.copies ?? 1,
			concurrent: true,
			webhookId: options.webhookId,
			query: { token: SECRET },
		});
		expect(deliveries.map((d) => d.status)).toEqual(new Array(options.copies ?? 1).fill(200));
		const executions = await n8n.waitForExecutions(workflowId, before + 1, 120_000);
		return { ...redeemed, execution: executions[executions.length - 1], before };
	}

	it('creates each coupon reward in the store with the rule’s exact type and value', async () => {
		const { redeem } = await sandbox.influenceio.rules();
		const couponRules = redeem.filter((r) => r.status === 'active');
		expect(couponRules.map((r) => r.discountType).sort()).toEqual([
			'fixed_amount',
			'free_shipping',
			'percentage',
		]);
		for (const rule of couponRules) {
			const { payload, execution } = await redeemAndDeliver(rule.id);
			expect(execution.status).toBe('success');
			const coupon = (await sandbox.store.coupons()).find((c) => c.code === payload.couponCode);
			expect(coupon).toBeDefined();
			expect(coupon?.type).toBe(rule.discountType);
			expect(coupon?.amount).toBe(
				rule.discountType === 'fixed_amount' ? rule.discountValue : undefined,
			);
			expect(coupon?.percentage).toBe(
				rule.discountType === 'percentage' ? rule.discountValue : undefined,
			);
			expect(coupon?.customer_email).toBe(payload.customer.email);
			expect(coupon?.usage_limit).toBe(1);
			expect(coupon?.metadata).toMatchObject({
				influenceio_redemption_id: payload.id,
				rule_id: rule.id,
				points: payload.points,
			});
			expect(nodeOutput(execution, 'Coupon Ready')[0]).toMatchObject({
				couponCode: payload.couponCode,
				storeStatus: 'created',
			});
		}
		expect(await sandbox.store.coupons()).toHaveLength(couponRules.length);
	});

	it('creates one coupon when the same delivery arrives twice at once', async () => {
		const { payload } = await redeemAndDeliver('rule-20-pct', { copies: 2 });
		await new Promise((r) => setTimeout(r, 1500));
		expect(
			(await sandbox.store.coupons()).filter((c) => c.code === payload.couponCode),
		).toHaveLength(1);
		expect(await sandbox.calls({ vendor: 'store', method: 'POST' })).toHaveLength(1);
	});

	it('treats a replay that reaches the store (409: code exists) as already done', async () => {
		const first = await redeemAndDeliver('rule-10-off', { webhookId: 'delivery-1' });
		expect(first.execution.status).toBe('success');
		// Same event under a new X-Webhook-Id (a redelivery the trigger cannot recognise): the store says 409.
		const before = (await n8n.executions(workflowId)).length;
		await sandbox.influenceio.deliver({
			url: hookUrl,
			topic: 'points/redeemed',
			payload: first.payload,
			webhookId: 'delivery-2',
			query: { token: SECRET },
		});
		const executions = await n8n.waitForExecutions(workflowId, before + 1, 120_000);
		const replay = executions[executions.length - 1];
		expect(replay.status).toBe('success');
		expect(nodeOutput(replay, 'Coupon Ready')[0]).toMatchObject({
			couponCode: first.payload.couponCode,
			storeStatus: 'already_existed',
		});
		expect((await sandbox.calls({ vendor: 'store', method: 'POST' })).map((c) => c.status)).toEqual(
			[201, 409],
		);
		expect(await sandbox.store.coupons()).toHaveLength(1);
	});

	it('retries a store 5xx and then creates the coupon', async () => {
		await sandbox.addFault({
			vendor: 'store',
			method: 'POST',
			path: '/coupons',
			kind: 'status',
			status: 502,
			times: 2,
		});
		const { payload, execution } = await redeemAndDeliver('rule-free-ship');
		expect(execution.status).toBe('success');
		expect((await sandbox.calls({ vendor: 'store', method: 'POST' })).map((c) => c.status)).toEqual(
			[502, 502, 201],
		);
		expect((await sandbox.store.coupons()).map((c) => c.code)).toEqual([payload.couponCode]);
	});

	it('fails visibly, naming the coupon code, when the store keeps failing', async () => {
		await sandbox.addFault({
			vendor: 'store',
			method: 'POST',
			path: '/coupons',
			kind: 'status',
			status: 503,
			times: 0,
		});
		const { payload, execution } = await redeemAndDeliver('rule-10-off');
		await sandbox.clearFaults();
		expect(execution.status).toBe('error');
		expect(execution.data?.resultData.lastNodeExecuted).toBe('Coupon Not Created');
		expect(execution.data?.resultData.error?.message).toContain(`coupon ${payload.couponCode}`);
		expect(execution.data?.resultData.error?.message).toContain('HTTP 503');
		expect((await sandbox.calls({ vendor: 'store', method: 'POST' })).map((c) => c.status)).toEqual(
			[503, 503, 503],
		);
		expect(await sandbox.store.coupons()).toHaveLength(0);
	});

	it('fails visibly for a redeem rule missing from Reward Rules, and creates nothing', async () => {
		const { payload } = await sandbox.influenceio.redeem({
			customer: 'ada@example.com',
			ruleId: 'rule-10-off',
		});
		const before = (await n8n.executions(workflowId)).length;
		await sandbox.influenceio.deliver({
			url: hookUrl,
			topic: 'points/redeemed',
			payload: { ...payload, ruleId: 'rule-new-in-dashboard' },
			query: { token: SECRET },
		});
		const executions = await n8n.waitForExecutions(workflowId, before + 1, 120_000);
		const execution = executions[executions.length - 1];
		expect(execution.status).toBe('error');
		expect(execution.data?.resultData.error?.message).toContain('"rule-new-in-dashboard"');
		expect(execution.data?.resultData.error?.message).toContain(payload.couponCode);
		expect(await sandbox.calls({ vendor: 'store' })).toHaveLength(0);
	});

	it('skips physical rewards handled by another workflow', async () => {
		const { payload } = await sandbox.influenceio.redeem({
			customer: 'ada@example.com',
			ruleId: 'rule-10-off',
		});
		const before = (await n8n.executions(workflowId)).length;
		await sandbox.influenceio.deliver({
			url: hookUrl,
			topic: 'points/redeemed',
			payload: { ...payload, ruleId: 'rule-kotis-tshirt' },
			query: { token: SECRET },
		});
		const executions = await n8n.waitForExecutions(workflowId, before + 1, 120_000);
		expect(executions[executions.length - 1].status).toBe('success');
		expect(nodeOutput(executions[executions.length - 1], 'Reward Rules')).toHaveLength(0);
		expect(await sandbox.calls({ vendor: 'store' })).toHaveLength(0);
	});

	it('keeps the store token, the API key and the webhook secret out of every execution (runs after the others)', async () => {
		const executions = await n8n.executions(workflowId);
		expect(executions.length).toBeGreaterThan(5);
		const data = JSON.stringify(executions);
		for (const secret of state.secrets) expect(data).not.toContain(secret);
	});
});

describe('template: store order with a loyalty coupon → Influence.io Mark Coupon Used', () => {
	let workflowId: string;
	let hookUrl: string;

	beforeAll(async () => {
		const published = await publishTemplate(
			n8n,
			state.credentials,
			'influenceio-order-marks-coupon-used.json',
		);
		workflowId = published.id;
		hookUrl = n8n.webhookUrl(published.webhookPath('Store Order Placed'));
	});

	afterAll(async () => {
		await n8n.unpublish(workflowId).catch(() => undefined);
	});

	beforeEach(async () => {
		await sandbox.reset();
		await sandbox.influenceio.setPoints('ada@example.com', 10_000);
	});

	async function placeOrder(body: unknown) {
		const before = (await n8n.executions(workflowId)).length;
		const reply = await axios.post(hookUrl, body, { headers: auth, validateStatus: () => true });
		return { reply, before };
	}

	it.each([
		['no header', {}],
		['a wrong secret', { [TEMPLATE_WEBHOOK_HEADER]: 'not-the-secret' }],
		['the secret in the query', { params: true }],
	])(
		'answers 401 with a JSON reason to %s, starts no execution and sends nothing to Influence.io',
		async (_label, headers) => {
			const before = (await n8n.executions(workflowId)).length;
			const url =
				'params' in headers
					? `${hookUrl}?${TEMPLATE_WEBHOOK_HEADER}=${encodeURIComponent(TEMPLATE_WEBHOOK_VALUE)}`
					: hookUrl;
			const reply = await axios.post(
				url,
				{ id: 'order-auth-1', discount_codes: ['LOYAL-ANY'] },
				{ headers: 'params' in headers ? {} : headers, validateStatus: () => true },
			);
			expect(reply.status).toBe(401);
			expect(reply.data).toEqual({
				error: 'unauthorized',
				reason: 'missing or wrong bearer token in the Authorization header',
			});
			await new Promise((resolve) => setTimeout(resolve, 500));
			expect(await n8n.executions(workflowId)).toHaveLength(before);
			expect(await sandbox.calls()).toEqual([]);
		},
	);
	it('marks the Influence.io coupon used, ignoring the store’s own promotion codes', async () => {
		const { payload } = await sandbox.influenceio.redeem({
			customer: 'ada@example.com',
			ruleId: 'rule-10-off',
		});
		expect((await sandbox.influenceio.coupon(payload.couponCode)).couponCodeStatus).toBe('unused');
		const { reply, before } = await placeOrder({
			id: 'order-7001',
			discount_codes: [payload.couponCode, { code: 'SUMMER5' }],
		});
		expect(reply.status).toBe(200);
		expect(reply.data).toMatchObject({ received: true, orderId: 'order-7001', codes: 2 });
		const executions = await n8n.waitForExecutions(workflowId, before + 1, 120_000);
		const execution = executions[executions.length - 1];
		expect(execution.status).toBe('success');
		expect((await sandbox.influenceio.coupon(payload.couponCode)).couponCodeStatus).toBe('used');
		expect(nodeOutput(execution, 'Nothing To Do')).toHaveLength(1);
	});

	it('does not fail when the coupon is already used (the same order sent again)', async () => {
		const { payload } = await sandbox.influenceio.redeem({
			customer: 'ada@example.com',
			ruleId: 'rule-20-pct',
		});
		for (let n = 0; n < 2; n++) {
			const { reply, before } = await placeOrder({
				id: 'order-7002',
				discount_codes: [payload.couponCode],
			});
			expect(reply.status).toBe(200);
			const executions = await n8n.waitForExecutions(workflowId, before + 1, 120_000);
			expect(executions[executions.length - 1].status).toBe('success');
		}
		const uses = await sandbox.calls({
			vendor: 'influenceio',
			method: 'POST',
			path: `/v1/rewards/${payload.couponCode}/use`,
		});
		expect(uses.map((c) => c.status)).toEqual([200, 400]);
		expect((await sandbox.influenceio.coupon(payload.couponCode)).couponCodeStatus).toBe('used');
	});

	it('answers 400 with the reason for a malformed order and starts nothing downstream', async () => {
		const { reply, before } = await placeOrder({ discount_codes: 'LOYAL-1' });
		expect(reply.status).toBe(400);
		expect(reply.data).toEqual({ error: 'invalid_order', reason: 'id: the order ID is required' });
		const { reply: second } = await placeOrder({ id: 'order-7003', discount_codes: [42] });
		expect(second.status).toBe(400);
		expect(second.data.reason).toBe('discount_codes[0]: expected a code string or {"code": "..."}');
		await n8n.waitForExecutions(workflowId, before + 2, 120_000);
		expect(await sandbox.calls({ vendor: 'influenceio' })).toHaveLength(0);
	});
});
