import type { IDataObject } from 'n8n-workflow';

import {
	emptyBodyError,
	firstError,
	jsonApiErrors,
	messageField,
	parseVendorResponse,
	vendorCollect,
	vendorRequest,
	type TransportContext,
	type VendorProfile,
} from '../transport';
import { redemptionPageSchema, type Redemption } from './schemas';

export const influitiveVendor: VendorProfile = {
	displayName: 'Influitive',
	credentialType: 'influitiveApi',
	credentialDisplayName: 'Influitive API',
	credentialHint: 'the API token and X_ORG_ID',
	baseUrl: (credentials) => String(credentials.baseUrl ?? '').replace(/\/+$/, ''),
	secretFields: ['apiToken', 'webhookSecret'],
	// Influitive sits behind AWS WAF, which blocks with 403 by default; 429 is the usual throttle.
	throttleStatuses: [403, 429],
	// Published: at most 200 requests from one IP in any 5 minutes.
	rateLimit: { requests: 200, windowMs: 5 * 60_000 },
	// No JSON error envelope is published; 401 is an empty text/plain body.
	extractError: firstError(jsonApiErrors, messageField, emptyBodyError),
};

/** The outstanding redemption queue, each joined with its advocate from the side-loaded `contacts`. */
export async function listRedemptions(this: TransportContext, options: { limit?: number; itemIndex?: number } = {}): Promise<Redemption[]> {
	return await vendorCollect.call<Redemption>(
		this,
		influitiveVendor,
		{ method: 'GET', url: '/reward_redemptions', itemIndex: options.itemIndex },
		{
			kind: 'nextLink',
			next: (body) => redemptionPageSchema.safeParse(body).data?.links?.next ?? undefined,
			items: (body) => {
				const page = parseVendorResponse.call(this, influitiveVendor, redemptionPageSchema, body, {
					what: 'reward redemptions page',
					itemIndex: options.itemIndex,
				});
				const contacts = new Map((page.contacts ?? []).map((c) => [String(c.id), c]));
				return page.reward_redemptions.map((r) => ({
					...r,
					contact: r.contact_id !== undefined && r.contact_id !== null ? (contacts.get(String(r.contact_id)) ?? null) : null,
				}));
			},
		},
		{ limit: options.limit },
	);
}

export type Decision = 'fulfill' | 'refuse';

export interface DecisionOptions {
	/** `refuse` (best known) or `reject` (an older SDK): Influitive has not published which. */
	refusePath?: string;
	/** `message` (best known) or `feedback`: not published either. */
	messageKey?: string;
	itemIndex?: number;
}

/**
 * Closes the loop on a redemption. A POST, so never retried once it may have reached Influitive:
 * a fulfil sent twice could message the advocate twice.
 */
export async function decideRedemption(
	this: TransportContext,
	redemptionId: string,
	decision: Decision,
	message: string,
	options: DecisionOptions = {},
): Promise<IDataObject> {
	const path = decision === 'fulfill' ? 'fulfill' : options.refusePath || 'refuse';
	const response = await vendorRequest.call(this, influitiveVendor, {
		method: 'POST',
		url: `/reward_redemptions/${encodeURIComponent(redemptionId)}/decision/${encodeURIComponent(path)}`,
		body: message ? { [options.messageKey || 'message']: message } : {},
		itemIndex: options.itemIndex,
	});
	const body = response.body && typeof response.body === 'object' ? (response.body as IDataObject) : {};
	return { redemption_id: redemptionId, decision, message, ...body };
}
