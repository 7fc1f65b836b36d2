import type {
	IDataObject,
	INodeType,
	INodeTypeDescription,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { describeIssues } from '../shared/validation';
import { kountaVendor } from './api';
import {
	armReplyDeadline,
	DEFAULT_DEADLINE_SECONDS,
	DEFAULT_TIMEOUT_MESSAGE,
	effectiveDeadlineSeconds,
	MAX_DEADLINE_SECONDS,
	type ReplyTarget,
} from './helpers/loyalty/deadline';
import { UNSIGNED_PARAMS, verifySignedParams } from './helpers/loyalty/redeemUrl';
import { fallbackReply } from './helpers/loyalty/replies';
import { inferCall, loyaltyParamsSchema, missingForCall } from './helpers/loyalty/request';
import {
	signatureOptions,
	signatureProblem,
	type SignatureCheck,
	type SignatureEncoding,
} from './helpers/loyalty/signature';
import {
	inboundAuthenticationProperties,
	pastedUrlWebhookMethodsRequiring,
	replyJson,
	sameSecret,
	warnUnauthenticated,
	type InboundAuthentication,
} from '../shared/webhook';

interface LoyaltyTriggerOptions {
	replyDeadlineSeconds?: number;
	timeoutMessage?: string;
	signatureCheck?: SignatureCheck;
	signatureEncoding?: SignatureEncoding;
}

/** Parameters that authenticate the call: never passed on into execution data. */
const SECRET_PARAMS = new Set(['token', 'sig']);

const NO_TOKEN_PROBLEM =
	'The credential has no Loyalty URL Token, so anyone could search members and redeem rewards through this URL. Set one in the credential (a long random value, also appended as &token=… to the URLs in the add-on), or choose Request Authentication: None.';

export class KountaLoyaltyTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Kounta Loyalty Trigger',
		name: 'kountaLoyaltyTrigger',
		icon: { light: 'file:../../icons/kounta.svg', dark: 'file:../../icons/kounta.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: '=Customer search, reward lookup and redeem',
		description:
			"Answers the Kounta POS loyalty calls (customer search, reward lookup, redeem) with the last node's output",
		defaults: { name: 'Kounta Loyalty Trigger' },
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
		// One path for all three calls, GET and POST: one URL to paste, the call told apart by `call`.
		// (n8n names webhooks only 'default' or 'setup'; here they differ by method alone.)
		webhooks: [
			{
				name: 'default',
				httpMethod: 'GET',
				responseMode: 'lastNode',
				responseData: 'firstEntryJson',
				path: 'loyalty',
			},
			{
				name: 'setup',
				httpMethod: 'POST',
				responseMode: 'lastNode',
				responseData: 'firstEntryJson',
				path: 'loyalty',
			},
		],
		properties: [
			{
				displayName:
					"In the add-on's Loyalty tab (Kounta back office), enable Integrated Customers and enter this node's Production URL twice: as Customer Search URL with ?call=search and as Actions/Rewards URL with ?call=rewards, each followed by &token=… when the credential has a Loyalty URL Token. End the workflow with a Kounta node, resource Loyalty Reply: its output is the reply the till gets. Redeem URLs are built (and signed) by the Rewards Reply operation.",
				name: 'setupNotice',
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
			...inboundAuthenticationProperties('callAuthentication', 'Loyalty URL Token'),
			{
				displayName: 'Options',
				name: 'options',
				type: 'collection',
				placeholder: 'Add Option',
				default: {},
				options: [
					{
						displayName: 'Reply Deadline (Seconds)',
						name: 'replyDeadlineSeconds',
						type: 'number',
						typeOptions: { minValue: 0, maxValue: MAX_DEADLINE_SECONDS },
						default: DEFAULT_DEADLINE_SECONDS,
						description: `When the workflow has not answered after this long, the till gets the documented error reply instead of waiting: success false for a redeem, no members for a search or lookup. The workflow still runs to its end. 0 turns the guard off; at most ${MAX_DEADLINE_SECONDS} (a larger value is used as ${MAX_DEADLINE_SECONDS}).`,
					},
					...signatureOptions('call'),
					{
						displayName: 'Timeout Message',
						name: 'timeoutMessage',
						type: 'string',
						default: DEFAULT_TIMEOUT_MESSAGE,
						description: 'The error text the till shows when the reply deadline passes',
					},
				],
			},
		],
	};

	// Loyalty URLs are entered in the add-on by hand: Kounta has no API for them. Publishing fails
	// while the trigger would answer anyone (no token and authentication not explicitly off).
	webhookMethods = pastedUrlWebhookMethodsRequiring(async (ctx) => {
		if ((ctx.getNodeParameter('callAuthentication', 'secret') as InboundAuthentication) === 'none')
			return undefined;
		const credentials = await ctx.getCredentials(kountaVendor(ctx).credentialType);
		return String(credentials.loyaltyUrlToken ?? '') ? undefined : NO_TOKEN_PROBLEM;
	});

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		const options = this.getNodeParameter('options', {}) as LoyaltyTriggerOptions;
		const reply = (status: number, body: IDataObject): IWebhookResponseData =>
			replyJson(this, status, body);

		const query = { ...(this.getQueryData() as IDataObject) };
		const body = this.getBodyData();
		// POSTed parameters count too (the method Kounta uses is unpublished: docs/vendor-facts.md); the URL wins.
		const raw: IDataObject = {
			...(body && typeof body === 'object' && !Array.isArray(body) ? body : {}),
			...query,
		};
		const call = inferCall(raw);

		const credentials = await this.getCredentials(kountaVendor(this).credentialType);
		const urlToken = String(credentials.loyaltyUrlToken ?? '');
		const authentication = this.getNodeParameter(
			'callAuthentication',
			'secret',
		) as InboundAuthentication;
		if (urlToken) {
			const tokenOk = sameSecret(String(raw.token ?? ''), urlToken);
			const sigOk =
				!tokenOk &&
				call === 'redeem' &&
				verifySignedParams(stringParams(query), String(query.sig ?? ''), urlToken);
			if (!tokenOk && !sigOk) {
				return reply(401, {
					error: 'unauthorized',
					reason: call === 'redeem' ? 'missing or wrong token or sig' : 'missing or wrong token',
				});
			}
			if (sigOk) {
				// sig covers the query string only: nothing else may feed the call.
				const unsigned = unsignedInputs(query, body);
				if (unsigned) return reply(401, { error: 'unauthorized', reason: unsigned });
			}
		} else if (authentication !== 'none') {
			return reply(401, {
				error: 'unauthorized',
				reason: 'this trigger has no Loyalty URL Token configured, so it answers no calls',
			});
		} else {
			warnUnauthenticated(this);
		}

		const badSignature = signatureProblem(
			this,
			String(credentials.signatureToken ?? ''),
			options.signatureCheck,
			options.signatureEncoding,
		);
		if (badSignature) return reply(401, { error: 'unauthorized', reason: badSignature });

		if (!call) {
			return reply(400, {
				error: 'invalid_request',
				reason:
					'cannot tell which loyalty call this is: add call=search, call=rewards or call=redeem to the URL',
			});
		}
		const parsed = loyaltyParamsSchema.safeParse(raw);
		if (!parsed.success) {
			return reply(400, { error: 'invalid_request', reason: describeIssues(parsed.error) });
		}
		const params = parsed.data;
		const missing = missingForCall(call, params);
		if (missing) return reply(400, { error: 'invalid_request', reason: missing });

		const deadline = effectiveDeadlineSeconds(options.replyDeadlineSeconds);
		if (deadline.warning) this.logger?.warn(`${this.getNode().name}: ${deadline.warning}`);
		const deadlineSeconds = deadline.seconds;
		const now = Date.now();
		if (deadlineSeconds > 0) {
			const fallback = fallbackReply(call, options.timeoutMessage || DEFAULT_TIMEOUT_MESSAGE);
			void armReplyDeadline(
				this.getResponseObject() as unknown as ReplyTarget,
				deadlineSeconds * 1000,
				fallback,
			);
		}

		const known = new Set(Object.keys(loyaltyParamsSchema.shape));
		const extra = Object.fromEntries(
			Object.entries(query).filter(([name]) => !known.has(name) && !SECRET_PARAMS.has(name)),
		) as IDataObject;
		const item: IDataObject = {
			call,
			keyword: params.keyword ?? null,
			company_id: params.company_id ?? null,
			site_id: params.site_id ?? null,
			order_id: params.order_id ?? null,
			customer_id: params.customer_id ?? null,
			reference_id: params.reference_id ?? null,
			reward_id: params.reward_id ?? null,
			quantity: params.quantity ?? null,
			params: extra,
			method: String((this.getRequestObject() as { method?: string }).method ?? ''),
			received_at: new Date(now).toISOString(),
			reply_by: deadlineSeconds > 0 ? new Date(now + deadlineSeconds * 1000).toISOString() : null,
			// For the Rewards Reply's redeem_url: this node's URL, without any token.
			redeem_base_url: this.getNodeWebhookUrl('default') ?? null,
		};
		return { workflowData: [this.helpers.returnJsonArray([item])] };
	}
}

/**
 * Why a sig-authenticated call must be refused, if it must: a POST body parameter that differs from
 * the signed query (Kounta's own order_id and quantity aside), or a query parameter given more than
 * once (it cannot be signed as one value, and would be passed on unchecked).
 */
function unsignedInputs(query: IDataObject, body: unknown): string | undefined {
	for (const [name, value] of Object.entries(query)) {
		if (value !== null && typeof value === 'object')
			return `parameter ${name} is given more than once or as a structure, which sig does not cover`;
	}
	if (body && typeof body === 'object' && !Array.isArray(body)) {
		for (const [name, value] of Object.entries(body as IDataObject)) {
			if (UNSIGNED_PARAMS.has(name)) continue;
			const signed = query[name];
			if (signed === undefined || typeof value === 'object' || String(value) !== String(signed)) {
				return `body parameter ${name} is not covered by sig: send the redeem URL as it was built`;
			}
		}
	}
	return undefined;
}

function stringParams(query: IDataObject): Record<string, string> {
	const out: Record<string, string> = {};
	for (const [name, value] of Object.entries(query)) {
		if (value !== undefined && value !== null && typeof value !== 'object')
			out[name] = String(value);
	}
	return out;
}
