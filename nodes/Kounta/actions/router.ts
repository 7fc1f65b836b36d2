import { createRouter } from '../../shared/router';
import * as customer from './customer';
import * as loyaltyReply from './loyaltyReply';
import * as order from './order';
import * as product from './product';
import * as site from './site';
import * as webhook from './webhook';

export const router = createRouter({
	order: { get: order.get, getAll: order.getAll, update: order.update },
	customer: {
		create: customer.create,
		findByEmail: customer.findByEmail,
		findByReference: customer.findByReference,
		get: customer.get,
		update: customer.update,
	},
	site: { getAll: site.getAll },
	product: { getAll: product.getAll },
	webhook: { create: webhook.create, delete: webhook.del },
	loyaltyReply: { searchReply: loyaltyReply.searchReply, rewardsReply: loyaltyReply.rewardsReply, redeemReply: loyaltyReply.redeemReply },
});
