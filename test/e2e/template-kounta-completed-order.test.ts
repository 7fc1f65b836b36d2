import { claimElsewhere, ledgerEntry } from './ledger-helpers';
import { e2e } from './state';
import { publishTemplate } from './workflows';

const { state, n8n, sandbox } = e2e();
const TEMPLATE = 'kounta-completed-order-to-influenceio.json';
const ADA = 'ada@example.com';

/**
 * Template (b) in real n8n: publishing registers the Kounta Trigger's `orders/completed` webhook
 * in the sandbox; completing a sale there delivers the signed webhook, as Kounta does.
 * Influence.io seed: Ada (ada@example.com, external id 1001) has 1500 points; 1 point per currency unit.
 */
describe('template: Kounta sale completed → Influence.io order', () => {
	let workflowId: string;
	const registered = async () =>
		(await sandbox.kounta.state()).webhooks.filter((w) => w.topic === 'orders/completed');

	beforeAll(async () => {
		await sandbox.reset();
		workflowId = (await publishTemplate(n8n, state.credentials, TEMPLATE)).id;
	});

	afterAll(async () => {
		await n8n.unpublish(workflowId).catch(() => undefined);
	});

	/** A till sale (two lattes), completed: Kounta delivers `orders/completed` to the registered webhook. */
	async function completedSale(withCustomer = true) {
		const before = (await n8n.executions(workflowId)).length;
		const known = (await sandbox.kounta.state()).customers.find((c) =>
			c.email_addresses.includes(ADA),
		);
		const customer = withCustomer
			? (known ??
				(await sandbox.kounta.createCustomer({
					first_name: 'Ada',
					last_name: 'Lovelace',
					email: ADA,
				})))
			: undefined;
		const order = await sandbox.kounta.createOrder({
			customer_id: customer?.id,
			lines: [{ product_id: 1002, quantity: 2 }],
		});
		const { order: completed, deliveries } = await sandbox.kounta.completeOrder(order.id);
		expect(deliveries.map((d) => d.status)).toEqual([200]);
		const executions = await n8n.waitForExecutions(workflowId, before + 1);
		return { order: completed, customer, execution: executions[executions.length - 1] };
	}

	const influenceOrders = async (id: number) =>
		(await sandbox.influenceio.orders()).filter((o) => o.id === `kounta-${id}`);

	it('publishing registers the webhook in Kounta', async () => {
		const [hook] = await registered();
		expect(hook.address).toContain('/webhook');
		expect(Object.keys(hook.headers)).toEqual(
			expect.arrayContaining([expect.stringMatching(/^x-/i)]),
		);
	});

	it('a completed sale becomes a paid Influence.io order once, also when Kounta delivers it again', async () => {
		const balance = async () =>
			(await sandbox.influenceio.customer('ada@example.com')).pointBalance;
		const start = await balance();
		const { order, execution } = await completedSale();
		expect(execution.status).toBe('success');
		const [created] = await influenceOrders(order.id);
		expect(created).toMatchObject({ financialStatus: 'paid', total: order.total });
		expect(await balance()).toBe(start + Math.floor(order.total));
		expect(await ledgerEntry(`kounta-order:${order.id}`)).toMatchObject({
			state: 'decided',
			vendor_ref: `kounta-${order.id}`,
			detail: 'points earned',
		});

		// Kounta sends the same order again (same secret header, signed): dropped, nothing earned twice.
		const [hook] = await registered();
		const before = (await n8n.executions(workflowId)).length;
		const { deliveries } = await sandbox.kounta.deliver({
			url: hook.address,
			orderId: order.id,
			topic: 'orders/completed',
			headers: hook.headers,
			copies: 2,
			concurrent: true,
		});
		expect(deliveries.map((d) => d.status)).toEqual([200, 200]);
		await new Promise((r) => setTimeout(r, 1500));
		expect((await n8n.executions(workflowId)).length).toBe(before);
		expect(await influenceOrders(order.id)).toHaveLength(1);
		expect(await balance()).toBe(start + Math.floor(order.total));
	});

	it('a customer Influence.io does not know yet is created first and earns on the sale', async () => {
		const zed = await sandbox.kounta.createCustomer({
			first_name: 'Zed',
			last_name: 'Shaw',
			email: 'zed@example.com',
		});
		await expect(sandbox.influenceio.customer('zed@example.com')).rejects.toThrow(/404/);
		const before = (await n8n.executions(workflowId)).length;
		const order = await sandbox.kounta.createOrder({
			customer_id: zed.id,
			lines: [{ product_id: 1002, quantity: 2 }],
		});
		await sandbox.kounta.completeOrder(order.id);
		const executions = await n8n.waitForExecutions(workflowId, before + 1);
		expect(executions[executions.length - 1].status).toBe('success');
		const created = await sandbox.influenceio.customer('zed@example.com');
		expect(created).toMatchObject({
			externalId: `kounta-${zed.id}`,
			firstName: 'Zed',
			lastName: 'Shaw',
		});
		const [earned] = await influenceOrders(order.id);
		expect(earned).toMatchObject({ financialStatus: 'paid', customerId: `kounta-${zed.id}` });
		expect(created.pointBalance).toBe(Math.floor(order.total));
	});

	it('a sale without a customer earns nothing', async () => {
		const { order, execution } = await completedSale(false);
		expect(execution.status).toBe('success');
		expect(await influenceOrders(order.id)).toEqual([]);
		expect(await ledgerEntry(`kounta-order:${order.id}`)).toBeUndefined();
	});

	it('a sale another n8n process already claimed earns nothing here', async () => {
		const balance = async () =>
			(await sandbox.influenceio.customer('ada@example.com')).pointBalance;
		const start = await balance();
		const known = (await sandbox.kounta.state()).customers.find((c) =>
			c.email_addresses.includes(ADA),
		);
		const order = await sandbox.kounta.createOrder({
			customer_id: known?.id,
			lines: [{ product_id: 1002, quantity: 1 }],
		});
		await claimElsewhere(`kounta-order:${order.id}`);
		const before = (await n8n.executions(workflowId)).length;
		await sandbox.kounta.completeOrder(order.id);
		const executions = await n8n.waitForExecutions(workflowId, before + 1);
		expect(executions[executions.length - 1].status).toBe('success');
		expect(await influenceOrders(order.id)).toEqual([]);
		expect(await balance()).toBe(start);
	});

	it('a delivery without the secret header, or with a bad signature, gets 401 and starts nothing', async () => {
		const [hook] = await registered();
		const order = await sandbox.kounta.createOrder({ lines: [{ product_id: 1002, quantity: 1 }] });
		const before = (await n8n.executions(workflowId)).length;
		const unsigned = await sandbox.kounta.deliver({
			url: hook.address,
			orderId: order.id,
			topic: 'orders/completed',
		});
		const forged = await sandbox.kounta.deliver({
			url: hook.address,
			orderId: order.id,
			topic: 'orders/completed',
			headers: hook.headers,
			sign: 'not-the-signature-token',
		});
		expect([unsigned.deliveries[0].status, forged.deliveries[0].status]).toEqual([401, 401]);
		await new Promise((r) => setTimeout(r, 1500));
		expect((await n8n.executions(workflowId)).length).toBe(before);
	});
});
