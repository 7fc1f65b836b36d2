import type { Router } from 'express';

import { messageSendSchema } from '../schemas';
import { isoSeconds } from '../state';
import { parse422, rejectBadJson, unprocessable, type InfluitiveKit } from './kit';

/** Messages between members. */
export function messageRoutes(router: Router, { state }: InfluitiveKit): void {
	router.post('/messages/send', rejectBadJson, (req, res) => {
		const input = parse422(messageSendSchema, req.body, res);
		if (!input) return;
		const unknown = [input.sender_uuid, input.recipient_uuid].filter(
			(uuid) => !state.members.some((m) => m.uuid === uuid),
		);
		if (unknown.length > 0) {
			unprocessable(
				res,
				unknown.map((uuid) => `member ${uuid} not found`),
			); // inferred
			return;
		}
		const message = {
			id: state.next('message'),
			message: input.message,
			sender_uuid: input.sender_uuid,
			recipient_uuid: input.recipient_uuid,
			sent_at: isoSeconds(state.now()),
		};
		state.messages.push(message);
		res.json({ status: 'sent', id: message.id }); // shape inferred
	});
}
