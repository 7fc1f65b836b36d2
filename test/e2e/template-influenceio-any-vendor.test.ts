import { fingerprint } from '../../sandbox/client';
import { nodeOutput, type Execution, type WorkflowJson } from '../../scripts/lib/n8n-api';
import { VENDOR_PLACEHOLDER_URL } from '../../scripts/lib/templates';
import { ledgerEntry } from './ledger-helpers';
import { e2e } from './state';
import { publishTemplate, withNodeParameters } from './workflows';

const { state, n8n, sandbox } = e2e();
const SECRET = 'e2e-influenceio-webhook-secret';
const FILE = 'influenceio-redeemed-to-any-vendor.json';
/** The redeem rule the template's Vendor Rewards table maps to the vendor's $25 gift card. */
const RULE = 'rule-gift-card-25';
const TIMEOUT_MS = 3000;

function forTheStandIn(template: WorkflowJson): WorkflowJson {
	return withNodeParameters(template, 'Place Vendor Order', (p) => {
		if (p.url !== VENDOR_PLACEHOLDER_URL)
			throw new Error(`Place Vendor Order no longer ships with ${VENDOR_PLACEHOLDER_URL}`);
		return {
			...p,
			url: `${state.sandboxUrl}/vendor/v1/orders`,
			options: { ...(p.options as object), timeout: TIMEOUT_MS },
		};
	});
}

describe('template: Influence.io points/redeemed → reformat → any vendor, or points back', () => {
	let workflowId: string;
	let hookUrl: string;

	beforeAll(async () => {
		const published = await publishTemplate(n8n, state.credentials, FILE, forTheStandIn);
		workflowId = published.id;
		hookUrl = n8n.webhookUrl(published.webhookPath('Points Redeemed'));
	});

	afterAll(async () => {
		await n8n.unpublish(workflowId).catch(() => undefined);
	});

	beforeEach(async () => {
		await sandbox.reset();
		await sandbox.influenceio.setPoints('ada@example.com', 10_000);
	});

	/**
	 * Ada spends points (a real redemption: points deducted, ledger entry), then Influence.io's
	 * points/redeemed for it arrives under the vendor's rule (a rule the sandbox does not model).
	 */
	async function redeem(options: { copies?: number; token?: string } = {}) {
		const { payload } = await sandbox.influenceio.redeem({
			customer: 'ada@example.com',
			ruleId: 'rule-10-off',
		});
		const redeemed = { ...payload, ruleId: RULE, rewardType: 'gift_card' };
		const balanceAfterRedeem = (await sandbox.influenceio.customer('1001')).pointBalance;
		const { deliveries } = await sandbox.influenceio.deliver({
			url: hookUrl,
			topic: 'points/redeemed',
			payload: redeemed,
			copies: options.copies ?? 1,
			concurrent: true,
			query: { token: options.token ?? SECRET },
		});
		return { payload: redeemed, balanceAfterRedeem, deliveries };
	}

	/** The execution that handled this redemption under the vendor's rule (the sandbox also delivers the original rule's event). */
	async function runFor(redemptionId: string, timeoutMs = 60_000): Promise<Execution> {
		const deadline = Date.now() + timeoutMs;
		for (;;) {
			const finished = (await n8n.executions(workflowId)).filter(
				(e) => !['running', 'new', 'waiting'].includes(e.status),
			);
			const mine = finished.find((e) =>
				nodeOutput(e, 'Vendor Rewards').some((item) => item.redemptionId === redemptionId),
			);
			if (mine) return mine.data ? mine : await n8n.execution(mine.id);
			if (Date.now() > deadline)
				throw new Error(
					`no execution of workflow ${workflowId} handled redemption ${redemptionId}`,
				);
			await new Promise((r) => setTimeout(r, 300));
		}
	}

	it('orders the mapped vendor item with the credential; the points stay spent', async () => {
		const { payload, balanceAfterRedeem, deliveries } = await redeem();
		expect(deliveries.map((d) => d.status)).toEqual([200]);
		const execution = await runFor(payload.id);
		expect(execution.status).toBe('success');
		const [order] = await sandbox.vendor.orders();
		expect(order).toMatchObject({
			reference: `influenceio-${payload.id}`,
			idempotency_key: `influenceio-${payload.id}`,
			recipient: { email: 'ada@example.com', name: expect.stringMatching(/Ada/) },
			items: [{ sku: 'ACME-GIFT-25', quantity: 1 }],
		});
		expect(order).not.toHaveProperty('shipping_address');
		const calls = await sandbox.calls({ vendor: 'vendor', path: '/orders' });
		expect(calls.map((c) => c.headers['x-api-key'])).toEqual([fingerprint('vendor-test-key')]);
		expect((await sandbox.influenceio.customer('1001')).pointBalance).toBe(balanceAfterRedeem);
		expect(await ledgerEntry(`influenceio:${payload.id}`)).toMatchObject({
			state: 'decided',
			vendor_ref: order.id,
			detail: 'ordered at the vendor',
		});
	});

	it('gives the points back with the vendor’s reason when the vendor refuses (4xx)', async () => {
		const catalog = await sandbox.vendor.catalog();
		await sandbox.vendor.setCatalog(
			catalog.map((item) => (item.sku === 'ACME-GIFT-25' ? { ...item, stock: 0 } : item)),
		);
		const { payload, balanceAfterRedeem } = await redeem();
		const execution = await runFor(payload.id);
		expect(execution.status).toBe('success');
		expect(await sandbox.vendor.orders()).toHaveLength(0);
		expect((await sandbox.influenceio.customer('1001')).pointBalance).toBe(
			balanceAfterRedeem + payload.points,
		);
		const awards = await sandbox.calls({
			vendor: 'influenceio',
			method: 'POST',
			path: '/v1/customers/1001/points',
		});
		expect(awards.map((c) => c.body)).toEqual([
			expect.objectContaining({
				points: payload.points,
				reason: `Points returned: Acme $25 gift card could not be ordered (Acme $25 gift card is out of stock), redemption ${payload.id}`,
			}),
		]);
		expect(await ledgerEntry(`influenceio:${payload.id}`)).toMatchObject({
			state: 'decided',
			detail: 'points given back: Acme $25 gift card is out of stock',
		});
	});

	it('holds a redemption whose order got a 5xx after it was sent: outcome_unknown, a failed execution naming the action, no points back, never re-sent', async () => {
		await sandbox.addFault({
			vendor: 'vendor',
			method: 'POST',
			path: '/orders',
			kind: 'afterApply',
			status: 502,
		});
		const { payload, balanceAfterRedeem } = await redeem();
		const execution = await runFor(payload.id);
		expect(execution.status).toBe('error');
		expect(execution.data?.resultData.lastNodeExecuted).toBe('Stop: Vendor Order Failed');
		expect(execution.data?.resultData.error?.message).toMatch(
			new RegExp(
				`^Influence.io redemption ${payload.id} \\(ada@example.com, Acme \\$25 gift card, ${payload.points} points\\): the vendor may have created the order, but no clear answer came \\(HTTP 502: .*\\)\\. .*Action: look for the order with reference influenceio-${payload.id} at the vendor before anything else; if it is not there, give the ${payload.points} points back`,
			),
		);
		expect(await ledgerEntry(`influenceio:${payload.id}`)).toMatchObject({
			state: 'outcome_unknown',
		});
		expect((await sandbox.influenceio.customer('1001')).pointBalance).toBe(balanceAfterRedeem);
		// The same event again (Influence.io retrying, or someone resending it): nothing more reaches the vendor.
		await sandbox.influenceio.deliver({
			url: hookUrl,
			topic: 'points/redeemed',
			payload,
			query: { token: SECRET },
		});
		await new Promise((r) => setTimeout(r, 2500));
		expect(
			(await sandbox.calls({ vendor: 'vendor', path: '/orders' })).map((c) => c.status),
		).toEqual([502]);
		expect(await sandbox.vendor.orders()).toHaveLength(1);
	});

	it('holds a redemption whose order timed out the same way', async () => {
		await sandbox.addFault({ vendor: 'vendor', method: 'POST', path: '/orders', kind: 'hang' });
		const { payload, balanceAfterRedeem } = await redeem();
		const execution = await runFor(payload.id);
		expect(execution.status).toBe('error');
		expect(execution.data?.resultData.error?.message).toMatch(
			/the vendor may have created the order, but no clear answer came \(timeout of 3000ms exceeded\)/,
		);
		expect(await ledgerEntry(`influenceio:${payload.id}`)).toMatchObject({
			state: 'outcome_unknown',
		});
		expect((await sandbox.influenceio.customer('1001')).pointBalance).toBe(balanceAfterRedeem);
		expect(await sandbox.calls({ vendor: 'vendor', path: '/orders' })).toHaveLength(1);
	});

	it('orders once when the same event arrives twice at the same moment', async () => {
		const { payload, deliveries } = await redeem({ copies: 2 });
		expect(deliveries.map((d) => d.status)).toEqual([200, 200]);
		await runFor(payload.id);
		await new Promise((r) => setTimeout(r, 3000));
		expect(await sandbox.vendor.orders()).toHaveLength(1);
		expect(await sandbox.calls({ vendor: 'vendor', path: '/orders' })).toHaveLength(1);
		expect(await ledgerEntry(`influenceio:${payload.id}`)).toMatchObject({ state: 'decided' });
	});

	it('answers a wrong secret with 401 and sends nothing to the vendor', async () => {
		const { payload, balanceAfterRedeem, deliveries } = await redeem({ token: 'not-the-secret' });
		expect(deliveries.map((d) => d.status)).toEqual([401]);
		await new Promise((r) => setTimeout(r, 1500));
		const handled = (await n8n.executions(workflowId)).filter((e) =>
			nodeOutput(e, 'Vendor Rewards').some((i) => i.redemptionId === payload.id),
		);
		expect(handled).toEqual([]);
		expect(await sandbox.calls({ vendor: 'vendor' })).toEqual([]);
		expect((await sandbox.influenceio.customer('1001')).pointBalance).toBe(balanceAfterRedeem);
	});

	it('keeps the vendor key out of every execution of this workflow', async () => {
		const executions = await n8n.executions(workflowId);
		expect(executions.length).toBeGreaterThan(0);
		expect(
			executions.filter((e) => JSON.stringify(e).includes('vendor-test-key')).map((e) => e.id),
		).toEqual([]);
	});
});
