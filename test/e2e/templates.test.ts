import fs from 'node:fs';
import path from 'node:path';

import axios from 'axios';

import { bindCredentials, type WorkflowJson } from '../../scripts/lib/n8n-api';
import { e2e } from './state';

const { state, n8n, sandbox } = e2e();

function loadTemplate(file: string): WorkflowJson {
	return JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'workflows', file), 'utf8')) as WorkflowJson;
}

describe('template: Kotis stock check and order from a webhook', () => {
	let workflowId: string;
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
		const template = bindCredentials(loadTemplate('kotis-order-from-webhook.json'), state.credentials);
		workflowId = (await n8n.createWorkflow(template)).id;
		await n8n.publish(workflowId);
	});

	afterAll(async () => {
		await n8n.unpublish(workflowId).catch(() => undefined);
	});

	beforeEach(async () => {
		await sandbox.reset();
	});

	it('orders an in-stock SKU and replies with the order number', async () => {
		const reply = await axios.post(n8n.webhookUrl('kotis-order'), order);
		expect(reply.status).toBe(200);
		expect(reply.data).toEqual({ ordered: true, order_num: expect.any(String), sku: '107529-1-M' });
		const [created] = await sandbox.kotis.orders();
		expect(created.order_num).toBe(reply.data.order_num);
		expect(created.request.order_id).toBe('redemption-77');
	});

	it('replies 422 with the valid sizes and orders nothing for a size Kotis does not sell', async () => {
		const reply = await axios.post(n8n.webhookUrl('kotis-order'), { ...order, size: 'Medium' }, { validateStatus: () => true });
		expect(reply.status).toBe(422);
		expect(reply.data).toMatchObject({ ordered: false, reason: 'invalid_size', valid_sizes: ['S', 'M', 'L', 'XL'] });
		expect(reply.data.message).toContain('did you mean "M"');
		expect(await sandbox.kotis.orders()).toHaveLength(0);
	});

	it('replies 422 for an out-of-stock size', async () => {
		const reply = await axios.post(n8n.webhookUrl('kotis-order'), { ...order, size: 'L' }, { validateStatus: () => true });
		expect(reply.status).toBe(422);
		expect(reply.data).toMatchObject({ ordered: false, reason: 'insufficient_stock' });
		expect(await sandbox.kotis.orders()).toHaveLength(0);
	});

	it('replies 422 for an unknown SKU', async () => {
		const reply = await axios.post(n8n.webhookUrl('kotis-order'), { ...order, sku: '999999-9' }, { validateStatus: () => true });
		expect(reply.status).toBe(422);
		expect(reply.data).toMatchObject({ ordered: false, reason: 'unknown_sku' });
	});
});
