import { createRouter } from '../../shared/router';
import * as order from './order';
import * as redemptionCode from './redemptionCode';
import * as stock from './stock';

export const router = createRouter({
	stock: { check: stock.check, getAll: stock.getAll },
	order: { create: order.create, getStatus: order.getStatus },
	redemptionCode: { create: redemptionCode.create, buildClaimLink: redemptionCode.buildClaimLink },
});
