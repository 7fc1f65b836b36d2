import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';

import { bindCredentials, nodeOutput, type WorkflowJson } from '../../scripts/lib/n8n-api';
import { claimElsewhere, ledgerEntry } from './ledger-helpers';
import { e2e } from './state';

const { state, n8n, sandbox } = e2e();
const SECRET = 'e2e-influenceio-webhook-secret';

/**
 * The merchant's side of the template: Influence.io holds no shipping address and has no messaging API, so
 * the template asks the store (GET <ADDRESS_URL>/<customer id>) and tells the customer through a POST to
 * <NOTIFY_URL>. This local server plays both and records what n8n sent.
 */
function startMerchant() {
	const notifications: Array<{ authorization?: string; body: Record<string, unknown> }> = [];
	const addressLookups: string[] = [];
	const server = http.createServer((req, res) => {
		let raw = '';
		req.on('data', (chunk: Buffer) => (raw += chunk.toString()));
		req.on('end', () => {
			const send = (status: number, body: unknown): void => {
				res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
			};
			const address = /^\/customers\/([^/]+)$/.exec(req.url ?? '');
			if (req.headers.authorization !== 'Bearer store-test-token')
				send(401, { error: 'unauthorized' });
			else if (req.method === 'GET' && address) {
				addressLookups.push(decodeURIComponent(address[1]));
				if (address[1] !== '1001') send(404, { error: 'no such customer' });
				else
					send(200, {
						name: 'Ada Lovelace',
						address1: '7 Analytical Way',
						city: 'Seattle',
						state: 'WA',
						zip: '98102',
						country: 'US',
					});
			} else if (req.method === 'POST' && req.url === '/notifications') {
				notifications.push({
					authorization: req.headers.authorization,
					body: JSON.parse(raw) as Record<string, unknown>,
				});
				send(202, { queued: true });
			} else send(404, { error: 'not found' });
		});
	});
	return new Promise<{
		url: string;
		notifications: typeof notifications;
		addressLookups: string[];
		close: () => Promise<void>;
	}>((resolve) => {
		server.listen(0, '127.0.0.1', () => {
			const { port } = server.address() as AddressInfo;
			resolve({
				url: `http://127.0.0.1:${port}`,
				notifications,
				addressLookups,
				close: () => new Promise((r) => server.close(() => r())),
			});
		});
	});
}

describe('template: Influence.io points/redeemed → physical reward from Kotis, or points back', () => {
	let workflowId: string;
	let hookUrl: string;
	let merchant: Awaited<ReturnType<typeof startMerchant>>;

	beforeAll(async () => {
		merchant = await startMerchant();
		const file = path.join(
			__dirname,
			'..',
			'..',
			'workflows',
			'influenceio-redeemed-physical-to-kotis.json',
		);
		const template = JSON.parse(fs.readFileSync(file, 'utf8')) as WorkflowJson;
		const code = template.nodes.find((n) => n.name === 'Physical Rewards') as unknown as {
			parameters: { jsCode: string };
		};
		for (const [placeholder, local] of [
			["'https://store.example.com/store/customers'", `${merchant.url}/customers`],
			["'https://store.example.com/store/notifications'", `${merchant.url}/notifications`],
		]) {
			if (!code.parameters.jsCode.includes(placeholder))
				throw new Error(`Physical Rewards no longer holds ${placeholder}`);
			code.parameters.jsCode = code.parameters.jsCode.replace(placeholder, JSON.stringify(local));
		}
		workflowId = (await n8n.createWorkflow(bindCredentials(template, state.credentials))).id;
		await n8n.publish(workflowId);
		const trigger = template.nodes.find((n) => n.name === 'Points Redeemed') as unknown as {
			webhookId: string;
		};
		hookUrl = n8n.webhookUrl(`${trigger.webhookId}/webhook`);
	});

	afterAll(async () => {
		await n8n.unpublish(workflowId).catch(() => undefined);
		await merchant.close();
	});

	beforeEach(async () => {
		await sandbox.reset();
		merchant.notifications.length = 0;
		merchant.addressLookups.length = 0;
		await sandbox.influenceio.setPoints('ada@example.com', 10_000);
	});

	/** Influence.io sends points/redeemed for Ada's redemption under `ruleId` (a physical rule the sandbox does not model). */
	async function redeemPhysical(
		ruleId: string,
		beforeDelivery?: (redemptionId: string) => Promise<void>,
	) {
		// A real redemption (points spent, ledger entry), then the webhook as Influence.io would send it for that rule.
		const { payload } = await sandbox.influenceio.redeem({
			customer: 'ada@example.com',
			ruleId: 'rule-10-off',
		});
		const physical = { ...payload, ruleId, rewardType: 'product' };
		const balanceAfterRedeem = (await sandbox.influenceio.customer('1001')).pointBalance;
		await beforeDelivery?.(String(payload.id));
		const before = (await n8n.executions(workflowId)).length;
		const { deliveries } = await sandbox.influenceio.deliver({
			url: hookUrl,
			topic: 'points/redeemed',
			payload: physical,
			query: { token: SECRET },
		});
		expect(deliveries[0].status).toBe(200);
		const executions = await n8n.waitForExecutions(workflowId, before + 1, 120_000);
		return { payload: physical, balanceAfterRedeem, execution: executions[executions.length - 1] };
	}

	it('orders the mapped Kotis SKU with the store’s address when in stock', async () => {
		const { payload, balanceAfterRedeem, execution } = await redeemPhysical('rule-kotis-tshirt');
		expect(execution.status).toBe('success');
		expect(merchant.addressLookups).toEqual(['1001']);
		const orders = await sandbox.kotis.orders();
		expect(orders).toHaveLength(1);
		expect(orders[0].request).toMatchObject({
			email: 'ada@example.com',
			order_id: `influenceio-${payload.id}`,
			skus: [{ sku: '107529-1-M', quantity: '1' }],
			address: {
				name: 'Ada Lovelace',
				address1: '7 Analytical Way',
				city: 'Seattle',
				zip: '98102',
			},
		});
		expect(nodeOutput(execution, 'Create Kotis Order')[0]).toMatchObject({
			order_num: orders[0].order_num,
		});
		expect((await sandbox.influenceio.customer('1001')).pointBalance).toBe(balanceAfterRedeem);
		expect(merchant.notifications).toHaveLength(0);
		const rows = (await n8n.dataTableRows(state.dataTables.reward_orders)).filter(
			(r) => r.redemption_id === `influenceio-${payload.id}`,
		);
		expect(rows).toEqual([
			expect.objectContaining({
				status: 'ordered',
				order_num: orders[0].order_num,
				advocate_email: 'ada@example.com',
			}),
		]);
		expect(await ledgerEntry(`influenceio:${payload.id}`)).toMatchObject({
			state: 'decided',
			vendor_ref: orders[0].order_num,
		});
	});

	it('never orders a redemption another n8n process already claimed in the ledger', async () => {
		const { execution } = await redeemPhysical('rule-kotis-tshirt', async (id) => {
			await claimElsewhere(`influenceio:${id}`);
		});
		expect(execution.status).toBe('success');
		expect(nodeOutput(execution, 'Claim Redemption', 0)).toHaveLength(0);
		expect(nodeOutput(execution, 'Claim Redemption', 1)).toHaveLength(1);
		expect(await sandbox.kotis.orders()).toHaveLength(0);
	});

	it('out of stock: orders nothing, gives the points back with a reason and tells the customer why', async () => {
		await sandbox.kotis.setInventory([
			{ sku: '107529-1-M', physical_quantity: 0, available_quantity: 0 },
		]);
		const { payload, balanceAfterRedeem, execution } = await redeemPhysical('rule-kotis-tshirt');
		expect(execution.status).toBe('success');
		expect(await sandbox.kotis.orders()).toHaveLength(0);
		expect((await sandbox.influenceio.customer('1001')).pointBalance).toBe(
			balanceAfterRedeem + payload.points,
		);
		const award = (
			await sandbox.calls({
				vendor: 'influenceio',
				method: 'POST',
				path: '/v1/customers/1001/points',
			})
		)[0];
		expect(award.body).toMatchObject({
			points: payload.points,
			reason: `Points returned: Kotis T-shirt could not be shipped (insufficient_stock), redemption ${payload.id}`,
		});
		expect(merchant.notifications).toHaveLength(1);
		expect(merchant.notifications[0].body).toEqual({
			to: 'ada@example.com',
			subject: 'About your Kotis T-shirt',
			text: `Sorry, Kotis T-shirt in size M is out of stock right now. Your ${payload.points} points have been returned to your account.`,
			redemptionId: payload.id,
		});
	});

	it('an unknown SKU also gives the points back', async () => {
		await sandbox.kotis.setInventory([
			{ sku: '107529-1-M', physical_quantity: 5, available_quantity: 5 },
		]);
		const { payload, balanceAfterRedeem, execution } = await redeemPhysical('rule-kotis-mug');
		expect(execution.status).toBe('success');
		expect(await sandbox.kotis.orders()).toHaveLength(0);
		expect((await sandbox.influenceio.customer('1001')).pointBalance).toBe(
			balanceAfterRedeem + payload.points,
		);
		expect(merchant.notifications[0].body.text).toBe(
			`Sorry, Kotis Tote Bag cannot be shipped right now. Your ${payload.points} points have been returned to your account.`,
		);
	});

	it('leaves coupon rewards to the coupon template', async () => {
		const { execution } = await redeemPhysical('rule-20-pct');
		expect(execution.status).toBe('success');
		expect(nodeOutput(execution, 'Physical Rewards')).toHaveLength(0);
		expect(merchant.addressLookups).toHaveLength(0);
		expect(await sandbox.calls({ vendor: 'kotis' })).toHaveLength(0);
	});
});
