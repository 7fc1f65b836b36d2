import axios from 'axios';

import { nodeOutput } from '../../scripts/lib/n8n-api';
import {
	TEMPLATE_WEBHOOK_HEADER,
	TEMPLATE_WEBHOOK_SECRET,
	TEMPLATE_WEBHOOK_VALUE,
} from '../../scripts/lib/stack';
import { e2e } from './state';
import { publishTemplate } from './workflows';

const { state, n8n, sandbox } = e2e();
const auth = { headers: { [TEMPLATE_WEBHOOK_HEADER]: TEMPLATE_WEBHOOK_VALUE } };

describe('template: Kotis stock check and order from a webhook', () => {
	let workflowId: string;
	let hookUrl: string;
	const order = {
		sku: '107529-1',
		size: 'M',
		email: 'grace@example.com',
		name: 'Grace Hopper',
		address1: '1 Compiler Rd',
		city: 'Arlington',
		state: 'VA',
		zip: '22201',
		reference: 'redemption-77',
	};

	beforeAll(async () => {
		const published = await publishTemplate(
			n8n,
			state.credentials,
			'kotis-order-from-webhook.json',
		);
		workflowId = published.id;
		hookUrl = n8n.webhookUrl(published.webhookPath('Order Request'));
	});

	afterAll(async () => {
		await n8n.unpublish(workflowId).catch(() => undefined);
	});

	beforeEach(async () => {
		await sandbox.reset();
	});

	it.each([
		['no header', {}],
		['a wrong secret', { [TEMPLATE_WEBHOOK_HEADER]: `${TEMPLATE_WEBHOOK_VALUE}x` }],
		['the secret without Bearer', { [TEMPLATE_WEBHOOK_HEADER]: TEMPLATE_WEBHOOK_SECRET }],
		['the secret in another header', { 'X-Other': TEMPLATE_WEBHOOK_SECRET }],
	])(
		'answers 401 with a JSON reason to %s, starts no execution and orders nothing',
		async (_label, headers) => {
			const before = (await n8n.executions(workflowId)).length;
			const reply = await axios.post(hookUrl, order, { headers, validateStatus: () => true });
			expect(reply.status).toBe(401);
			expect(reply.headers['content-type']).toContain('application/json');
			expect(reply.data).toEqual({
				error: 'unauthorized',
				reason: 'missing or wrong bearer token in the Authorization header',
			});
			await new Promise((resolve) => setTimeout(resolve, 500));
			expect(await n8n.executions(workflowId)).toHaveLength(before);
			expect(await sandbox.calls()).toEqual([]);
		},
	);

	it.each([
		['an array', [order], 400, 'body: expected a JSON object, received array'],
		[
			'form data',
			'sku=107529-1&size=M',
			415,
			'Content-Type: expected application/json, received "application/x-www-form-urlencoded"',
		],
		['no body', undefined, 400, 'body: the request has no body; send a JSON object'],
	])(
		'answers %s with the secret by a 4xx JSON reason, and starts nothing',
		async (_label, body, status, reason) => {
			const before = (await n8n.executions(workflowId)).length;
			const reply = await axios.post(hookUrl, body, { ...auth, validateStatus: () => true });
			expect({ status: reply.status, data: reply.data }).toEqual({
				status,
				data: { error: status === 415 ? 'unsupported_media_type' : 'invalid_body', reason },
			});
			await new Promise((resolve) => setTimeout(resolve, 500));
			expect(await n8n.executions(workflowId)).toHaveLength(before);
			expect(await sandbox.calls()).toEqual([]);
		},
	);

	it('has its own random path, not the one of an earlier import', () => {
		expect(hookUrl).toMatch(/\/webhook\/[0-9a-f-]{36}\/webhook$/);
		expect(hookUrl).not.toContain('kotis-order');
	});

	it('orders an in-stock SKU and replies with the order number; the trigger keeps no secret header', async () => {
		const before = (await n8n.executions(workflowId)).length;
		const reply = await axios.post(hookUrl, order, {
			headers: { ...auth.headers, Cookie: 'session=e2e-cookie', 'X-Request-Id': 'req-1' },
		});
		expect(reply.status).toBe(200);
		expect(reply.data).toEqual({ ordered: true, order_num: expect.any(String), sku: '107529-1-M' });
		const [created] = await sandbox.kotis.orders();
		expect(created.order_num).toBe(reply.data.order_num);
		expect(created.request.order_id).toBe('redemption-77');
		const [execution] = (await n8n.waitForExecutions(workflowId, before + 1)).slice(before);
		const [received] = nodeOutput(execution, 'Order Request');
		expect(received.body).toEqual(order);
		expect(received.headers).toMatchObject({
			'x-request-id': 'req-1',
			'content-type': 'application/json',
		});
		expect(Object.keys(received.headers as object)).not.toContain('authorization');
		expect(Object.keys(received.headers as object)).not.toContain('cookie');
		expect(JSON.stringify(execution)).not.toContain(TEMPLATE_WEBHOOK_SECRET);
	});

	it('replies 422 with the valid sizes and orders nothing for a size Kotis does not sell', async () => {
		const reply = await axios.post(
			hookUrl,
			{ ...order, size: 'Medium' },
			{ ...auth, validateStatus: () => true },
		);
		expect(reply.status).toBe(422);
		expect(reply.data).toMatchObject({
			ordered: false,
			reason: 'invalid_size',
			valid_sizes: ['S', 'M', 'L', 'XL'],
		});
		expect(reply.data.message).toContain('did you mean "M"');
		expect(await sandbox.kotis.orders()).toHaveLength(0);
	});

	it('replies 422 for an out-of-stock size', async () => {
		const reply = await axios.post(
			hookUrl,
			{ ...order, size: 'L' },
			{ ...auth, validateStatus: () => true },
		);
		expect(reply.status).toBe(422);
		expect(reply.data).toMatchObject({ ordered: false, reason: 'insufficient_stock' });
		expect(await sandbox.kotis.orders()).toHaveLength(0);
	});

	it('replies 422 for an unknown SKU', async () => {
		const reply = await axios.post(
			hookUrl,
			{ ...order, sku: '999999-9' },
			{ ...auth, validateStatus: () => true },
		);
		expect(reply.status).toBe(422);
		expect(reply.data).toMatchObject({ ordered: false, reason: 'unknown_sku' });
	});
});
