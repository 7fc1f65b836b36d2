import axios from 'axios';

import { KOUNTA_CUSTOMER_INDEX_TABLE } from './data-tables';
import type { Execution, N8nApi } from './n8n-api';
import { publishTemplateFile, type PublishedTemplate } from './templates';

/** The template that keeps the Kounta loyalty search's customer index (Data Table `kounta_loyalty_customers`). */
const CUSTOMER_INDEX_TEMPLATE = 'kounta-loyalty-customer-index.json';
export const CUSTOMER_INDEX_TABLE = KOUNTA_CUSTOMER_INDEX_TABLE.name;

export interface CustomerIndex {
	published: PublishedTemplate;
	/** Runs the full resync through the template's *Resync Now* webhook and waits until it finished. */
	resync(options?: { timeoutMs?: number }): Promise<{ ms: number; executionId: string }>;
}

/**
 * Publishes the customer-index template. `headerAuth` is the header the bound Authenticated Webhook
 * credential expects on *Resync Now* (name and value, e.g. Authorization: Bearer <secret>).
 */
export async function publishCustomerIndex(
	api: N8nApi,
	credentials: Record<string, { id: string; name: string }>,
	headerAuth: { name: string; value: string },
): Promise<CustomerIndex> {
	const published = await publishTemplateFile(api, credentials, CUSTOMER_INDEX_TEMPLATE);
	const url = api.webhookUrl(published.webhookPath('Resync Now'));
	/** Executions of the index workflow newer than `after`, paging back as far as needed (a resync of 50,000 customers makes 200 sub-executions). */
	const list = async (after = 0): Promise<Execution[]> => {
		const found: Execution[] = [];
		let cursor: string | undefined;
		do {
			const page = (
				await api.http.get('/executions', {
					params: { workflowId: published.id, limit: 250, cursor },
				})
			).data as { data: Execution[]; nextCursor?: string | null };
			const newer = page.data.filter((e) => Number(e.id) > after);
			found.push(...newer);
			cursor = newer.length === page.data.length ? (page.nextCursor ?? undefined) : undefined;
		} while (cursor);
		return found;
	};
	return {
		published,
		async resync({ timeoutMs = 30 * 60_000 } = {}) {
			const latest = (
				await api.http.get('/executions', { params: { workflowId: published.id, limit: 1 } })
			).data.data as Execution[];
			const before = Number(latest[0]?.id ?? 0);
			const started = Date.now();
			const post = async () =>
				await axios.post(
					url,
					{},
					{
						headers: { [headerAuth.name]: headerAuth.value },
						validateStatus: () => true,
						timeout: 60_000,
					},
				);
			let reply = await post();
			// Right after a (re)publish n8n may not have registered the webhook yet.
			for (let tries = 0; reply.status === 404 && tries < 50; tries++) {
				await new Promise((r) => setTimeout(r, 200));
				reply = await post();
			}
			if (reply.status !== 200)
				throw new Error(`Resync Now answered HTTP ${reply.status}: ${JSON.stringify(reply.data)}`);
			// The resync is the webhook-mode execution that started at Resync Now: customers/updated events
			// start webhook-mode executions of this workflow too, and the one-page sub-executions run in
			// mode "integrated".
			const startNode = new Map<string, string | undefined>();
			const findRun = async (): Promise<Execution | undefined> => {
				let run: Execution | undefined;
				for (const e of (await list(before)).filter((x) => x.mode === 'webhook')) {
					if (!startNode.has(e.id)) {
						const full = await api.execution(e.id);
						const ran = Object.keys(full.data?.resultData.runData ?? {});
						// Known once the execution has data; a running one may have none yet.
						if (ran.length > 0)
							startNode.set(e.id, ran.includes('Resync Now') ? 'Resync Now' : ran[0]);
					}
					if (startNode.get(e.id) === 'Resync Now') run = e;
				}
				return run;
			};
			let droppedPolls = 0;
			for (;;) {
				let run: Execution | undefined;
				try {
					run = await findRun();
					droppedPolls = 0;
				} catch (error) {
					// A busy n8n (a 50,000-customer resync on a loaded box) may drop a poll: look again.
					if (!axios.isAxiosError(error) || error.response || ++droppedPolls > 20) throw error;
					await new Promise((r) => setTimeout(r, 1_000));
					continue;
				}
				if (run && !['running', 'new', 'waiting'].includes(run.status)) {
					if (run.status !== 'success') {
						const full = await api.execution(run.id);
						throw new Error(
							`the resync execution ${run.id} ended ${run.status}: ${full.data?.resultData.error?.message ?? 'no error message'}`,
						);
					}
					return { ms: Date.now() - started, executionId: run.id };
				}
				if (Date.now() - started > timeoutMs)
					throw new Error(`the resync did not finish within ${Math.round(timeoutMs / 1000)} s`);
				await new Promise((r) => setTimeout(r, 500));
			}
		},
	};
}
