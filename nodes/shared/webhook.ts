import { timingSafeEqual } from 'node:crypto';
import type { IDataObject, IHookFunctions, IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';

/** Constant-time comparison of a presented secret with the expected one; an empty expected secret never matches. */
export function sameSecret(presented: string, expected: string): boolean {
	const a = Buffer.from(presented);
	const b = Buffer.from(expected);
	return expected.length > 0 && a.length === b.length && timingSafeEqual(a, b);
}

/** Answers the request itself (status + JSON) and tells n8n not to answer again. */
export function replyJson(ctx: IWebhookFunctions, status: number, body: IDataObject): IWebhookResponseData {
	ctx.getResponseObject().status(status).json(body);
	return { noWebhookResponse: true };
}

/**
 * `webhookMethods` for vendors whose webhook URL is pasted by hand (Influitive, Kounta's loyalty
 * URLs): there is nothing to look up, register or remove at the vendor.
 */
export const pastedUrlWebhookMethods = {
	default: {
		async checkExists(this: IHookFunctions): Promise<boolean> {
			return true;
		},
		async create(this: IHookFunctions): Promise<boolean> {
			return true;
		},
		async delete(this: IHookFunctions): Promise<boolean> {
			return true;
		},
	},
};
