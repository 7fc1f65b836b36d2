import axios from 'axios';

import { nodeOutput } from '../../scripts/lib/n8n-api';
import { TEMPLATE_WEBHOOK_HEADER, TEMPLATE_WEBHOOK_VALUE } from '../../scripts/lib/stack';
import { e2e } from './state';
import { publishTemplate } from './workflows';

const { state, n8n, sandbox } = e2e();
const auth = { [TEMPLATE_WEBHOOK_HEADER]: TEMPLATE_WEBHOOK_VALUE };

describe('template: store order events → Influence.io orders (points earned and taken back)', () => {
	let workflowId: string;
	let hookUrl: string;

	beforeAll(async () => {
		const published = await publishTemplate(
			n8n,
			state.credentials,
			'influenceio-store-orders-to-points.json',
		);
		workflowId = published.id;
		hookUrl = n8n.webhookUrl(published.webhookPath('Store Order Event'));
	});

	afterAll(async () => {
		await n8n.unpublish(workflowId).catch(() => undefined);
	});

	beforeEach(async () => {
		await sandbox.reset();
	});

	const order = (id: string, total: number) => ({
		id,
		customer: { id: '1001', email: 'ada@example.com' },
		total,
		currency: 'USD',
		line_items: [{ productId: 'p-1', quantity: 2, price: total / 2 }],
	});

	/** Sends `events` (at once when `concurrent`), waits for their executions, returns the replies and executions. */
	async function send(events: unknown[], concurrent = false) {
		const before = (await n8n.executions(workflowId)).length;
		const post = (body: unknown) =>
			axios.post(hookUrl, body, { headers: auth, validateStatus: () => true });
		const replies = concurrent ? await Promise.all(events.map(post)) : [];
		// One after another means a redelivery after the first run finished (the 202 comes before the run ends).
		if (!concurrent) {
			for (const [i, event] of events.entries()) {
				replies.push(await post(event));
				await n8n.waitForExecutions(workflowId, before + i + 1, 120_000);
			}
		}
		const executions = (
			await n8n.waitForExecutions(workflowId, before + events.length, 120_000)
		).slice(before);
		return { replies, executions };
	}

	const balance = async () => (await sandbox.influenceio.customer('1001')).pointBalance;
	const orderPosts = () =>
		sandbox.calls({ vendor: 'influenceio', method: 'POST', path: '/v1/orders' });

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
			const reply = await axios.post(url, order('auth-1', 40), {
				headers: 'params' in headers ? {} : headers,
				validateStatus: () => true,
			});
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
	it('paid: creates the order and the customer earns its points', async () => {
		const start = await balance();
		const { replies, executions } = await send([
			{ event: 'order.paid', order: order('5001', 120.5) },
		]);
		expect(replies[0].status).toBe(202);
		expect(replies[0].data).toEqual({ received: true, orderId: '5001', status: 'paid' });
		expect(executions[0].status).toBe('success');
		const [stored] = await sandbox.influenceio.orders();
		expect(stored).toMatchObject({
			id: '5001',
			customerId: '1001',
			financialStatus: 'paid',
			total: 120.5,
			currency: 'USD',
		});
		expect(stored.lineItems).toEqual([{ productId: 'p-1', quantity: 2, price: 60.25 }]);
		expect(stored.pointsAwarded).toBeGreaterThan(0);
		expect(await balance()).toBe(start + stored.pointsAwarded);
		// The order did not exist: PATCH said "Order not found", then one POST.
		expect(nodeOutput(executions[0], 'Create Order')).toHaveLength(1);
		expect((await orderPosts()).map((c) => c.status)).toEqual([201]);
	});

	it('the same paid order sent twice earns once and is created once', async () => {
		const start = await balance();
		await send([
			{ event: 'order.paid', order: order('5002', 80) },
			{ event: 'order.paid', order: order('5002', 80) },
		]);
		const [stored] = await sandbox.influenceio.orders();
		expect(await balance()).toBe(start + stored.pointsAwarded);
		expect(stored.pointsAwarded).toBeGreaterThan(0);
		expect(await orderPosts()).toHaveLength(1);
		const ledger = (await sandbox.influenceio.ledger('1001')).filter((e) => e.source === 'order');
		expect(ledger).toHaveLength(1);
	});

	it('the same paid order sent twice at the same moment still earns once', async () => {
		const start = await balance();
		const { executions } = await send(
			[
				{ event: 'order.paid', order: order('5003', 50) },
				{ event: 'order.paid', order: order('5003', 50) },
			],
			true,
		);
		expect(executions.map((e) => e.status)).toEqual(['success', 'success']);
		const orders = await sandbox.influenceio.orders();
		expect(orders).toHaveLength(1);
		expect(await balance()).toBe(start + orders[0].pointsAwarded);
	});

	it('refunded: the points are taken back, once', async () => {
		const start = await balance();
		await send([{ event: 'order.paid', order: order('5004', 200) }]);
		const earned = (await balance()) - start;
		expect(earned).toBeGreaterThan(0);
		const { replies, executions } = await send([
			{ event: 'order.refunded', order: { id: '5004' } },
			{ event: 'order.refunded', order: { id: '5004' } },
		]);
		expect(replies.map((r) => r.status)).toEqual([202, 202]);
		expect(executions.map((e) => e.status)).toEqual(['success', 'success']);
		expect(await balance()).toBe(start);
		const [stored] = await sandbox.influenceio.orders();
		expect(stored.financialStatus).toBe('refunded');
	});

	it('a refund of an order Influence.io never saw fails visibly with the order ID', async () => {
		const { replies, executions } = await send([
			{ event: 'order.refunded', order: { id: 'never-sent' } },
		]);
		expect(replies[0].status).toBe(202);
		expect(executions[0].status).toBe('error');
		expect(executions[0].data?.resultData.lastNodeExecuted).toBe('Mark Refunded');
		expect(executions[0].data?.resultData.error?.message).toMatch(/Order not found/);
	});

	it('answers 400 with the reason for a malformed event and calls nothing', async () => {
		const { replies } = await send([
			{ event: 'order.shipped', order: { id: '1' } },
			{ event: 'order.paid', order: { id: '5005', customer: { id: '1001' }, total: 'ten' } },
		]);
		expect(replies.map((r) => r.status)).toEqual([400, 400]);
		expect(replies[0].data).toEqual({
			error: 'invalid_order_event',
			reason: 'event: expected order.paid or order.refunded',
		});
		expect(replies[1].data.reason).toBe('order.total: expected a number >= 0');
		expect(await sandbox.calls({ vendor: 'influenceio' })).toHaveLength(0);
	});
});
