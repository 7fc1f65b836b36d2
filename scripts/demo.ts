/**
 * `npm run demo -- influitive|influenceio|kounta` (with `npm start` running in another terminal):
 * plays the vendor's part in the sandbox, waits for the published template to do its work in
 * n8n, and prints what happened on each side.
 *
 *   influitive [size]  Ada redeems the Kotis T-shirt (size M unless given; try L, out of stock, or
 *                      Medium, a size Kotis does not sell) → Kotis order → redemption fulfilled
 *   influenceio        Ada redeems 500 points for a $10 coupon → the coupon is created in the store
 *   kounta             A till sale to Ada completes → Influence.io order → points earned
 */
import fs from 'node:fs';
import path from 'node:path';

import { SandboxClient } from '../sandbox/client';
import { REPO_ROOT } from './lib/runtime';
import type { DemoSetup } from './start';

const USER_FOLDER = process.env.N8N_USER_FOLDER ?? path.join(REPO_ROOT, '.n8n-local');
const ADA = 'ada@example.com';

async function waitFor<T>(
	what: string,
	probe: () => Promise<T | undefined>,
	timeoutMs = 60_000,
): Promise<T> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const found = await probe();
		if (found !== undefined) return found;
		if (Date.now() > deadline)
			throw new Error(
				`Gave up after ${timeoutMs / 1000} s waiting for ${what}. Is npm start still running? Its executions list shows what n8n did.`,
			);
		await new Promise((r) => setTimeout(r, 500));
	}
}

async function influitive(sandbox: SandboxClient, demo: DemoSetup, size: string): Promise<void> {
	const before = (await sandbox.influitive.member(ADA)).current_points;
	const { redemption } = await sandbox.influitive.createRedemption({
		member: ADA,
		reward: 77,
		size,
	});
	console.log(
		`Influitive: Ada redeems "Kotis T-shirt" in size ${size} (redemption ${redemption.id}); the hub sends the webhook to n8n...`,
	);
	const done = await waitFor('the redemption to be fulfilled or refused', async () => {
		const record = await sandbox.influitive.redemption(redemption.id);
		return record.status === 'fulfilled' || record.status === 'refused' ? record : undefined;
	});
	const order = (await sandbox.kotis.orders()).find(
		(o) => (o.request as { order_id?: string }).order_id === `influitive-${redemption.id}`,
	);
	const after = (await sandbox.influitive.member(ADA)).current_points;
	console.log(
		`Kotis:      ${order ? `order ${order.order_num} placed (reference influitive-${redemption.id})` : 'no order placed'}`,
	);
	console.log(`Influitive: redemption ${done.status}: "${done.decision?.message ?? ''}"`);
	console.log(
		`            Ada's points: ${before} before, ${after} now${done.status === 'refused' ? ' (refused: the points came back)' : ''}`,
	);
	console.log(`n8n:        ${demo.n8nUrl}/workflow/${demo.workflows.influitive}/executions`);
}

async function influenceio(sandbox: SandboxClient, demo: DemoSetup): Promise<void> {
	// Enough points for the coupon, however often the demo ran.
	if ((await sandbox.influenceio.customer(ADA)).pointBalance < 500)
		await sandbox.influenceio.setPoints(ADA, 1500);
	const before = (await sandbox.influenceio.customer(ADA)).pointBalance;
	const { coupon } = await sandbox.influenceio.redeem({ customer: ADA, ruleId: 'rule-10-off' });
	console.log(
		`Influence.io: Ada redeems 500 points for a $10 coupon (${coupon.couponCode}); Influence.io sends points/redeemed to n8n...`,
	);
	const created = await waitFor('the coupon to reach the store', async () =>
		(await sandbox.store.coupons()).find((c) => c.code === coupon.couponCode),
	);
	const after = (await sandbox.influenceio.customer(ADA)).pointBalance;
	console.log(
		`Store:        coupon ${created.code} created: ${created.type}${created.amount !== undefined ? ` ${created.amount}` : ''}${created.percentage !== undefined ? ` ${created.percentage} %` : ''} for ${created.customer_email ?? 'any customer'}`,
	);
	console.log(`Influence.io: Ada's points ${before} before, ${after} now`);
	console.log(`n8n:          ${demo.n8nUrl}/workflow/${demo.workflows.influenceio}/executions`);
}

async function kounta(sandbox: SandboxClient, demo: DemoSetup): Promise<void> {
	const before = (await sandbox.influenceio.customer(ADA)).pointBalance;
	const known = (await sandbox.kounta.state()).customers.find((c) =>
		c.email_addresses.includes(ADA),
	);
	const customer =
		known ??
		(await sandbox.kounta.createCustomer({ first_name: 'Ada', last_name: 'Lovelace', email: ADA }));
	const order = await sandbox.kounta.createOrder({
		customer_id: customer.id,
		lines: [{ product_id: 1002, quantity: 5 }],
	});
	const { order: completed, deliveries } = await sandbox.kounta.completeOrder(order.id);
	console.log(
		`Kounta:       Ada buys 5 lattes, sale ${completed.id} completed (total ${completed.total}); Kounta sends orders/completed to n8n (HTTP ${deliveries.map((d) => d.status).join(', ') || 'no webhook registered'})...`,
	);
	const earned = await waitFor('the Influence.io order', async () =>
		(await sandbox.influenceio.orders()).find((o) => o.id === `kounta-${completed.id}`),
	);
	const after = (await sandbox.influenceio.customer(ADA)).pointBalance;
	console.log(
		`Influence.io: order ${earned.id} (${earned.financialStatus}, total ${earned.total}); Ada's points ${before} before, ${after} now`,
	);
	console.log(`n8n:          ${demo.n8nUrl}/workflow/${demo.workflows.kounta}/executions`);
}

async function main(): Promise<void> {
	const [which, arg] = process.argv.slice(2);
	const setupFile = path.join(USER_FOLDER, 'reward-fulfillment-setup.json');
	if (!fs.existsSync(setupFile))
		throw new Error(`No ${setupFile}: start n8n first with npm start (in another terminal).`);
	const demo = (JSON.parse(fs.readFileSync(setupFile, 'utf8')) as { demo?: DemoSetup }).demo;
	if (!demo?.sandboxUrl) throw new Error('npm start has not published the demo yet: restart it.');
	const sandbox = new SandboxClient(demo.sandboxUrl);
	await sandbox.health().catch(() => {
		throw new Error(`The sandboxes at ${demo.sandboxUrl} do not answer: is npm start running?`);
	});
	// npm start subscribes the hub last, once every demo template is published.
	if ((await sandbox.influitive.subscriptions()).length === 0)
		throw new Error(
			'npm start is still starting n8n and publishing the templates: wait for "n8n is ready", then run this again.',
		);
	if (which === 'influitive') await influitive(sandbox, demo, arg ?? 'M');
	else if (which === 'influenceio') await influenceio(sandbox, demo);
	else if (which === 'kounta') await kounta(sandbox, demo);
	else throw new Error('Usage: npm run demo -- influitive [size] | influenceio | kounta');
}

main().catch((error: unknown) => {
	console.error(error instanceof Error ? error.message : error);
	process.exit(1);
});
