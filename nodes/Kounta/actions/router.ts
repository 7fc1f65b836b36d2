import { createRouter } from '../../shared/router';
import * as customer from './customer';
import * as loyaltyReply from './loyaltyReply';
import * as order from './order';
import * as product from './product';
import * as site from './site';
import * as webhook from './webhook';

/**
 * Resource value → its module; each exports one operation module per Operation value.
 * @internal exported for the unit tests
 */
export const resources = { customer, loyaltyReply, order, product, site, webhook };

export const router = createRouter(resources);
