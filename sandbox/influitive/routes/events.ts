import type { Router } from 'express';

import { eventCreateSchema } from '../schemas';
import { isoSeconds } from '../state';
import type { InfluitiveMember } from '../types';
import { parse422, rejectBadJson, searchParams, unprocessable, type InfluitiveKit } from './kit';

/** Events: logging one (points) and listing them. */
export function eventRoutes(router: Router, { state, options }: InfluitiveKit): void {
	router.post('/events', rejectBadJson, (req, res) => {
		const input = parse422(eventCreateSchema, req.body, res);
		if (!input) return;
		const { contact } = input;
		let member: InfluitiveMember | undefined;
		if (contact.id !== undefined) member = state.memberByIdOrUuid(contact.id);
		else if (contact.email !== undefined)
			member = state.member(contact.email) ?? state.createMember({ email: contact.email });
		else
			member = state.members.find(
				(m) => m.crm_contact_id !== null && m.crm_contact_id === String(contact.crm_contact_id),
			);
		if (!member) {
			unprocessable(res, ['contact not found']); // inferred
			return;
		}
		// With a stage code the challenge's configured points apply instead (R1); the sandbox has no
		// challenges, so a stage event awards nothing.
		const points = input.stage ? 0 : Number(input.points ?? 0);
		const parameters: Record<string, unknown> = {};
		if (input.stage) parameters.stage = input.stage;
		if (input.advocacy)
			parameters.advocacy = {
				occurred_at: isoSeconds(state.now()).slice(0, 10),
				...input.advocacy,
			};
		const event = state.logEvent(input.type, member, points, parameters, req.body);
		const reply = {
			id: event.id,
			event_type_code: event.event_type_code,
			points: event.points,
			contact: state.eventContactView(member),
			parameters: event.parameters,
		};
		res.status(201);
		// As documented: JSON content under exactly `text/plain` (setHeader: express's set() would add a charset).
		if (options.eventsContentType === 'text/plain') {
			res.setHeader('Content-Type', 'text/plain');
			res.end(JSON.stringify(reply));
		} else res.json(reply);
	});

	/** `{"events": [...]}` (C2), filtered by `types` (comma list), `start_at`, `end_at` (ISO 8601). Not paged (unknown). */
	router.get('/events', (req, res) => {
		const params = searchParams(req);
		const types = (params.get('types') ?? '')
			.split(',')
			.map((t) => t.trim())
			.filter(Boolean);
		const bound = (name: string): number | undefined => {
			const value = params.get(name);
			const ms = value ? Date.parse(value) : NaN;
			return Number.isNaN(ms) ? undefined : Math.floor(ms / 1000);
		};
		const start = bound('start_at');
		const end = bound('end_at');
		const events = state.events.filter(
			(e) =>
				(types.length === 0 || types.includes(e.type)) &&
				(start === undefined || e.created >= start) &&
				(end === undefined || e.created <= end),
		);
		res.json({ events: events.map(({ body: _body, ...event }) => event) });
	});
}
