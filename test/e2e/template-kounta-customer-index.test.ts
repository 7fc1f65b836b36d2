import { TEMPLATE_WEBHOOK_HEADER, TEMPLATE_WEBHOOK_VALUE } from '../../scripts/lib/stack';
import {
	CUSTOMER_INDEX_TABLE,
	publishCustomerIndex,
	type CustomerIndex,
} from '../../scripts/lib/customer-index';
import { e2e } from './state';
import { publishTemplate } from './workflows';

const { state, n8n, sandbox } = e2e();
/** The Loyalty URL Token of the stack's Kounta credential (scripts/lib/stack.ts). */
const KOUNTA_LOYALTY_URL_TOKEN = 'e2e-kounta-loyalty-url-token';

type Member = { id: string; first_name: string; email_address: string; current_points?: string };
type Row = {
	external_id: string;
	email: string;
	first_name: string;
	last_name: string;
	name_search: string;
};

/**
 * The customer index behind the Kounta loyalty search, in real n8n: the index template
 * (workflows/kounta-loyalty-customer-index.json) built by its resync and kept by Influence.io's
 * customers/updated events; the loyalty template searching it. Influence.io seed: Ada (1001),
 * Grace (1002), Alan (1003) and 22 generated customers; the cases run in order on one sandbox state.
 */
describe('template: Kounta loyalty customer index', () => {
	let index: CustomerIndex;
	let loyaltyId: string;
	let loyaltyUrl: string;
	const tableId = () => state.dataTables[CUSTOMER_INDEX_TABLE];
	const rows = async () => (await n8n.dataTableRows(tableId())) as unknown as Row[];
	const search = async (keyword: string) => {
		const reply = await sandbox.kounta.pos.search({ keyword });
		expect(reply.issues).toEqual([]);
		return Object.values((reply.body as { members: Record<string, Member> }).members);
	};
	/** Waits until the index row of `externalId` satisfies `done` (an event's upsert landed). */
	const rowBecomes = async (externalId: string, done: (row: Row | undefined) => boolean) => {
		const deadline = Date.now() + 30_000;
		for (;;) {
			const row = (await rows()).find((r) => r.external_id === externalId);
			if (done(row)) return row;
			if (Date.now() > deadline)
				throw new Error(`index row ${externalId} did not change: ${JSON.stringify(row)}`);
			await new Promise((r) => setTimeout(r, 300));
		}
	};

	beforeAll(async () => {
		// Reset once, before publishing: a reset drops the sandbox's webhook subscriptions. The cases
		// below each change different customers, so they share this state.
		await sandbox.reset();
		index = await publishCustomerIndex(n8n, state.credentials, {
			name: TEMPLATE_WEBHOOK_HEADER,
			value: TEMPLATE_WEBHOOK_VALUE,
		});
		const loyalty = await publishTemplate(
			n8n,
			state.credentials,
			'kounta-loyalty-influenceio-points.json',
		);
		loyaltyId = loyalty.id;
		const trigger = loyalty.template.nodes.find(
			(n) => n.name === 'POS Loyalty Call',
		) as unknown as { webhookId: string };
		loyaltyUrl = n8n.webhookUrl(`${trigger.webhookId}/loyalty`);
	});

	afterAll(async () => {
		await n8n.unpublish(index.published.id).catch(() => undefined);
		await n8n.unpublish(loyaltyId).catch(() => undefined);
	});

	beforeEach(async () => {
		await n8n.clearDataTable(tableId());
		await sandbox.kounta.setLoyalty({
			searchUrl: `${loyaltyUrl}?call=search&token=${KOUNTA_LOYALTY_URL_TOKEN}`,
			rewardsUrl: `${loyaltyUrl}?call=rewards&token=${KOUNTA_LOYALTY_URL_TOKEN}`,
		});
		await index.resync({ timeoutMs: 120_000 });
	});

	it('the resync indexes every customer (lower-case email, accent-free name) and the search finds by email, id and name', async () => {
		const all = await rows();
		expect(all).toHaveLength(25);
		expect(all.find((r) => r.external_id === '1001')).toMatchObject({
			email: 'ada@example.com',
			first_name: 'Ada',
			last_name: 'Lovelace',
			name_search: 'ada lovelace',
		});
		expect(await search('ADA@example.com')).toEqual([
			expect.objectContaining({ id: '1001', current_points: '1500' }),
		]);
		expect((await search('1003')).map((m) => m.id)).toEqual(['1003']);
		expect((await search('lovelace')).map((m) => m.id)).toEqual(['1001']);
		// "customer" is in 22 generated names: at most 10 come back.
		expect(await search('customer')).toHaveLength(10);
		// A second resync replaces the rows instead of adding to them.
		await index.resync({ timeoutMs: 120_000 });
		expect(await rows()).toHaveLength(25);
	});

	it('a member created after the index was built is found once its customers/updated event arrived, accents ignored', async () => {
		expect(await search('zoe')).toEqual([]);
		await sandbox.influenceio.editCustomer('2001', {
			email: 'Zoe.Quinn@example.com',
			firstName: 'Zoë',
			lastName: 'Quinn',
		});
		await rowBecomes('2001', (row) => row?.name_search === 'zoe quinn');
		expect(await search('zoe')).toEqual([
			expect.objectContaining({
				id: '2001',
				first_name: 'Zoë',
				email_address: 'Zoe.Quinn@example.com',
				current_points: '0',
			}),
		]);
		expect((await search('ZOË QU')).map((m) => m.id)).toEqual(['2001']);
		expect((await search('zoe.quinn@example.com')).map((m) => m.id)).toEqual(['2001']);
	});

	it('a renamed member is found under the new name and not under the old one', async () => {
		expect((await search('hopper')).map((m) => m.id)).toEqual(['1002']);
		await sandbox.influenceio.editCustomer('1002', { firstName: 'Gracie', lastName: 'Brewster' });
		await rowBecomes('1002', (row) => row?.name_search === 'gracie brewster');
		expect(await search('hopper')).toEqual([]);
		expect(await search('brewster')).toEqual([
			expect.objectContaining({ id: '1002', first_name: 'Gracie' }),
		]);
	});

	it('a member deleted in Influence.io (no event) is neither offered at search nor given rewards, and the resync drops the row', async () => {
		// A redeem URL the till got for Ada before the deletion.
		const before = await sandbox.kounta.pos.lookup({ referenceId: '1001' });
		const reward = before.rewards.find((r) => r.id === '10-off');
		if (!reward) throw new Error(`no 10-off offered: ${JSON.stringify(before.body)}`);
		await sandbox.influenceio.removeCustomer('1001');
		// Still in the index until the next resync: the live read leaves it out.
		expect((await rows()).some((r) => r.external_id === '1001')).toBe(true);
		expect(await search('ada@example.com')).toEqual([]);
		expect(await search('lovelace')).toEqual([]);
		const lookup = await sandbox.kounta.pos.lookup({ referenceId: '1001' });
		expect(lookup.rewards).toEqual([]);
		expect(lookup.body).toMatchObject({ members: {} });
		const order = await sandbox.kounta.createOrder();
		const redeem = await sandbox.kounta.pos.redeem({
			redeemUrl: reward.redeem_url,
			orderId: order.id,
			placeholderOrderId: before.placeholderOrderId,
		});
		expect(redeem.body).toEqual({
			success: false,
			error: "This customer's points are not available right now; nothing was redeemed.",
		});
		expect(
			await sandbox.calls({ vendor: 'influenceio', path: '/v1/customers/1001/points/deduct' }),
		).toHaveLength(0);
		expect((await sandbox.kounta.order(order.id)).price_variation).toBe(1);
		const indexed = (await rows()).length;
		await index.resync({ timeoutMs: 120_000 });
		const after = await rows();
		expect(after.some((r) => r.external_id === '1001')).toBe(false);
		expect(after).toHaveLength(indexed - 1);
	});
});
