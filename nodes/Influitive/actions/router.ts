import { createRouter } from '../../shared/router';
import * as event from './event';
import * as member from './member';
import * as message from './message';
import * as perk from './perk';
import * as referral from './referral';
import * as reward from './reward';
import * as rewardRedemption from './rewardRedemption';

/**
 * Resource value → its module; each exports one operation module per Operation value.
 * @internal exported for the unit tests
 */
export const resources = { event, member, message, perk, referral, reward, rewardRedemption };

export const router = createRouter(resources);
