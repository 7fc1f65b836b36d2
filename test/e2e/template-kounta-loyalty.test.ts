import { CUSTOMER_INDEX_TABLE } from '../../scripts/lib/customer-index';
import { nodeOutput } from '../../scripts/lib/n8n-api';
import { e2e } from './state';
import { publishTemplate } from './workflows';

const { state, n8n, sandbox } = e2e();
const TEMPLATE = 'kounta-loyalty-influenceio-points.json';
/** The Loyalty URL Token of the stack's Kounta credential (scripts/lib/stack.ts). */
const KOUNTA_LOYALTY_URL_TOKEN = 'e2e-kounta-loyalty-url-token';

type Member = {
	id: string;
	first_name: string;
	email_address: string;
	current_points?: string;
	rewards?: Array<{ id: string; points_required: number; redeem_url: string }>;
};

/**
 * Template (a) in real n8n, driven by the sandbox's POS simulator, which validates every reply
 * against the documented shapes. Influence.io seed: Ada (1001) 1500 points, Grace (1002) 600,
 * Alan (1003) 0. Catalogue in the template: 10-off 300, 25-off 800, half-price 1400.
 */
describe('template: Kounta POS loyalty backed by Influence.io points', () => {
	let workflowId: string;
	let loyaltyUrl: string;

	beforeAll(async () => {
		const published = await publishTemplate(n8n, state.credentials, TEMPLATE);
		workflowId = published.id;
		const trigger = published.template.nodes.find(
			(n) => n.name === 'POS Loyalty Call',
		) as unknown as { webhookId: string };
		loyaltyUrl = n8n.webhookUrl(`${trigger.webhookId}/loyalty`);
	});

	afterAll(async () => {
		await n8n.unpublish(workflowId).catch(() => undefined);
	});

	beforeEach(async () => {
		await sandbox.reset();
		// The customer index the search queries, as the index template leaves it (template-kounta-customer-index builds it for real).
		const table = state.dataTables[CUSTOMER_INDEX_TABLE];
		await n8n.clearDataTable(table);
		await n8n.insertDataTableRows(table, [
			{
				external_id: '1001',
				email: 'ada@example.com',
				first_name: 'Ada',
				last_name: 'Lovelace',
				name_search: 'ada lovelace',
			},
			{
				external_id: '1002',
				email: 'grace@example.com',
				first_name: 'Grace',
				last_name: 'Hopper',
				name_search: 'grace hopper',
			},
			{
				external_id: '1003',
				email: 'alan@example.com',
				first_name: 'Alan',
				last_name: 'Turing',
				name_search: 'alan turing',
			},
		]);
		await sandbox.kounta.setLoyalty({
			searchUrl: `${loyaltyUrl}?call=search&token=${KOUNTA_LOYALTY_URL_TOKEN}`,
			rewardsUrl: `${loyaltyUrl}?call=rewards&token=${KOUNTA_LOYALTY_URL_TOKEN}`,
		});
	});

	const points = async (id: string) => (await sandbox.influenceio.customer(id)).pointBalance;
	const members = (body: unknown) =>
		Object.values((body as { members: Record<string, Member> }).members);

	it('search by email, by name and with no match: valid replies with the Influence.io balance', async () => {
		const byEmail = await sandbox.kounta.pos.search({ keyword: 'ADA@example.com' });
		expect(byEmail.issues).toEqual([]);
		expect(byEmail.ok).toBe(true);
		expect(members(byEmail.body)).toEqual([
			expect.objectContaining({
				id: '1001',
				first_name: 'Ada',
				email_address: 'ada@example.com',
				current_points: '1500',
			}),
		]);

		const byName = await sandbox.kounta.pos.search({ keyword: 'hopper' });
		expect(byName.ok).toBe(true);
		expect(members(byName.body).map((m) => m.id)).toEqual(['1002']);

		const none = await sandbox.kounta.pos.search({ keyword: 'nobody@example.com' });
		expect(none.issues).toEqual([]);
		expect(members(none.body)).toEqual([]);
	});

	it('lookup offers only the rewards the balance affords, each with a signed redeem_url carrying the placeholder', async () => {
		const ada = await sandbox.kounta.pos.lookup({ referenceId: '1001' });
		expect(ada.issues).toEqual([]);
		expect(ada.rewards.map((r) => [r.id, r.points_required, r.variable_quantity])).toEqual([
			['10-off', 300, false],
			['25-off', 800, false],
			['half-price', 1400, false],
			['5-off-each', 200, true],
		]);
		for (const reward of ada.rewards) {
			const url = new URL(reward.redeem_url);
			expect(url.searchParams.get('order_id')).toBe(ada.placeholderOrderId);
			expect(url.searchParams.get('sig')).toMatch(/^[0-9a-f]{64}$/);
			expect(url.searchParams.get('token')).toBeNull();
		}
		const grace = await sandbox.kounta.pos.lookup({ referenceId: '1002' });
		expect(grace.ok).toBe(true);
		expect(grace.rewards.map((r) => r.id)).toEqual(['10-off', '5-off-each']);
		const alan = await sandbox.kounta.pos.lookup({ referenceId: '1003' });
		expect(alan.ok).toBe(true);
		expect(alan.rewards).toEqual([]);
	});

	it('checkout: points deducted in Influence.io, discount on the Kounta order, {success:true}', async () => {
		const order = await sandbox.kounta.createOrder({ lines: [{ product_id: 1001, quantity: 2 }] });
		const result = await sandbox.kounta.pos.checkout({
			keyword: 'ada@example.com',
			orderId: order.id,
			rewardId: '25-off',
		});
		expect(result.stoppedAt).toBeUndefined();
		expect(result.redeem?.issues).toEqual([]);
		expect(result.ok).toBe(true);
		expect(result.redeem?.body).toEqual({ success: true });
		expect(result.order?.price_variation).toBe(0.75);
		expect(result.order?.total).toBeCloseTo(order.total * 0.75, 2);
		expect(await points('1001')).toBe(700);
		const ledger = (await sandbox.influenceio.ledger('1001')).filter((e) => e.source === 'deduct');
		expect(ledger).toEqual([
			expect.objectContaining({
				delta: -800,
				reason: `Kounta order ${order.id}: 25% off this order`,
			}),
		]);
	});

	it('not enough points at redeem time: {success:false, error}, nothing deducted, order untouched', async () => {
		await sandbox.influenceio.setPoints('1002', 900);
		const lookup = await sandbox.kounta.pos.lookup({ referenceId: '1002' });
		const reward = lookup.rewards.find((r) => r.id === '25-off');
		if (!reward) throw new Error(`lookup offered no 25-off: ${JSON.stringify(lookup.body)}`);
		// Spent elsewhere between the lookup and the redeem.
		await sandbox.influenceio.setPoints('1002', 600);
		const order = await sandbox.kounta.createOrder();
		const before = (await sandbox.influenceio.ledger('1002')).length;

		const redeem = await sandbox.kounta.pos.redeem({
			redeemUrl: reward.redeem_url,
			orderId: order.id,
			placeholderOrderId: lookup.placeholderOrderId,
		});
		expect(redeem.status).toBe(200);
		expect(redeem.body).toEqual({
			success: false,
			error: 'Not enough points for 25% off this order: it needs 800, the customer has 600.',
		});
		// The only issue the POS reports is the refusal itself: the reply has the documented shape.
		expect(redeem.issues).toEqual([
			'replied success: false (Not enough points for 25% off this order: it needs 800, the customer has 600.)',
		]);
		expect(await points('1002')).toBe(600);
		expect((await sandbox.influenceio.ledger('1002')).length).toBe(before);
		expect(
			await sandbox.calls({ vendor: 'influenceio', path: '/v1/customers/1002/points/deduct' }),
		).toHaveLength(0);
		expect((await sandbox.kounta.order(order.id)).price_variation).toBe(1);
	});

	it('order update fails after the deduction: points given back, {success:false, error}', async () => {
		const lookup = await sandbox.kounta.pos.lookup({ referenceId: '1001' });
		const reward = lookup.rewards.find((r) => r.id === '10-off');
		if (!reward) throw new Error('no 10-off reward offered');
		const before = (await n8n.executions(workflowId)).length;
		// An order the till voided in the meantime: Kounta answers 404 to the update.
		const redeem = await sandbox.kounta.pos.redeem({
			redeemUrl: reward.redeem_url,
			orderId: 1,
			placeholderOrderId: lookup.placeholderOrderId,
		});
		expect(redeem.status).toBe(200);
		expect(redeem.body).toEqual({
			success: false,
			error: 'The discount could not be applied to this order; the points were returned.',
		});
		expect(await points('1001')).toBe(1500);
		const moves = (await sandbox.influenceio.ledger('1001'))
			.filter((e) => e.source === 'deduct' || e.source === 'award')
			.map((e) => [e.source, e.delta]);
		expect(moves).toEqual([
			['deduct', -300],
			['award', 300],
		]);
		const executions = await n8n.waitForExecutions(workflowId, before + 1);
		const last = executions[executions.length - 1];
		expect(nodeOutput(last, 'Apply Discount', 1)).toHaveLength(1);
		expect(nodeOutput(last, 'Give Points Back')).toHaveLength(1);
	});

	it('a discount that could only go out after the till deadline is not sent: points back, {success:false}', async () => {
		const lookup = await sandbox.kounta.pos.lookup({ referenceId: '1001' });
		const reward = lookup.rewards.find((r) => r.id === '10-off');
		if (!reward) throw new Error('no 10-off reward offered');
		const order = await sandbox.kounta.createOrder();
		// Kounta throttles the update and asks for 20 s: past the till's 8 s, so the node must not wait and resend.
		await sandbox.addFault({
			vendor: 'kounta',
			method: 'PUT',
			path: '*',
			kind: 'rateLimit',
			retryAfterSeconds: 20,
			times: 1,
		});
		const started = Date.now();
		const redeem = await sandbox.kounta.pos.redeem({
			redeemUrl: reward.redeem_url,
			orderId: order.id,
			placeholderOrderId: lookup.placeholderOrderId,
		});
		expect(Date.now() - started).toBeLessThan(20_000);
		expect(redeem.body).toEqual({
			success: false,
			error: 'The discount could not be applied to this order; the points were returned.',
		});
		expect(await points('1001')).toBe(1500);
		await new Promise((r) => setTimeout(r, 1000));
		expect((await sandbox.kounta.order(order.id)).price_variation).toBe(1);
		expect(
			(await sandbox.calls({ vendor: 'kounta' })).filter((c) => c.method === 'PUT'),
		).toHaveLength(1);
	});

	it('variable quantity: &quantity=3 deducts 3 × the points and takes 3 × the discount off; more than the maximum is refused', async () => {
		const lookup = await sandbox.kounta.pos.lookup({ referenceId: '1001' });
		const reward = lookup.rewards.find((r) => r.id === '5-off-each');
		if (!reward) throw new Error(`no 5-off-each offered: ${JSON.stringify(lookup.body)}`);
		const order = await sandbox.kounta.createOrder({ lines: [{ product_id: 1001, quantity: 2 }] });
		const redeem = await sandbox.kounta.pos.redeem({
			redeemUrl: reward.redeem_url,
			orderId: order.id,
			placeholderOrderId: lookup.placeholderOrderId,
			quantity: 3,
		});
		expect(redeem.issues).toEqual([]);
		expect(redeem.body).toEqual({ success: true });
		expect(await points('1001')).toBe(1500 - 3 * 200);
		expect((await sandbox.kounta.order(order.id)).price_variation).toBe(0.85);
		const deducted = (await sandbox.influenceio.ledger('1001')).filter(
			(e) => e.source === 'deduct',
		);
		expect(deducted).toEqual([
			expect.objectContaining({
				delta: -600,
				reason: `Kounta order ${order.id}: 5% off per 200 points × 3`,
			}),
		]);

		const other = await sandbox.kounta.createOrder();
		const tooMany = await sandbox.kounta.pos.redeem({
			redeemUrl: reward.redeem_url,
			orderId: other.id,
			placeholderOrderId: lookup.placeholderOrderId,
			quantity: 5,
		});
		expect(tooMany.body).toEqual({
			success: false,
			error: 'Choose between 1 and 4 of 5% off per 200 points × 5.',
		});
		expect(await points('1001')).toBe(900);
		expect((await sandbox.kounta.order(other.id)).price_variation).toBe(1);
	});

	it('the discount landed but Kounta answered with an error: re-read, the points stay, {success:true}', async () => {
		const lookup = await sandbox.kounta.pos.lookup({ referenceId: '1001' });
		const reward = lookup.rewards.find((r) => r.id === '10-off');
		if (!reward) throw new Error('no 10-off reward offered');
		const order = await sandbox.kounta.createOrder();
		const before = (await n8n.executions(workflowId)).length;
		// Every PUT is applied and answered 502, so the transport's own retries of this idempotent PUT end in an error too.
		await sandbox.addFault({
			vendor: 'kounta',
			method: 'PUT',
			path: '*',
			kind: 'afterApply',
			status: 502,
			body: { error: 'bad gateway' },
			times: 0,
		});
		const redeem = await sandbox.kounta.pos.redeem({
			redeemUrl: reward.redeem_url,
			orderId: order.id,
			placeholderOrderId: lookup.placeholderOrderId,
		});
		expect(redeem.body).toEqual({ success: true });
		expect((await sandbox.kounta.order(order.id)).price_variation).toBe(0.9);
		expect(await points('1001')).toBe(1200);
		expect((await sandbox.influenceio.ledger('1001')).filter((e) => e.source === 'award')).toEqual(
			[],
		);
		const executions = await n8n.waitForExecutions(workflowId, before + 1);
		const last = executions[executions.length - 1];
		expect(nodeOutput(last, 'Apply Discount', 1)).toHaveLength(1);
		expect(nodeOutput(last, 'Re-read Order')).toEqual([
			expect.objectContaining({ price_variation: 0.9 }),
		]);
		expect(nodeOutput(last, 'Give Points Back')).toEqual([]);
	});

	it('the discount landed but its answer came after the till deadline: the points are not refunded', async () => {
		const lookup = await sandbox.kounta.pos.lookup({ referenceId: '1001' });
		const reward = lookup.rewards.find((r) => r.id === '10-off');
		if (!reward) throw new Error('no 10-off reward offered');
		const order = await sandbox.kounta.createOrder();
		const before = (await n8n.executions(workflowId)).length;
		// Applied at once, answered 9 s later: past the trigger's 8 s reply deadline.
		await sandbox.addFault({
			vendor: 'kounta',
			method: 'PUT',
			path: '*',
			kind: 'afterApply',
			delayMs: 9000,
		});
		const redeem = await sandbox.kounta.pos.redeem({
			redeemUrl: reward.redeem_url,
			orderId: order.id,
			placeholderOrderId: lookup.placeholderOrderId,
		});
		expect(redeem.status).toBe(200);
		await n8n.waitForExecutions(workflowId, before + 1, 60_000);
		expect((await sandbox.kounta.order(order.id)).price_variation).toBe(0.9);
		expect(await points('1001')).toBe(1200);
		expect((await sandbox.influenceio.ledger('1001')).filter((e) => e.source === 'award')).toEqual(
			[],
		);
	});

	it('the deduction landed but Influence.io answered with an error: re-read, the discount goes on, {success:true}', async () => {
		const lookup = await sandbox.kounta.pos.lookup({ referenceId: '1001' });
		const reward = lookup.rewards.find((r) => r.id === '10-off');
		if (!reward) throw new Error('no 10-off reward offered');
		const order = await sandbox.kounta.createOrder();
		await sandbox.addFault({
			vendor: 'influenceio',
			method: 'POST',
			path: '/v1/customers/1001/points/deduct',
			kind: 'afterApply',
			status: 502,
			body: { message: 'Bad Gateway' },
		});
		const redeem = await sandbox.kounta.pos.redeem({
			redeemUrl: reward.redeem_url,
			orderId: order.id,
			placeholderOrderId: lookup.placeholderOrderId,
		});
		expect(redeem.body).toEqual({ success: true });
		expect(await points('1001')).toBe(1200);
		expect(
			(await sandbox.influenceio.ledger('1001')).filter((e) => e.source === 'deduct'),
		).toHaveLength(1);
		expect((await sandbox.kounta.order(order.id)).price_variation).toBe(0.9);
	});

	it('the deduction really failed: re-read shows the balance unchanged, nothing redeemed, order untouched', async () => {
		const lookup = await sandbox.kounta.pos.lookup({ referenceId: '1001' });
		const reward = lookup.rewards.find((r) => r.id === '10-off');
		if (!reward) throw new Error('no 10-off reward offered');
		const order = await sandbox.kounta.createOrder();
		await sandbox.addFault({
			vendor: 'influenceio',
			method: 'POST',
			path: '/v1/customers/1001/points/deduct',
			kind: 'status',
			status: 503,
			body: { message: 'Service Unavailable' },
		});
		const redeem = await sandbox.kounta.pos.redeem({
			redeemUrl: reward.redeem_url,
			orderId: order.id,
			placeholderOrderId: lookup.placeholderOrderId,
		});
		expect(redeem.body).toEqual({
			success: false,
			error: 'The points could not be taken, so nothing was redeemed. Please try again.',
		});
		expect(await points('1001')).toBe(1500);
		expect((await sandbox.kounta.order(order.id)).price_variation).toBe(1);
	});

	it('a call without the URL token gets 401 and starts nothing; no secret reaches execution data', async () => {
		const before = (await n8n.executions(workflowId)).length;
		const refused = await sandbox.kounta.pos.search({
			keyword: 'ada@example.com',
			searchUrl: `${loyaltyUrl}?call=search`,
		});
		expect(refused.status).toBe(401);
		await sandbox.kounta.pos.checkout({ keyword: 'grace@example.com', rewardId: '10-off' });
		const executions = await n8n.waitForExecutions(workflowId, before + 3);
		expect(executions.length).toBe(before + 3);
		const dump = JSON.stringify(executions);
		for (const secret of state.secrets) expect(dump).not.toContain(secret);
	});
});
