import type { Router } from 'express';

import { perkSchema } from '../schemas';
import { isoSeconds } from '../state';
import { notFound, parse422, rejectBadJson, unprocessable, type InfluitiveKit } from './kit';

/** External rewards (publish/unpublish) and perks. */
export function rewardRoutes(router: Router, { state }: InfluitiveKit): void {
	router.get('/external/rewards', (_req, res) => {
		res.json(state.rewards.map((r) => state.rewardView(r)));
	});

	router.post('/external/rewards/:idOrUuid/:action', (req, res) => {
		const action = String(req.params.action);
		const reward = state.reward(String(req.params.idOrUuid));
		if ((action !== 'publish' && action !== 'unpublish') || !reward) {
			notFound(res);
			return;
		}
		reward.published = action === 'publish';
		res.json({
			status: 'ok',
			id: reward.id,
			uuid: reward.uuid,
			published: String(reward.published),
		}); // shape inferred
	});

	router.post('/perks/reward/:rewardUuid', rejectBadJson, (req, res) => {
		const reward = state.rewards.find((r) => r.uuid === req.params.rewardUuid);
		if (!reward) {
			notFound(res);
			return;
		}
		const input = parse422(perkSchema, req.body, res);
		if (!input) return;
		const member = state.memberByIdOrUuid(input.contact_id);
		if (!member) {
			unprocessable(res, ['contact not found']); // inferred
			return;
		}
		const auto = input['send automatically'];
		const perk = {
			id: state.next('perk'),
			reward_uuid: reward.uuid,
			contact_id: member.id,
			send_automatically: auto === true || auto === 'true',
			shipping: input.shipping ?? {},
			message: input.message ?? null,
			sender_id: input.sender_id ?? null,
			body: req.body as unknown,
			sent_at: isoSeconds(state.now()),
		};
		state.perks.push(perk);
		// R2 documents only the 200; the body is inferred.
		res.json({
			status: 'ok',
			id: perk.id,
			reward_uuid: perk.reward_uuid,
			contact_id: perk.contact_id,
			send_automatically: perk.send_automatically,
		});
	});
}
