import type { IDataObject, INodeExecutionData, INodeType, INodeTypeDescription, IPollFunctions } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { listRedemptions } from './api';
import type { Redemption } from './schemas';
import { flattenRedemption } from './webhookEvents';

interface PollState {
	/** Redemption ids already emitted that may still be in the outstanding queue. */
	emitted?: string[];
}

interface PollOptions {
	emitBacklog?: boolean;
	simplify?: boolean;
	sizeQuestion?: string;
}

const record = (value: unknown): Record<string, unknown> =>
	value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};

export class InfluitiveRedemptionTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Influitive AdvocateHub Redemption Trigger',
		name: 'influitiveRedemptionTrigger',
		icon: { light: 'file:../../icons/influitive.svg', dark: 'file:../../icons/influitive.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: 'New reward redemptions',
		description: 'Polls the outstanding reward redemptions and starts the workflow once for each new one',
		defaults: { name: 'Influitive AdvocateHub Redemption Trigger' },
		polling: true,
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'influitiveApi', required: true }],
		properties: [
			{
				displayName:
					'Use this instead of the webhook trigger when an administrator approves redemptions first, or when webhooks cannot reach this n8n. Influitive allows 200 requests per 5 minutes per IP: poll every few minutes.',
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
				options: [
					{
						displayName: 'Emit Redemptions Already Waiting',
						name: 'emitBacklog',
						type: 'boolean',
						default: true,
						description: 'Whether the first poll emits the redemptions already in the queue, instead of only recording them as seen',
					},
					{
						displayName: 'Simplify',
						name: 'simplify',
						type: 'boolean',
						default: true,
						description:
							'Whether to output the same flat item as the webhook trigger (redemption ID, reward, provider, SKU, size, shipping address, advocate) with the raw redemption under "redemption"',
					},
					{
						displayName: 'Size Question',
						name: 'sizeQuestion',
						type: 'string',
						default: 'Size',
						description: 'The question whose answer is the size (matched ignoring case)',
					},
				],
			},
		],
	};

	async poll(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
		const options = this.getNodeParameter('options', {}) as PollOptions;
		const toItem = (r: Redemption): IDataObject =>
			options.simplify === false ? (r as IDataObject) : { ...flatten(r, options.sizeQuestion ?? 'Size'), redemption: r as IDataObject };

		if (this.getMode() === 'manual') {
			const [first] = await listRedemptions.call(this, { limit: 1 });
			return first ? [this.helpers.returnJsonArray([toItem(first)])] : null;
		}

		// The whole queue is read every time: it only holds redemptions still waiting for a decision,
		// so it stays small, and knowing all of it lets us forget ids that have left it.
		const queue = await listRedemptions.call(this);
		const state = this.getWorkflowStaticData('node') as PollState;
		const firstPoll = state.emitted === undefined;
		const emitted = new Set(state.emitted ?? []);
		const fresh = queue.filter((r) => !emitted.has(String(r.id)));
		// Decided redemptions leave the queue for good; dropping them keeps the state as small as the queue.
		state.emitted = queue.map((r) => String(r.id));
		if (fresh.length === 0 || (firstPoll && options.emitBacklog === false)) return null;
		return [this.helpers.returnJsonArray(fresh.map(toItem))];
	}
}

function flatten(r: Redemption, sizeQuestion: string) {
	const raw = r as unknown as Record<string, unknown>;
	const reward = record(raw.reward);
	return flattenRedemption(
		{
			eventId: null,
			eventType: 'reward_redemption_polled',
			createdAt: r.created_at ?? null,
			redemption: raw,
			redemptionId: r.id,
			reward: { id: r.reward_id ?? reward.id, ...reward },
			shipping: record(raw.shipping_address),
			answers: raw.answers,
			contact: record(r.contact),
			points: raw.points ?? null,
		},
		sizeQuestion,
	);
}
