import { createRouter } from '../../shared/router';
import * as event from './event';
import * as member from './member';
import * as message from './message';
import * as perk from './perk';
import * as referral from './referral';
import * as reward from './reward';
import * as rewardRedemption from './rewardRedemption';

export const router = createRouter({
	rewardRedemption: { getAll: rewardRedemption.getAll, fulfill: rewardRedemption.fulfill, refuse: rewardRedemption.refuse },
	member: { create: member.create, get: member.get, getByEmail: member.getByEmail, getMe: member.getMe, search: member.search },
	message: { send: message.send },
	perk: { send: perk.send },
	referral: { create: referral.create, get: referral.get, getAll: referral.getAll, advance: referral.advance },
	reward: { getAll: reward.getAll, publish: reward.publish, unpublish: reward.unpublish },
	event: { log: event.log },
});
