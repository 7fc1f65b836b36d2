import { createHmac } from 'node:crypto';

import { sendOutbound } from '../core/outbound';
import { signingKey, type ResolvedKountaOptions } from './options';
import type { KountaState } from './state';
import type { KountaDeliveryRecord, KountaOrder, KountaWebhook } from './types';

/** Inferred: Kounta publishes no User-Agent for its webhooks or loyalty calls. */
export const KOUNTA_USER_AGENT = 'Kounta-Sandbox/1.0';

/**
 * `X-Kounta-Signature`: HMAC-SHA256 of the raw body (6.3: the 2ND claim; key and encoding are options
 * because neither is verified).
 */
export function kountaSignature(rawBody: string, key: string, encoding: 'hex' | 'base64'): string {
	return createHmac('sha256', key).update(rawBody, 'utf8').digest(encoding);
}

export interface KountaDeliverOptions {
	webhookId?: number;
	headers?: Record<string, string>;
	/** false = no signature header; a string = sign with this key instead of the configured one. */
	sign?: boolean | string;
	timeoutMs?: number;
}

/** Sends REST webhooks (6): one JSON POST per webhook, never retried (retry policy unpublished). */
export class KountaWebhookSender {
	constructor(
		private readonly state: KountaState,
		private readonly options: ResolvedKountaOptions,
	) {}

	/** The delivery body for `topic` about `order`, per the `webhookPayload` option (the payload is not published). */
	payload(topic: string, order: KountaOrder): unknown {
		if (this.options.webhookPayload === 'envelope')
			return { topic, company_id: order.company_id, created_at: this.state.stamp(), data: order };
		return order;
	}

	async deliver(
		url: string,
		topic: string,
		body: unknown,
		options: KountaDeliverOptions = {},
	): Promise<KountaDeliveryRecord> {
		const history = this.state.deliveries;
		const raw = JSON.stringify(body);
		const headers: Record<string, string> = {
			'Content-Type': 'application/json',
			'User-Agent': KOUNTA_USER_AGENT,
			...options.headers,
		};
		const sign = options.sign ?? true;
		if (sign !== false) {
			headers['X-Kounta-Signature'] = kountaSignature(
				raw,
				typeof sign === 'string' ? sign : signingKey(this.options),
				this.options.signatureEncoding,
			);
		}
		const record: KountaDeliveryRecord = {
			id: this.state.next('delivery'),
			webhook_id: options.webhookId ?? null,
			topic,
			url,
			headers,
			body,
			status: 0,
			response: null,
			durationMs: 0,
			at: this.state.stamp(),
		};
		const reply = await sendOutbound({ url, body: raw, headers, timeoutMs: options.timeoutMs });
		record.status = reply.status;
		record.response = reply.error === undefined ? reply.body : null;
		if (reply.error !== undefined) record.error = reply.error;
		record.durationMs = reply.durationMs;
		history.push(record);
		return record;
	}

	/** Webhooks listening for `topic` whose `filter.site_ids` (if any) include the order's site. */
	subscribers(topic: string, order: KountaOrder): KountaWebhook[] {
		return this.state.webhooks.filter(
			(w) => w.topic === topic && (!w.filter.site_ids || w.filter.site_ids.includes(order.site_id)),
		);
	}

	/** One delivery per subscribed webhook, all started now; resolves when all have answered. */
	async publish(topic: string, order: KountaOrder): Promise<KountaDeliveryRecord[]> {
		const body = this.payload(topic, order);
		return await Promise.all(
			this.subscribers(topic, order).map((w) =>
				this.deliver(w.address, topic, body, { webhookId: w.id, headers: w.headers }),
			),
		);
	}
}
