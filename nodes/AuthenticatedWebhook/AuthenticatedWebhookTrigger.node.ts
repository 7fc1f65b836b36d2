import type {
	ICredentialsDecrypted,
	ICredentialTestFunctions,
	IDataObject,
	IHookFunctions,
	INodeCredentialTestResult,
	INodeType,
	INodeTypeDescription,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { pastedUrlWebhookMethodsRequiring, replyJson } from '../shared/webhook';
import {
	authenticationProblem,
	CREDENTIAL_TYPE,
	readSettings,
	secretHeaderNames,
	settingsProblem,
} from './helpers/auth';
import {
	DEFAULT_MAX_DEPTH,
	MAX_MAX_DEPTH,
	passedHeaders,
	readJsonObjectBody,
	type BodyOptions,
} from './helpers/request';
import {
	respondNodeNotice,
	respondNodeProblem,
	responseModeProperty,
	type ResponseMode,
} from './helpers/responses';

interface TriggerOptions extends BodyOptions {
	responseCode?: number;
	responseData?: 'firstEntryJson' | 'allEntries' | 'noData';
}

/** Publishing (and "listen for test event") fails while the trigger would accept anyone or could not reply. */
async function configurationProblem(ctx: IHookFunctions): Promise<string | undefined> {
	const problem = settingsProblem(readSettings(await ctx.getCredentials(CREDENTIAL_TYPE)));
	if (problem) return problem;
	return respondNodeProblem(
		ctx,
		ctx.getNodeParameter('responseMode', 'onReceived') as ResponseMode,
	);
}

export class AuthenticatedWebhookTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Authenticated Webhook Trigger',
		name: 'authenticatedWebhookTrigger',
		icon: {
			light: 'file:../../icons/webhook-auth.svg',
			dark: 'file:../../icons/webhook-auth.dark.svg',
		},
		group: ['trigger'],
		version: 1,
		subtitle:
			'={{ {"onReceived": "Replies at once", "lastNode": "Replies with the last node", "responseNode": "Replies from Respond to Webhook"}[$parameter["responseMode"]] }}',
		description:
			"Starts the workflow on a POST that carries the credential's secret or HMAC signature; everything else gets 401 JSON",
		defaults: { name: 'Authenticated Webhook' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [
			{ name: 'authenticatedWebhookApi', required: true, testedBy: 'authenticatedWebhookApiTest' },
		],
		webhooks: [
			{
				name: 'default',
				httpMethod: 'POST',
				path: 'webhook',
				responseMode: '={{$parameter["responseMode"]}}',
				// '' makes n8n answer an accepted request in "Immediately" mode with our webhookResponse.
				responseData:
					'={{$parameter["responseMode"] === "lastNode" ? ($parameter["options"]["responseData"] || "firstEntryJson") : ""}}',
				responseCode: '={{$parameter["options"]["responseCode"] || 200}}',
			},
		],
		properties: [
			{
				displayName:
					'Send a POST with a JSON object body to this node\'s Production URL. The credential decides what each request must carry: "Authorization: Bearer <Shared Secret>" (or the secret alone in the header named there), and/or an HMAC-SHA256 signature of the body. Anything else gets 401 with a JSON reason and starts nothing. The workflow gets body, query and headers, without Authorization, Cookie and the secret or signature header.',
				name: 'setupNotice',
				type: 'notice',
				default: '',
			},
			responseModeProperty,
			respondNodeNotice,
			{
				displayName: 'Options',
				name: 'options',
				type: 'collection',
				placeholder: 'Add Option',
				default: {},
				options: [
					{
						displayName: 'Allow Empty Body',
						name: 'allowEmptyBody',
						type: 'boolean',
						default: false,
						description:
							'Whether a request without any body is accepted (the workflow gets {} as body), e.g. for a "run now" URL. A body that is sent must still be a JSON object.',
					},
					{
						displayName: 'Maximum Nesting Depth',
						name: 'maxDepth',
						type: 'number',
						typeOptions: { minValue: 1, maxValue: MAX_MAX_DEPTH },
						default: DEFAULT_MAX_DEPTH,
						description: 'A body nested deeper than this many levels is refused with 400',
					},
					{
						displayName: 'Response Code',
						name: 'responseCode',
						type: 'number',
						typeOptions: { minValue: 200, maxValue: 299 },
						default: 200,
						description: 'The HTTP status of the reply to an accepted request',
						displayOptions: { show: { '/responseMode': ['onReceived', 'lastNode'] } },
					},
					{
						displayName: 'Response Data',
						name: 'responseData',
						type: 'options',
						options: [
							{
								name: 'First Entry JSON',
								value: 'firstEntryJson',
								description: "The first item of the last node's output",
							},
							{
								name: 'All Entries',
								value: 'allEntries',
								description: "Every item of the last node's output, as an array",
							},
							{ name: 'No Response Body', value: 'noData' },
						],
						default: 'firstEntryJson',
						displayOptions: { show: { '/responseMode': ['lastNode'] } },
					},
				],
			},
		],
	};

	methods = {
		credentialTest: {
			// Nothing to call: the credential is only checked against requests coming in.
			async authenticatedWebhookApiTest(
				this: ICredentialTestFunctions,
				credential: ICredentialsDecrypted,
			): Promise<INodeCredentialTestResult> {
				const problem = settingsProblem(readSettings(credential.data ?? {}));
				if (problem) return { status: 'Error', message: problem };
				return {
					status: 'OK',
					message: 'The credential is complete; send a request to the trigger to try it',
				};
			},
		},
	};

	// The sender is configured by hand (the URL pasted there): nothing to register anywhere.
	webhookMethods = pastedUrlWebhookMethodsRequiring(configurationProblem);

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		const reply = (status: number, body: IDataObject): IWebhookResponseData =>
			replyJson(this, status, body);
		const settings = readSettings(await this.getCredentials(CREDENTIAL_TYPE));
		const denied = authenticationProblem(this, settings);
		if (denied) return reply(401, { error: 'unauthorized', reason: denied });

		const options = this.getNodeParameter('options', {}) as TriggerOptions;
		const read = readJsonObjectBody(this, options);
		if ('refusal' in read)
			return reply(read.refusal.status, { error: read.refusal.error, reason: read.refusal.reason });

		const json: IDataObject = {
			body: read.body,
			query: { ...(this.getQueryData() as IDataObject) },
			headers: passedHeaders(this, secretHeaderNames(settings)),
		};
		const immediately =
			(this.getNodeParameter('responseMode', 'onReceived') as ResponseMode) === 'onReceived';
		// n8n's own reply (not acceptDelivery in shared/webhook.ts): this trigger keeps no static data,
		// so nothing is lost on that path, and the Response Code option applies.
		return {
			...(immediately ? { webhookResponse: { received: true } } : {}),
			workflowData: [this.helpers.returnJsonArray([json])],
		};
	}
}
