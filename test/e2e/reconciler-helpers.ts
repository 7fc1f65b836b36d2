import fs from 'node:fs';
import path from 'node:path';

import axios from 'axios';

import type { SandboxClient } from '../../sandbox/client';
import {
	bindCredentials,
	type Execution,
	type N8nApi,
	type WorkflowJson,
} from '../../scripts/lib/n8n-api';
import {
	INFLUITIVE_WEBHOOK_SECRET,
	TEMPLATE_WEBHOOK_HEADER,
	TEMPLATE_WEBHOOK_VALUE,
} from '../../scripts/lib/stack';
import { assignWebhookPaths } from '../../scripts/lib/templates';
import { e2e } from './state';

/**
 * What these helpers act on: the e2e run's n8n and sandboxes by default, or a stack a script booted
 * (`npm run soak`, scripts/bench/soak.ts, which runs the same arrangement outside jest).
 */
export interface Harness {
	n8n: N8nApi;
	sandbox: SandboxClient;
	credentials: Record<string, { id: string; name: string }>;
}

function harness(given?: Harness): Harness {
	if (given) return given;
	const { state, n8n, sandbox } = e2e();
	return { n8n, sandbox, credentials: state.credentials };
}

const WORKFLOWS = path.join(__dirname, '..', '..', 'workflows');
const RECONCILER = 'influitive-redemption-reconciler.json';
const FLAGSHIP = 'influitive-redemption-to-kotis.json';

const readTemplate = (file: string) =>
	JSON.parse(fs.readFileSync(path.join(WORKFLOWS, file), 'utf8')) as WorkflowJson;

export interface Flagship {
	id: string;
	hookUrl: string;
	/** The trigger's path (`<webhookId>/webhook`), to aim a delivery at one webhook processor. */
	hookPath: string;
	/** The hub sends the *Reward Redemption Requested* webhook of this redemption to the flagship. */
	deliver(redemptionId: number): Promise<void>;
}

export async function publishFlagship(given?: Harness): Promise<Flagship> {
	const { n8n, sandbox, credentials } = harness(given);
	const template = assignWebhookPaths(readTemplate(FLAGSHIP));
	const { id } = await n8n.createWorkflow(bindCredentials(template, credentials));
	await n8n.publish(id);
	const trigger = template.nodes.find((n) => n.name === 'Redemption Requested') as unknown as {
		webhookId: string;
	};
	const hookPath = `${trigger.webhookId}/webhook`;
	const hookUrl = n8n.webhookUrl(hookPath);
	return {
		id,
		hookUrl,
		hookPath,
		deliver: async (redemptionId) => {
			const { deliveries } = await sandbox.influitive.deliver({
				url: hookUrl,
				redemptionId,
				query: { token: INFLUITIVE_WEBHOOK_SECRET },
			});
			if (deliveries.some((d) => d.status !== 200))
				throw new Error(`delivery of ${redemptionId} answered ${JSON.stringify(deliveries)}`);
		},
	};
}

export interface ReconcilerSettings {
	pending_for_minutes: number;
	stale_after_minutes: number;
	max_attempts?: number;
	only_approved?: boolean;
}

export interface Reconciler {
	id: string;
	/** POSTs to *Reconcile Now* and returns the execution it started, once finished (one call at a time; default wait 150 s). */
	reconcile(timeoutMs?: number): Promise<Execution>;
	/** POSTs to *Reconcile Now* without waiting for the run. */
	trigger(): Promise<void>;
	/** Executions started through *Reconcile Now* (id, status, mode; no data). */
	runs(): Promise<Execution[]>;
}

/**
 * The reconciler template as shipped, with its Settings changed as a user would for the case, and
 * its 10-minute schedule moved to once a day: a scheduled run in the middle of a case would act
 * on the same redemptions and make the execution counts depend on the clock.
 */
export async function publishReconciler(
	settings: ReconcilerSettings,
	given?: Harness,
): Promise<Reconciler> {
	const { n8n, credentials } = harness(given);
	const template = assignWebhookPaths(readTemplate(RECONCILER));
	const nodes = template.nodes.map((node) => {
		if (node.name === 'Every 10 Minutes') {
			return {
				...node,
				parameters: {
					rule: {
						interval: [
							{
								field: 'days',
								daysInterval: 1,
								triggerAtHour: (new Date().getUTCHours() + 12) % 24,
							},
						],
					},
				},
			};
		}
		if (node.name !== 'Settings') return node;
		const parameters = node.parameters as {
			assignments: { assignments: Array<{ name: string; value: unknown }> };
		};
		const assignments = parameters.assignments.assignments.map((a) =>
			a.name in settings
				? { ...a, value: (settings as unknown as Record<string, unknown>)[a.name] }
				: a,
		);
		return { ...node, parameters: { ...parameters, assignments: { assignments } } };
	});
	const { id } = await n8n.createWorkflow(bindCredentials({ ...template, nodes }, credentials));
	await n8n.publish(id);
	const hook = template.nodes.find((n) => n.name === 'Reconcile Now') as unknown as {
		webhookId: string;
	};
	const url = n8n.webhookUrl(`${hook.webhookId}/webhook`);
	// Without their data (fetched for the one run `reconcile` returns): a soak's runs loop over hundreds of redemptions.
	const runs = async () => (await listExecutions(id, n8n)).filter((e) => e.mode === 'webhook');
	const trigger = async () => {
		const reply = await axios.post(
			url,
			{},
			{
				headers: { [TEMPLATE_WEBHOOK_HEADER]: TEMPLATE_WEBHOOK_VALUE },
				validateStatus: () => true,
			},
		);
		if (reply.status !== 200) throw new Error(`Reconcile Now answered ${reply.status}`);
	};
	return {
		id,
		runs,
		trigger,
		reconcile: async (timeoutMs = 150_000) => {
			const before = new Set((await runs()).map((e) => e.id));
			await trigger();
			const deadline = Date.now() + timeoutMs;
			for (;;) {
				const fresh = (await runs()).filter(
					(e) => !before.has(e.id) && !['running', 'new', 'waiting'].includes(e.status),
				);
				if (fresh.length > 0) return await n8n.execution(fresh[0].id);
				if (Date.now() > deadline)
					throw new Error(
						`no finished reconcile run of workflow ${id} within ${timeoutMs / 1000} s`,
					);
				await new Promise((r) => setTimeout(r, 500));
			}
		},
	};
}

/**
 * Every execution of a workflow, newest first, without its data (every page: a soak has more than
 * one page, and a run that waits on a timeout can be older than the newest 250).
 */
export async function listExecutions(workflowId: string, n8n: N8nApi): Promise<Execution[]> {
	const all: Execution[] = [];
	let cursor: string | undefined;
	do {
		const res = await n8n.http.get('/executions', { params: { workflowId, limit: 250, cursor } });
		all.push(...(res.data.data as Execution[]));
		cursor = (res.data.nextCursor as string | null) ?? undefined;
	} while (cursor);
	return all;
}

/**
 * Waits until no execution of these workflows is listed as running or queued. n8n's public API does
 * not list an execution still running in the main process (seen in the soak: single mode, runs
 * going on while this returned), so in single mode this sees only what is queued: wait for a count
 * of finished runs first (`n8n.waitForExecutions`), as the storm test does.
 */
export async function settle(
	workflowIds: string[],
	timeoutMs = 240_000,
	given?: Harness,
): Promise<void> {
	const { n8n } = harness(given);
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const lists = await Promise.all(workflowIds.map(async (id) => await listExecutions(id, n8n)));
		if (!lists.flat().some((e) => ['running', 'new', 'waiting'].includes(e.status))) return;
		if (Date.now() > deadline)
			throw new Error(`executions still running after ${timeoutMs / 1000} s`);
		await new Promise((r) => setTimeout(r, 1000));
	}
}

/** Per redemption: Kotis orders placed for it, and decision requests that reached the hub (any answer). */
export async function tally(ids: number[], given?: Harness) {
	const { sandbox } = harness(given);
	const orders = await sandbox.kotis.orders();
	const records = await sandbox.influitive.redemptions();
	const byId = new Map(records.map((r) => [r.id, r]));
	return {
		orders,
		ordersPer: ids.map(
			(id) =>
				orders.filter((o) => (o.request as { order_id?: string }).order_id === `influitive-${id}`)
					.length,
		),
		decisionsPer: ids.map((id) => byId.get(id)?.decisions ?? 0),
		statusPer: ids.map((id) => byId.get(id)?.status),
		record: (id: number) => byId.get(id),
	};
}

/**
 * Runs *Reconcile Now* until nothing of `ids` is pending in the hub, at most `max` runs, 3.5 s
 * apart (the `stale_after_minutes: 0.05` the tests use); `afterRun` acts between runs (the soak's
 * person doing what a run asked for). Returns the runs.
 */
export async function reconcileUntilDone(
	reconciler: Reconciler,
	ids: number[],
	options: {
		max?: number;
		timeoutMs?: number;
		afterRun?: (run: Execution) => Promise<void>;
		harness?: Harness;
	} = {},
): Promise<Execution[]> {
	const runs: Execution[] = [];
	for (let i = 0; i < (options.max ?? 3); i++) {
		if ((await tally(ids, options.harness)).statusPer.every((s) => s !== 'pending')) break;
		if (i > 0) await sleep(3500);
		const run = await reconciler.reconcile(options.timeoutMs);
		runs.push(run);
		await options.afterRun?.(run);
	}
	return runs;
}

/** The JSON of every run of a node in an execution (a node inside a loop runs once per item). */
export function allRuns(
	execution: Execution,
	nodeName: string,
	outputIndex = 0,
): Array<Record<string, unknown>> {
	const runs = execution.data?.resultData.runData[nodeName] ?? [];
	return runs.flatMap((run) => (run.data?.main[outputIndex] ?? []).map((item) => item.json));
}

export const sleep = async (ms: number) => await new Promise((r) => setTimeout(r, ms));
