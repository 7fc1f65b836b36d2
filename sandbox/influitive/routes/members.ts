import type { Router } from 'express';

import { memberCreateSchema } from '../schemas';
import {
	memberStatus,
	notFound,
	paginate,
	parse422,
	rejectBadJson,
	searchParams,
	unprocessable,
	type InfluitiveKit,
} from './kit';

/** Members (`/members`) and the contact search (`/contacts`). */
export function memberRoutes(router: Router, { state, options }: InfluitiveKit): void {
	router.get('/members/me', (_req, res) => {
		res.json(state.member(1));
	});

	/** An ARRAY, as the Go client (C3) decodes it; empty when nobody has that email. */
	router.get('/members', (req, res) => {
		const email = (searchParams(req).get('email') ?? '').toLowerCase();
		res.json(email === '' ? [] : state.members.filter((m) => m.email.toLowerCase() === email));
	});

	router.get('/members/:idOrUuid', (req, res) => {
		const member = state.memberByIdOrUuid(String(req.params.idOrUuid));
		if (member) res.json(member);
		else notFound(res);
	});

	router.post('/members', rejectBadJson, (req, res) => {
		const input = parse422(memberCreateSchema, req.body, res);
		if (!input) return;
		if (state.member(input.email)) {
			unprocessable(res, ['Email has already been taken']); // inferred
			return;
		}
		const {
			email,
			name,
			first_name,
			last_name,
			source,
			title,
			company,
			salesforce_id,
			crm_contact_id,
			type,
		} = input;
		const member = state.createMember({
			email,
			...(name !== undefined ? { name } : {}),
			...(first_name !== undefined ? { first_name } : {}),
			...(last_name !== undefined ? { last_name } : {}),
			...(source !== undefined ? { source } : {}),
			...(title !== undefined ? { title } : {}),
			...(company !== undefined ? { company } : {}),
			...(type !== undefined ? { type } : {}),
			salesforce_id: salesforce_id ?? null,
			crm_contact_id: crm_contact_id ?? salesforce_id ?? null,
			match_categories: input.match_criteria ?? {},
		});
		res.status(201).json(member);
	});

	/**
	 * `q[status]=all` lists everyone; without it only joined, unlocked advocates (inferred: why else
	 * would clients send `q[status]=all`). Other `q[<field>]=<value>` filter on equality
	 * (case-insensitive); unknown fields are ignored, as Ransack does by default.
	 */
	router.get('/contacts', (req, res) => {
		const params = searchParams(req);
		const status = params.get('q[status]') ?? 'active';
		let members =
			status === 'all' ? state.members : state.members.filter((m) => memberStatus(m) === status);
		for (const [key, value] of params) {
			const field = /^q\[(\w+)\]$/.exec(key)?.[1];
			if (!field || field === 'status' || !(field in (state.members[0] ?? {}))) continue;
			members = members.filter(
				(m) =>
					String((m as unknown as Record<string, unknown>)[field] ?? '').toLowerCase() ===
					value.toLowerCase(),
			);
		}
		const page = paginate(req, members, options);
		res.json({ links: page.links, contacts: page.items });
	});
}
