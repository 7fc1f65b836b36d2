import { createRouter } from '../../shared/router';
import * as order from './order';
import * as redemptionCode from './redemptionCode';
import * as stock from './stock';

/**
 * Resource value → its module; each exports one operation module per Operation value.
 * @internal exported for the unit tests
 */
export const resources = { order, redemptionCode, stock };

export const router = createRouter(resources);
