import { randomBytes } from 'node:crypto';

import type {
	IDataObject,
	IHookFunctions,
	INodeType,
	INodeTypeDescription,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';
import { NodeApiError, NodeConnectionTypes, NodeOperationError } from 'n8n-workflow';

import { claimOnce, releaseClaim, type SeenIds } from '../shared/dedupe';
import {
	deliveryLedgerTableOption,
	deliveryMemoryProperty,
	ledgerDuplicateReply,
	prepareDeliveryLedger,
	triggerDropsRepeats,
} from '../RewardLedger/deliveries';
import { httpStatusOf } from '../transport';
import { describeIssues } from '../shared/validation';
import { DEFAULT_WEBHOOKS_PATH, createWebhook, deleteWebhook, listWebhooks } from './api';
import { deliveryKey } from './helpers/webhookDelivery';
import { TOPICS, payloadSchemas, type Topic } from './schemas';
import {
	acceptDelivery,
	DELIVERY_WEBHOOK,
	replyDuplicate,
	replyJson,
	sameSecret,
} from '../shared/webhook';

interface TriggerOptions {
	dedupe?: boolean;
	deliveryLedgerTable?: string;
	verificationParameter?: string;
	urlKey?: string;
	webhooksPath?: string;
}

/** What the trigger keeps between activation and deliveries, in the node's static data. */
interface TriggerState extends SeenIds {
	/** Remote subscription id per topic, for checkExists and delete. */
	webhookIds?: Record<string, string>;
	/** Generated when the credential has no Webhook Secret and the trigger registers itself. */
	webhookSecret?: string;
}

const DEFAULT_VERIFICATION_PARAMETER = 'token';

const NO_SECRET_PROBLEM =
	'The credential has no Webhook Secret, so anyone could start this workflow through its URL. Set one in the credential and append it as ?token=… to the URL you give Influence.io, or turn Register Webhook Automatically on (the trigger then generates its own).';

export class InfluenceIoTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Influence.io Trigger',
		name: 'influenceIoTrigger',
		icon: {
			light: 'file:../../icons/influenceio.svg',
			dark: 'file:../../icons/influenceio.dark.svg',
		},
		group: ['trigger'],
		version: 1,
		subtitle: '={{($parameter["topics"] || []).join(", ") || "all topics"}}',
		description:
			'Starts the workflow when Influence.io sends a webhook, e.g. points redeemed or a referral completed',
		defaults: { name: 'Influence.io Trigger' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [
			{ name: 'influenceIoApi', required: true },
			// Only to remember deliveries in the Reward Ledger (Remember Deliveries In).
			{
				name: 'rewardLedgerApi',
				required: true,
				displayOptions: { show: { deliveryMemory: ['ledger'] } },
			},
		],
		// Answered by webhook() or, for a delivery accepted 'onceStored', by n8n (see acceptDelivery).
		webhooks: [DELIVERY_WEBHOOK],
		properties: [
			{
				displayName: 'Register Webhook Automatically',
				name: 'register',
				type: 'boolean',
				default: true,
				description:
					'Whether the trigger creates its Influence.io webhook subscriptions (one per topic) when the workflow is published and deletes them when it is unpublished. Influence.io has not published its webhook API, so this relies on the best-known paths (see Options); turn it off to paste the URL yourself.',
			},
			{
				displayName:
					"Copy this node's Production URL, append ?token= followed by the Webhook Secret of the credential, and create one Influence.io webhook per topic below with that URL. The credential must have a Webhook Secret: without one, publishing fails and every request is refused.",
				name: 'manualNotice',
				type: 'notice',
				default: '',
				displayOptions: { show: { register: [false] } },
			},
			{
				displayName: 'Topics',
				name: 'topics',
				type: 'multiOptions',
				default: ['points/redeemed'],
				description:
					'Which topics (header X-Webhook-Topic) start the workflow; others are acknowledged and ignored. Leave empty for all. points/redeemed carries the coupon code your store must create.',
				options: TOPICS.map((topic) => ({ name: topic, value: topic })),
			},
			deliveryMemoryProperty,
			{
				displayName: 'Options',
				name: 'options',
				type: 'collection',
				placeholder: 'Add Option',
				default: {},
				options: [
					deliveryLedgerTableOption,
					{
						displayName: 'Drop Repeated Deliveries',
						name: 'dedupe',
						type: 'boolean',
						default: true,
						description:
							"Whether a delivery already received (same topic, webhook ID header and payload ID; for customer topics also the customer's updatedAt) is acknowledged without starting the workflow",
					},
					{
						displayName: 'Verification Query Parameter',
						name: 'verificationParameter',
						type: 'string',
						default: DEFAULT_VERIFICATION_PARAMETER,
						description: 'Name of the URL query parameter that carries the webhook secret',
					},
					{
						displayName: 'URL Field Name',
						name: 'urlKey',
						type: 'string',
						default: 'url',
						description:
							'Body key for the delivery address when registering (unpublished; the default is the best guess)',
					},
					{
						displayName: 'Webhooks API Path',
						name: 'webhooksPath',
						type: 'string',
						default: DEFAULT_WEBHOOKS_PATH,
						description:
							'Path of the webhook subscription endpoints used for registering (unpublished; the default is the best guess)',
					},
				],
			},
		],
	};

	webhookMethods = {
		default: {
			async checkExists(this: IHookFunctions): Promise<boolean> {
				await prepareDeliveryLedger(this);
				if (!this.getNodeParameter('register', true)) {
					const credentials = await this.getCredentials('influenceIoApi');
					if (!String(credentials.webhookSecret ?? ''))
						throw new NodeOperationError(this.getNode(), NO_SECRET_PROBLEM);
					return true;
				}
				const state = this.getWorkflowStaticData('node') as TriggerState;
				const stored = state.webhookIds ?? {};
				const wanted = wantedTopics(this.getNodeParameter('topics', []) as string[]);
				if (wanted.some((topic) => !stored[topic])) return false;
				const options = this.getNodeParameter('options', {}) as TriggerOptions;
				const url = await deliveryUrl(this, state, options, false);
				if (!url) return false;
				const remote = await listWebhooks.call(this, options.webhooksPath, {
					secrets: state.webhookSecret ? [state.webhookSecret] : [],
				});
				const byId = new Map(remote.map((hook) => [String(hook.id), hook]));
				// Each topic still subscribed under the stored id, with today's secret; otherwise create() repairs it.
				return wanted.every((topic) => {
					const hook = byId.get(stored[topic]);
					return hook !== undefined && addressOf(hook, options.urlKey || 'url') === url;
				});
			},

			async create(this: IHookFunctions): Promise<boolean> {
				if (!this.getNodeParameter('register', true)) return true;
				const state = this.getWorkflowStaticData('node') as TriggerState;
				await register(this, state);
				return true;
			},

			async delete(this: IHookFunctions): Promise<boolean> {
				if (!this.getNodeParameter('register', true)) return true;
				const state = this.getWorkflowStaticData('node') as TriggerState;
				const options = this.getNodeParameter('options', {}) as TriggerOptions;
				for (const id of Object.values(state.webhookIds ?? {})) {
					await deleteIgnoringMissing.call(this, id, options.webhooksPath);
				}
				delete state.webhookIds;
				// A fresh secret on the next activation: the old one may have been seen in Influence.io.
				delete state.webhookSecret;
				return true;
			},
		},
	};

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		const options = this.getNodeParameter('options', {}) as TriggerOptions;
		const reply = (status: number, body: IDataObject): IWebhookResponseData =>
			replyJson(this, status, body);
		const state = this.getWorkflowStaticData('node') as TriggerState;

		const credentials = await this.getCredentials('influenceIoApi');
		const secret = String(credentials.webhookSecret ?? '') || state.webhookSecret || '';
		if (!secret) {
			return reply(401, {
				error: 'unauthorized',
				reason:
					"this trigger has no webhook secret yet (set the credential's Webhook Secret), so it accepts no deliveries",
			});
		}
		{
			const name = options.verificationParameter || DEFAULT_VERIFICATION_PARAMETER;
			const presented = (this.getQueryData() as IDataObject)[name];
			if (!sameSecret(typeof presented === 'string' ? presented : '', secret)) {
				return reply(401, { error: 'unauthorized', reason: `missing or wrong ${name}` });
			}
		}

		const headers = this.getHeaderData() as IDataObject;
		const topic = String(headers['x-webhook-topic'] ?? '').trim();
		if (!topic)
			return reply(400, {
				error: 'invalid_request',
				reason: 'the X-Webhook-Topic header is missing',
			});
		if (!(TOPICS as readonly string[]).includes(topic)) {
			return reply(200, { received: true, ignored: true, reason: `unknown topic "${topic}"` });
		}
		const wanted = (this.getNodeParameter('topics', []) as string[]) ?? [];
		if (wanted.length > 0 && !wanted.includes(topic)) {
			return reply(200, {
				received: true,
				ignored: true,
				reason: `topic "${topic}" is not selected`,
			});
		}

		const parsed = payloadSchemas[topic as Topic].safeParse(this.getBodyData());
		if (!parsed.success) {
			return reply(400, {
				error: 'invalid_payload',
				reason: `${topic}: ${describeIssues(parsed.error)}`,
			});
		}
		const payload = parsed.data as IDataObject;
		const webhookId = String(headers['x-webhook-id'] ?? '').trim();

		const dropsRepeats = options.dedupe !== false && triggerDropsRepeats(this);
		if (dropsRepeats) {
			const key = deliveryKey(topic as Topic, webhookId, payload);
			// Synchronous from here to the claim (no await), see shared/dedupe.ts.
			const scope = `${this.getWorkflow().id ?? 'workflow'}:${this.getNode().id}`;
			const duplicate = 'this delivery was already received';
			if (!claimOnce(scope, key, state, Date.now())) return replyDuplicate(this, duplicate);
			// Another webhook processor may have received it too: the ledger decides (ledger mode only).
			const refused = await ledgerDuplicateReply(this, key, topic, duplicate, () =>
				releaseClaim(scope, key, state),
			);
			if (refused) return refused;
		}

		return acceptDelivery(
			this,
			{ received: true },
			[{ ...payload, topic, webhookId: webhookId || null }],
			dropsRepeats ? 'now' : 'onceStored',
		);
	}
}

/** Subscribes every wanted topic, adopting current subscriptions and replacing stale ones. */
async function register(ctx: IHookFunctions, state: TriggerState): Promise<void> {
	const options = ctx.getNodeParameter('options', {}) as TriggerOptions;
	const url = (await deliveryUrl(ctx, state, options, true)) as string;
	const baseUrl = ctx.getNodeWebhookUrl('default') as string;
	const urlKey = options.urlKey || 'url';
	const wanted = wantedTopics(ctx.getNodeParameter('topics', []) as string[]);

	// The URL carries the secret; a vendor message that echoes it must not show it.
	const secrets = state.webhookSecret ? [state.webhookSecret] : [];
	const remote = await listWebhooks.call(ctx, options.webhooksPath, { secrets });
	const ids: Record<string, string> = {};
	for (const topic of wanted) {
		const ours = remote.filter(
			(hook) => hook.topic === topic && sameEndpoint(addressOf(hook, urlKey), baseUrl),
		);
		const current = ours.find((hook) => addressOf(hook, urlKey) === url);
		if (current) {
			ids[topic] = String(current.id);
			continue;
		}
		// A subscription to this node's URL with an old secret: replaced, or deliveries would get 401.
		for (const stale of ours)
			await deleteIgnoringMissing.call(ctx, String(stale.id), options.webhooksPath);
		const created = await createWebhook.call(ctx, { topic, [urlKey]: url }, options.webhooksPath, {
			secrets,
		});
		ids[topic] = String(created.id);
		// Stored as we go: if a later topic fails, delete() can still remove these.
		state.webhookIds = { ...state.webhookIds, ...ids };
	}
	state.webhookIds = ids;
}

/**
 * The URL registered with Influence.io: n8n's webhook URL with the secret as a query parameter,
 * so every delivery carries it back. The secret is the credential's, else one generated and kept
 * in static data (only when `generate`; undefined when there is none yet).
 */
async function deliveryUrl(
	ctx: IHookFunctions,
	state: TriggerState,
	options: TriggerOptions,
	generate: boolean,
): Promise<string | undefined> {
	const baseUrl = ctx.getNodeWebhookUrl('default');
	if (!baseUrl)
		throw new NodeOperationError(
			ctx.getNode(),
			'n8n did not provide a webhook URL for this trigger',
		);
	const credentials = await ctx.getCredentials('influenceIoApi');
	let secret = String(credentials.webhookSecret ?? '');
	if (!secret) {
		if (!state.webhookSecret && !generate) return undefined;
		state.webhookSecret ??= randomBytes(24).toString('hex');
		secret = state.webhookSecret;
	}
	return withQuery(
		baseUrl,
		options.verificationParameter || DEFAULT_VERIFICATION_PARAMETER,
		secret,
	);
}

function wantedTopics(selected: string[]): string[] {
	return selected && selected.length > 0 ? [...new Set(selected)] : [...TOPICS];
}

function withQuery(url: string, name: string, value: string): string {
	const parsed = new URL(url);
	parsed.searchParams.set(name, value);
	return parsed.toString();
}

function addressOf(hook: IDataObject, urlKey: string): string {
	const value = hook[urlKey] ?? hook.url ?? hook.address;
	return typeof value === 'string' ? value : '';
}

/** Same origin and path, whatever the query (an older secret). */
function sameEndpoint(address: string, baseUrl: string): boolean {
	try {
		const a = new URL(address);
		const b = new URL(baseUrl);
		return (
			a.origin === b.origin && a.pathname.replace(/\/+$/, '') === b.pathname.replace(/\/+$/, '')
		);
	} catch {
		return false;
	}
}

async function deleteIgnoringMissing(
	this: IHookFunctions,
	id: string,
	webhooksPath?: string,
): Promise<void> {
	const failure = await deleteWebhook.call(this, id, webhooksPath).then(
		() => undefined,
		(error: unknown) => error,
	);
	if (failure === undefined) return;
	// Already gone (deleted in Influence.io by hand): nothing left to clean up.
	if (httpStatusOf(failure) === 404) return;
	// Transport errors are already NodeApiErrors with a scrubbed, actionable message.
	throw failure instanceof NodeApiError
		? failure
		: new NodeOperationError(this.getNode(), failure as Error);
}
