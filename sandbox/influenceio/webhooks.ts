import { deliveryOf, repeat, sendOutbound } from '../core/outbound';
import { objectId } from './seed';
import type { InfluenceIoState } from './state';
import type { InfluenceIoDelivery } from './types';

/**
 * Influence.io's webhook sender: a JSON POST of the bare payload with `X-Webhook-Topic` and
 * `X-Webhook-Id` (published). No signature and no retry policy are documented, so the sandbox
 * never signs and never retries on its own; tests send copies explicitly.
 */

/** Inferred: Influence.io publishes no User-Agent for its webhooks. */
const INFLUENCEIO_WEBHOOK_USER_AGENT = 'Influence.io-Webhooks/1.0 (sandbox)';

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
	async deliver(
		url: string,
		topic: string,
		payload: unknown,
		options: DeliveryOptions = {},
	): Promise<InfluenceIoDelivery> {
		// Captured now: a reset while this is in flight must not put it into the fresh history.
		const history = this.state.deliveries;
		const at = this.state.now();
		const idHeader = options.webhookIdHeader ?? this.newEventId();
		const delivery: InfluenceIoDelivery = deliveryOf(
			await sendOutbound({
				url,
				body: JSON.stringify(payload),
				query: options.query,
				headers: {
					'Content-Type': 'application/json',
					'User-Agent': INFLUENCEIO_WEBHOOK_USER_AGENT,
					'X-Webhook-Topic': topic,
					'X-Webhook-Id': idHeader,
					...options.headers,
				},
				timeoutMs: options.timeoutMs,
			}),
		);
		const record = {
			url,
			topic,
			webhookIdHeader: idHeader,
			payload,
			at,
			...delivery,
			...(options.webhookId !== undefined ? { webhookId: options.webhookId } : {}),
		};
		this.state.addDelivery(record, history);
		return delivery;
	}

	/** `copies` deliveries of the same payload with the same `X-Webhook-Id`, one after the other or all at once. */
	async deliverCopies(
		url: string,
		topic: string,
		payload: unknown,
		copies: number,
		concurrent: boolean,
		options: DeliveryOptions,
	): Promise<{ webhookId: string; deliveries: InfluenceIoDelivery[] }> {
		const webhookIdHeader = options.webhookIdHeader ?? this.newEventId();
		const one = (): Promise<InfluenceIoDelivery> =>
			this.deliver(url, topic, payload, { ...options, webhookIdHeader });
		return { webhookId: webhookIdHeader, deliveries: await repeat(copies, concurrent, one) };
	}

	/** Fire and forget: every webhook registered for `topic` gets one delivery. */
	publish(topic: string, payload: unknown): void {
		const targets = this.state.webhooks.filter((w) => w.topic === topic);
		if (targets.length === 0) return;
		const eventId = this.newEventId();
		for (const webhook of targets) {
			const webhookIdHeader =
				this.state.options.webhookIdHeader === 'subscription' ? webhook.id : eventId;
			void this.deliver(webhook.url, topic, payload, { webhookIdHeader, webhookId: webhook.id });
		}
	}
}
