import { randomUUID } from 'node:crypto';

import axios from 'axios';

import {
	KOUNTA_DEFAULT_CLIENT_ID,
	KOUNTA_DEFAULT_CLIENT_SECRET,
	KOUNTA_DEFAULT_SIGNATURE_TOKEN,
} from '../../sandbox/kounta';
import { nodeOutput, type WorkflowJson } from '../../scripts/lib/n8n-api';
import { e2e } from './state';
import { PKG, toNode } from './workflows';

const { state, n8n, sandbox } = e2e();
const creds = { ...state.credentials };
const URL_TOKEN = 'e2e-kounta-loyalty-url-token';

// A Basic credential of this file's own: the node paces each credential under Kounta's 60 calls a
// minute in n8n's memory, and this file's many calls must not slow the templates' tests that follow.
beforeAll(async () => {
	creds.kountaApi = await n8n.createCredential('Kounta (node e2e)', 'kountaApi', {
		clientId: KOUNTA_DEFAULT_CLIENT_ID,
		clientSecret: KOUNTA_DEFAULT_CLIENT_SECRET,
		baseUrl: `${state.sandboxUrl}/kounta/v1`,
		signatureToken: KOUNTA_DEFAULT_SIGNATURE_TOKEN,
		loyaltyUrlToken: URL_TOKEN,
	});
});
const VERIFY_HEADER = 'X-N8n-Webhook-Secret';

type Params = Record<string, unknown>;

/** Webhook (POST, replies with every item of the last node) → Switch on body.op → one Kounta node per operation. */
function operationsWorkflow(
	path: string,
	ops: Array<[string, Params]>,
	authentication: 'basic' | 'oAuth2',
): WorkflowJson {
	const credential = authentication === 'basic' ? 'kountaApi' : 'kountaOAuth2Api';
	const webhook = {
		id: randomUUID(),
		name: 'Webhook',
		type: 'n8n-nodes-base.webhook',
		typeVersion: 2,
		position: [0, 0],
		webhookId: randomUUID(),
		parameters: {
			httpMethod: 'POST',
			path,
			responseMode: 'lastNode',
			responseData: 'allEntries',
			options: {},
		},
	};
	const switchNode = {
		...toNode(
			{
				name: 'Op',
				type: 'n8n-nodes-base.switch',
				typeVersion: 3,
				parameters: {
					mode: 'expression',
					numberOutputs: ops.length,
					output: '={{ $json.body.op }}',
				},
			},
			1,
			creds,
		),
	};
	const nodes = ops.map(([name, parameters], i) => ({
		...toNode(
			{
				name,
				type: `${PKG}.kounta`,
				credentials: [credential],
				parameters: { authentication, ...parameters },
			},
			2,
			creds,
		),
		position: [480, i * 160],
	}));
	return {
		name: `e2e Kounta ${path}`,
		nodes: [webhook, switchNode, ...nodes],
		connections: {
			Webhook: { main: [[{ node: 'Op', type: 'main', index: 0 }]] },
			Op: { main: ops.map(([name]) => [{ node: name, type: 'main', index: 0 }]) },
		},
		settings: { executionOrder: 'v1' },
	};
}

const body = (field: string) => `={{ $('Webhook').item.json.body.${field} }}`;

const OPS: Array<[string, Params]> = [
	['Order Get', { resource: 'order', operation: 'get', orderId: body('orderId') }],
	['Order Get Many', { resource: 'order', operation: 'getAll', returnAll: true, filters: {} }],
	[
		'Order Get Many Filtered',
		{
			resource: 'order',
			operation: 'getAll',
			returnAll: true,
			filters: { status: 'complete', siteId: '123', createdGte: '2026-03-01T00:00:00' },
		},
	],
	[
		'Order Add Line',
		{
			resource: 'order',
			operation: 'update',
			orderId: body('orderId'),
			change: 'addLine',
			productId: '1003',
			quantity: 1,
			lineOptions: { priceVariation: 0, notes: 'Reward: free muffin' },
		},
	],
	[
		'Order Discount',
		{
			resource: 'order',
			operation: 'update',
			orderId: body('orderId'),
			change: 'priceVariation',
			discountMode: 'percent',
			discountValue: 10,
		},
	],
	[
		'Order Add Payment',
		{
			resource: 'order',
			operation: 'update',
			orderId: body('orderId'),
			change: 'addPayment',
			methodId: '7',
			amount: 2.5,
			ref: 'reward-42',
		},
	],
	[
		'Order Add Note',
		{
			resource: 'order',
			operation: 'update',
			orderId: body('orderId'),
			change: 'addNote',
			note: 'Loyalty reward applied',
		},
	],
	['Customer Get', { resource: 'customer', operation: 'get', customerId: body('customerId') }],
	[
		'Customer Find by Email',
		{ resource: 'customer', operation: 'findByEmail', email: body('email') },
	],
	[
		'Customer Find by Reference',
		{ resource: 'customer', operation: 'findByReference', referenceId: body('referenceId') },
	],
	[
		'Customer Create',
		{
			resource: 'customer',
			operation: 'create',
			firstName: 'Katherine',
			additionalFields: {
				last_name: 'Johnson',
				email: 'katherine@example.com',
				reference_id: 'm-77',
			},
		},
	],
	[
		'Customer Update',
		{
			resource: 'customer',
			operation: 'update',
			customerId: body('customerId'),
			updateFields: { reference_id: 'm-390', last_name: 'Hopper-Murray' },
		},
	],
	['Site Get Many', { resource: 'site', operation: 'getAll', returnAll: true }],
	[
		'Product Get Many',
		{ resource: 'product', operation: 'getAll', returnAll: false, limit: 3, siteId: '124' },
	],
	[
		'Webhook Create',
		{
			resource: 'webhook',
			operation: 'create',
			topic: 'orders/completed',
			address: 'https://example.test/hook',
			options: { siteIds: '123' },
		},
	],
	['Webhook Delete', { resource: 'webhook', operation: 'delete', webhookId: body('webhookId') }],
];
const op = (name: string) => OPS.findIndex(([n]) => n === name);

async function kountaCalls() {
	return await sandbox.calls({ vendor: 'kounta' });
}

describe('Kounta nodes in a real n8n', () => {
	const created: string[] = [];
	async function deploy(workflow: WorkflowJson): Promise<string> {
		const { id } = await n8n.createWorkflow(workflow);
		await n8n.publish(id);
		created.push(id);
		return id;
	}

	// Calls are cleared by each reset: collect every status seen before that happens.
	const statuses = new Set<number>();
	const collect = async () => (await kountaCalls()).forEach((c) => statuses.add(c.status));
	beforeEach(collect);
	afterEach(collect);

	afterAll(async () => {
		for (const id of created) await n8n.unpublish(id).catch(() => undefined);
	});

	describe('credentials', () => {
		it("Basic and OAuth2 credentials pass their tests; OAuth2 was connected through n8n's own OAuth2 flow", async () => {
			expect(await n8n.testCredential(creds.kountaApi.id)).toMatchObject({ status: 'OK' });
			expect(await n8n.testCredential(creds.kountaOAuth2Api.id)).toMatchObject({ status: 'OK' });
		});
	});

	describe('REST operations (Basic)', () => {
		const path = 'kounta-ops-basic';
		let workflowId: string;
		const call = async (name: string, extra: Params = {}) => {
			const reply = await axios.post(
				n8n.webhookUrl(path),
				{ op: op(name), ...extra },
				{ validateStatus: () => true, timeout: 60_000 },
			);
			return reply;
		};

		beforeAll(async () => {
			workflowId = await deploy(operationsWorkflow(path, OPS, 'basic'));
		});

		beforeEach(async () => {
			await sandbox.reset();
		});

		it('Order Get returns the full order; Get Many follows the paging headers over 2 pages', async () => {
			for (let i = 0; i < 25; i++) await sandbox.kounta.createOrder({});
			const one = await call('Order Get', { orderId: 93824701 });
			expect(one.status).toBe(200);
			expect(one.data[0]).toMatchObject({
				id: 93824701,
				status: 'COMPLETE',
				lines: expect.any(Array),
				payments: expect.any(Array),
			});
			const all = await call('Order Get Many');
			expect(all.status).toBe(200);
			const orders = (await sandbox.kounta.state()).orders;
			expect((all.data as Array<{ id: number }>).map((o) => o.id).sort()).toEqual(
				orders.map((o) => o.id).sort(),
			);
			const pages = (await kountaCalls()).filter(
				(c) => c.method === 'GET' && c.path.endsWith('/orders'),
			);
			expect(pages.length).toBe(2);
		});

		it('Order Get Many with status, site and date filters', async () => {
			const reply = await call('Order Get Many Filtered');
			expect((reply.data as Array<{ id: number }>).map((o) => o.id)).toEqual([93824701]);
			const [get] = (await kountaCalls()).filter((c) => c.path.includes('/orders'));
			expect(get.path).toMatch(/\/companies\/(me|456)\/sites\/123\/orders\/complete$/);
			expect(get.query).toMatchObject({ created_gte: '2026-03-01' });
		});

		it('Order Update: line, discount, payment and note land on the order through PUT /orders/{id}', async () => {
			const order = await sandbox.kounta.createOrder({ customer_id: 789 });
			expect((await call('Order Add Line', { orderId: order.id })).status).toBe(200);
			expect((await call('Order Discount', { orderId: order.id })).status).toBe(200);
			expect((await call('Order Add Payment', { orderId: order.id })).status).toBe(200);
			const note = await call('Order Add Note', { orderId: order.id });
			expect(note.status).toBe(200);
			const after = await sandbox.kounta.order(order.id);
			expect(after.lines).toHaveLength(2);
			expect(after.lines[1]).toMatchObject({
				product_id: 1003,
				price_variation: 0,
				notes: 'Reward: free muffin',
			});
			expect(after.lines[0]).toMatchObject({
				product_id: order.lines[0].product_id,
				quantity: order.lines[0].quantity,
			});
			expect(after.price_variation).toBe(0.9);
			expect(after.payments).toEqual([
				expect.objectContaining({
					method: expect.objectContaining({ id: 7 }),
					amount: 2.5,
					ref: 'reward-42',
				}),
			]);
			expect(after.notes).toContain('Loyalty reward applied');
			expect(note.data[0]).toMatchObject({
				order_id: String(order.id),
				change: 'addNote',
				result: { id: order.id },
			});
			const writes = (await kountaCalls()).filter((c) => c.method !== 'GET');
			expect(writes.map((c) => c.method)).toEqual(['PUT', 'PUT', 'PUT', 'PUT']);
			expect(writes.every((c) => c.status === 200)).toBe(true);
		});

		it('Customer Get, Find by Email (302 followed; 404 = no item), Find by Reference, Create (201 + Location), Update', async () => {
			expect((await call('Customer Get', { customerId: 389427 })).data[0]).toMatchObject({
				id: 389427,
				first_name: 'Ada',
			});
			expect(
				(await call('Customer Find by Email', { email: 'grace@example.com' })).data[0],
			).toMatchObject({ id: 790, first_name: 'Grace' });
			const missing = await call('Customer Find by Email', { email: 'nobody@example.com' });
			expect(missing.status).toBe(200);
			const [lastExecution] = (await n8n.executions(workflowId)).sort(
				(a, b) => Number(b.id) - Number(a.id),
			);
			const full = await n8n.execution(lastExecution.id);
			expect(full.status).toBe('success');
			expect(nodeOutput(full, 'Customer Find by Email')).toEqual([]);
			expect((await call('Customer Find by Reference', { referenceId: '911' })).data).toEqual([
				expect.objectContaining({ id: 789 }),
			]);
			const createdCustomer = await call('Customer Create');
			expect(createdCustomer.data[0]).toMatchObject({
				first_name: 'Katherine',
				primary_email_address: 'katherine@example.com',
				reference_id: 'm-77',
			});
			const updated = await call('Customer Update', { customerId: 790 });
			expect(updated.data[0]).toMatchObject({
				id: 790,
				reference_id: 'm-390',
				last_name: 'Hopper-Murray',
			});
			const statuses = (await kountaCalls()).map((c) => `${c.method} ${c.status}`);
			expect(statuses).toEqual(
				expect.arrayContaining(['GET 302', 'GET 404', 'POST 201', 'PUT 200']),
			);
		});

		it('Site and Product Get Many; Webhook Create and Delete', async () => {
			expect((await call('Site Get Many')).data.map((s: { id: number }) => s.id)).toEqual([
				123, 124,
			]);
			expect((await call('Product Get Many')).data).toHaveLength(3);
			const hook = (await call('Webhook Create')).data[0];
			expect(hook).toMatchObject({
				id: expect.any(Number),
				topic: 'orders/completed',
				address: 'https://example.test/hook',
				filter: { site_ids: [123] },
			});
			expect((await sandbox.kounta.state()).webhooks.map((w) => w.id)).toEqual([hook.id]);
			expect((await call('Webhook Delete', { webhookId: hook.id })).data[0]).toEqual({
				id: String(hook.id),
				deleted: true,
			});
			expect((await sandbox.kounta.state()).webhooks).toEqual([]);
		});
	});

	describe('OAuth2', () => {
		it('calls with the Bearer token n8n stored, and refreshes it after the sandbox expired every access token', async () => {
			const path = 'kounta-ops-oauth';
			const id = await deploy(
				operationsWorkflow(
					path,
					[['Site Get Many', { resource: 'site', operation: 'getAll', returnAll: true }]],
					'oAuth2',
				),
			);
			await sandbox.reset();
			const sites = async () => {
				const reply = await axios.post(
					n8n.webhookUrl(path),
					{ op: 0 },
					{ timeout: 60_000, validateStatus: () => true },
				);
				if (reply.status !== 200) {
					const [last] = (await n8n.executions(id)).sort((a, b) => Number(b.id) - Number(a.id));
					throw new Error(
						`HTTP ${reply.status}: ${JSON.stringify((await n8n.execution(last.id)).data?.resultData.error)}`,
					);
				}
				return (reply.data as Array<{ id: number }>).map((s) => s.id);
			};
			expect(await sites()).toEqual([123, 124]);
			expect(await sandbox.kounta.expireTokens()).toBeGreaterThan(0);
			expect(await sites()).toEqual([123, 124]);
			const calls = await kountaCalls();
			const token = calls.filter((c) => c.path.endsWith('/token'));
			expect(token.map((c) => (c.body as Record<string, string>).grant_type)).toEqual([
				'refresh_token',
			]);
			// companies/me, sites; after the expiry: companies/me refused with Kounta's documented 400, sent again
			// (n8n refreshes on that status), retried; sites.
			expect(
				calls
					.filter((c) => !c.path.endsWith('/token'))
					.map((c) => `${c.path.replace(/^.*\/companies\//, '')} ${c.status}`),
			).toEqual(['me 200', '456/sites 200', 'me 400', 'me 400', 'me 200', '456/sites 200']);
			expect(
				calls
					.filter((c) => !c.path.endsWith('/token'))
					.every((c) => String(c.headers.authorization).startsWith('sha256:')),
			).toBe(true);
		});
	});

	describe('Kounta Loyalty Trigger with the POS simulator', () => {
		let base: string;

		const loyaltyWorkflow = (
			webhookId: string,
			triggerOptions: Params,
			slow = false,
		): WorkflowJson => {
			const trigger = {
				...toNode(
					{
						name: 'Kounta Loyalty Trigger',
						type: `${PKG}.kountaLoyaltyTrigger`,
						credentials: ['kountaApi'],
						parameters: { authentication: 'basic', options: triggerOptions },
					},
					0,
					creds,
				),
				webhookId,
			};
			const route = toNode(
				{
					name: 'Route',
					type: 'n8n-nodes-base.switch',
					typeVersion: 3,
					parameters: {
						mode: 'expression',
						numberOutputs: 3,
						output: '={{ ({search: 0, rewards: 1, redeem: 2})[$json.call] }}',
					},
				},
				1,
				creds,
			);
			const member = {
				memberId: '911',
				firstName: 'John',
				emailAddress: 'john.smith@example.com',
				memberFields: { lastName: 'Smith', currentPoints: '1200' },
			};
			const reply = (name: string, parameters: Params) =>
				toNode(
					{
						name,
						type: `${PKG}.kounta`,
						credentials: ['kountaApi'],
						parameters: { authentication: 'basic', resource: 'loyaltyReply', ...parameters },
					},
					3,
					creds,
				);
			const wait = toNode(
				{
					name: 'Slow Lookup',
					type: 'n8n-nodes-base.wait',
					typeVersion: 1.1,
					parameters: { resume: 'timeInterval', amount: 6, unit: 'seconds' },
				},
				2,
				creds,
			);
			const search = reply('Search Reply', {
				operation: 'searchReply',
				...member,
				searchOptions: {},
			});
			const rewards = reply('Rewards Reply', {
				operation: 'rewardsReply',
				...member,
				rewardId: 'free-muffin',
				rewardTitle: 'Free muffin',
				rewardFields: { pointsRequired: 100, terms: 'One per visit' },
				rewardsOptions: {},
			});
			const addLine = toNode(
				{
					name: 'Add Reward Line',
					type: `${PKG}.kounta`,
					credentials: ['kountaApi'],
					parameters: {
						authentication: 'basic',
						resource: 'order',
						operation: 'update',
						orderId: "={{ $('Kounta Loyalty Trigger').item.json.order_id }}",
						change: 'addLine',
						productId: '1003',
						quantity: 1,
						lineOptions: {
							priceVariation: 0,
							notes: "=Reward {{ $('Kounta Loyalty Trigger').item.json.reward_id }}",
						},
					},
				},
				3,
				creds,
			);
			const redeem = reply('Redeem Reply', { operation: 'redeemReply', success: true });
			const nodes = [trigger, route, search, rewards, addLine, redeem, ...(slow ? [wait] : [])];
			return {
				name: `e2e Kounta loyalty ${webhookId}`,
				nodes,
				connections: {
					'Kounta Loyalty Trigger': { main: [[{ node: 'Route', type: 'main', index: 0 }]] },
					Route: {
						main: [
							[{ node: slow ? 'Slow Lookup' : 'Search Reply', type: 'main', index: 0 }],
							[{ node: 'Rewards Reply', type: 'main', index: 0 }],
							[{ node: 'Add Reward Line', type: 'main', index: 0 }],
						],
					},
					...(slow
						? { 'Slow Lookup': { main: [[{ node: 'Search Reply', type: 'main', index: 0 }]] } }
						: {}),
					'Add Reward Line': { main: [[{ node: 'Redeem Reply', type: 'main', index: 0 }]] },
				},
				settings: { executionOrder: 'v1' },
			};
		};

		beforeAll(async () => {
			const webhookId = randomUUID();
			await deploy(loyaltyWorkflow(webhookId, {}));
			base = n8n.webhookUrl(`${webhookId}/loyalty`);
		});

		beforeEach(async () => {
			await sandbox.reset();
			await sandbox.kounta.setLoyalty({
				searchUrl: `${base}?call=search&token=${URL_TOKEN}`,
				rewardsUrl: `${base}?call=rewards&token=${URL_TOKEN}`,
			});
		});

		it('search → lookup → redeem: every reply passes the POS checks and the reward line lands on the order', async () => {
			const result = await sandbox.kounta.pos.checkout({ keyword: 'John', timeoutMs: 30_000 });
			expect({
				search: result.search.issues,
				lookup: result.lookup?.issues,
				redeem: result.redeem?.issues,
				stoppedAt: result.stoppedAt,
			}).toEqual({
				search: [],
				lookup: [],
				redeem: [],
				stoppedAt: undefined,
			});
			expect(result.ok).toBe(true);
			expect(result.search.body).toMatchObject({
				members: { 911: { id: '911', first_name: 'John', current_points: '1200' } },
				order_id: result.placeholderOrderId,
			});
			expect(result.reward).toMatchObject({
				id: 'free-muffin',
				title: 'Free muffin',
				points_required: 100,
			});
			// The redeem URL is signed instead of carrying the URL token.
			expect(result.reward?.redeem_url).not.toContain(URL_TOKEN);
			expect(new URL(result.reward!.redeem_url).searchParams.get('sig')).toMatch(/^[0-9a-f]{64}$/);
			expect(result.redeem?.body).toEqual({ success: true });
			expect(result.order?.lines.at(-1)).toMatchObject({
				product_id: 1003,
				price_variation: 0,
				notes: 'Reward free-muffin',
			});
		});

		it('POSTed calls and a variable quantity work too', async () => {
			const result = await sandbox.kounta.pos.checkout({
				keyword: 'John',
				method: 'POST',
				timeoutMs: 30_000,
			});
			expect(result.stoppedAt).toBeUndefined();
			expect(result.ok).toBe(true);
		});

		it('a wrong or missing URL token gets 401 and starts nothing; a tampered redeem URL too', async () => {
			const before = (await n8n.executions(created[created.length - 1])).length;
			const wrong = await sandbox.kounta.pos.search({
				keyword: 'John',
				searchUrl: `${base}?call=search&token=nope`,
			});
			expect(wrong.status).toBe(401);
			expect(wrong.body).toEqual({ error: 'unauthorized', reason: 'missing or wrong token' });
			const none = await sandbox.kounta.pos.search({
				keyword: 'John',
				searchUrl: `${base}?call=search`,
			});
			expect(none.status).toBe(401);
			const lookup = await sandbox.kounta.pos.lookup({ referenceId: '911', customerId: 789 });
			const url = new URL(lookup.rewards[0].redeem_url);
			url.searchParams.set('reward_id', 'something-else');
			const order = await sandbox.kounta.createOrder({});
			const tampered = await sandbox.kounta.pos.redeem({
				redeemUrl: url.toString(),
				orderId: order.id,
				placeholderOrderId: lookup.placeholderOrderId,
			});
			expect(tampered.status).toBe(401);
			await new Promise((r) => setTimeout(r, 1500));
			// Only the lookup started an execution.
			expect((await n8n.executions(created[created.length - 1])).length).toBe(before + 1);
		});

		it('checks X-Kounta-Signature when the POS signs: the right key passes, another key gets 401', async () => {
			const good = await sandbox.kounta.pos.search({
				keyword: 'John',
				signatureSecret: KOUNTA_DEFAULT_SIGNATURE_TOKEN,
			});
			expect(good.issues).toEqual([]);
			const bad = await sandbox.kounta.pos.search({
				keyword: 'John',
				signatureSecret: 'not-the-signature-token',
			});
			expect(bad.status).toBe(401);
			expect(bad.body).toEqual({
				error: 'unauthorized',
				reason: 'X-Kounta-Signature does not match',
			});
		});

		it('answers in time with the documented error shape when the workflow is slower than the reply deadline', async () => {
			const webhookId = randomUUID();
			const id = await deploy(
				loyaltyWorkflow(
					webhookId,
					{ replyDeadlineSeconds: 2, timeoutMessage: 'Try again in a minute' },
					true,
				),
			);
			const url = n8n.webhookUrl(`${webhookId}/loyalty`);
			const result = await sandbox.kounta.pos.search({
				keyword: 'John',
				searchUrl: `${url}?call=search&token=${URL_TOKEN}`,
				timeoutMs: 30_000,
			});
			expect(result.status).toBe(200);
			expect(result.body).toEqual({ members: {}, error: 'Try again in a minute' });
			expect(result.ms).toBeLessThan(6000);
			// The workflow still ran to its end.
			const [execution] = await n8n.waitForExecutions(id, 1, 60_000);
			expect(execution.status).toBe('success');
			expect(nodeOutput(execution, 'Search Reply')[0]).toMatchObject({
				members: { 911: { id: '911' } },
			});
		});
	});

	describe('Kounta Trigger (REST webhooks)', () => {
		let workflowId: string;
		let url: string;

		beforeAll(async () => {
			await sandbox.reset();
			const webhookId = randomUUID();
			const trigger = {
				...toNode(
					{
						name: 'Order Completed',
						type: `${PKG}.kountaTrigger`,
						credentials: ['kountaApi'],
						parameters: { authentication: 'basic', topics: ['orders/completed'], options: {} },
					},
					0,
					creds,
				),
				webhookId,
			};
			const noop = toNode(
				{ name: 'Received', type: 'n8n-nodes-base.noOp', parameters: {} },
				1,
				creds,
			);
			workflowId = await deploy({
				name: 'e2e Kounta trigger',
				nodes: [trigger, noop],
				connections: {
					'Order Completed': { main: [[{ node: 'Received', type: 'main', index: 0 }]] },
				},
				settings: { executionOrder: 'v1' },
			});
			url = n8n.webhookUrl(`${webhookId}/webhook`);
		});

		it('registers its webhook in Kounta; a completed order starts one execution; repeats and bad signatures start nothing; unpublish deletes it', async () => {
			const [hook] = (await sandbox.kounta.state()).webhooks;
			expect(hook).toMatchObject({ topic: 'orders/completed', address: url, format: 'json' });
			expect(hook.headers[VERIFY_HEADER]).toMatch(/^[0-9a-f]{48}$/);

			const order = await sandbox.kounta.createOrder({ customer_id: 789 });
			const { deliveries } = await sandbox.kounta.completeOrder(order.id);
			expect(deliveries.map((d) => [d.status, d.response])).toEqual([[200, { received: true }]]);
			const [execution] = await n8n.waitForExecutions(workflowId, 1);
			expect(nodeOutput(execution, 'Received')).toEqual([
				expect.objectContaining({
					topic: 'orders/completed',
					order_id: order.id,
					id: order.id,
					status: 'COMPLETE',
				}),
			]);

			const repeats = await sandbox.kounta.deliver({
				url,
				orderId: order.id,
				headers: hook.headers,
				copies: 3,
				concurrent: true,
			});
			expect(repeats.deliveries.map((d) => d.response)).toEqual(
				Array(3).fill({
					received: true,
					duplicate: true,
					reason: 'this delivery was already received',
				}),
			);
			const forged = await sandbox.kounta.deliver({
				url,
				orderId: 93824702,
				headers: hook.headers,
				sign: 'not-the-signature-token',
			});
			expect(forged.deliveries.map((d) => [d.status, d.response])).toEqual([
				[401, { error: 'unauthorized', reason: 'X-Kounta-Signature does not match' }],
			]);
			const unregistered = await sandbox.kounta.deliver({ url, orderId: 93824702 });
			expect(unregistered.deliveries[0].status).toBe(401);
			const malformed = await sandbox.kounta.deliver({
				url,
				payload: { status: 'COMPLETE' },
				headers: hook.headers,
			});
			expect(malformed.deliveries[0].status).toBe(400);
			await new Promise((r) => setTimeout(r, 1500));
			expect(await n8n.executions(workflowId)).toHaveLength(1);

			await n8n.unpublish(workflowId);
			// Unpublishing returns before n8n has run the trigger's delete(): wait for it.
			const deadline = Date.now() + 30_000;
			while ((await sandbox.kounta.state()).webhooks.length > 0 && Date.now() < deadline)
				await new Promise((r) => setTimeout(r, 250));
			expect((await sandbox.kounta.state()).webhooks).toEqual([]);
			expect(
				(await kountaCalls()).filter((c) => c.method === 'DELETE').map((c) => [c.path, c.status]),
			).toEqual([[expect.stringMatching(new RegExp(`/webhooks/${hook.id}$`)), 204]]);
		});
	});

	describe('across the file', () => {
		it('no Kounta call was answered 406 and no execution data holds a secret', async () => {
			await collect();
			expect(statuses.size).toBeGreaterThan(3);
			expect([...statuses]).not.toContain(406);
			for (const id of created) {
				const text = JSON.stringify(await n8n.executions(id));
				for (const secret of state.secrets) expect(text).not.toContain(secret);
			}
		});
	});
});
