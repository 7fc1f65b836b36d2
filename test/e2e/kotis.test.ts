import axios from 'axios';

import { nodeOutput, type Execution } from '../../scripts/lib/n8n-api';
import { e2e } from './state';
import { PKG, toNode, webhookChain } from './workflows';

const { state, n8n, sandbox } = e2e();
const kotisCreds = state.credentials;

const orderFromRedemption = (path: string) =>
	webhookChain(
		`e2e Kotis order ${path}`,
		path,
		[
			{
				name: 'Check Stock',
				type: `${PKG}.kotis`,
				credentials: ['kotisApi'],
				parameters: {
					resource: 'stock',
					operation: 'check',
					skuInput: 'baseAndSize',
					baseSku: '={{ $json.body.sku }}',
					size: '={{ $json.body.size }}',
					quantity: 1,
					options: { onUnavailable: 'error' },
				},
			},
			{
				name: 'Create Order',
				type: `${PKG}.kotis`,
				credentials: ['kotisApi'],
				parameters: {
					resource: 'order',
					operation: 'create',
					email: "={{ $('Webhook').item.json.body.email }}",
					lineItems: { item: [{ sku: '={{ $json.sku }}', quantity: 1 }] },
					name: "={{ $('Webhook').item.json.body.name }}",
					address1: "={{ $('Webhook').item.json.body.address1 }}",
					city: "={{ $('Webhook').item.json.body.city }}",
					state: "={{ $('Webhook').item.json.body.state }}",
					zip: "={{ $('Webhook').item.json.body.zip }}",
					shippingMethod: 'Economy',
					orderId: "={{ $('Webhook').item.json.body.redemption_id }}",
					additionalFields: {},
				},
			},
		],
		kotisCreds,
	);

const redemption = {
	redemption_id: 'r-1001',
	sku: '107529-1',
	size: 'S',
	email: 'ada@example.com',
	name: 'Ada Lovelace',
	address1: '12 Analytical Way',
	city: 'Seattle',
	state: 'WA',
	zip: '98102',
};

/** Execution data as text: the Kotis API key must never appear in it. */
function assertNoSecrets(executions: Execution[]) {
	const text = JSON.stringify(executions);
	for (const secret of state.secrets) expect(text).not.toContain(secret);
}

describe('Kotis nodes in a real n8n', () => {
	const created: string[] = [];

	beforeEach(async () => {
		await sandbox.reset();
	});

	afterAll(async () => {
		for (const id of created) await n8n.unpublish(id).catch(() => undefined);
	});

	async function deploy(workflow: ReturnType<typeof orderFromRedemption>) {
		const { id } = await n8n.createWorkflow(workflow);
		await n8n.publish(id);
		created.push(id);
		return id;
	}

	it('loads every node of the package under its package name', () => {
		expect(state.loadedNodeTypes).toEqual(
			expect.arrayContaining([
				`${PKG}.kotis`,
				`${PKG}.kotisTrigger`,
				`${PKG}.kotisTool`,
				`${PKG}.influitive`,
				`${PKG}.influitiveTool`,
				`${PKG}.influitiveTrigger`,
				`${PKG}.influitiveRedemptionTrigger`,
			]),
		);
	});

	it('checks stock and creates the order in the sandbox', async () => {
		const id = await deploy(orderFromRedemption('kotis-chain'));
		const reply = await axios.post(n8n.webhookUrl('kotis-chain'), redemption);
		expect(reply.status).toBe(200);
		expect(reply.data).toMatchObject({
			status: 'success',
			order_id: 'r-1001',
			order_num: expect.any(String),
		});

		const calls = await sandbox.calls({ vendor: 'kotis' });
		expect(calls.map((c) => `${c.method} ${c.path}`)).toEqual([
			'GET /kotis/kwf/api/v1/skus/quantity',
			'POST /kotis/kwf/api/v1/orders/create',
		]);
		const create = calls[1];
		expect(create.body).toEqual({
			email: 'ada@example.com',
			shipping_method: 'Economy',
			order_id: 'r-1001',
			skus: [{ sku: '107529-1-S', quantity: '1' }],
			address: {
				name: 'Ada Lovelace',
				attention: '',
				address1: '12 Analytical Way',
				address2: '',
				city: 'Seattle',
				state: 'WA',
				zip: '98102',
				country: '',
				phone: '',
				address_type: '',
			},
		});
		expect(create.headers.authorization).toMatch(/^sha256:/);
		expect(calls.every((c) => c.status === 200)).toBe(true);

		const orders = await sandbox.kotis.orders();
		expect(orders).toHaveLength(1);
		expect(orders[0].order_num).toBe(reply.data.order_num);

		const [execution] = await n8n.waitForExecutions(id, 1);
		expect(execution.status).toBe('success');
		expect(nodeOutput(execution, 'Check Stock')[0]).toMatchObject({
			sku: '107529-1-S',
			status: 'in_stock',
			in_stock: true,
		});
		expect(nodeOutput(execution, 'Create Order')[0]).toMatchObject({
			order_num: reply.data.order_num,
		});
		assertNoSecrets([execution]);
	});

	it('stops before ordering when the size is not a Kotis size, naming the valid sizes', async () => {
		const id = await deploy(orderFromRedemption('kotis-bad-size'));
		const reply = await axios.post(
			n8n.webhookUrl('kotis-bad-size'),
			{ ...redemption, size: 'Small' },
			{ validateStatus: () => true },
		);
		expect(reply.status).toBe(500);

		const [execution] = await n8n.waitForExecutions(id, 1);
		expect(execution.status).toBe('error');
		const message = execution.data?.resultData.error?.message ?? '';
		expect(message).toContain('Size "Small" is not a Kotis size for 107529-1');
		expect(message).toMatch(/Valid sizes: S, M, L, XL/);
		expect(message).toContain('did you mean "S"');
		expect(
			(await sandbox.calls({ vendor: 'kotis', path: '/kotis/kwf/api/v1/orders/create' })).length,
		).toBe(0);
	});

	it('retries a GET that fails with 500, then succeeds', async () => {
		const id = await deploy(orderFromRedemption('kotis-retry'));
		await sandbox.addFault({
			vendor: 'kotis',
			method: 'GET',
			path: '/skus/quantity',
			kind: 'status',
			status: 500,
			times: 2,
		});
		const reply = await axios.post(n8n.webhookUrl('kotis-retry'), redemption);
		expect(reply.status).toBe(200);

		const inventoryCalls = await sandbox.calls({
			vendor: 'kotis',
			path: '/kotis/kwf/api/v1/skus/quantity',
		});
		expect(inventoryCalls.map((c) => c.status)).toEqual([500, 500, 200]);
		expect((await sandbox.kotis.orders()).length).toBe(1);
		const [execution] = await n8n.waitForExecutions(id, 1);
		expect(execution.status).toBe('success');
	});

	it('surfaces a persistent 500 as a clear failed execution and never orders', async () => {
		const id = await deploy(orderFromRedemption('kotis-down'));
		await sandbox.addFault({
			vendor: 'kotis',
			method: 'GET',
			path: '/skus/quantity',
			kind: 'status',
			status: 500,
			times: 0,
		});
		const reply = await axios.post(n8n.webhookUrl('kotis-down'), redemption, {
			validateStatus: () => true,
		});
		expect(reply.status).toBe(500);

		const [execution] = await n8n.waitForExecutions(id, 1);
		expect(execution.status).toBe('error');
		const error = execution.data?.resultData.error;
		expect(error?.message).toMatch(/Kotis Design/);
		expect(`${error?.message} ${error?.description ?? ''}`).toMatch(/500/);
		expect(execution.data?.resultData.lastNodeExecuted).toBe('Check Stock');
		const inventoryCalls = await sandbox.calls({
			vendor: 'kotis',
			path: '/kotis/kwf/api/v1/skus/quantity',
		});
		// A plain 500 is seldom transient: the transport gives it 3 attempts, not its whole retry budget.
		expect(inventoryCalls.length).toBe(3);
		expect(
			(await sandbox.calls({ vendor: 'kotis', path: '/kotis/kwf/api/v1/orders/create' })).length,
		).toBe(0);
		assertNoSecrets([execution]);
		await sandbox.clearFaults();
	});

	it('emits from the polling trigger when a watched order ships', async () => {
		const orderNum = await sandbox.kotis.createOrder({ sku: '107529-1-M', quantity: '1' });
		const trigger = toNode(
			{
				name: 'Kotis Trigger',
				type: `${PKG}.kotisTrigger`,
				credentials: ['kotisApi'],
				parameters: {
					pollTimes: { item: [{ mode: 'everyMinute' }] },
					orderNumbers: orderNum,
					events: ['order.shipped', 'order.delivered', 'order.cancelled'],
					options: {},
				},
			},
			0,
			kotisCreds,
		);
		const id = await deploy({
			name: 'e2e Kotis trigger',
			nodes: [trigger],
			connections: {},
			settings: { executionOrder: 'v1' },
		});
		// The activation poll records the baseline (pending) and emits nothing.
		await waitFor(
			async () =>
				(await sandbox.calls({ vendor: 'kotis', path: '/kotis/kwf/api/v1/orders/status' }))
					.length >= 1,
			30_000,
		);
		expect(await n8n.executions(id)).toHaveLength(0);

		await sandbox.kotis.setOrderStatus(orderNum, {
			status: 'shipped',
			shipments: [{ tracking_numbers: '1Z8424330419842539', delivery_status: 'in_transit' }],
		});
		const [execution] = await n8n.waitForExecutions(id, 1, 90_000);
		expect(execution.status).toBe('success');
		const [event] = nodeOutput(execution, 'Kotis Trigger');
		expect(event).toMatchObject({
			event: 'order.shipped',
			order_num: orderNum,
			previous_status: 'pending',
			status: 'shipped',
			tracking_numbers: ['1Z8424330419842539'],
		});
	});
});

async function waitFor(check: () => Promise<boolean>, timeoutMs: number) {
	const deadline = Date.now() + timeoutMs;
	while (!(await check())) {
		if (Date.now() > deadline) throw new Error('condition not met in time');
		await new Promise((r) => setTimeout(r, 250));
	}
}
