import { createRouter } from '../../shared/router';
import * as event from './event';
import * as member from './member';
import * as rewardRedemption from './rewardRedemption';

export const router = createRouter({
	rewardRedemption: { getAll: rewardRedemption.getAll, fulfill: rewardRedemption.fulfill, refuse: rewardRedemption.refuse },
	member: { get: member.get, getByEmail: member.getByEmail, getMe: member.getMe },
	event: { log: event.log },
});
