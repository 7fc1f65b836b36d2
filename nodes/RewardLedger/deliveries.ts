import type {
	IHookFunctions,
	INodeProperties,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';

import { digestKey } from '../shared/dedupe';
import { replyDuplicate, replyJson } from '../shared/webhook';
import { claim, ledgerTables } from './api';

/**
 * Webhook triggers that remember deliveries across n8n processes. A trigger's own memory (this
 * process, plus static data) cannot stop the same delivery reaching two webhook processors at the
 * same instant: both look before either has written. The Reward Ledger's claim is atomic across
 * every process sharing n8n's database, so a trigger set to "Reward Ledger" claims each new
 * delivery there before it answers, and only the first claim starts the workflow.
 */

type DeliveryMemory = 'process' | 'ledger' | 'workflowClaim';

/** Its own table by default: these entries stay `claimed` (a delivery has no outcome to record). */
export const DEFAULT_DELIVERY_TABLE = 'rf_webhook_deliveries';

/** A trigger using this lists the credential `rewardLedgerApi` shown for `deliveryMemory: ['ledger']`. */
const DELIVERY_MEMORY_PARAMETER = 'deliveryMemory';

export const deliveryMemoryProperty: INodeProperties = {
	displayName: 'Remember Deliveries In',
	name: DELIVERY_MEMORY_PARAMETER,
	type: 'options',
	options: [
		{
			name: 'This Process Only',
			value: 'process',
			description: 'Enough for one n8n process, or queue mode with one webhook processor',
		},
		{
			name: 'Reward Ledger (All Processes)',
			value: 'ledger',
			description:
				'For queue mode with several webhook processors: the same delivery reaching two of them at once starts one execution. Each new delivery waits for one ledger claim (about half a second, longer under load) before it is answered.',
		},
		{
			name: "Nowhere: The Workflow's Reward Ledger Claim Drops Them",
			value: 'workflowClaim',
			description:
				"For a workflow whose first step is a Reward Ledger Claim, as the fulfillment templates do. Every delivery starts an execution (a repeat ends at the claim's Already Handled), and n8n answers a delivery only once its execution is stored: one n8n could not store gets an error (500), not a 200, so a sender that retries sends it again.",
		},
	],
	default: 'process',
	description:
		'Where the trigger remembers the deliveries it has seen, to drop repeats. Used when Drop Repeated Deliveries is on.',
};

/**
 * Whether the trigger drops repeats itself. Not with "Nowhere": the workflow's ledger claim is the
 * one owner of repeats then, as it is of retries, and the trigger keeps no static data, so n8n can
 * answer only once the execution is stored (`acceptDelivery(…, 'onceStored')` in shared/webhook.ts).
 */
export function triggerDropsRepeats(ctx: IWebhookFunctions): boolean {
	return deliveryMemoryOf(ctx) !== 'workflowClaim';
}

export const deliveryLedgerTableOption: INodeProperties = {
	displayName: 'Delivery Ledger Table',
	name: 'deliveryLedgerTable',
	type: 'string',
	default: DEFAULT_DELIVERY_TABLE,
	description:
		'With Remember Deliveries In: Reward Ledger, the n8n Data Table holding one entry per delivery received (created on first use with its lock table, name + "_locks"). Keep it apart from the table your fulfillment workflows claim in.',
};

interface DeliveryOptions {
	dedupe?: boolean;
	deliveryLedgerTable?: string;
}

function deliveryMemoryOf(ctx: IWebhookFunctions | IHookFunctions): DeliveryMemory {
	const memory = ctx.getNodeParameter(DELIVERY_MEMORY_PARAMETER, 'process');
	return memory === 'ledger' || memory === 'workflowClaim' ? memory : 'process';
}

function tableNameOf(options: DeliveryOptions): string {
	return String(options.deliveryLedgerTable ?? '').trim() || DEFAULT_DELIVERY_TABLE;
}

/**
 * Called when the workflow is published (on main): creates the delivery ledger's tables now, so the
 * first delivery does not wait while two webhook processors race to create them, and a ledger
 * credential that cannot reach n8n's API fails the publish instead of every delivery.
 */
export async function prepareDeliveryLedger(ctx: IHookFunctions): Promise<void> {
	const options = ctx.getNodeParameter('options', {}) as DeliveryOptions;
	if (deliveryMemoryOf(ctx) !== 'ledger' || options.dedupe === false) return;
	await ledgerTables(ctx, tableNameOf(options), 0);
}

/**
 * Claims one delivery in the ledger: true when this is the first claim of `key` for this trigger
 * (start the workflow), false when any process claimed it before. Throws when the ledger cannot
 * be asked; the caller then refuses the delivery so that the sender's retry is treated as new.
 * The entry key names the workflow and the node, so two triggers never drop each other's
 * deliveries; the delivery key itself is kept as a digest (the sender chooses its length).
 */
async function claimDelivery(
	ctx: IWebhookFunctions,
	key: string,
	detail: string,
): Promise<boolean> {
	const tables = await ledgerTables(
		ctx,
		tableNameOf(ctx.getNodeParameter('options', {}) as DeliveryOptions),
		0,
	);
	const entryKey = `delivery:${ctx.getWorkflow().id ?? 'workflow'}:${ctx.getNode().id}:${digestKey(key)}`;
	const result = await claim(ctx, tables, entryKey, { reclaimAfterMs: 0, detail }, 0);
	return result.claimed;
}

/**
 * The ledger step of a trigger's repeat check, after its in-process claim of `key` succeeded:
 * undefined when the workflow may start (not in ledger mode, or the first claim anywhere), else the
 * answer already sent (a duplicate, or 503 when the ledger could not be asked; `release` then gives
 * the in-process claim back so the sender's retry counts as new).
 */
export async function ledgerDuplicateReply(
	ctx: IWebhookFunctions,
	key: string,
	detail: string,
	duplicateReason: string,
	release: () => void,
): Promise<IWebhookResponseData | undefined> {
	if (deliveryMemoryOf(ctx) !== 'ledger') return undefined;
	let first: boolean;
	try {
		first = await claimDelivery(ctx, key, detail);
	} catch (error) {
		release();
		// Transport errors are already scrubbed of secrets; the sender gets no internals.
		ctx.logger.warn(
			`${ctx.getNode().name}: delivery refused (503), the Reward Ledger could not be asked: ${(error as Error).message}`,
			{
				workflowId: ctx.getWorkflow().id,
				nodeName: ctx.getNode().name,
			},
		);
		return replyJson(ctx, 503, {
			error: 'dedupe_unavailable',
			reason:
				'this delivery could not be checked against the deliveries already received; nothing was started, send it again',
		});
	}
	return first ? undefined : replyDuplicate(ctx, duplicateReason);
}
