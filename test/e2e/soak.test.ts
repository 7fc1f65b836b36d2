import { SandboxClient } from '../../sandbox/client';
import { INFLUITIVE_BASE } from '../../sandbox/influitive';
import {
	INFLUITIVE_DEFAULT_ORG_ID,
	INFLUITIVE_DEFAULT_TOKEN,
} from '../../sandbox/influitive/options';
import { formatSoak, runSoak } from '../../scripts/bench/soak';
import { e2e } from './state';

const { state, n8n } = e2e();

/**
 * `npm run soak` reduced to what fits in the e2e run: 60 redemptions with the soak's mix (30 %
 * delivered twice, at once or at the end; 20 % of Kotis and Influitive calls faulted), in the mode
 * of this project (single: one n8n; queue: twins at once go one to each webhook processor), then the
 * reconciler until none is pending, with the person doing what it asks for.
 */
describe('soak (reduced): 60 redemptions, 30 % delivered twice, 20 % of vendor calls faulted', () => {
	it('none pending, none ordered or decided twice, each ends as the stock says, every failed run names an action', async () => {
		// A delivery waits for n8n's answer: a longer admin timeout than the e2e client's 10 s.
		const sandbox = new SandboxClient(state.sandboxUrl, { timeoutMs: 120_000 });
		const result = await runSoak(
			{
				mode: state.mode,
				n8n,
				sandbox,
				credentials: state.credentials,
				webhookProcessorUrls: state.webhookProcessorUrls,
				// The e2e sandbox runs with the hub's default token and organisation (test/e2e/global-setup.ts).
				hub: {
					baseUrl: `${state.sandboxUrl}${INFLUITIVE_BASE}`,
					token: INFLUITIVE_DEFAULT_TOKEN,
					orgId: INFLUITIVE_DEFAULT_ORG_ID,
				},
			},
			{
				count: 60,
				seed: 1,
				concurrency: 6,
				rounds: 8,
				reconcileTimeoutMs: 150_000,
				settleTimeoutMs: 240_000,
			},
		);
		console.log(`[soak ${state.mode}]\n${formatSoak([result])}`);

		// The load was what it says: twins delivered, about a fifth of each vendor's calls faulted.
		expect(result.deliveries).toBeGreaterThan(60);
		for (const vendor of ['kotis', 'influitive'] as const) {
			const { calls, faulted } = result.faulted[vendor];
			expect(faulted / calls).toBeGreaterThan(0.1);
			expect(faulted / calls).toBeLessThan(0.3);
		}
		expect(result.pending).toBe(0);
		expect(result.fulfilled + result.refused).toBe(60);
		expect(result.unexpected).toEqual([]);
		expect(result.doubleOrders).toBe(0);
		expect(result.doubleDecisions).toBe(0);
		expect(result.orders).toBe(result.fulfilled);
		expect(result.withoutAction).toEqual([]);
		// The flagship's trigger leaves repeats to the claim, so n8n answers 200 only for a run it stored.
		expect(result.acceptedWithoutRun).toBe(0);
	}, 480_000);
});
