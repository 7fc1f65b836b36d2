import type {
	IDataObject,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
	IPollFunctions,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { listRedemptions } from './api';
import type { Redemption } from './schemas';
import {
	QUEUE_ROOTS,
	getPath,
	readRedemptionFields,
	redemptionFieldOptions,
	simplifyQueuedRedemption,
	sortedByName,
	type RedemptionFieldOptionValues,
} from './helpers/webhookEvents';

interface PollState {
	/** Redemption ids already emitted that may still be in the outstanding queue. */
	emitted?: string[];
}

interface PollOptions extends RedemptionFieldOptionValues {
	emitBacklog?: boolean;
	simplify?: boolean;
	onlyApproved?: boolean;
	approvalField?: string;
	approvedValues?: string;
}

/** Best-known guesses: Influitive has not published how a queue item shows an administrator's approval (docs/vendor-facts.md). */
const DEFAULT_APPROVAL_FIELD = 'status';
const DEFAULT_APPROVED_VALUES = 'approved';

export class InfluitiveRedemptionTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Influitive AdvocateHub Redemption Trigger',
		name: 'influitiveRedemptionTrigger',
		icon: {
			light: 'file:../../icons/influitive.svg',
			dark: 'file:../../icons/influitive.dark.svg',
		},
		group: ['trigger'],
		version: 1,
		subtitle: 'New reward redemptions',
		description:
			'Polls the outstanding reward redemptions and starts the workflow once for each new one',
		defaults: { name: 'Influitive AdvocateHub Redemption Trigger' },
		polling: true,
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'influitiveApi', required: true }],
		properties: [
			{
				displayName:
					'Use this instead of the webhook trigger when an administrator approves redemptions first (turn on Options → Only Approved Redemptions), or when webhooks cannot reach this n8n. Influitive allows 200 requests per 5 minutes per IP: poll every few minutes.',
				name: 'pollingNotice',
				type: 'notice',
				default: '',
			},
			{
				displayName: 'Options',
				name: 'options',
				type: 'collection',
				placeholder: 'Add Option',
				default: {},
				// The payload paths are shared with the webhook trigger.
				options: sortedByName([
					{
						displayName: 'Approval Field',
						name: 'approvalField',
						type: 'string',
						default: DEFAULT_APPROVAL_FIELD,
						description:
							'With Only Approved Redemptions on: where a queue item says whether an administrator has approved it. Influitive has not published this; "status" is the best-known guess, so check a real queue item.',
					},
					{
						displayName: 'Approved Values',
						name: 'approvedValues',
						type: 'string',
						default: DEFAULT_APPROVED_VALUES,
						placeholder: 'e.g. approved, pending',
						description:
							'With Only Approved Redemptions on: the values of the Approval Field that mean "go ahead", separated by commas (ignoring case). Guessed, like the field. If some rewards need no approval, add the value their redemptions have (e.g. pending).',
					},
					{
						displayName: 'Emit Redemptions Already Waiting',
						name: 'emitBacklog',
						type: 'boolean',
						default: true,
						description:
							'Whether the first poll emits the redemptions already in the queue, instead of only recording them as seen',
					},
					{
						displayName: 'Only Approved Redemptions',
						name: 'onlyApproved',
						type: 'boolean',
						default: false,
						description:
							'Whether to emit a redemption only once an administrator has approved it (rewards with "Administrator Approval Required", or "Approve Without Fulfilling" in Items to Review). Others are left waiting in the queue, not refused, and are emitted when approved.',
					},
					{
						displayName: 'Simplify',
						name: 'simplify',
						type: 'boolean',
						default: true,
						description:
							'Whether to output the same flat item as the webhook trigger (redemption ID, reward, provider, SKU, size, shipping address and the shipping fields it lacks, advocate) with the raw redemption under "redemption"',
					},
					...redemptionFieldOptions(QUEUE_ROOTS),
				]),
			},
		],
	};

	async poll(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
		const options = this.getNodeParameter('options', {}) as PollOptions;
		const fields = readRedemptionFields(options, QUEUE_ROOTS);
		const toItem = (r: Redemption): IDataObject =>
			options.simplify === false
				? (r as IDataObject)
				: { ...simplifyQueuedRedemption(r, fields), redemption: r as IDataObject };
		const idOf = (r: Redemption): string => String(getPath(r, fields.redemptionIdPath) ?? r.id);
		const approved = approvalFilter(options);

		if (this.getMode() === 'manual') {
			const first = (
				await listRedemptions.call(this, options.onlyApproved ? {} : { limit: 1 })
			).find(approved);
			return first ? [this.helpers.returnJsonArray([toItem(first)])] : null;
		}

		// The whole queue is read every time: it only holds redemptions still waiting for a decision,
		// so it stays small, and knowing all of it lets us forget ids that have left it.
		const queue = await listRedemptions.call(this);
		const state = this.getWorkflowStaticData('node') as PollState;
		const firstPoll = state.emitted === undefined;
		const emitted = new Set(state.emitted ?? []);
		// One awaiting approval is neither emitted nor recorded: it stays in the queue and goes out once approved.
		const fresh = queue.filter((r) => approved(r) && !emitted.has(idOf(r)));
		for (const r of fresh) emitted.add(idOf(r));
		// Decided redemptions leave the queue for good; dropping them keeps the state as small as the queue.
		state.emitted = queue.map(idOf).filter((id) => emitted.has(id));
		if (fresh.length === 0 || (firstPoll && options.emitBacklog === false)) return null;
		return [this.helpers.returnJsonArray(fresh.map(toItem))];
	}
}

/** Every redemption passes unless Only Approved Redemptions is on; then only those whose approval field has an approved value. */
function approvalFilter(options: PollOptions): (r: Redemption) => boolean {
	if (!options.onlyApproved) return () => true;
	const path = options.approvalField?.trim() || DEFAULT_APPROVAL_FIELD;
	const values = (options.approvedValues || DEFAULT_APPROVED_VALUES)
		.split(',')
		.map((v) => v.trim().toLowerCase())
		.filter(Boolean);
	return (r) => {
		const value = getPath(r, path);
		return (
			value !== undefined && value !== null && values.includes(String(value).trim().toLowerCase())
		);
	};
}
