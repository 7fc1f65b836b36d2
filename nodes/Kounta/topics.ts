/**
 * REST webhook topics. `orders/completed` is seen in two client libraries; the others are
 * inferred (an integrator registers hooks for completed and deleted orders; customer topics are a
 * guess): Kounta's "Supported topics" list is unpublished, so the triggers also take custom topics.
 */
export const WEBHOOK_TOPICS = [
	{ name: 'Order Completed', value: 'orders/completed' },
	{ name: 'Order Deleted (Inferred)', value: 'orders/deleted' },
	{ name: 'Customer Created (Inferred)', value: 'customers/created' },
	{ name: 'Customer Updated (Inferred)', value: 'customers/updated' },
] as const;
