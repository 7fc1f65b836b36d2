import { createHmac, randomUUID } from 'node:crypto';
import fs from 'node:fs';

import axios from 'axios';

import { nodeOutput, type WorkflowJson } from '../../scripts/lib/n8n-api';
import {
	SIGNED_WEBHOOK_HEADER,
	SIGNED_WEBHOOK_KEY,
	TEMPLATE_WEBHOOK_SECRET,
	TEMPLATE_WEBHOOK_VALUE,
} from '../../scripts/lib/stack';
import { e2e } from './state';
import { PKG, toNode } from './workflows';

const { state, n8n } = e2e();
const creds = state.credentials;

/**
 * The Authenticated Webhook Trigger inside the real n8n: the raw body its HMAC check reads, the
 * reply modes n8n drives from its parameters (last node with a chosen status; a version-1 Respond
 * to Webhook node after a trigger that is not n8n's own), and publishing refused where it could
 * not work. The templates' files cover the shared-secret path end to end.
 */
describe('Authenticated Webhook Trigger', () => {
	const created: string[] = [];

	/** Trigger (with `parameters` and `credential`) → `steps`, one after another; published; returns its URL. */
	async function deploy(
		name: string,
		credential: string,
		parameters: Record<string, unknown>,
		steps: Array<Parameters<typeof toNode>[0]> = [],
		publish = true,
	) {
		const trigger = {
			...toNode(
				{
					name: 'Hook',
					type: `${PKG}.authenticatedWebhookTrigger`,
					parameters,
					credentials: ['authenticatedWebhookApi'],
				},
				0,
				creds,
			),
			credentials: { authenticatedWebhookApi: creds[credential] },
			webhookId: randomUUID(),
		};
		const nodes = [trigger, ...steps.map((step, i) => toNode(step, i + 1, creds))];
		const connections: Record<string, unknown> = {};
		for (let i = 0; i < nodes.length - 1; i++)
			connections[nodes[i].name] = {
				main: [[{ node: nodes[i + 1].name, type: 'main', index: 0 }]],
			};
		const workflow: WorkflowJson = { name, nodes, connections, settings: { executionOrder: 'v1' } };
		const { id } = await n8n.createWorkflow(workflow);
		created.push(id);
		if (publish) await n8n.publish(id);
		return { id, url: n8n.webhookUrl(`${trigger.webhookId}/webhook`) };
	}

	/**
	 * Publishes and returns once n8n has logged `problem` once more than before: n8n 2.41 publishes
	 * through an outbox, so the API call succeeds and the activation (which our trigger refuses)
	 * happens afterwards, logged by the main process.
	 */
	async function publishRefused(id: string, problem: string): Promise<void> {
		const log = state.logFiles.main ?? state.logFile;
		const count = () => fs.readFileSync(log, 'utf8').split(problem).length - 1;
		const before = count();
		await n8n.publish(id).catch(() => undefined);
		const deadline = Date.now() + 60_000;
		while (count() <= before) {
			if (Date.now() > deadline)
				throw new Error(`n8n did not log "${problem}" after publishing workflow ${id}`);
			await new Promise((r) => setTimeout(r, 250));
		}
	}

	afterAll(async () => {
		for (const id of created) {
			await n8n.unpublish(id).catch(() => undefined);
			await n8n.deleteWorkflow(id).catch(() => undefined);
		}
	});

	describe('HMAC-SHA256 over the raw body, replying with the last node at a chosen status', () => {
		let hook: { id: string; url: string };
		// The bytes a store signs, spacing included: re-serialising the parsed body would not match.
		const raw = '{ "id": "order-9",\n  "total": 12.50, "note": "é" }';
		const sign = (bytes: string, key = SIGNED_WEBHOOK_KEY) =>
			createHmac('sha256', key).update(bytes).digest('base64');
		// transformRequest as is: axios would re-encode a string body that is not valid JSON as a JSON string.
		const post = (headers: Record<string, string>, body = raw) =>
			axios.post(hook.url, body, {
				headers: { 'Content-Type': 'application/json', ...headers },
				transformRequest: [(data) => data],
				validateStatus: () => true,
			});

		beforeAll(async () => {
			hook = await deploy(
				'e2e signed webhook',
				'authenticatedWebhookApiSigned',
				{ responseMode: 'lastNode', options: { responseCode: 202 } },
				[{ name: 'Pass', type: 'n8n-nodes-base.noOp', parameters: {} }],
			);
		});

		it("accepts a correctly signed body and replies 202 with the last node's item, without the signature, Authorization or Cookie", async () => {
			const before = (await n8n.executions(hook.id)).length;
			const reply = await post({
				[SIGNED_WEBHOOK_HEADER]: sign(raw),
				Authorization: `Bearer ${TEMPLATE_WEBHOOK_SECRET}`,
				Cookie: 'sid=1',
				'X-Shop-Topic': 'orders/paid',
			});
			expect(reply.status).toBe(202);
			expect(reply.data.body).toEqual({ id: 'order-9', total: 12.5, note: 'é' });
			expect(reply.data.headers).toMatchObject({ 'x-shop-topic': 'orders/paid' });
			for (const name of [SIGNED_WEBHOOK_HEADER.toLowerCase(), 'authorization', 'cookie'])
				expect(Object.keys(reply.data.headers)).not.toContain(name);
			const [execution] = (await n8n.waitForExecutions(hook.id, before + 1)).slice(before);
			expect(nodeOutput(execution, 'Hook')[0]).toEqual(reply.data);
			expect(JSON.stringify(execution)).not.toContain(sign(raw));
		});

		it.each([
			[
				'no signature',
				{},
				`${SIGNED_WEBHOOK_HEADER} header is missing (HMAC-SHA256 of the body, base64)`,
			],
			[
				'a signature made with another key',
				{ [SIGNED_WEBHOOK_HEADER]: sign(raw, 'another-key') },
				`${SIGNED_WEBHOOK_HEADER} does not match the HMAC-SHA256 of the body (base64)`,
			],
			[
				'the signature of the re-serialised body',
				{ [SIGNED_WEBHOOK_HEADER]: sign(JSON.stringify(JSON.parse(raw))) },
				`${SIGNED_WEBHOOK_HEADER} does not match the HMAC-SHA256 of the body (base64)`,
			],
			[
				'the hex form of the right signature',
				{
					[SIGNED_WEBHOOK_HEADER]: createHmac('sha256', SIGNED_WEBHOOK_KEY)
						.update(raw)
						.digest('hex'),
				},
				`${SIGNED_WEBHOOK_HEADER} does not match the HMAC-SHA256 of the body (base64)`,
			],
		])('answers 401 JSON to %s and starts nothing', async (_label, headers, reason) => {
			const before = (await n8n.executions(hook.id)).length;
			const reply = await post(headers);
			expect({ status: reply.status, data: reply.data }).toEqual({
				status: 401,
				data: { error: 'unauthorized', reason },
			});
			await new Promise((resolve) => setTimeout(resolve, 500));
			expect(await n8n.executions(hook.id)).toHaveLength(before);
		});

		it('malformed JSON is answered by n8n itself (422 JSON) before the trigger runs, and starts nothing', async () => {
			const before = (await n8n.executions(hook.id)).length;
			const bad = '{"id": "order-9",';
			const reply = await post({ [SIGNED_WEBHOOK_HEADER]: sign(bad) }, bad);
			expect(reply.status).toBe(422);
			expect(reply.data).toMatchObject({ code: 422, message: 'Failed to parse request body' });
			await new Promise((resolve) => setTimeout(resolve, 500));
			expect(await n8n.executions(hook.id)).toHaveLength(before);
		});

		it('checks the signature over the bytes received, so a signed non-object is refused as a body problem (after the signature)', async () => {
			const reply = await post({ [SIGNED_WEBHOOK_HEADER]: sign('[1,2]') }, '[1,2]');
			expect({ status: reply.status, data: reply.data }).toEqual({
				status: 400,
				data: { error: 'invalid_body', reason: 'body: expected a JSON object, received array' },
			});
		});
	});

	describe("reply from a Respond to Webhook node after this trigger (not n8n's own Webhook node)", () => {
		const respond = (typeVersion: number) => ({
			name: 'Reply',
			type: 'n8n-nodes-base.respondToWebhook',
			typeVersion,
			parameters: {
				respondWith: 'json',
				responseBody: '={{ { got: $json.body.n, from: "respond" } }}',
				options: { responseCode: 201 },
			},
		});

		it('version 1 answers with its own status and body', async () => {
			const hook = await deploy(
				'e2e respond v1',
				'authenticatedWebhookApi',
				{ responseMode: 'responseNode', options: {} },
				[respond(1)],
			);
			const reply = await axios.post(
				hook.url,
				{ n: 7 },
				{ headers: { Authorization: TEMPLATE_WEBHOOK_VALUE }, validateStatus: () => true },
			);
			expect({ status: reply.status, data: reply.data }).toEqual({
				status: 201,
				data: { got: 7, from: 'respond' },
			});
			const [execution] = await n8n.waitForExecutions(hook.id, 1);
			expect(execution.status).toBe('success');
		});

		it('publishing refuses a newer version, which would fail every execution ("No Webhook node found in the workflow")', async () => {
			const hook = await deploy(
				'e2e respond v1.5',
				'authenticatedWebhookApi',
				{ responseMode: 'responseNode', options: {} },
				[respond(1.5)],
				false,
			);
			await publishRefused(
				hook.id,
				'"Reply" (Respond to Webhook version 1.5) would fail every execution with "No Webhook node found in the workflow"',
			);
			const reply = await axios.post(
				hook.url,
				{ n: 7 },
				{ headers: { Authorization: TEMPLATE_WEBHOOK_VALUE }, validateStatus: () => true },
			);
			expect(reply.status).toBe(404);
		});
	});

	it('closed by default: with a credential that has no secret the workflow does not publish', async () => {
		const empty = await n8n.createCredential(
			'Inbound webhook without a secret (e2e)',
			'authenticatedWebhookApi',
			{ secret: '', hmacSecret: '' },
		);
		creds.emptyInbound = empty;
		const hook = await deploy(
			'e2e unconfigured webhook',
			'emptyInbound',
			{ responseMode: 'onReceived', options: {} },
			[],
			false,
		);
		await publishRefused(
			hook.id,
			'The Authenticated Webhook credential has neither a Shared Secret nor an HMAC Signing Secret',
		);
		expect((await axios.post(hook.url, {}, { validateStatus: () => true })).status).toBe(404);
	});
});
