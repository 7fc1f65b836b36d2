import { createHmac, timingSafeEqual } from 'node:crypto';
import type {
	IDataObject,
	IHookFunctions,
	INodeProperties,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

/** Constant-time comparison of a presented secret with the expected one; an empty expected secret never matches. */
export function sameSecret(presented: string, expected: string): boolean {
	const a = Buffer.from(presented);
	const b = Buffer.from(expected);
	return expected.length > 0 && a.length === b.length && timingSafeEqual(a, b);
}

/** How a sender encodes an HMAC digest in its signature header; `any` accepts hex or base64. */
export type SignatureEncoding = 'any' | 'hex' | 'base64';

/**
 * Whether `presented` is the HMAC-SHA256 of `rawBody` keyed with `secret`, in the given encoding
 * (a `sha256=` prefix, as GitHub sends it, is ignored). Every candidate encoding is compared in
 * constant time, so the timing does not reveal which one matched. An empty secret never matches.
 */
export function verifyHmacSha256(
	rawBody: Buffer | string,
	presented: string | undefined,
	secret: string,
	encoding: SignatureEncoding = 'any',
): boolean {
	if (!presented || !secret) return false;
	const digest = createHmac('sha256', secret).update(rawBody).digest();
	const candidates: string[] = [];
	if (encoding !== 'base64') candidates.push(digest.toString('hex'));
	if (encoding !== 'hex') candidates.push(digest.toString('base64'));
	const given = Buffer.from(presented.trim().replace(/^sha256=/i, ''));
	let ok = false;
	for (const candidate of candidates) {
		const expected = Buffer.from(candidate);
		if (expected.length === given.length && timingSafeEqual(expected, given)) ok = true;
	}
	return ok;
}

/** A header's value in a header object, its name in any case (the first value of a repeated one). */
export function headerIn(headers: IDataObject, name: string): string | undefined {
	const wanted = name.toLowerCase();
	for (const [key, value] of Object.entries(headers)) {
		if (key.toLowerCase() !== wanted) continue;
		const first = Array.isArray(value) ? value[0] : value;
		return first === undefined || first === null ? undefined : String(first);
	}
	return undefined;
}

/** One request header as a string (the first value of a repeated one); `name` in any case. */
export function headerValue(ctx: IWebhookFunctions, name: string): string | undefined {
	return headerIn(ctx.getHeaderData() as IDataObject, name);
}

/** The request body exactly as received (n8n keeps it as `rawBody`), for signatures over the body. */
export function rawBodyOf(ctx: IWebhookFunctions): Buffer {
	const raw = (ctx.getRequestObject() as { rawBody?: Buffer | string }).rawBody;
	return raw === undefined ? Buffer.alloc(0) : Buffer.isBuffer(raw) ? raw : Buffer.from(raw);
}

/** Answers the request itself (status + JSON) and tells n8n not to answer again. */
export function replyJson(
	ctx: IWebhookFunctions,
	status: number,
	body: IDataObject,
): IWebhookResponseData {
	ctx.getResponseObject().status(status).json(body);
	return { noWebhookResponse: true };
}

/**
 * The webhook of a vendor trigger that answers through `replyJson` / `acceptDelivery`: onReceived,
 * and `responseData: ''` so that an `acceptDelivery(…, 'onceStored')` is answered with its body
 * (without it n8n answers its default response data, the string "firstEntryJson").
 */
export const DELIVERY_WEBHOOK = {
	name: 'default',
	httpMethod: 'POST',
	responseMode: 'onReceived',
	responseData: '',
	path: 'webhook',
} as const;

/** The answer to a repeated delivery: 200, so the sender stops, and nothing is started. */
export function replyDuplicate(ctx: IWebhookFunctions, reason: string): IWebhookResponseData {
	return replyJson(ctx, 200, { received: true, duplicate: true, reason });
}

/**
 * Accepts a delivery: gives n8n the items to run and answers 200 + `body`, either `now` (before n8n
 * creates the execution) or `onceStored` (n8n answers after it stored or enqueued the execution).
 *
 * `now` is for a trigger that drops repeats itself: it keeps the ids it has seen in static data, and
 * n8n 2.41 saves static data only on this path. With `webhookResponse` and responseMode onReceived,
 * WorkflowRunner.establishContextForPersistence builds a second Workflow on the same static data
 * object, which resets its "changed" flag before the webhook server checks it, so the ids would never
 * reach the database. The price: the sender hears 200 before the execution exists; if n8n then fails
 * to create or enqueue it (on SQLite under a burst: "Timeout waiting for lock"), the sender has no
 * reason to send again and only a reconciler finds the delivery.
 *
 * `onceStored` is for a trigger that keeps no static data (repeats are left to the workflow's Reward
 * Ledger claim): n8n's webhook server then defers an onReceived answer until WorkflowRunner.run has
 * returned, and answers 500 when it throws, so the sender retries a delivery n8n could not store
 * (https://github.com/n8n-io/n8n/blob/master/packages/cli/src/webhooks/webhook-helpers.ts,
 * `shouldDeferOnReceivedResponse`); the trigger's webhook must be `DELIVERY_WEBHOOK`.
 */
export function acceptDelivery(
	ctx: IWebhookFunctions,
	body: IDataObject,
	items: IDataObject[],
	answer: 'now' | 'onceStored' = 'now',
): IWebhookResponseData {
	const workflowData = [ctx.helpers.returnJsonArray(items)];
	if (answer === 'onceStored') return { webhookResponse: body, workflowData };
	ctx.getResponseObject().status(200).json(body);
	return { noWebhookResponse: true, workflowData };
}

/** How an inbound trigger authenticates requests: the secret (default) or, by explicit choice, nothing. */
export type InboundAuthentication = 'secret' | 'none';

export const UNAUTHENTICATED_WARNING =
	'This trigger accepts requests without any secret: anyone who can reach this URL can start the workflow.';

/**
 * The "Authentication" choice of a pasted-URL trigger, plus the warning notice shown when the user
 * turns authentication off. `secretName` names the credential field that holds the secret.
 */
export function inboundAuthenticationProperties(
	name: string,
	secretName: string,
): INodeProperties[] {
	return [
		{
			displayName: 'Request Authentication',
			name,
			type: 'options',
			options: [
				{
					name: 'Credential Secret (Required)',
					value: 'secret',
					description: `Requests must carry the credential's ${secretName}`,
				},
				{
					name: 'None (Not Recommended)',
					value: 'none',
					description: 'Anyone who can reach the URL can start the workflow',
				},
			],
			default: 'secret',
			description: `Whether requests must carry the credential's ${secretName}. Publishing fails while the credential has none, unless None is chosen here.`,
		},
		{
			displayName: `Warning: ${UNAUTHENTICATED_WARNING} Set a ${secretName} in the credential and choose ${secretName} above.`,
			name: `${name}Warning`,
			type: 'notice',
			default: '',
			displayOptions: { show: { [name]: ['none'] } },
		},
	];
}

const warnedScopes = new Set<string>();

/** Logs the "no authentication" warning once per workflow node and process, and marks the reply. */
export function warnUnauthenticated(ctx: IWebhookFunctions): void {
	const res = ctx.getResponseObject() as {
		setHeader?: (name: string, value: string) => unknown;
		headersSent?: boolean;
	};
	if (typeof res.setHeader === 'function' && !res.headersSent)
		res.setHeader('X-Webhook-Warning', 'unauthenticated');
	const scope = `${ctx.getWorkflow().id ?? 'workflow'}:${ctx.getNode().id}`;
	if (warnedScopes.has(scope)) return;
	warnedScopes.add(scope);
	ctx.logger?.warn(`${ctx.getNode().name}: ${UNAUTHENTICATED_WARNING}`, {
		workflowId: ctx.getWorkflow().id,
		nodeName: ctx.getNode().name,
	});
}

/**
 * `webhookMethods` for a pasted-URL trigger that needs a secret: publishing fails with `problem`'s
 * message (n8n shows it on the workflow) when the trigger would otherwise accept anything.
 */
export function pastedUrlWebhookMethodsRequiring(
	problem: (ctx: IHookFunctions) => Promise<string | undefined>,
) {
	return {
		default: {
			async checkExists(this: IHookFunctions): Promise<boolean> {
				const message = await problem(this);
				if (message) throw new NodeOperationError(this.getNode(), message);
				return true;
			},
			async create(this: IHookFunctions): Promise<boolean> {
				const message = await problem(this);
				if (message) throw new NodeOperationError(this.getNode(), message);
				return true;
			},
			async delete(this: IHookFunctions): Promise<boolean> {
				return true;
			},
		},
	};
}
