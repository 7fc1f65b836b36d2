import { createRouter } from '../../shared/router';
import * as customer from './customer';
import * as order from './order';
import * as product from './product';
import * as reward from './reward';
import * as webhook from './webhook';

/**
 * Resource value → its module; each exports one operation module per Operation value.
 * @internal exported for the unit tests
 */
export const resources = { customer, order, product, reward, webhook };

export const router = createRouter(resources);
