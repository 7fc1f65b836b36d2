import type { Response, Router } from 'express';

import { webhookCreateSchema, webhookUpdateSchema } from '../schemas';
import type { KountaKit } from './kit';

export function webhookRoutes(company: Router, kit: KountaKit): void {
	const { state, options, fail, parse, created, sendPage, notFound, numeric } = kit;

	company.get('/webhooks', (req, res) => sendPage(req, res, state.webhooks));

	company.get('/webhooks/:id', numeric, (req, res) => {
		const hook = state.webhooks.find((w) => String(w.id) === req.params.id);
		if (hook) res.json(hook);
		else notFound(res, 'Webhook');
	});

	const checkTopic = (res: Response, topic: string | undefined): boolean => {
		if (topic === undefined || options.webhookTopics.includes(topic)) return true;
		fail(
			res,
			400,
			'invalid_request',
			`topic must be a supported topic (${options.webhookTopics.join(', ')})`,
		);
		return false;
	};

	company.post('/webhooks', (req, res) => {
		const input = parse(webhookCreateSchema, res, req.body);
		if (!input || !checkTopic(res, input.topic)) return;
		const at = state.stamp();
		const hook = {
			id: state.next('webhook'),
			topic: input.topic,
			address: input.address,
			format: input.format,
			filter: input.filter,
			headers: input.headers,
			created_at: at,
			updated_at: at,
		};
		state.webhooks.push(hook);
		created(req, res, `/webhooks/${hook.id}`, hook);
	});

	company.put('/webhooks/:id', numeric, (req, res) => {
		const hook = state.webhooks.find((w) => String(w.id) === req.params.id);
		if (!hook) {
			notFound(res, 'Webhook');
			return;
		}
		const input = parse(webhookUpdateSchema, res, req.body);
		if (!input || !checkTopic(res, input.topic)) return;
		if (input.topic !== undefined) hook.topic = input.topic;
		if (input.address !== undefined) hook.address = input.address;
		if (input.format !== undefined) hook.format = input.format;
		if (input.filter !== undefined) hook.filter = input.filter;
		if (input.headers !== undefined) hook.headers = input.headers;
		hook.updated_at = state.stamp();
		res.json(hook);
	});

	company.delete('/webhooks/:id', numeric, (req, res) => {
		const before = state.webhooks.length;
		state.webhooks = state.webhooks.filter((w) => String(w.id) !== req.params.id);
		if (state.webhooks.length < before) res.status(204).end();
		else notFound(res, 'Webhook');
	});
}
