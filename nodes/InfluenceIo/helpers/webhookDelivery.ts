import type { IDataObject } from 'n8n-workflow';

import { hashJson } from '../../shared/dedupe';
import type { Topic } from '../schemas';

const idOf = (value: unknown): string =>
	typeof value === 'string' || typeof value === 'number' ? String(value) : '';

/**
 * One delivery's identity. X-Webhook-Id is documented only as "the webhook ID" (it may name the
 * subscription rather than the delivery), so the payload's own id is part of the key. Customer
 * topics carry the customer's id, which repeats for every update of that customer: its updatedAt
 * (and the new tier) tell a new event from a redelivery. A payload with neither a per-event id nor
 * an updatedAt is keyed on a hash of its content, so distinct events to one subscription are not
 * taken for repeats of each other, while a byte-for-byte redelivery still is.
 */
export function deliveryKey(topic: Topic, webhookId: string, payload: IDataObject): string {
	const customer = (topic === 'customers/updated' ? payload : payload.customer) as
		IDataObject | undefined;
	let payloadKey: string;
	let identified: boolean;
	if (topic.startsWith('customers/')) {
		const tier =
			topic === 'customers/tier_changed'
				? idOf((payload.newTier as IDataObject | undefined)?.id)
				: '';
		const ownId = topic === 'customers/updated' ? '' : idOf(payload.id);
		const updatedAt = idOf(customer?.updatedAt);
		payloadKey = [ownId, idOf(customer?.id), updatedAt, tier].join('|');
		identified = ownId !== '' || updatedAt !== '';
	} else {
		payloadKey = idOf(payload.id);
		identified = payloadKey !== '';
	}
	if (!identified) payloadKey = `${payloadKey}|body:${hashJson(payload)}`;
	return `${topic}|${webhookId}|${payloadKey}`;
}
