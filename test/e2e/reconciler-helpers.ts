import fs from 'node:fs';
import path from 'node:path';

import axios from 'axios';

import { bindCredentials, type Execution, type WorkflowJson } from '../../scripts/lib/n8n-api';
import { INFLUITIVE_WEBHOOK_SECRET, TEMPLATE_WEBHOOK_HEADER, TEMPLATE_WEBHOOK_VALUE } from '../../scripts/lib/stack';
import { assignWebhookPaths } from '../../scripts/lib/templates';
import { e2e } from './state';

const WORKFLOWS = path.join(__dirname, '..', '..', 'workflows');
const RECONCILER = 'influitive-redemption-reconciler.json';
const FLAGSHIP = 'influitive-redemption-to-kotis.json';

const readTemplate = (file: string) => JSON.parse(fs.readFileSync(path.join(WORKFLOWS, file), 'utf8')) as WorkflowJson;

export interface Flagship {
	id: string;
	hookUrl: string;
	/** The hub sends the *Reward Redemption Requested* webhook of this redemption to the flagship. */
	deliver(redemptionId: number): Promise<void>;
}

export async function publishFlagship(): Promise<Flagship> {
	const { state, n8n, sandbox } = e2e();
	const template = assignWebhookPaths(readTemplate(FLAGSHIP));
	const { id } = await n8n.createWorkflow(bindCredentials(template, state.credentials));
	await n8n.publish(id);
	const trigger = template.nodes.find((n) => n.name === 'Redemption Requested') as unknown as { webhookId: string };
	const hookUrl = n8n.webhookUrl(`${trigger.webhookId}/webhook`);
	return {
		id,
		hookUrl,
		deliver: async (redemptionId) => {
			const { deliveries } = await sandbox.influitive.deliver({ url: hookUrl, redemptionId, query: { token: INFLUITIVE_WEBHOOK_SECRET } });
			if (deliveries.some((d) => d.status !== 200)) throw new Error(`delivery of ${redemptionId} answered ${JSON.stringify(deliveries)}`);
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
	/** POSTs to *Reconcile Now* and returns the execution it started, once finished (one call at a time). */
	reconcile(): Promise<Execution>;
	/** POSTs to *Reconcile Now* without waiting for the run. */
	trigger(): Promise<void>;
	/** Executions started through *Reconcile Now*. */
	runs(): Promise<Execution[]>;
}

/**
 * The reconciler template as shipped, with its Settings changed as a user would for the case, and
 * its 10-minute schedule moved to once a day: a scheduled run in the middle of a case would act
 * on the same redemptions and make the execution counts depend on the clock.
 */
export async function publishReconciler(settings: ReconcilerSettings): Promise<Reconciler> {
	const { state, n8n } = e2e();
	const template = assignWebhookPaths(readTemplate(RECONCILER));
	const nodes = template.nodes.map((node) => {
		if (node.name === 'Every 10 Minutes') {
			return { ...node, parameters: { rule: { interval: [{ field: 'days', daysInterval: 1, triggerAtHour: (new Date().getUTCHours() + 12) % 24 }] } } };
		}
		if (node.name !== 'Settings') return node;
		const parameters = node.parameters as { assignments: { assignments: Array<{ name: string; value: unknown }> } };
		const assignments = parameters.assignments.assignments.map((a) =>
			a.name in settings ? { ...a, value: (settings as unknown as Record<string, unknown>)[a.name] } : a,
		);
		return { ...node, parameters: { ...parameters, assignments: { assignments } } };
	});
	const { id } = await n8n.createWorkflow(bindCredentials({ ...template, nodes }, state.credentials));
	await n8n.publish(id);
	const hook = template.nodes.find((n) => n.name === 'Reconcile Now') as unknown as { webhookId: string };
	const url = n8n.webhookUrl(`${hook.webhookId}/webhook`);
	const runs = async () => (await n8n.executions(id)).filter((e) => e.mode === 'webhook');
	const trigger = async () => {
		const reply = await axios.post(url, {}, { headers: { [TEMPLATE_WEBHOOK_HEADER]: TEMPLATE_WEBHOOK_VALUE }, validateStatus: () => true });
		if (reply.status !== 200) throw new Error(`Reconcile Now answered ${reply.status}`);
	};
	return {
		id,
		runs,
		trigger,
		reconcile: async () => {
			const before = new Set((await runs()).map((e) => e.id));
			await trigger();
			const deadline = Date.now() + 150_000;
			for (;;) {
				const fresh = (await runs()).filter((e) => !before.has(e.id) && !['running', 'new', 'waiting'].includes(e.status));
				if (fresh.length > 0) return await n8n.execution(fresh[0].id);
				if (Date.now() > deadline) throw new Error(`no finished reconcile run of workflow ${id} within 150 s`);
				await new Promise((r) => setTimeout(r, 500));
			}
		},
	};
}

/** Waits until no execution of these workflows is running. */
export async function settle(workflowIds: string[], timeoutMs = 240_000): Promise<void> {
	const { n8n } = e2e();
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const lists = await Promise.all(workflowIds.map(async (id) => await n8n.executions(id)));
		if (!lists.flat().some((e) => ['running', 'new', 'waiting'].includes(e.status))) return;
		if (Date.now() > deadline) throw new Error(`executions still running after ${timeoutMs / 1000} s`);
		await new Promise((r) => setTimeout(r, 1000));
	}
}

/** Per redemption: Kotis orders placed for it, and decision requests that reached the hub (any answer). */
export async function tally(ids: number[]) {
	const { sandbox } = e2e();
	const orders = await sandbox.kotis.orders();
	const records = await sandbox.influitive.redemptions();
	const byId = new Map(records.map((r) => [r.id, r]));
	return {
		orders,
		ordersPer: ids.map((id) => orders.filter((o) => (o.request as { order_id?: string }).order_id === `influitive-${id}`).length),
		decisionsPer: ids.map((id) => byId.get(id)?.decisions ?? 0),
		statusPer: ids.map((id) => byId.get(id)?.status),
		record: (id: number) => byId.get(id),
	};
}

/** The JSON of every run of a node in an execution (a node inside a loop runs once per item). */
export function allRuns(execution: Execution, nodeName: string, outputIndex = 0): Array<Record<string, unknown>> {
	const runs = execution.data?.resultData.runData[nodeName] ?? [];
	return runs.flatMap((run) => (run.data?.main[outputIndex] ?? []).map((item) => item.json));
}

export const sleep = async (ms: number) => await new Promise((r) => setTimeout(r, ms));
