import { randomUUID } from 'node:crypto';

import axios from 'axios';

import { nodeOutput, type Execution } from '../../scripts/lib/n8n-api';
import { INFLUENCEIO_WEBHOOK_SECRET } from '../../scripts/lib/stack';
import { e2e } from './state';
import { PKG, toNode, webhookChain } from './workflows';

const { state, n8n, sandbox } = e2e();
const API = '/influenceio/v1';

/** Execution data as text: neither the API key nor the webhook secret may appear in it. */
function assertNoSecrets(executions: Execution[]) {
	const text = JSON.stringify(executions);
	for (const secret of state.secrets) expect(text).not.toContain(secret);
}

const created: string[] = [];

interface Operation {
	id: string;
	/** Posts `body` to the workflow's webhook and returns the new execution (oldest first order kept). */
	run(
		body: unknown,
	): Promise<{ status: number; execution: Execution; output: Array<Record<string, unknown>> }>;
}

/**
 * Webhook → (Split Out `body.<splitField>` into items) → one Influence.io node. Every operation runs
 * in real n8n from the packed package, against the Influence.io stand-in.
 */
async function operation(
	path: string,
	parameters: Record<string, unknown>,
	splitField?: string,
): Promise<Operation> {
	const steps = [
		...(splitField
			? [
					{
						name: 'Split',
						type: 'n8n-nodes-base.splitOut',
						parameters: { fieldToSplitOut: `body.${splitField}`, options: {} },
					},
				]
			: []),
		{
			name: 'Influence.io',
			type: `${PKG}.influenceIo`,
			credentials: ['influenceIoApi'],
			parameters,
		},
	];
	const { id } = await n8n.createWorkflow(
		webhookChain(`e2e Influence.io ${path}`, path, steps, state.credentials),
	);
	await n8n.publish(id);
	created.push(id);
	return {
		id,
		run: async (body) => {
			const before = (await n8n.executions(id)).length;
			const reply = await axios.post(n8n.webhookUrl(path), body, {
				validateStatus: () => true,
				timeout: 120_000,
			});
			const executions = await n8n.waitForExecutions(id, before + 1, 120_000);
			const execution = executions[executions.length - 1];
			return { status: reply.status, execution, output: nodeOutput(execution, 'Influence.io') };
		},
	};
}

const errorOf = (execution: Execution) => {
	const error = execution.data?.resultData.error;
	return `${error?.message ?? ''} ${error?.description ?? ''}`;
};

afterAll(async () => {
	for (const id of created) await n8n.unpublish(id).catch(() => undefined);
});

describe('Influence.io credential inside n8n', () => {
	it('passes with the sandbox key', async () => {
		await expect(n8n.testCredential(state.credentials.influenceIoApi.id)).resolves.toMatchObject({
			status: 'OK',
		});
	});

	it('fails with a wrong key, without echoing it', async () => {
		const wrongKey = 'definitely-not-the-influenceio-key';
		const credential = await n8n.createCredential('Influence.io (wrong key)', 'influenceIoApi', {
			apiKey: wrongKey,
			baseUrl: `${state.sandboxUrl}/influenceio`,
		});
		const result = await n8n.testCredential(credential.id);
		expect(result.status).toBe('Error');
		expect(result.message).not.toContain(wrongKey);
		const calls = await sandbox.calls({
			vendor: 'influenceio',
			path: `${API}/customers`,
			method: 'GET',
		});
		expect(calls.at(-1)?.status).toBe(403);

		// A node using it fails pointing at the key, not at a missing permission, and sends nothing twice.
		const { id } = await n8n.createWorkflow(
			webhookChain(
				'e2e Influence.io wrong key',
				'iio-wrong-key',
				[
					{
						name: 'Influence.io',
						type: `${PKG}.influenceIo`,
						credentials: ['influenceIoApi'],
						parameters: { resource: 'customer', operation: 'get', customerId: '1001' },
					},
				],
				{ ...state.credentials, influenceIoApi: credential },
			),
		);
		await n8n.publish(id);
		created.push(id);
		await sandbox.clearCalls();
		const reply = await axios.post(
			n8n.webhookUrl('iio-wrong-key'),
			{},
			{ validateStatus: () => true },
		);
		expect(reply.status).toBe(500);
		const [execution] = await n8n.waitForExecutions(id, 1);
		expect(execution.status).toBe('error');
		expect(execution.data?.resultData.error?.message).toBe(
			"Influence.io rejected the credentials (HTTP 403). Check the API key in the 'Influence.io API' credential.",
		);
		expect(JSON.stringify(execution)).not.toContain(wrongKey);
		expect((await sandbox.calls({ vendor: 'influenceio' })).map((c) => c.status)).toEqual([403]);
	});
});

describe('Influence.io node in a real n8n', () => {
	beforeEach(async () => {
		await sandbox.reset();
	});

	it('upserts many customers with bounded concurrency through the 10 req/s limit: none lost, none doubled', async () => {
		const op = await operation(
			'iio-upsert',
			{
				resource: 'customer',
				operation: 'upsert',
				customerId: '={{ $json.id }}',
				email: '={{ $json.email }}',
				additionalFields: { firstName: '={{ $json.firstName }}' },
				options: { concurrency: 5 },
			},
			'customers',
		);
		await sandbox.reset();
		const customers = Array.from({ length: 40 }, (_, n) => ({
			id: `e2e-${n + 1}`,
			email: `e2e-${n + 1}@example.com`,
			firstName: `Ann${n + 1}`,
		}));
		const { execution, output } = await op.run({ customers });
		expect(execution.status).toBe('success');
		// One output item per input item, in input order.
		expect(output.map((o) => o.customerId)).toEqual(customers.map((c) => c.id));
		expect(output.every((o) => o.upserted === true && typeof o.id === 'string')).toBe(true);

		const puts = (await sandbox.calls({ vendor: 'influenceio', method: 'PUT' })).filter((c) =>
			c.path.startsWith(`${API}/customers/`),
		);
		const ok = puts.filter((c) => c.status === 200);
		// Every customer written exactly once: 429s were waited out and re-sent, nothing else was.
		expect(ok.map((c) => c.path).sort()).toEqual(
			customers.map((c) => `${API}/customers/${c.id}`).sort(),
		);
		expect(puts.filter((c) => c.status !== 200 && c.status !== 429)).toEqual([]);
		expect(puts.some((c) => c.status === 429)).toBe(true);
		// Never more than `concurrency` requests in flight: each PUT's [arrival, arrival + duration] interval.
		const spans = puts.map((c) => ({
			start: Date.parse(c.at),
			end: Date.parse(c.at) + c.durationMs,
		}));
		const maxInFlight = Math.max(
			...spans.map((s) => spans.filter((o) => o.start <= s.start && o.end > s.start).length),
		);
		expect(maxInFlight).toBeLessThanOrEqual(5);

		for (const c of customers) {
			const stored = await sandbox.influenceio.customer(c.id);
			expect(stored).toMatchObject({ externalId: c.id, email: c.email, firstName: c.firstName });
		}
		expect((await sandbox.influenceio.customers()).total).toBe(25 + customers.length);
		assertNoSecrets([execution]);
	});

	it('gets one customer by your own id', async () => {
		const op = await operation('iio-get', {
			resource: 'customer',
			operation: 'get',
			customerId: '={{ $json.body.id }}',
		});
		const { execution, output } = await op.run({ id: '1001' });
		expect(execution.status).toBe('success');
		const expected = await sandbox.influenceio.customer('1001');
		expect(output).toEqual([
			expect.objectContaining({
				id: expected.id,
				externalId: '1001',
				email: expected.email,
				pointBalance: expected.pointBalance,
			}),
		]);

		const missing = await op.run({ id: 'nobody-here' });
		expect(missing.execution.status).toBe('error');
		expect(errorOf(missing.execution)).toMatch(/Customer not found/);
	});

	it('gets many customers across cursor pages (returnAll), with a point-balance filter, and a limit', async () => {
		const all = await operation('iio-list-all', {
			resource: 'customer',
			operation: 'getAll',
			returnAll: true,
			filters: {},
			options: {},
		});
		const rich = await operation('iio-list-rich', {
			resource: 'customer',
			operation: 'getAll',
			returnAll: true,
			filters: { minPointBalance: 1000 },
			options: {},
		});
		const limited = await operation('iio-list-limit', {
			resource: 'customer',
			operation: 'getAll',
			returnAll: false,
			limit: 7,
			filters: {},
			options: {},
		});
		await sandbox.reset();
		await sandbox.influenceio.seedCustomers({ count: 70, prefix: 'rich-', pointBalance: 1200 });
		await sandbox.influenceio.seedCustomers({ count: 60, prefix: 'poor-', pointBalance: 10 });
		const everyone = (await sandbox.influenceio.customers()).customers;

		const first = await all.run({});
		expect(first.execution.status).toBe('success');
		expect(first.output.map((c) => c.externalId)).toEqual(everyone.map((c) => c.externalId));
		const pages = await sandbox.calls({
			vendor: 'influenceio',
			path: `${API}/customers`,
			method: 'GET',
		});
		expect(pages.length).toBe(Math.ceil(everyone.length / 50));
		// Follow-up pages carry the cursor alone (D4: other parameters are ignored with a cursor).
		expect(pages.slice(1).every((p) => Object.keys(p.query).join() === 'cursor')).toBe(true);

		await sandbox.clearCalls();
		const filtered = await rich.run({});
		expect(filtered.execution.status).toBe('success');
		const expected = everyone.filter((c) => c.pointBalance >= 1000).map((c) => c.externalId);
		expect(expected.length).toBeGreaterThan(50);
		expect(filtered.output.map((c) => c.externalId)).toEqual(expected);
		const filteredPages = await sandbox.calls({
			vendor: 'influenceio',
			path: `${API}/customers`,
			method: 'GET',
		});
		expect(filteredPages[0].query).toEqual({ pointBalanceMin: '1000' });
		expect(filteredPages.length).toBe(2);

		const few = await limited.run({});
		expect(few.output.map((c) => c.externalId)).toEqual(
			everyone.slice(0, 7).map((c) => c.externalId),
		);
	});

	it('awards and deducts points (ledger checked); an overdraft fails naming Points and changes nothing', async () => {
		const award = await operation('iio-award', {
			resource: 'customer',
			operation: 'awardPoints',
			customerId: '={{ $json.body.id }}',
			points: '={{ $json.body.points }}',
			additionalFields: { reason: 'e2e goodwill' },
			options: {},
		});
		const deduct = await operation('iio-deduct', {
			resource: 'customer',
			operation: 'deductPoints',
			customerId: '={{ $json.body.id }}',
			points: '={{ $json.body.points }}',
			reason: 'e2e correction',
			options: {},
		});
		await sandbox.reset();
		const start = (await sandbox.influenceio.customer('1003')).pointBalance;

		const awarded = await award.run({ id: '1003', points: 250 });
		expect(awarded.execution.status).toBe('success');
		expect(awarded.output[0]).toMatchObject({ customerId: '1003', awarded: true });
		const deducted = await deduct.run({ id: '1003', points: 100 });
		expect(deducted.execution.status).toBe('success');
		expect(deducted.output[0]).toMatchObject({ customerId: '1003', deducted: true });

		expect((await sandbox.influenceio.customer('1003')).pointBalance).toBe(start + 150);
		const ledger = await sandbox.influenceio.ledger('1003');
		expect(ledger.map((e) => ({ delta: e.delta, source: e.source, reason: e.reason }))).toEqual([
			{ delta: 250, source: 'award', reason: 'e2e goodwill' },
			{ delta: -100, source: 'deduct', reason: 'e2e correction' },
		]);

		await sandbox.clearCalls();
		const overdraft = await deduct.run({ id: '1003', points: start + 1000 });
		expect(overdraft.execution.status).toBe('error');
		const message = overdraft.execution.data?.resultData.error?.message ?? '';
		expect(message).toMatch(/^Points/);
		expect(message).toContain(String(start + 1000));
		expect(errorOf(overdraft.execution)).toMatch(/Insufficient points/);
		expect((await sandbox.influenceio.customer('1003')).pointBalance).toBe(start + 150);
		expect(await sandbox.influenceio.ledger('1003')).toHaveLength(2);
		// A balance-changing POST is sent once, never retried.
		expect(await sandbox.calls({ vendor: 'influenceio', method: 'POST' })).toHaveLength(1);
		assertNoSecrets([awarded.execution, deducted.execution, overdraft.execution]);
	});

	it('enrolls a customer in a membership and removes them', async () => {
		const enroll = await operation('iio-enroll', {
			resource: 'customer',
			operation: 'enrollMembership',
			customerId: '={{ $json.body.id }}',
			membershipId: 'vip',
			options: {},
		});
		const remove = await operation('iio-remove', {
			resource: 'customer',
			operation: 'removeMembership',
			customerId: '={{ $json.body.id }}',
		});
		await sandbox.reset();

		const enrolled = await enroll.run({ id: '1002' });
		expect(enrolled.execution.status).toBe('success');
		expect(enrolled.output[0]).toMatchObject({ externalId: '1002', currentMembershipId: 'vip' });
		expect((await sandbox.influenceio.customer('1002')).currentMembershipId).toBe('vip');

		const removed = await remove.run({ id: '1002' });
		expect(removed.execution.status).toBe('success');
		expect(removed.output[0]).toMatchObject({ externalId: '1002', currentMembershipId: null });
		expect((await sandbox.influenceio.customer('1002')).currentMembershipId).toBeNull();
	});

	it('creates a paid order (points earned once, also when sent twice) and a refund deducts them once', async () => {
		const create = await operation('iio-order-create', {
			resource: 'order',
			operation: 'create',
			orderId: '={{ $json.body.orderId }}',
			financialStatus: 'paid',
			additionalFields: {
				customerId: '1003',
				totalPrice: 42.5,
				currency: 'USD',
				lineItems: '[{"productId": "p-1", "quantity": 1, "price": 42.5}]',
				discountCodes: '={{ $json.body.codes }}',
			},
			options: {},
		});
		const update = await operation('iio-order-update', {
			resource: 'order',
			operation: 'update',
			orderId: '={{ $json.body.orderId }}',
			financialStatus: '={{ $json.body.status }}',
			additionalFields: {},
			options: {},
		});
		await sandbox.reset();
		const start = (await sandbox.influenceio.customer('1003')).pointBalance;
		const orderLedger = async () =>
			(await sandbox.influenceio.ledger('1003')).filter((e) => e.ref === 'e2e-order-1');

		// A reward coupon used on the order (discountCodes) is marked used in Influence.io.
		const { coupon } = await sandbox.influenceio.redeem({
			customer: '1001',
			ruleId: 'rule-free-ship',
		});
		const first = await create.run({ orderId: 'e2e-order-1', codes: coupon.couponCode });
		expect(first.execution.status).toBe('success');
		expect(first.output[0]).toMatchObject({ orderId: 'e2e-order-1', created: true });
		expect((await sandbox.influenceio.coupon(coupon.couponCode)).couponCodeStatus).toBe('used');
		const again = await create.run({ orderId: 'e2e-order-1', codes: '' });
		expect(again.execution.status).toBe('success');
		const earned = await orderLedger();
		expect(earned.map((e) => e.delta)).toEqual([42]);
		expect((await sandbox.influenceio.customer('1003')).pointBalance).toBe(start + 42);
		const orders = await sandbox.influenceio.orders();
		expect(orders).toHaveLength(1);
		expect(orders[0]).toMatchObject({
			id: 'e2e-order-1',
			financialStatus: 'paid',
			total: 42.5,
			customerId: '1003',
			pointsAwarded: 42,
		});

		const refunded = await update.run({ orderId: 'e2e-order-1', status: 'refunded' });
		expect(refunded.execution.status).toBe('success');
		expect(refunded.output[0]).toMatchObject({ orderId: 'e2e-order-1', updated: true });
		const refundedAgain = await update.run({ orderId: 'e2e-order-1', status: 'refunded' });
		expect(refundedAgain.execution.status).toBe('success');
		expect((await orderLedger()).map((e) => e.delta)).toEqual([42, -42]);
		expect((await sandbox.influenceio.customer('1003')).pointBalance).toBe(start);

		const unknown = await update.run({ orderId: 'no-such-order', status: 'refunded' });
		expect(unknown.execution.status).toBe('error');
		expect(errorOf(unknown.execution)).toMatch(/Order not found/);
	});

	it('upserts a product, then its variants: variants missing from the list are deleted', async () => {
		const product = await operation('iio-product', {
			resource: 'product',
			operation: 'upsert',
			productId: 'e2e-shirt',
			title: 'E2E Shirt',
			additionalFields: { price: 25 },
			options: {},
		});
		const variants = await operation('iio-variants', {
			resource: 'product',
			operation: 'upsertVariants',
			productId: 'e2e-shirt',
			variants: '={{ JSON.stringify($json.body.variants) }}',
			options: {},
		});
		await sandbox.reset();

		const upserted = await product.run({});
		expect(upserted.execution.status).toBe('success');
		expect(upserted.output[0]).toMatchObject({ productId: 'e2e-shirt', upserted: true });

		const three = [
			{ id: 's', title: 'Small' },
			{ id: 'm', title: 'Medium' },
			{ id: 'l', title: 'Large' },
		];
		expect((await variants.run({ variants: three })).execution.status).toBe('success');
		let stored = (await sandbox.influenceio.products()).find((p) => p.id === 'e2e-shirt');
		expect(stored).toMatchObject({ title: 'E2E Shirt', price: 25 });
		expect(stored?.variants.map((v) => v.id)).toEqual(['s', 'm', 'l']);

		const two = await variants.run({ variants: [three[0], { id: 'l', title: 'Large (new)' }] });
		expect(two.execution.status).toBe('success');
		expect(two.output[0]).toMatchObject({
			productId: 'e2e-shirt',
			variantsSent: 2,
			upserted: true,
		});
		stored = (await sandbox.influenceio.products()).find((p) => p.id === 'e2e-shirt');
		expect(stored?.variants.map((v) => [v.id, v.title])).toEqual([
			['s', 'Small'],
			['l', 'Large (new)'],
		]);
	});

	it('marks a reward coupon used; using it again fails clearly', async () => {
		const op = await operation('iio-coupon', {
			resource: 'reward',
			operation: 'markCouponUsed',
			couponCode: '={{ $json.body.code }}',
		});
		await sandbox.reset();
		const { coupon } = await sandbox.influenceio.redeem({
			customer: '1001',
			ruleId: 'rule-10-off',
		});
		expect(coupon.couponCodeStatus).toBe('unused');

		const used = await op.run({ code: coupon.couponCode });
		expect(used.execution.status).toBe('success');
		expect(used.output[0]).toMatchObject({ couponCode: coupon.couponCode, used: true });
		expect((await sandbox.influenceio.coupon(coupon.couponCode)).couponCodeStatus).toBe('used');

		const reused = await op.run({ code: coupon.couponCode });
		expect(reused.execution.status).toBe('error');
		expect(errorOf(reused.execution)).toMatch(/already been used/);
	});

	it('creates, lists and deletes webhook subscriptions', async () => {
		const create = await operation('iio-hook-create', {
			resource: 'webhook',
			operation: 'create',
			topic: 'points/earned',
			url: '={{ $json.body.url }}',
			options: {},
		});
		const list = await operation('iio-hook-list', {
			resource: 'webhook',
			operation: 'getAll',
			returnAll: true,
			options: {},
		});
		const remove = await operation('iio-hook-delete', {
			resource: 'webhook',
			operation: 'delete',
			webhookId: '={{ $json.body.id }}',
			options: {},
		});
		await sandbox.reset();

		const made = await create.run({ url: 'https://shop.example.com/hooks/influenceio' });
		expect(made.execution.status).toBe('success');
		expect(made.output[0]).toMatchObject({
			id: expect.any(String),
			topic: 'points/earned',
			url: 'https://shop.example.com/hooks/influenceio',
		});
		const id = String(made.output[0].id);
		expect(await sandbox.influenceio.webhooks()).toEqual([
			expect.objectContaining({
				id,
				topic: 'points/earned',
				url: 'https://shop.example.com/hooks/influenceio',
			}),
		]);

		const listed = await list.run({});
		expect(listed.output).toEqual([expect.objectContaining({ id, topic: 'points/earned' })]);

		const deleted = await remove.run({ id });
		expect(deleted.execution.status).toBe('success');
		expect(deleted.output[0]).toMatchObject({ deleted: true, id });
		expect(await sandbox.influenceio.webhooks()).toEqual([]);

		const again = await remove.run({ id });
		expect(again.execution.status).toBe('error');
		expect(errorOf(again.execution)).toMatch(/Webhook not found/);
	});
});

describe('Influence.io Trigger in a real n8n (auto-registered webhook)', () => {
	let workflowId: string;
	let nodeUrl: string;

	beforeAll(async () => {
		await sandbox.reset();
		const webhookId = randomUUID();
		const trigger = {
			...toNode(
				{
					name: 'Points Redeemed',
					type: `${PKG}.influenceIoTrigger`,
					credentials: ['influenceIoApi'],
					parameters: { register: true, topics: ['points/redeemed'], options: {} },
				},
				0,
				state.credentials,
			),
			webhookId,
		};
		const noop = toNode(
			{ name: 'Received', type: 'n8n-nodes-base.noOp', parameters: {} },
			1,
			state.credentials,
		);
		workflowId = (
			await n8n.createWorkflow({
				name: 'e2e Influence.io trigger',
				nodes: [trigger, noop],
				connections: {
					'Points Redeemed': { main: [[{ node: 'Received', type: 'main', index: 0 }]] },
				},
				settings: { executionOrder: 'v1' },
			})
		).id;
		created.push(workflowId);
		await n8n.publish(workflowId);
		nodeUrl = n8n.webhookUrl(`${webhookId}/webhook`);
	});

	it('registers one points/redeemed webhook in Influence.io, with the secret in the URL', async () => {
		const hooks = await sandbox.influenceio.webhooks();
		expect(hooks).toHaveLength(1);
		expect(hooks[0].topic).toBe('points/redeemed');
		const registered = new URL(hooks[0].url);
		expect(`${registered.origin}${registered.pathname}`).toBe(nodeUrl);
		expect(registered.searchParams.get('token')).toBe(INFLUENCEIO_WEBHOOK_SECRET);
	});

	it('a redemption in Influence.io starts one execution with the validated payload; a repeat starts none', async () => {
		const { payload } = await sandbox.influenceio.redeem({
			customer: '1001',
			ruleId: 'rule-10-off',
		});
		const [execution] = await n8n.waitForExecutions(workflowId, 1, 60_000);
		expect(execution.status).toBe('success');
		const [hook] = await sandbox.influenceio.webhooks();
		const [item] = nodeOutput(execution, 'Received');
		expect(item).toMatchObject({
			id: payload.id,
			couponCode: payload.couponCode,
			points: 500,
			ruleId: 'rule-10-off',
			rewardType: payload.rewardType,
			topic: 'points/redeemed',
			webhookId: hook.id,
			customer: expect.objectContaining({ externalId: '1001', email: 'ada@example.com' }),
		});
		const deliveries = await sandbox.influenceio.deliveries();
		expect(deliveries.map((d) => [d.topic, d.status])).toEqual([['points/redeemed', 200]]);
		expect(deliveries[0].body).toEqual({ received: true });

		// Influence.io sends the same event again (same X-Webhook-Id, same payload id).
		const repeat = await sandbox.influenceio.deliver({
			url: hook.url,
			topic: 'points/redeemed',
			payload,
			webhookId: deliveries[0].webhookIdHeader,
		});
		expect(repeat.deliveries.map((d) => d.status)).toEqual([200]);
		expect(repeat.deliveries[0].body).toMatchObject({ duplicate: true });
		await new Promise((r) => setTimeout(r, 2000));
		expect(await n8n.executions(workflowId)).toHaveLength(1);
		assertNoSecrets([execution]);
	});

	it('answers a wrong token 401 and a malformed body 400, starting nothing', async () => {
		const { payload } = await sandbox.influenceio.redeem({
			customer: '1002',
			ruleId: 'rule-free-ship',
		});
		await n8n.waitForExecutions(workflowId, 2, 60_000);
		const wrong = await sandbox.influenceio.deliver({
			url: nodeUrl,
			topic: 'points/redeemed',
			payload: { ...payload, id: 'fresh-1' },
			query: { token: 'wrong-token' },
		});
		expect(wrong.deliveries[0].status).toBe(401);
		expect(wrong.deliveries[0].body).toMatchObject({ error: 'unauthorized' });
		const [hook] = await sandbox.influenceio.webhooks();
		const { couponCode: _dropped, ...withoutCoupon } = payload;
		const malformed = await sandbox.influenceio.deliver({
			url: hook.url,
			topic: 'points/redeemed',
			payload: { ...withoutCoupon, id: 'fresh-2' },
		});
		expect(malformed.deliveries[0].status).toBe(400);
		expect(malformed.deliveries[0].body).toMatchObject({
			error: 'invalid_payload',
			reason: expect.stringContaining('couponCode'),
		});
		const notJson = await axios.post(hook.url, 'not json', {
			headers: {
				'Content-Type': 'application/json',
				'X-Webhook-Topic': 'points/redeemed',
				'X-Webhook-Id': 'x',
			},
			validateStatus: () => true,
		});
		expect(notJson.status).toBeGreaterThanOrEqual(400);
		expect(notJson.status).toBeLessThan(500);
		await new Promise((r) => setTimeout(r, 2000));
		expect(await n8n.executions(workflowId)).toHaveLength(2);
	});

	it('deletes its Influence.io webhook when unpublished', async () => {
		await n8n.unpublish(workflowId);
		const deadline = Date.now() + 30_000;
		while ((await sandbox.influenceio.webhooks()).length > 0 && Date.now() < deadline)
			await new Promise((r) => setTimeout(r, 250));
		expect(await sandbox.influenceio.webhooks()).toEqual([]);
		const deletes = await sandbox.calls({ vendor: 'influenceio', method: 'DELETE' });
		expect(deletes.map((c) => c.status)).toEqual([200]);
	});
});
