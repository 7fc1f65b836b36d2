import type { Router } from 'express';

import { milestoneSchema, referralCreateSchema } from '../schemas';
import { REFERRAL_MILESTONES } from '../state';
import {
	notFound,
	parse422,
	rejectBadJson,
	searchParams,
	unprocessable,
	type InfluitiveKit,
} from './kit';

/** Referrals and their milestones (each publishes a webhook event). */
export function referralRoutes(router: Router, { state, sender }: InfluitiveKit): void {
	router.post('/referrals', rejectBadJson, (req, res) => {
		const input = parse422(referralCreateSchema, req.body, res);
		if (!input) return;
		const { contact, prospect, campaign_id } = input.referral;
		const member =
			contact.id !== undefined
				? state.memberByIdOrUuid(contact.id)
				: contact.email
					? state.member(contact.email)
					: undefined;
		if (!member) {
			unprocessable(res, ['contact not found']); // inferred
			return;
		}
		const referral = state.createReferral(member, campaign_id, prospect);
		sender.publish(state.referralEvent(referral, null));
		res.status(201).json(state.referralView(referral)); // "a confirmation including the referral ID": shape inferred
	});

	router.get('/referrals', (req, res) => {
		const wanted = searchParams(req).get('status_type');
		const referrals = state.referrals.filter(
			(r) => !wanted || r.status.type === wanted || r.status.code === wanted,
		);
		res.json({ referrals: referrals.map((r) => state.referralView(r)) }); // shape inferred
	});

	router.get('/referrals/:id', (req, res) => {
		const referral = state.referrals.find((r) => r.id === req.params.id);
		if (referral) res.json(state.referralView(referral));
		else notFound(res);
	});

	router.put('/referrals/:id/milestones/:milestone', rejectBadJson, (req, res) => {
		const referral = state.referrals.find((r) => r.id === req.params.id);
		if (!referral) {
			notFound(res);
			return;
		}
		const milestone = String(req.params.milestone);
		if (!(milestone in REFERRAL_MILESTONES)) {
			unprocessable(res, [
				`milestone must be one of ${Object.keys(REFERRAL_MILESTONES).join(', ')}`,
			]); // inferred
			return;
		}
		const input = parse422(milestoneSchema, req.body, res);
		if (!input) return;
		const event = state.advanceReferral(referral, milestone, input.feedback ?? null);
		sender.publish(event);
		res.json(state.referralView(referral)); // shape inferred
	});
}
