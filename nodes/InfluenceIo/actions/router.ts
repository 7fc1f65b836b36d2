import { createRouter } from '../../shared/router';
import * as customer from './customer';
import * as order from './order';
import * as product from './product';
import * as reward from './reward';
import * as webhook from './webhook';

export const router = createRouter({
	customer: {
		upsert: customer.upsert,
		get: customer.get,
		getAll: customer.getAll,
		awardPoints: customer.awardPoints,
		deductPoints: customer.deductPoints,
		enrollMembership: customer.enrollMembership,
		removeMembership: customer.removeMembership,
	},
	order: { create: order.create, update: order.update },
	product: { upsert: product.upsert, upsertVariants: product.upsertVariants },
	reward: { markCouponUsed: reward.markCouponUsed },
	webhook: { getAll: webhook.getAll, create: webhook.create, delete: webhook.deleteWebhook },
});
