import type { Router } from 'express';

import { productPutSchema, variantsSchema } from '../schemas';
import { fail, parse400, type InfluenceIoKit } from './kit';

/** Products and their variants. */
export function productRoutes(router: Router, { state, options }: InfluenceIoKit): void {
	router.put('/v1/products/:productId', (req, res) => {
		const body = parse400(productPutSchema, req.body, res);
		if (!body) return;
		const { product } = state.upsertProduct(
			String(req.params.productId),
			body as Record<string, unknown>,
		);
		res.json(state.productView(product));
	});

	router.get('/v1/products/:productId', (req, res) => {
		const product = state.product(String(req.params.productId));
		if (product) res.json(state.productView(product));
		else fail(res, 404, 'Product not found');
	});

	router.post('/v1/products/:productId/variants', (req, res) => {
		const product = state.product(String(req.params.productId));
		if (!product) {
			fail(res, 404, 'Product not found');
			return;
		}
		const variants = parse400(variantsSchema(options.variantIdKey), req.body, res);
		if (!variants) return;
		state.replaceVariants(product, variants as Array<Record<string, unknown>>);
		res.json(state.productView(product));
	});
}

/** Rewards: a coupon code is used once (a second use per `reuseCoupon`). */
export function rewardRoutes(router: Router, { state, options }: InfluenceIoKit): void {
	router.post('/v1/rewards/:couponCode/use', (req, res) => {
		const coupon = state.coupon(String(req.params.couponCode));
		if (!coupon) {
			fail(res, 404, 'Reward not found');
			return;
		}
		if (coupon.couponCodeStatus === 'used' && options.reuseCoupon === 'error') {
			fail(res, 400, `Reward ${coupon.couponCode} has already been used`);
			return;
		}
		if (coupon.couponCodeStatus === 'unused') {
			coupon.couponCodeStatus = 'used';
			coupon.usedAt = state.now();
		}
		res.json({ ...coupon });
	});
}
