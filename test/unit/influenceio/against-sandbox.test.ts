import { InfluenceIo } from '../../../nodes/InfluenceIo/InfluenceIo.node';
import { resetTestPacing as resetRateLimits } from '../../helpers/transport-seam';
import { SandboxClient } from '../../../sandbox/client';
import { startSandbox, type RunningSandbox } from '../../../sandbox/server';
import { fakeExecuteContext } from '../../helpers/fake-context';

/**
 * The node's bulk upsert against the real stand-in (real HTTP, real sleeps), with the stand-in's
 * hardest rate-limit setting: 10 per second and no Retry-After (what AWS API Gateway sends).
 */
let sandbox: RunningSandbox;
beforeAll(async () => {
	sandbox = await startSandbox({ influenceio: { retryAfterHeader: false } });
});
afterAll(async () => {
	await sandbox.close();
});
beforeEach(() => resetRateLimits());

async function upsertAll(count: number, credentialExtra: Record<string, unknown> = {}) {
	const { baseUrl, apiKey } = sandbox.vendors.influenceio;
	const perItem = Array.from({ length: count }, (_, n) => ({
		resource: 'customer',
		operation: 'upsert',
		customerId: `bulk-${n}`,
		email: `bulk-${n}@example.com`,
		additionalFields: {},
		options: { concurrency: 10 },
	}));
	const fake = fakeExecuteContext({
		credentials: { influenceIoApi: { apiKey, baseUrl, webhookSecret: '', ...credentialExtra } },
		parameters: perItem,
		items: perItem.map(() => ({})),
	});
	return await new InfluenceIo().execute.call(fake.context);
}

describe('Influence.io bulk upsert against the sandbox rate limit', () => {
	it('loses and doubles nothing when 429s come without Retry-After', async () => {
		const admin = new SandboxClient(sandbox.url);
		await admin.reset();
		const [out] = await upsertAll(60);
		expect(out.map((i) => i.json.customerId)).toEqual(
			Array.from({ length: 60 }, (_, n) => `bulk-${n}`),
		);
		const puts = await admin.calls({ vendor: 'influenceio', method: 'PUT' });
		expect(puts.filter((c) => c.status === 200)).toHaveLength(60);
		expect(new Set(puts.filter((c) => c.status === 200).map((c) => c.path)).size).toBe(60);
		expect(puts.some((c) => c.status === 429)).toBe(true);
	}, 60_000);

	it('sends no request the sandbox throttles when Requests per Second is below its limit', async () => {
		const admin = new SandboxClient(sandbox.url);
		await admin.reset();
		const [out] = await upsertAll(25, { requestsPerSecond: 8 });
		expect(out).toHaveLength(25);
		const puts = await admin.calls({ vendor: 'influenceio', method: 'PUT' });
		expect(puts.map((c) => c.status)).toEqual(Array(25).fill(200));
	}, 60_000);
});
