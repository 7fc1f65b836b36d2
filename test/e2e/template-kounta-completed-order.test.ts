import { e2e } from './state';
import { publishTemplate } from './workflows';

const { state, n8n, sandbox } = e2e();
const TEMPLATE = 'kounta-completed-order-to-influenceio.json';
const TABLE = 'reward_orders';
/**
 * The stack has one Header Auth credential (the store stand-in's, `Authorization: Bearer
 * store-test-token`); bound by type, it is the header the Kounta webhook must carry here.
 */
const WEBHOOK_HEADERS = { Authorization: 'Bearer store-test-token' };

/**
 * Template (b) in real n8n: the sandbox completes a Kounta sale and delivers its signed
 * `orders/completed` webhook (payload = the order) to the template's Webhook node.
 * Influence.io seed: Ada (ada@example.com, external id 1001) has 1500 points; 1 point per currency unit.
 */
describe('template: Kounta sale completed → Influence.io order', () => {
	let workflowId: string;
	let hookUrl: string;
	const tableId = () => state.dataTables[TABLE];

	beforeAll(async () => {
		const published = await publishTemplate(n8n, state.credentials, TEMPLATE);
		workflowId = published.id;
		hookUrl = n8n.webhookUrl(published.webhookPath('Order Completed'));
	});

	afterAll(async () => {
		await n8n.unpublish(workflowId).catch(() => undefined);
	});

	beforeEach(async () => {
		await sandbox.reset();
		await n8n.clearDataTable(tableId());
	});

	/** A till sale for Ada (two lattes, 9.60), completed. */
	async function completedSale(withCustomer = true) {
		const customer = withCustomer ? await sandbox.kounta.createCustomer({ first_name: 'Ada', last_name: 'Lovelace', email: 'ada@example.com' }) : undefined;
		const order = await sandbox.kounta.createOrder({ customer_id: customer?.id, lines: [{ product_id: 1002, quantity: 2 }] });
		return (await sandbox.kounta.completeOrder(order.id)).order;
	}

	async function deliver(orderId: number, copies = 1, concurrent = false) {
		const before = (await n8n.executions(workflowId)).length;
		const { deliveries } = await sandbox.kounta.deliver({ url: hookUrl, orderId, topic: 'orders/completed', headers: WEBHOOK_HEADERS, copies, concurrent });
		expect(deliveries.map((d) => d.status)).toEqual(Array.from({ length: copies }, () => 200));
		return await n8n.waitForExecutions(workflowId, before + copies);
	}

	const influenceOrders = async (id: number) => (await sandbox.influenceio.orders()).filter((o) => o.id === `kounta-${id}`);
	const earned = async (id: number) => (await sandbox.influenceio.ledger('1001')).filter((e) => e.source === 'order' && e.ref === `kounta-${id}`);

	it('a completed sale becomes a paid Influence.io order and the customer earns its points', async () => {
		const order = await completedSale();
		expect(order.status).toBe('COMPLETE');
		const executions = await deliver(order.id);
		expect(executions[executions.length - 1].status).toBe('success');

		expect(await influenceOrders(order.id)).toEqual([
			expect.objectContaining({ customerId: '1001', financialStatus: 'paid', total: order.total }),
		]);
		expect(await earned(order.id)).toEqual([expect.objectContaining({ delta: Math.floor(order.total) })]);
		expect((await sandbox.influenceio.customer('1001')).pointBalance).toBe(1500 + Math.floor(order.total));
		expect(await n8n.dataTableRows(tableId())).toEqual([
			expect.objectContaining({ redemption_id: `kounta-order-${order.id}`, status: 'points_earned', advocate_email: 'ada@example.com' }),
		]);
	});

	it('the same order delivered again, and twice at once, earns once', async () => {
		const order = await completedSale();
		await deliver(order.id);
		await deliver(order.id);
		// The second delivery stopped at the reward_orders claim: Influence.io got one order create.
		expect(await sandbox.calls({ vendor: 'influenceio', path: '/v1/orders' })).toHaveLength(1);
		// Two at the same moment may both pass the claim check; the Influence.io order id
		// kounta-<id> is the same for both, and Influence.io awards an order once.
		await deliver(order.id, 2, true);
		expect(await earned(order.id)).toHaveLength(1);
		expect(await influenceOrders(order.id)).toHaveLength(1);
		expect((await sandbox.influenceio.customer('1001')).pointBalance).toBe(1500 + Math.floor(order.total));
	});

	it('a sale without a customer earns nothing; a delivery without the header gets 403 and starts nothing', async () => {
		const guest = await completedSale(false);
		const executions = await deliver(guest.id);
		expect(executions[executions.length - 1].status).toBe('success');
		expect(await influenceOrders(guest.id)).toEqual([]);

		const before = (await n8n.executions(workflowId)).length;
		const { deliveries } = await sandbox.kounta.deliver({ url: hookUrl, orderId: guest.id, topic: 'orders/completed' });
		// n8n's Webhook node answers a missing or wrong Header Auth with 403.
		expect(deliveries[0].status).toBe(403);
		expect((await n8n.executions(workflowId)).length).toBe(before);
	});
});
