import type {
	IDataObject,
	INodeType,
	INodeTypeDescription,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { describeIssues } from '../shared/validation';
import { claimOnce, releaseClaim, type SeenIds } from '../shared/dedupe';
import {
	deliveryLedgerTableOption,
	deliveryMemoryProperty,
	ledgerDuplicateReply,
	prepareDeliveryLedger,
	triggerDropsRepeats,
} from '../RewardLedger/deliveries';
import {
	KNOWN_EVENT_TYPES,
	REDEMPTION_EVENT,
	WEBHOOK_ROOTS,
	getPath,
	readRedemptionFields,
	redemptionEventTypes,
	redemptionFieldOptions,
	simplifyRedemption,
	sortedByName,
	webhookEnvelopeSchema,
	type RedemptionFieldOptionValues,
} from './helpers/webhookEvents';
import {
	acceptDelivery,
	DELIVERY_WEBHOOK,
	inboundAuthenticationProperties,
	pastedUrlWebhookMethodsRequiring,
	replyDuplicate,
	replyJson,
	sameSecret,
	UNAUTHENTICATED_WARNING,
	warnUnauthenticated,
	type InboundAuthentication,
} from '../shared/webhook';

const NO_SECRET_PROBLEM =
	'The credential has no Webhook Secret, so anyone could start this workflow through its URL. Set one in the credential (a long random value, also appended as ?token=… to the URL pasted into the hub), or choose Request Authentication: None.';

interface TriggerOptions extends RedemptionFieldOptionValues {
	customEventTypes?: string;
	deliveryLedgerTable?: string;
	redemptionEventTypes?: string;
	simplify?: boolean;
	dedupeOnRedemptionId?: boolean;
	verificationLocation?: 'query' | 'header';
	verificationParameter?: string;
}

export class InfluitiveTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Influitive AdvocateHub Trigger',
		name: 'influitiveTrigger',
		icon: {
			light: 'file:../../icons/influitive.svg',
			dark: 'file:../../icons/influitive.dark.svg',
		},
		group: ['trigger'],
		version: 1,
		subtitle: '={{$parameter["events"].join(", ")}}',
		description:
			'Starts the workflow when Influitive sends a webhook, e.g. Reward Redemption Requested',
		defaults: { name: 'Influitive AdvocateHub Trigger' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [
			{ name: 'influitiveApi', required: true },
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
				displayName:
					"Influitive cannot register webhooks through its API. Copy this node's Production URL and paste it into your hub (admin → Integrations → webhooks), choosing the events below. Append the credential's Webhook Secret to the URL as ?token=<secret> (or send it in the header set under Options).",
				name: 'setupNotice',
				type: 'notice',
				default: '',
			},
			...inboundAuthenticationProperties('webhookAuthentication', 'Webhook Secret'),
			{
				displayName: 'Events',
				name: 'events',
				type: 'multiOptions',
				default: [REDEMPTION_EVENT],
				description:
					'Which event types start the workflow; others are acknowledged and ignored. Leave empty to accept all. Influitive has not published the redemption type string: "reward_redemption_requested" is the best-known guess, so check a real delivery and put the exact string in Options → Redemption Event Types if it differs.',
				options: KNOWN_EVENT_TYPES.map((e) => ({ name: e.name, value: e.value })),
			},
			deliveryMemoryProperty,
			{
				displayName: 'Options',
				name: 'options',
				type: 'collection',
				placeholder: 'Add Option',
				default: {},
				// The payload paths are shared with the polling trigger.
				options: sortedByName([
					deliveryLedgerTableOption,
					{
						displayName: 'Also Drop Repeats of a Redemption',
						name: 'dedupeOnRedemptionId',
						type: 'boolean',
						default: true,
						description:
							'Whether a second event carrying an already-seen redemption ID is dropped too, not only a repeated event ID',
					},
					{
						displayName: 'Custom Event Types',
						name: 'customEventTypes',
						type: 'string',
						default: '',
						placeholder: 'e.g. reward_redemption_fulfilled, referral_submitted',
						description:
							'More event type strings to accept, separated by commas. They are passed on as they come; name redemption types under Redemption Event Types instead.',
					},
					{
						displayName: 'Redemption Event Types',
						name: 'redemptionEventTypes',
						type: 'string',
						default: REDEMPTION_EVENT,
						placeholder: 'e.g. reward_redemption_requested, reward_redeemed',
						description:
							'The type string(s) of Influitive\'s "Reward Redemption Requested" webhook, separated by commas. Influitive has not published it: reward_redemption_requested is the best-known guess, so check a real delivery and put its exact "type" here. Events of these types are accepted when Reward Redemption Requested is selected above, and get the redemption handling (redemption ID, dropping repeats of it, Simplify).',
					},
					{
						displayName: 'Simplify',
						name: 'simplify',
						type: 'boolean',
						default: true,
						description:
							'Whether to output one flat item per redemption (redemption ID, reward, provider, SKU, size, shipping address and the shipping fields it lacks, advocate) with the raw event under "event"',
					},
					{
						displayName: 'Verification Location',
						name: 'verificationLocation',
						type: 'options',
						default: 'query',
						options: [
							{ name: 'Query Parameter', value: 'query' },
							{ name: 'Header', value: 'header' },
						],
						description: "Where the credential's Webhook Secret is expected",
					},
					{
						displayName: 'Verification Parameter Name',
						name: 'verificationParameter',
						type: 'string',
						default: 'token',
						description: 'Name of the query parameter or header that carries the secret',
					},
					...redemptionFieldOptions(WEBHOOK_ROOTS),
				]),
			},
		],
	};

	// Influitive has no webhook API: nothing to look up, create or delete there. Publishing fails
	// while the trigger would accept anything (no secret and authentication not explicitly off).
	// The delivery ledger's tables (Remember Deliveries In: Reward Ledger) are created at publish too.
	webhookMethods = pastedUrlWebhookMethodsRequiring(async (ctx) => {
		if (
			(ctx.getNodeParameter('webhookAuthentication', 'secret') as InboundAuthentication) !== 'none'
		) {
			const credentials = await ctx.getCredentials('influitiveApi');
			if (!String(credentials.webhookSecret ?? '')) return NO_SECRET_PROBLEM;
		}
		await prepareDeliveryLedger(ctx);
		return undefined;
	});

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		const options = this.getNodeParameter('options', {}) as TriggerOptions;
		const reply = (status: number, body: IDataObject): IWebhookResponseData =>
			replyJson(this, status, body);

		const credentials = await this.getCredentials('influitiveApi');
		const secret = String(credentials.webhookSecret ?? '');
		const unauthenticated =
			!secret &&
			(this.getNodeParameter('webhookAuthentication', 'secret') as InboundAuthentication) ===
				'none';
		if (!secret && !unauthenticated) {
			return reply(401, {
				error: 'unauthorized',
				reason: 'this trigger has no Webhook Secret configured, so it accepts no deliveries',
			});
		}
		if (unauthenticated) warnUnauthenticated(this);
		if (secret) {
			const name = options.verificationParameter || 'token';
			const presented =
				options.verificationLocation === 'header'
					? this.getHeaderData()[name.toLowerCase()]
					: (this.getQueryData() as IDataObject)[name];
			if (!sameSecret(String(presented ?? ''), secret)) {
				return reply(401, { error: 'unauthorized', reason: `missing or wrong ${name}` });
			}
		}

		const parsed = webhookEnvelopeSchema.safeParse(this.getBodyData());
		if (!parsed.success) {
			return reply(400, { error: 'invalid_payload', reason: describeIssues(parsed.error) });
		}
		const event = parsed.data;

		const redemptionTypes = redemptionEventTypes(options.redemptionEventTypes);
		// "Reward Redemption Requested" stands for every redemption type the user named.
		const wanted = [
			...((this.getNodeParameter('events', []) as string[]) ?? []).flatMap((e) =>
				e === REDEMPTION_EVENT ? redemptionTypes : [e],
			),
			...(options.customEventTypes ?? '')
				.split(',')
				.map((t) => t.trim())
				.filter(Boolean),
		];
		if (wanted.length > 0 && !wanted.includes(event.type)) {
			return reply(200, {
				received: true,
				ignored: true,
				reason: `event type "${event.type}" is not selected`,
			});
		}

		const fields = readRedemptionFields(options, WEBHOOK_ROOTS);
		const isRedemption = redemptionTypes.includes(event.type);
		const redemptionId = isRedemption ? getPath(event, fields.redemptionIdPath) : undefined;
		if (
			isRedemption &&
			(redemptionId === undefined || redemptionId === null || redemptionId === '')
		) {
			return reply(400, {
				error: 'invalid_payload',
				reason: `${fields.redemptionIdPath} is missing: set the node's Redemption ID Path to where this payload carries the redemption ID`,
			});
		}

		const dropsRepeats = triggerDropsRepeats(this);
		if (dropsRepeats) {
			const duplicate = await dropRepeat(this, event, redemptionId, options);
			if (duplicate) return duplicate;
		}

		const simplify = options.simplify !== false;
		const json = (
			simplify && isRedemption ? { ...simplifyRedemption(event, fields), event } : event
		) as IDataObject;
		const body = {
			received: true,
			event_id: event.id,
			...(unauthenticated ? { warning: UNAUTHENTICATED_WARNING } : {}),
		};
		return acceptDelivery(this, body, [json], dropsRepeats ? 'now' : 'onceStored');
	}
}

/**
 * The trigger's own repeat check: undefined when the delivery is new, else the answer already sent.
 * Claimed synchronously (no await before the claims: the checks before it read the request), see
 * shared/dedupe.ts; in ledger mode the Reward Ledger then decides across processes.
 */
async function dropRepeat(
	ctx: IWebhookFunctions,
	event: { id: string | number; type: string },
	redemptionId: unknown,
	options: TriggerOptions,
): Promise<IWebhookResponseData | undefined> {
	const scope = `${ctx.getWorkflow().id ?? 'workflow'}:${ctx.getNode().id}`;
	const staticData = ctx.getWorkflowStaticData('node') as SeenIds;
	const now = Date.now();
	const eventKey = `event:${event.id}`;
	const eventSeen = `event ${event.id} was already received`;
	if (!claimOnce(scope, eventKey, staticData, now)) return replyDuplicate(ctx, eventSeen);
	const redemptionKey =
		redemptionId !== undefined && options.dedupeOnRedemptionId !== false
			? `redemption:${String(redemptionId)}`
			: undefined;
	const redemptionSeen = `redemption ${String(redemptionId)} was already received`;
	if (redemptionKey && !claimOnce(scope, redemptionKey, staticData, now))
		return replyDuplicate(ctx, redemptionSeen);
	// Another webhook processor may have received it too: the ledger decides (ledger mode only).
	// One claim: the redemption when repeats of it are dropped (it covers the event), else the event.
	return ledgerDuplicateReply(
		ctx,
		redemptionKey ?? eventKey,
		event.type,
		redemptionKey ? redemptionSeen : eventSeen,
		() => {
			releaseClaim(scope, eventKey, staticData);
			if (redemptionKey) releaseClaim(scope, redemptionKey, staticData);
		},
	);
}
