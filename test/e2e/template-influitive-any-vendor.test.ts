import { fingerprint } from '../../sandbox/client';
import { nodeOutput, type WorkflowJson } from '../../scripts/lib/n8n-api';
import { VENDOR_PLACEHOLDER_URL } from '../../scripts/lib/templates';
import { ledgerEntry } from './ledger-helpers';
import { e2e } from './state';
import { publishTemplate, withNodeParameters } from './workflows';

const { state, n8n, sandbox } = e2e();
const SECRET = 'e2e-influitive-webhook-secret';
const FILE = 'influitive-redemption-to-any-vendor.json';
/** The node's own 30 s, shortened so the timeout case does not take half a minute. */
const TIMEOUT_MS = 3000;

/** What a user does before publishing: the vendor's order URL (here the stand-in's), and for this run a shorter timeout. */
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

describe('template: Influitive redemption → reformat → any vendor → close the loop', () => {
	let workflowId: string;
	let hookUrl: string;

	beforeAll(async () => {
		const published = await publishTemplate(n8n, state.credentials, FILE, forTheStandIn);
		workflowId = published.id;
		hookUrl = n8n.webhookUrl(published.webhookPath('Redemption Requested'));
	});

	afterAll(async () => {
		await n8n.unpublish(workflowId).catch(() => undefined);
	});

	beforeEach(async () => {
		await sandbox.reset();
	});

	/** A reward the vendor ships (metadata provider `Vendor`), redeemed by Ada, and the hub's webhook (`copies` at once). */
	async function redeem(
		size: string | undefined,
		options: { copies?: number; token?: string; sku?: string } = {},
	) {
		const reward = await sandbox.influitive.addReward({
			name: 'Acme T-shirt',
			points: 300,
			metadata: { provider: 'Vendor', sku: options.sku ?? 'ACME-TEE' },
			questions: ['Size'],
		});
		const { redemption } = await sandbox.influitive.createRedemption({
			member: 'ada@example.com',
			reward: reward.id,
			size,
		});
		const before = (await n8n.executions(workflowId)).length;
		const { deliveries } = await sandbox.influitive.deliver({
			url: hookUrl,
			redemptionId: redemption.id,
			copies: options.copies ?? 1,
			concurrent: true,
			query: { token: options.token ?? SECRET },
		});
		return { redemption, before, deliveries };
	}

	async function settle(redemptionId: number, before: number) {
		const executions = await n8n.waitForExecutions(workflowId, before + 1);
		const execution = executions[executions.length - 1];
		const record = await sandbox.influitive.redemption(redemptionId);
		return { execution, record };
	}

	it('sends the reformatted order with the credential and fulfils the redemption with the vendor’s order number', async () => {
		const { redemption, before, deliveries } = await redeem('M');
		expect(deliveries.map((d) => d.status)).toEqual([200]);
		const { execution, record } = await settle(redemption.id, before);
		expect(execution.status).toBe('success');

		const [order] = await sandbox.vendor.orders();
		expect(order).toMatchObject({
			id: expect.stringMatching(/^VO-/),
			reference: `influitive-${redemption.id}`,
			idempotency_key: `influitive-${redemption.id}`,
			recipient: { name: 'Ada Lovelace', email: 'ada@example.com' },
			shipping_address: {
				line1: expect.any(String),
				city: 'Seattle',
				region: 'WA',
				postal_code: '98102',
				country: 'US',
			},
			items: [{ sku: 'ACME-TEE', size: 'M', quantity: 1 }],
			note: 'Influitive reward: Acme T-shirt',
		});
		const calls = await sandbox.calls({ vendor: 'vendor', path: '/orders' });
		expect(calls).toHaveLength(1);
		// The key comes from the Header Auth credential (recorded as a fingerprint), nowhere else.
		expect(calls[0].headers['x-api-key']).toBe(fingerprint('vendor-test-key'));
		expect(JSON.stringify(calls[0].body)).not.toContain('vendor-test-key');

		expect(record.status).toBe('fulfilled');
		expect(record.decision?.message).toBe(
			`Your Acme T-shirt is on its way: order ${order.id} with our fulfilment partner.`,
		);
		expect(await ledgerEntry(`influitive:${redemption.id}`)).toMatchObject({
			state: 'decided',
			vendor_ref: order.id,
			detail: 'fulfilled',
		});
	});

	it('refuses with the vendor’s reason when the vendor rejects the order (4xx), and the points come back', async () => {
		const { redemption, before } = await redeem('L');
		const { execution, record } = await settle(redemption.id, before);
		expect(execution.status).toBe('success');
		expect(
			(await sandbox.calls({ vendor: 'vendor', path: '/orders' })).map((c) => c.status),
		).toEqual([422]);
		expect(await sandbox.vendor.orders()).toHaveLength(0);
		expect(record.status).toBe('refused');
		expect(record.decision?.message).toBe(
			'Sorry, we could not order your Acme T-shirt: Acme T-shirt in size L is out of stock. Your points have been returned.',
		);
		expect((await sandbox.influitive.member('ada@example.com')).current_points).toBe(5000);
		expect(await ledgerEntry(`influitive:${redemption.id}`)).toMatchObject({
			state: 'decided',
			detail: 'refused: Acme T-shirt in size L is out of stock',
		});
	});

	it('holds a redemption whose order got a 5xx after it was sent: ledger outcome_unknown, a failed execution naming the action, never re-sent', async () => {
		// The vendor creates the order, then answers 503.
		await sandbox.addFault({
			vendor: 'vendor',
			method: 'POST',
			path: '/orders',
			kind: 'afterApply',
			status: 503,
		});
		const { redemption, before } = await redeem('M');
		const { execution, record } = await settle(redemption.id, before);
		expect(execution.status).toBe('error');
		expect(execution.data?.resultData.lastNodeExecuted).toBe('Stop: Vendor Order Failed');
		expect(execution.data?.resultData.error?.message).toMatch(
			new RegExp(
				`^Redemption ${redemption.id} \\(ada@example.com, Acme T-shirt\\): the vendor may have created the order, but no clear answer came \\(HTTP 503: .*\\)\\. Nothing will be sent again automatically\\. Action: look for the order with reference influitive-${redemption.id} at the vendor`,
			),
		);
		expect(record.status).toBe('pending');
		expect(await ledgerEntry(`influitive:${redemption.id}`)).toMatchObject({
			state: 'outcome_unknown',
		});
		// Delivered again (the hub retries, or someone resends it): nothing more reaches the vendor.
		await sandbox.influitive.deliver({
			url: hookUrl,
			redemptionId: redemption.id,
			query: { token: SECRET },
		});
		await new Promise((r) => setTimeout(r, 2000));
		expect(
			(await sandbox.calls({ vendor: 'vendor', path: '/orders' })).map((c) => c.status),
		).toEqual([503]);
		expect(await sandbox.vendor.orders()).toHaveLength(1);
		expect((await sandbox.influitive.redemption(redemption.id)).status).toBe('pending');
	});

	it('holds a redemption whose order timed out the same way (the order may exist)', async () => {
		// The vendor answers after the node has given up, and creates the order then.
		await sandbox.addFault({
			vendor: 'vendor',
			method: 'POST',
			path: '/orders',
			kind: 'delay',
			delayMs: TIMEOUT_MS + 2000,
		});
		const { redemption, before } = await redeem('S');
		const { execution, record } = await settle(redemption.id, before);
		expect(execution.status).toBe('error');
		expect(execution.data?.resultData.error?.message).toMatch(
			/the vendor may have created the order, but no clear answer came \(.*timeout.*\)\. .*Action: look for the order/i,
		);
		expect(record.status).toBe('pending');
		// What reached Read Vendor Answer: n8n's timeout error (ECONNABORTED), classified as unknown.
		expect(nodeOutput(execution, 'Read Vendor Answer')[0]).toMatchObject({
			outcome: 'unknown',
			status: 0,
			reason: `timeout of ${TIMEOUT_MS}ms exceeded`,
		});
		expect(await ledgerEntry(`influitive:${redemption.id}`)).toMatchObject({
			state: 'outcome_unknown',
		});
		await new Promise((r) => setTimeout(r, 3000));
		expect(await sandbox.vendor.orders()).toHaveLength(1);
		expect(await sandbox.calls({ vendor: 'vendor', path: '/orders' })).toHaveLength(1);
	});

	it('records an order the vendor did not take (401) as failed, safe to send again, and stops naming the fix', async () => {
		await sandbox.addFault({
			vendor: 'vendor',
			method: 'POST',
			path: '/orders',
			kind: 'status',
			status: 401,
			body: { error: { code: 'unauthorized', message: 'invalid API key' } },
		});
		const { redemption, before } = await redeem('M');
		const { execution, record } = await settle(redemption.id, before);
		expect(execution.status).toBe('error');
		expect(execution.data?.resultData.error?.message).toContain(
			'the vendor did not take the order (HTTP 401: invalid API key). Nothing was ordered. Action: fix the cause',
		);
		expect(record.status).toBe('pending');
		expect(await ledgerEntry(`influitive:${redemption.id}`)).toMatchObject({ state: 'failed' });
	});

	it('orders once when the same webhook arrives twice at the same moment', async () => {
		const { redemption, before, deliveries } = await redeem('XL', { copies: 2 });
		expect(deliveries.map((d) => d.status)).toEqual([200, 200]);
		await n8n.waitForExecutions(workflowId, before + 1);
		await new Promise((r) => setTimeout(r, 3000));
		expect(await sandbox.vendor.orders()).toHaveLength(1);
		expect(await sandbox.calls({ vendor: 'vendor', path: '/orders' })).toHaveLength(1);
		const record = await sandbox.influitive.redemption(redemption.id);
		expect(record).toMatchObject({ status: 'fulfilled', decisions: 1 });
	});

	it('answers a wrong secret with 401, starts nothing and sends nothing to the vendor', async () => {
		const { redemption, before, deliveries } = await redeem('M', { token: 'not-the-secret' });
		expect(deliveries.map((d) => d.status)).toEqual([401]);
		await new Promise((r) => setTimeout(r, 1500));
		expect(await n8n.executions(workflowId)).toHaveLength(before);
		expect(await sandbox.calls({ vendor: 'vendor' })).toEqual([]);
		expect((await sandbox.influitive.redemption(redemption.id)).status).toBe('pending');
	});

	it('keeps the vendor key out of every execution of this workflow, the timed-out and refused ones included', async () => {
		const executions = await n8n.executions(workflowId);
		expect(executions.length).toBeGreaterThan(0);
		const found = executions
			.filter((e) => JSON.stringify(e).includes('vendor-test-key'))
			.map((e) => `${e.id} (${e.status})`);
		expect(found).toEqual([]);
	});

	it('leaves rewards of another provider alone', async () => {
		const { redemption, before } = await (async () => {
			const { redemption } = await sandbox.influitive.createRedemption({
				member: 'ada@example.com',
				reward: 77,
				size: 'M',
			});
			const before = (await n8n.executions(workflowId)).length;
			await sandbox.influitive.deliver({
				url: hookUrl,
				redemptionId: redemption.id,
				query: { token: SECRET },
			});
			return { redemption, before };
		})();
		const { execution } = await settle(redemption.id, before);
		expect(execution.status).toBe('success');
		expect(nodeOutput(execution, 'Claim Redemption')).toHaveLength(0);
		expect(await sandbox.calls({ vendor: 'vendor' })).toEqual([]);
	});
});
