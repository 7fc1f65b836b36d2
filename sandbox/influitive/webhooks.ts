import { deliveryOf, repeat, sendOutbound } from '../core/outbound';
import type { InfluitiveState } from './state';
import { isoSeconds } from './state';
import type { InfluitiveDelivery, InfluitiveDeliveryRecord, InfluitiveSubscription } from './types';

/**
 * The hub's webhook sender. Influitive documents no signature, secret, retry policy or custom headers
 * (influitive.md 5.4): a delivery is one JSON POST, never retried by the sandbox itself (tests send
 * copies explicitly).
 */

/** Inferred: Influitive publishes no User-Agent for its webhooks. */
const WEBHOOK_USER_AGENT = 'Influitive-Webhooks/1.0 (sandbox)';

export interface DeliveryOptions {
	headers?: Record<string, string>;
	query?: Record<string, string>;
	timeoutMs?: number;
	subscriptionId?: number;
}

export class WebhookSender {
	constructor(private readonly state: InfluitiveState) {}

	/** One POST of `event` (JSON) to `url`; never throws. Recorded in the delivery history. */
	async deliver(
		url: string,
		event: unknown,
		options: DeliveryOptions = {},
	): Promise<InfluitiveDelivery> {
		// Captured now: a reset while this is in flight must not put it into the fresh history.
		const history = this.state.deliveries;
		const id = this.state.next('delivery');
		const at = isoSeconds(this.state.now());
		const delivery: InfluitiveDelivery = deliveryOf(
			await sendOutbound({
				url,
				body: JSON.stringify(event),
				query: options.query,
				headers: {
					'Content-Type': 'application/json',
					'User-Agent': WEBHOOK_USER_AGENT,
					...options.headers,
				},
				timeoutMs: options.timeoutMs,
			}),
		);
		const envelope = (event ?? {}) as { id?: unknown; type?: unknown };
		const record: InfluitiveDeliveryRecord = {
			id,
			url,
			event_id: envelope.id ?? null,
			event_type: envelope.type ?? null,
			at,
			...delivery,
		};
		if (options.subscriptionId !== undefined) record.subscription_id = options.subscriptionId;
		history.push(record);
		return delivery;
	}

	/** `copies` deliveries of the same event, one after the other or all at once. */
	async deliverCopies(
		url: string,
		event: unknown,
		copies: number,
		concurrent: boolean,
		options: DeliveryOptions,
	): Promise<InfluitiveDelivery[]> {
		return await repeat(copies, concurrent, () => this.deliver(url, event, options));
	}

	/** Fire and forget: every subscription listening for the event's type gets one delivery. */
	publish(event: { type: string }): void {
		for (const sub of this.state.subscriptions.filter((s) => subscribed(s, event.type))) {
			void this.deliver(sub.url, event, {
				headers: sub.headers,
				query: sub.query,
				subscriptionId: sub.id,
			});
		}
	}
}

function subscribed(subscription: InfluitiveSubscription, type: string): boolean {
	return subscription.events.includes('*') || subscription.events.includes(type);
}
