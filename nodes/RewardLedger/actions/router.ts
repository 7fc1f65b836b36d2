import { createRouter } from '../../shared/router';
import * as entry from './entry';

/**
 * Resource value → its module; each exports one operation module per Operation value.
 * @internal exported for the unit tests
 */
export const resources = { entry };

export const router = createRouter(resources);
