import { randomBytes } from 'node:crypto';

import type {
	IDataObject,
	IHookFunctions,
	INodeType,
	INodeTypeDescription,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';
import { NodeConnectionTypes, NodeOperationError } from 'n8n-workflow';

import { claimOnce, type SeenIds } from '../shared/dedupe';
import { describeIssues } from '../shared/validation';
import { asNodeError } from '../shared/items';
import { getOne, isNotFound, kountaVendor, list, path, resolveCompanyId, send } from './api';
import {
	signatureOptions,
	signatureProblem,
	type SignatureCheck,
	type SignatureEncoding,
} from './helpers/loyalty/signature';
import { WEBHOOK_TOPICS } from './helpers/webhookDelivery';
import {
	deliveryKey,
	deliverySchema,
	VERIFY_HEADER_NAME,
	TOPIC_HEADER,
} from './helpers/webhookDelivery';
import {
	acceptDelivery,
	DELIVERY_WEBHOOK,
	headerIn,
	replyDuplicate,
	replyJson,
	sameSecret,
} from '../shared/webhook';

interface TriggerOptions {
	dedupe?: boolean;
	signatureCheck?: SignatureCheck;
	signatureEncoding?: SignatureEncoding;
	siteIds?: string;
	companyId?: string;
}

interface TriggerState extends SeenIds {
	/** Kounta webhook id per topic. */
	webhookIds?: Record<string, string>;
	/** Value of VERIFY_HEADER_NAME registered with the webhooks. */
	webhookSecret?: string;
	/** Company the webhooks were registered under (for delete). */
	companyId?: string;
}

export class KountaTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Kounta Trigger',
		name: 'kountaTrigger',
		icon: { light: 'file:../../icons/kounta.svg', dark: 'file:../../icons/kounta.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: '={{($parameter["topics"] || []).join(", ")}}',
		description: 'Starts the workflow when Kounta sends a webhook, e.g. an order completed',
		defaults: { name: 'Kounta Trigger' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [
			{
				name: 'kountaOAuth2Api',
				required: true,
				displayOptions: { show: { authentication: ['oAuth2'] } },
			},
			{
				name: 'kountaApi',
				required: true,
				displayOptions: { show: { authentication: ['basic'] } },
			},
		],
		// Answered by webhook() or, for a delivery accepted 'onceStored', by n8n (see acceptDelivery).
		webhooks: [DELIVERY_WEBHOOK],
		properties: [
			{
				displayName:
					'Publishing the workflow registers one Kounta webhook per topic (POST /companies/{ID}/webhooks) with a secret header only this trigger knows; unpublishing deletes them. Kounta publishes neither its topic list nor the payload: the output is the body as sent (the order, for order topics), with topic and order_id added.',
				name: 'notice',
				type: 'notice',
				default: '',
			},
			{
				displayName: 'Authentication',
				name: 'authentication',
				type: 'options',
				options: [
					{ name: 'OAuth2', value: 'oAuth2' },
					{ name: 'Basic (Own Company)', value: 'basic' },
				],
				default: 'oAuth2',
			},
			{
				displayName: 'Topics',
				name: 'topics',
				type: 'multiOptions',
				required: true,
				default: ['orders/completed'],
				options: WEBHOOK_TOPICS.map((t) => ({ name: t.name, value: t.value })),
				description:
					'Only orders/completed is confirmed by client libraries; the others are inferred and Kounta may refuse them',
			},
			{
				displayName: 'Options',
				name: 'options',
				type: 'collection',
				placeholder: 'Add Option',
				default: {},
				options: [
					{
						displayName: 'Company ID',
						name: 'companyId',
						type: 'string',
						default: '',
						description: 'Leave empty for the company of the credential (companies/me)',
					},
					{
						displayName: 'Drop Repeated Deliveries',
						name: 'dedupe',
						type: 'boolean',
						default: true,
						description:
							'Whether a delivery already received (same topic and order or record ID; for non-order topics also its updated_at) is acknowledged without starting the workflow',
					},
					...signatureOptions('delivery'),
					{
						displayName: 'Site IDs',
						name: 'siteIds',
						type: 'string',
						default: '',
						placeholder: 'e.g. 123, 456',
						description:
							'Comma-separated; registered as the webhook filter so only events of these sites arrive',
					},
				],
			},
		],
	};

	webhookMethods = {
		default: {
			async checkExists(this: IHookFunctions): Promise<boolean> {
				const state = this.getWorkflowStaticData('node') as TriggerState;
				const stored = state.webhookIds ?? {};
				const wanted = wantedTopics(this);
				if (!state.webhookSecret || !state.companyId || wanted.some((topic) => !stored[topic]))
					return false;
				const vendor = kountaVendor(this);
				const url = ownUrl(this);
				for (const topic of wanted) {
					let hook: IDataObject;
					try {
						hook = await getOne.call(
							this,
							path('companies', state.companyId, 'webhooks', stored[topic]),
							{ vendor, secrets: state.webhookSecret ? [state.webhookSecret] : [] },
						);
					} catch (error) {
						if (isNotFound(error)) return false;
						throw asNodeError(this, error);
					}
					const headers = (hook.headers ?? {}) as IDataObject;
					if (hook.topic !== topic || hook.address !== url) return false;
					// Kounta may not echo header values; when it does, they must be today's.
					const secret = headerIn(headers, VERIFY_HEADER_NAME);
					if (secret !== undefined && secret !== state.webhookSecret) return false;
				}
				return true;
			},

			async create(this: IHookFunctions): Promise<boolean> {
				const state = this.getWorkflowStaticData('node') as TriggerState;
				try {
					await register(this, state);
					return true;
				} catch (error) {
					throw asNodeError(this, error);
				}
			},

			async delete(this: IHookFunctions): Promise<boolean> {
				const state = this.getWorkflowStaticData('node') as TriggerState;
				if (state.companyId) {
					for (const id of Object.values(state.webhookIds ?? {})) {
						await removeHook(this, state.companyId, id);
					}
				}
				delete state.webhookIds;
				delete state.webhookSecret;
				delete state.companyId;
				return true;
			},
		},
	};

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		const options = this.getNodeParameter('options', {}) as TriggerOptions;
		const reply = (status: number, body: IDataObject): IWebhookResponseData =>
			replyJson(this, status, body);
		const state = this.getWorkflowStaticData('node') as TriggerState;
		const headers = this.getHeaderData() as IDataObject;

		// The header registered with the webhook: without a registration nothing is accepted.
		const presentedSecret = headerIn(headers, VERIFY_HEADER_NAME) ?? '';
		if (!state.webhookSecret || !sameSecret(presentedSecret, state.webhookSecret)) {
			return reply(401, {
				error: 'unauthorized',
				reason: `missing or wrong ${VERIFY_HEADER_NAME} header`,
			});
		}

		const credentials = await this.getCredentials(kountaVendor(this).credentialType);
		const badSignature = signatureProblem(
			this,
			String(credentials.signatureToken ?? ''),
			options.signatureCheck,
			options.signatureEncoding,
		);
		if (badSignature) return reply(401, { error: 'unauthorized', reason: badSignature });

		const parsed = deliverySchema.safeParse(this.getBodyData());
		if (!parsed.success) {
			return reply(400, {
				error: 'invalid_payload',
				reason: `expected the record (an object with an id): ${describeIssues(parsed.error)}`,
			});
		}
		const body = parsed.data as IDataObject;
		const envelope =
			typeof body.data === 'object' && body.data !== null && !Array.isArray(body.data);
		const record = (envelope ? body.data : body) as IDataObject;
		const topic = String(
			(envelope && typeof body.topic === 'string' && body.topic) ||
				headerIn(headers, TOPIC_HEADER) ||
				'',
		).trim();
		const wanted = wantedTopics(this);
		if (topic && !wanted.includes(topic)) {
			return reply(200, {
				received: true,
				ignored: true,
				reason: `topic "${topic}" is not selected`,
			});
		}

		const dropsRepeats = options.dedupe !== false;
		if (dropsRepeats) {
			const key = deliveryKey(topic, record);
			// Synchronous from here to the claim (no await), see shared/dedupe.ts.
			const scope = `${this.getWorkflow().id ?? 'workflow'}:${this.getNode().id}`;
			if (!claimOnce(scope, key, state, Date.now()))
				return replyDuplicate(this, 'this delivery was already received');
		}

		const item: IDataObject = {
			topic: topic || null,
			...(topic.startsWith('orders/') || !topic ? { order_id: record.id } : {}),
			...record,
		};
		// Dropping repeats: answered here, so n8n saves the dedupe ids at once; else n8n answers once
		// the run is stored (see acceptDelivery).
		return acceptDelivery(this, { received: true }, [item], dropsRepeats ? 'now' : 'onceStored');
	}
}

function wantedTopics(ctx: IHookFunctions | IWebhookFunctions): string[] {
	const selected = (ctx.getNodeParameter('topics', ['orders/completed']) as string[]) ?? [];
	return [...new Set(selected.map((t) => String(t).trim()).filter(Boolean))];
}

function ownUrl(ctx: IHookFunctions): string {
	const url = ctx.getNodeWebhookUrl('default');
	if (!url)
		throw new NodeOperationError(
			ctx.getNode(),
			'n8n did not provide a webhook URL for this trigger',
		);
	return url;
}

function siteFilter(ctx: IHookFunctions, options: TriggerOptions): IDataObject | undefined {
	const raw = String(options.siteIds ?? '')
		.split(',')
		.map((s) => s.trim())
		.filter(Boolean);
	if (raw.length === 0) return undefined;
	const bad = raw.find((s) => !/^\d+$/.test(s));
	if (bad)
		throw new NodeOperationError(
			ctx.getNode(),
			`Site IDs: "${bad}" is not a Kounta site id (digits), e.g. 123, 456`,
		);
	return { site_ids: raw.map(Number) };
}

/** Registers one webhook per wanted topic, replacing hooks to this URL left from an earlier activation. */
async function register(ctx: IHookFunctions, state: TriggerState): Promise<void> {
	const options = ctx.getNodeParameter('options', {}) as TriggerOptions;
	const vendor = kountaVendor(ctx);
	const url = ownUrl(ctx);
	const filter = siteFilter(ctx, options);
	const companyId = await resolveCompanyId.call(ctx, options.companyId, { vendor });
	// A new secret each activation: the old one may have been seen.
	state.webhookSecret = randomBytes(24).toString('hex');
	state.companyId = companyId;
	const remote = await list.call(
		ctx,
		path('companies', companyId, 'webhooks'),
		undefined,
		'webhooks page',
		{ vendor },
	);
	const ids: Record<string, string> = {};
	for (const topic of wantedTopics(ctx)) {
		for (const stale of remote.filter((hook) => hook.topic === topic && hook.address === url)) {
			await removeHook(ctx, companyId, String(stale.id));
		}
		const body: IDataObject = {
			topic,
			address: url,
			format: 'json',
			headers: { [VERIFY_HEADER_NAME]: state.webhookSecret, [TOPIC_HEADER]: topic },
			...(filter ? { filter } : {}),
		};
		const { record, response } = await send.call(
			ctx,
			'POST',
			path('companies', companyId, 'webhooks'),
			body,
			{ vendor, secrets: [state.webhookSecret] },
		);
		const id = record.id ?? record.id_str ?? idFromLocation(response.headers.location);
		if (id === undefined || id === null || String(id) === '') {
			throw new NodeOperationError(
				ctx.getNode(),
				`Kounta created the ${topic} webhook but returned no id`,
				{
					description:
						"Delete it in Kounta by hand if the workflow is unpublished; it points at this workflow's URL.",
				},
			);
		}
		ids[topic] = String(id);
		// Stored as we go: if a later topic fails, delete() can still remove these.
		state.webhookIds = { ...state.webhookIds, ...ids };
	}
	state.webhookIds = ids;
}

function idFromLocation(location: unknown): string | undefined {
	const value = Array.isArray(location) ? location[0] : location;
	if (typeof value !== 'string') return undefined;
	return /\/webhooks\/(\d+)(?:\.json)?(?:[?#]|$)/.exec(value)?.[1];
}

async function removeHook(ctx: IHookFunctions, companyId: string, id: string): Promise<void> {
	const vendor = kountaVendor(ctx);
	try {
		await send.call(ctx, 'DELETE', path('companies', companyId, 'webhooks', id), undefined, {
			vendor,
			followLocation: false,
		});
	} catch (error) {
		// Already gone (deleted in Kounta by hand): nothing left to clean up.
		if (isNotFound(error)) return;
		throw asNodeError(ctx, error);
	}
}
