import type { Router } from 'express';

import { isOutstanding } from '../state';
import { notFound, paginate, rejectBadJson, unprocessable, type InfluitiveKit } from './kit';

/** The reward redemption queue and its decisions. */
export function redemptionRoutes(router: Router, { state, options }: InfluitiveKit): void {
	/**
	 * Only the outstanding queue ("redemptions that require fulfillment or refusal": pending, awaiting
	 * approval or approved), oldest first, with the advocates side-loaded as `contacts`.
	 */
	router.get('/reward_redemptions', (req, res) => {
		const pending = state.redemptions.filter(isOutstanding).sort((a, b) => a.id - b.id);
		const page = paginate(req, pending, options);
		const contactIds = [...new Set(page.items.map((r) => r.contact_id))];
		res.json({
			reward_redemptions: page.items.map((r) => state.redemptionView(r)),
			contacts: contactIds.flatMap((id) => {
				const member = state.member(id);
				return member ? [state.contactView(member)] : [];
			}),
			links: page.links,
		});
	});

	router.post('/reward_redemptions/:id/decision/:decision', rejectBadJson, (req, res) => {
		const name = String(req.params.decision);
		const decision =
			name === 'fulfill' ? 'fulfill' : name === options.refusePath ? 'refuse' : undefined;
		if (!decision) {
			notFound(res); // the refuse spelling not configured does not exist
			return;
		}
		const body =
			req.body !== null && typeof req.body === 'object' && !Array.isArray(req.body)
				? (req.body as Record<string, unknown>)
				: {};
		const result = state.decide(
			String(req.params.id),
			decision,
			body[options.messageKey],
			options.messageKey,
		);
		if (!result.ok) {
			if (result.status === 404) notFound(res);
			else unprocessable(res, result.errors);
			return;
		}
		const { id, uuid, status } = result.redemption;
		res.json({ id, uuid, status }); // shape inferred
	});
}
