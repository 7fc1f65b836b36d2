import type { Request, Response, Router } from 'express';

import { webhookCreateSchema, webhookUpdateSchema } from '../schemas';
import { objectId } from '../seed';
import type { InfluenceIoWebhook } from '../types';
import { fail, parse400, type InfluenceIoKit } from './kit';

/** Webhook registrations (paths and keys INFERRED: C2 counts five webhook endpoints). */
export function webhookRoutes(router: Router, kit: InfluenceIoKit): void {
	const { state, options } = kit;
	const view = (w: InfluenceIoWebhook) => webhookView(kit, w);

	router.get('/v1/webhooks', (_req, res) => {
		const list = state.webhooks.map(view);
		res.json(options.webhookListShape === 'array' ? list : { webhooks: list });
	});

	router.post('/v1/webhooks', (req, res) => {
		const urlKey = options.webhookUrlKey;
		const body = parse400(webhookCreateSchema(urlKey), req.body, res) as
			Record<string, unknown> | undefined;
		if (!body) return;
		const topic = String(body.topic);
		const url = String(body[urlKey]);
		if (duplicate(kit, topic, url)) {
			fail(res, 422, `${urlKey}: a webhook for ${topic} at this ${urlKey} already exists`);
			return;
		}
		const now = state.now();
		const webhook: InfluenceIoWebhook = {
			id: objectId('webhook', state.next('webhook')),
			topic,
			url,
			createdAt: now,
			updatedAt: now,
		};
		state.webhooks.push(webhook);
		res.status(201).json(view(webhook));
	});

	router.get('/v1/webhooks/:webhookId', (req, res) => {
		const webhook = webhookOr404(kit, req, res);
		if (webhook) res.json(view(webhook));
	});

	router.put('/v1/webhooks/:webhookId', (req, res) => updateWebhook(kit, req, res));
	router.patch('/v1/webhooks/:webhookId', (req, res) => updateWebhook(kit, req, res));

	router.delete('/v1/webhooks/:webhookId', (req, res) => {
		const webhook = webhookOr404(kit, req, res);
		if (!webhook) return;
		state.webhooks = state.webhooks.filter((w) => w !== webhook);
		res.json(view(webhook));
	});
}

function webhookView({ options }: InfluenceIoKit, w: InfluenceIoWebhook): Record<string, unknown> {
	return {
		id: w.id,
		topic: w.topic,
		[options.webhookUrlKey]: w.url,
		createdAt: w.createdAt,
		updatedAt: w.updatedAt,
	};
}

function webhookOr404(
	{ state }: InfluenceIoKit,
	req: Request,
	res: Response,
): InfluenceIoWebhook | undefined {
	const webhook = state.webhook(String(req.params.webhookId));
	if (!webhook) fail(res, 404, 'Webhook not found');
	return webhook;
}

function duplicate(
	{ state, options }: InfluenceIoKit,
	topic: string,
	url: string,
	except?: InfluenceIoWebhook,
): boolean {
	return (
		options.duplicateWebhook === 'reject' &&
		state.webhooks.some((w) => w !== except && w.topic === topic && w.url === url)
	);
}

/** PUT and PATCH alike: topic and URL, each kept when not given. */
function updateWebhook(kit: InfluenceIoKit, req: Request, res: Response): void {
	const urlKey = kit.options.webhookUrlKey;
	const webhook = webhookOr404(kit, req, res);
	if (!webhook) return;
	const body = parse400(webhookUpdateSchema(urlKey), req.body, res) as
		Record<string, unknown> | undefined;
	if (!body) return;
	const topic = body.topic !== undefined ? String(body.topic) : webhook.topic;
	const url = body[urlKey] !== undefined ? String(body[urlKey]) : webhook.url;
	if (duplicate(kit, topic, url, webhook)) {
		fail(res, 422, `${urlKey}: a webhook for ${topic} at this ${urlKey} already exists`);
		return;
	}
	webhook.topic = topic;
	webhook.url = url;
	webhook.updatedAt = kit.state.now();
	res.json(webhookView(kit, webhook));
}
