import http from 'node:http';
import https from 'node:https';
import { performance } from 'node:perf_hooks';

import axios from 'axios';

import type { InfluitiveState } from './state';
import { isoSeconds } from './state';
import type { InfluitiveDelivery, InfluitiveDeliveryRecord, InfluitiveSubscription } from './types';

/**
 * The hub's webhook sender. Influitive documents no signature, secret, retry policy or custom headers
 * (influitive.md 5.4): a delivery is one JSON POST, never retried by the sandbox itself (tests send
 * copies explicitly). One fresh connection per delivery (no keep-alive), like a webhook worker.
 */
const httpAgent = new http.Agent({ keepAlive: false });
const httpsAgent = new https.Agent({ keepAlive: false });

/** Inferred: Influitive publishes no User-Agent for its webhooks. */
export const WEBHOOK_USER_AGENT = 'Influitive-Webhooks/1.0 (sandbox)';

function parseMaybeJson(text: string): unknown {
	if (text === '') return '';
	try {
		return JSON.parse(text) as unknown;
	} catch {
		return text;
	}
}

export interface DeliveryOptions {
	headers?: Record<string, string>;
	query?: Record<string, string>;
	timeoutMs?: number;
	subscriptionId?: number;
}

export class WebhookSender {
	constructor(private readonly state: InfluitiveState) {}

	/** One POST of `event` (JSON) to `url`; never throws. Recorded in the delivery history. */
	async deliver(url: string, event: unknown, options: DeliveryOptions = {}): Promise<InfluitiveDelivery> {
		// Captured now: a reset while this is in flight must not put it into the fresh history.
		const history = this.state.deliveries;
		const id = this.state.next('delivery');
		const at = isoSeconds(this.state.now());
		const started = performance.now();
		let delivery: InfluitiveDelivery;
		try {
			const reply = await axios.post<string>(url, JSON.stringify(event), {
				params: options.query,
				headers: { 'Content-Type': 'application/json', 'User-Agent': WEBHOOK_USER_AGENT, ...options.headers },
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
		const envelope = (event ?? {}) as { id?: unknown; type?: unknown };
		const record: InfluitiveDeliveryRecord = { id, url, event_id: envelope.id ?? null, event_type: envelope.type ?? null, at, ...delivery };
		if (options.subscriptionId !== undefined) record.subscription_id = options.subscriptionId;
		history.push(record);
		return delivery;
	}

	/** `copies` deliveries of the same event, one after the other or all at once. */
	async deliverCopies(url: string, event: unknown, copies: number, concurrent: boolean, options: DeliveryOptions): Promise<InfluitiveDelivery[]> {
		if (concurrent) return await Promise.all(Array.from({ length: copies }, () => this.deliver(url, event, options)));
		const results: InfluitiveDelivery[] = [];
		for (let i = 0; i < copies; i++) results.push(await this.deliver(url, event, options));
		return results;
	}

	/** Fire and forget: every subscription listening for the event's type gets one delivery. */
	publish(event: { type: string }): void {
		for (const sub of this.state.subscriptions.filter((s) => subscribed(s, event.type))) {
			void this.deliver(sub.url, event, { headers: sub.headers, query: sub.query, subscriptionId: sub.id });
		}
	}
}

function subscribed(subscription: InfluitiveSubscription, type: string): boolean {
	return subscription.events.includes('*') || subscription.events.includes(type);
}
