import http from 'node:http';
import https from 'node:https';
import { performance } from 'node:perf_hooks';

import axios from 'axios';

import { objectId } from './seed';
import type { InfluenceIoState } from './state';
import type { InfluenceIoDelivery } from './types';

/**
 * Influence.io's webhook sender: a JSON POST of the bare payload with `X-Webhook-Topic` and
 * `X-Webhook-Id` [SEEN D2]. No signature and no retry policy are documented (5.5), so the sandbox
 * never signs and never retries on its own; tests send copies explicitly. One fresh connection per
 * delivery, like a webhook worker.
 */
const httpAgent = new http.Agent({ keepAlive: false });
const httpsAgent = new https.Agent({ keepAlive: false });

/** Inferred: Influence.io publishes no User-Agent for its webhooks. */
export const INFLUENCEIO_WEBHOOK_USER_AGENT = 'Influence.io-Webhooks/1.0 (sandbox)';

function parseMaybeJson(text: string): unknown {
	if (text === '') return '';
	try {
		return JSON.parse(text) as unknown;
	} catch {
		return text;
	}
}

export interface DeliveryOptions {
	/** `X-Webhook-Id`; default a new event id. */
	webhookIdHeader?: string;
	headers?: Record<string, string>;
	query?: Record<string, string>;
	timeoutMs?: number;
	/** Registered webhook this delivery belongs to. */
	webhookId?: string;
}

export class InfluenceIoWebhookSender {
	constructor(private readonly state: InfluenceIoState) {}

	newEventId(): string {
		return objectId('event', this.state.next('event'));
	}

	/** One POST; never throws. Recorded in the delivery history. */
	async deliver(url: string, topic: string, payload: unknown, options: DeliveryOptions = {}): Promise<InfluenceIoDelivery> {
		// Captured now: a reset while this is in flight must not put it into the fresh history.
		const history = this.state.deliveries;
		const at = this.state.now();
		const idHeader = options.webhookIdHeader ?? this.newEventId();
		const started = performance.now();
		let delivery: InfluenceIoDelivery;
		try {
			const reply = await axios.post<string>(url, JSON.stringify(payload), {
				params: options.query,
				headers: {
					'Content-Type': 'application/json',
					'User-Agent': INFLUENCEIO_WEBHOOK_USER_AGENT,
					'X-Webhook-Topic': topic,
					'X-Webhook-Id': idHeader,
					...options.headers,
				},
				timeout: options.timeoutMs ?? 30_000,
				responseType: 'text',
				transformResponse: (data: unknown) => data,
				validateStatus: () => true,
				maxRedirects: 0,
				httpAgent,
				httpsAgent,
				proxy: false,
			});
			delivery = { status: reply.status, body: parseMaybeJson(String(reply.data ?? '')), durationMs: 0 };
		} catch (e) {
			delivery = { status: 0, body: null, error: e instanceof Error ? e.message : String(e), durationMs: 0 };
		}
		delivery.durationMs = Math.round((performance.now() - started) * 100) / 100;
		const record = { url, topic, webhookIdHeader: idHeader, payload, at, ...delivery, ...(options.webhookId !== undefined ? { webhookId: options.webhookId } : {}) };
		this.state.addDelivery(record, history);
		return delivery;
	}

	/** `copies` deliveries of the same payload with the same `X-Webhook-Id`, one after the other or all at once. */
	async deliverCopies(url: string, topic: string, payload: unknown, copies: number, concurrent: boolean, options: DeliveryOptions): Promise<{ webhookId: string; deliveries: InfluenceIoDelivery[] }> {
		const webhookIdHeader = options.webhookIdHeader ?? this.newEventId();
		const one = (): Promise<InfluenceIoDelivery> => this.deliver(url, topic, payload, { ...options, webhookIdHeader });
		if (concurrent) return { webhookId: webhookIdHeader, deliveries: await Promise.all(Array.from({ length: copies }, one)) };
		const deliveries: InfluenceIoDelivery[] = [];
		for (let i = 0; i < copies; i++) deliveries.push(await one());
		return { webhookId: webhookIdHeader, deliveries };
	}

	/** Fire and forget: every webhook registered for `topic` gets one delivery. */
	publish(topic: string, payload: unknown): void {
		const targets = this.state.webhooks.filter((w) => w.topic === topic);
		if (targets.length === 0) return;
		const eventId = this.newEventId();
		for (const webhook of targets) {
			const webhookIdHeader = this.state.options.webhookIdHeader === 'subscription' ? webhook.id : eventId;
			void this.deliver(webhook.url, topic, payload, { webhookIdHeader, webhookId: webhook.id });
		}
	}
}
