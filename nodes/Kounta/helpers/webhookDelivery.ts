import type { IDataObject } from 'n8n-workflow';
import { z } from 'zod';

/**
 * The header Kounta adds to every delivery of a webhook this trigger registered (a webhook may carry
 * `Authorization` or `X-*` headers, not `X-Kounta*`: https://apidoc.kounta.com/webhooks/). Its value is generated per activation
 * and kept in static data, so a request without it never starts the workflow, signed or not.
 */
export const VERIFY_HEADER_NAME = 'X-N8n-Webhook-Secret';
/** Which topic a delivery is for: Kounta's delivery headers and payload are unpublished (docs/vendor-facts.md), so the registration says it. */
export const TOPIC_HEADER = 'X-N8n-Topic';

/**
 * A delivery body. Kounta publishes no payload: the sandbox and the best-known reading send
 * the order as `GET /orders/{id}` returns it; an envelope `{topic, data: {...}}` is accepted too.
 * Only an `id` is required; everything else is passed on as sent.
 */
const idValue = z.union([
	z.number().int().nonnegative(),
	z.string().trim().regex(/^\d+$/, 'must be digits'),
]);
const recordWithId = z.object({ id: idValue }).passthrough();
export const deliverySchema = z.union([
	z
		.object({
			topic: z.string().optional(),
			company_id: z.unknown().optional(),
			data: recordWithId,
		})
		.passthrough(),
	recordWithId,
]);

/** One delivery's identity: an order completes (or is deleted) once; other records change over time. */
export function deliveryKey(topic: string, record: IDataObject): string {
	const id = String(record.id);
	if (topic.startsWith('orders/') || !topic) return `${topic}|${id}`;
	return `${topic}|${id}|${String(record.updated_at ?? '')}`;
}

/**
 * REST webhook topics. `orders/completed` is seen in two client libraries; the others are
 * inferred (an integrator registers hooks for completed and deleted orders; customer topics are a
 * guess): Kounta's "Supported topics" list is unpublished (docs/vendor-facts.md).
 */
export const WEBHOOK_TOPICS = [
	{ name: 'Order Completed', value: 'orders/completed' },
	{ name: 'Order Deleted (Inferred)', value: 'orders/deleted' },
	{ name: 'Customer Created (Inferred)', value: 'customers/created' },
	{ name: 'Customer Updated (Inferred)', value: 'customers/updated' },
] as const;
