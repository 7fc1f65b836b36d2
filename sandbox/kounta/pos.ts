import { randomInt } from 'node:crypto';
import type { z } from 'zod';

import { sendOutbound } from '../core/outbound';
import {
	issueLines,
	loyaltyErrorReplySchema,
	lookupReplySchema,
	lookupRewards,
	obsoleteLookupReplySchema,
	redeemReplySchema,
	rewardIssues,
	searchReplySchema,
	type LoyaltyMember,
	type LoyaltyReward,
} from './loyalty-shapes';
import { KOUNTA_SITE_ID } from './seed';
import type { KountaState } from './state';
import type { KountaOrder, KountaPosResult } from './types';
import { KOUNTA_USER_AGENT, kountaSignature } from './webhooks';

/**
 * How the till calls (https://apidoc.kounta.com/loyalty/). The HTTP method of all three calls is not published: GET is the
 * default (the parameters are "in the url"); POST also sends them as a JSON body. Whether loyalty calls
 * are signed is not published: with a secret, `X-Kounta-Signature` is the HMAC-SHA256 of the raw body (empty
 * for GET), like the webhook signature, in the sandbox's signature encoding.
 */
export interface PosCallOptions {
	method?: 'GET' | 'POST';
	/** Overrides the loyalty config's `signatureSecret`; `false` sends no signature. */
	signatureSecret?: string | false;
	/** The POS waits synchronously; how long it waits is unpublished. Default 10 s. */
	timeoutMs?: number;
}

export interface PosSearchInput extends PosCallOptions {
	/** Default: the configured Customer Search URL. */
	searchUrl?: string;
	keyword: string;
	siteId?: number;
	/** Placeholder sent as `order_id`; default a random number that is no real order. */
	placeholderOrderId?: string;
}

export interface PosLookupInput extends PosCallOptions {
	/** Default: the configured Actions/Rewards URL. */
	rewardsUrl?: string;
	/** Kounta customer id (sent as `customer_id`). */
	customerId?: number | string;
	/** Your member id (sent as `reference_id`). */
	referenceId: string;
	siteId?: number;
	placeholderOrderId?: string;
	/** Reply layout to validate against: the best-known `members` form (default) or obsolete spec C. */
	layout?: 'members' | 'obsolete';
}

export interface PosRedeemInput extends PosCallOptions {
	redeemUrl: string;
	/** The real order the redemption applies to. */
	orderId: number;
	/** The placeholder sent on search/lookup, replaced in `redeemUrl` by `orderId`. */
	placeholderOrderId: string;
	/** Sent as `&quantity=` for a variable-quantity reward. */
	quantity?: number;
}

export interface PosCheckoutInput extends PosCallOptions {
	keyword: string;
	/** The order to redeem on; default a new PENDING order at `siteId` (one flat white). */
	orderId?: number;
	siteId?: number;
	/** Member to pick from the search reply (default the first). */
	memberId?: string;
	/** Reward to pick from the lookup reply (default the first). */
	rewardId?: string;
	/** Points to redeem on a variable-quantity reward (default its `points_required`). */
	quantity?: number;
	placeholderOrderId?: string;
	layout?: 'members' | 'obsolete';
}

export interface PosCheckoutResult {
	ok: boolean;
	placeholderOrderId: string;
	orderId: number;
	search: KountaPosResult;
	lookup?: KountaPosResult;
	redeem?: KountaPosResult;
	member?: LoyaltyMember;
	reward?: LoyaltyReward;
	/** The order as the REST API shows it after the redemption. */
	order?: KountaOrder;
	/** Why the flow stopped early, if it did. */
	stoppedAt?: string;
}

/** The Kounta till calling a loyalty add-on's URLs, with every reply validated against the documented shapes. */
export class KountaPos {
	constructor(
		private readonly state: KountaState,
		private readonly encoding: () => 'hex' | 'base64',
	) {}

	newPlaceholder(): string {
		return String(randomInt(100_000_000, 999_999_999));
	}

	private async call(
		url: string,
		params: Record<string, string>,
		options: PosCallOptions,
		validate: (body: unknown, status: number) => string[],
	): Promise<KountaPosResult> {
		const method = options.method ?? 'GET';
		const target = new URL(url);
		// Kounta appends its parameters to whatever URL the add-on configured (5.1, CRM.COM's `?orgid=`).
		for (const [k, v] of Object.entries(params)) target.searchParams.set(k, v);
		const raw = method === 'POST' ? JSON.stringify(params) : '';
		const headers: Record<string, string> = {
			Accept: 'application/json',
			'User-Agent': KOUNTA_USER_AGENT,
		};
		if (method === 'POST') headers['Content-Type'] = 'application/json';
		const secret =
			options.signatureSecret === undefined
				? this.state.loyalty.signatureSecret
				: options.signatureSecret;
		if (secret) headers['X-Kounta-Signature'] = kountaSignature(raw, secret, this.encoding());
		const result: KountaPosResult = {
			ok: false,
			method,
			url: target.toString(),
			status: 0,
			ms: 0,
			body: null,
			issues: [],
			sentHeaders: headers,
		};
		const reply = await sendOutbound({
			method,
			url: target.toString(),
			body: method === 'POST' ? raw : undefined,
			headers,
			timeoutMs: options.timeoutMs ?? 10_000,
		});
		result.ms = reply.durationMs;
		if (reply.error !== undefined) {
			result.issues.push(`request failed: ${reply.error}`);
		} else {
			result.status = reply.status;
			result.body = reply.body;
			if (!/^application\/json\b/i.test(reply.contentType))
				result.issues.push(
					`content-type: expected application/json, got ${reply.contentType || 'none'}`,
				);
			result.issues.push(...validate(result.body, reply.status));
		}
		result.ok = result.issues.length === 0;
		return result;
	}

	private static shape(
		schema: z.ZodTypeAny,
		body: unknown,
		status: number,
		okStatus: (s: number) => boolean,
	): string[] {
		const issues: string[] = [];
		if (!okStatus(status)) issues.push(`status: expected 200, got ${status}`);
		const error = loyaltyErrorReplySchema.safeParse(body);
		if (
			error.success &&
			!(body as Record<string, unknown>).members &&
			(body as Record<string, unknown>).success === undefined
		) {
			issues.push(`replied with an error: ${error.data.error}`);
			return issues;
		}
		const parsed = schema.safeParse(body);
		if (!parsed.success) issues.push(...issueLines(parsed.error));
		return issues;
	}

	private siteParams(siteId: number | undefined, placeholder: string): Record<string, string> {
		return {
			company_id: String(this.state.company.id),
			site_id: String(siteId ?? KOUNTA_SITE_ID),
			order_id: placeholder,
		};
	}

	/** 5.2: `keyword`, `company_id`, `site_id`, `order_id` (placeholder). */
	async search(input: PosSearchInput): Promise<KountaPosResult & { placeholderOrderId: string }> {
		const url = input.searchUrl ?? this.state.loyalty.searchUrl;
		if (!url)
			throw new Error(
				'no Customer Search URL: pass searchUrl or configure it with PUT /__admin/kounta/loyalty',
			);
		const placeholder = input.placeholderOrderId ?? this.newPlaceholder();
		const result = await this.call(
			url,
			{ keyword: input.keyword, ...this.siteParams(input.siteId, placeholder) },
			input,
			(body, status) =>
				KountaPos.shape(searchReplySchema, body, status, (s) => s >= 200 && s < 300),
		);
		return { ...result, placeholderOrderId: placeholder };
	}

	/** 5.3: `customer_id`, `reference_id`, `company_id`, `site_id`, `order_id` (placeholder). */
	async lookup(
		input: PosLookupInput,
	): Promise<KountaPosResult & { placeholderOrderId: string; rewards: LoyaltyReward[] }> {
		const url = input.rewardsUrl ?? this.state.loyalty.rewardsUrl;
		if (!url)
			throw new Error(
				'no Actions/Rewards URL: pass rewardsUrl or configure it with PUT /__admin/kounta/loyalty',
			);
		const placeholder = input.placeholderOrderId ?? this.newPlaceholder();
		const schema = input.layout === 'obsolete' ? obsoleteLookupReplySchema : lookupReplySchema;
		const params = {
			customer_id: String(input.customerId ?? ''),
			reference_id: input.referenceId,
			...this.siteParams(input.siteId, placeholder),
		};
		const result = await this.call(url, params, input, (body, status) => {
			const issues = KountaPos.shape(schema, body, status, (s) => s >= 200 && s < 300);
			return issues.length > 0 ? issues : rewardIssues(lookupRewards(body), placeholder);
		});
		return {
			...result,
			placeholderOrderId: placeholder,
			rewards: result.ok ? lookupRewards(result.body) : [],
		};
	}

	/** 5.4: the reward's `redeem_url` with `order_id=<placeholder>` replaced by the real order id, plus `quantity`. */
	async redeem(input: PosRedeemInput): Promise<KountaPosResult> {
		const target = new URL(input.redeemUrl);
		const issues: string[] = [];
		if (target.searchParams.get('order_id') === input.placeholderOrderId)
			target.searchParams.set('order_id', String(input.orderId));
		else
			issues.push(
				`redeem_url: no order_id=${input.placeholderOrderId} placeholder to replace; called as given`,
			);
		const params: Record<string, string> = {};
		if (input.quantity !== undefined) params.quantity = String(input.quantity);
		const result = await this.call(target.toString(), params, input, (body, status) =>
			KountaPos.shape(redeemReplySchema, body, status, (s) => s === 200),
		);
		if (result.ok && (result.body as { success?: boolean }).success === false)
			result.issues.push(
				`replied success: false (${String((result.body as { error?: unknown }).error)})`,
			);
		result.issues.unshift(...issues);
		result.ok = result.issues.length === 0;
		return result;
	}

	/** Search → pick a member → lookup → pick a reward → redeem on a real order → read the order back. */
	async checkout(input: PosCheckoutInput): Promise<PosCheckoutResult> {
		const placeholder = input.placeholderOrderId ?? this.newPlaceholder();
		let order = input.orderId !== undefined ? this.state.order(input.orderId) : undefined;
		if (input.orderId !== undefined && !order) throw new Error(`no Kounta order ${input.orderId}`);
		if (!order) {
			const created = this.state.createOrder({
				site_id: input.siteId ?? KOUNTA_SITE_ID,
				status: 'PENDING',
			});
			if (typeof created === 'string') throw new Error(created);
			order = created;
		}
		const call: PosCallOptions = {
			method: input.method,
			signatureSecret: input.signatureSecret,
			timeoutMs: input.timeoutMs,
		};
		const base = { placeholderOrderId: placeholder, orderId: order.id };
		const search = await this.search({
			...call,
			keyword: input.keyword,
			siteId: order.site_id,
			placeholderOrderId: placeholder,
		});
		if (!search.ok) return { ...base, ok: false, search, stoppedAt: 'search' };
		const members = Object.values(
			(search.body as { members: Record<string, LoyaltyMember> }).members,
		);
		const member =
			input.memberId === undefined ? members[0] : members.find((m) => m.id === input.memberId);
		if (!member)
			return {
				...base,
				ok: false,
				search,
				stoppedAt: `search: no member ${input.memberId ?? '(empty members)'}`,
			};
		// The POS knows the Kounta customer linked to this member through `reference_id`, if any.
		const linked = this.state.customers.find(
			(c) => c.reference_id !== '' && c.reference_id === member.id,
		);
		const lookup = await this.lookup({
			...call,
			customerId: linked?.id ?? order.customer?.id ?? '',
			referenceId: member.id,
			siteId: order.site_id,
			placeholderOrderId: placeholder,
			layout: input.layout,
		});
		if (!lookup.ok) return { ...base, ok: false, search, lookup, member, stoppedAt: 'lookup' };
		const reward =
			input.rewardId === undefined
				? lookup.rewards[0]
				: lookup.rewards.find((r) => r.id === input.rewardId);
		if (!reward)
			return {
				...base,
				ok: false,
				search,
				lookup,
				member,
				stoppedAt: `lookup: no reward ${input.rewardId ?? '(empty rewards)'}`,
			};
		const quantity = reward.variable_quantity
			? (input.quantity ?? reward.points_required)
			: undefined;
		const redeem = await this.redeem({
			...call,
			redeemUrl: reward.redeem_url,
			orderId: order.id,
			placeholderOrderId: placeholder,
			quantity,
		});
		return {
			...base,
			ok: redeem.ok,
			search,
			lookup,
			redeem,
			member,
			reward,
			order: this.state.order(order.id),
			...(redeem.ok ? {} : { stoppedAt: 'redeem' }),
		};
	}
}
