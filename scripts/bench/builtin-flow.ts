/**
 * Template (a)'s happy path and refusal, rebuilt from n8n's built-in Webhook, Code, HTTP Request
 * and IF nodes only: what a team writes today without this package. Used by `npm run bench` as
 * the comparison flow (i). It deliberately has what the built-in nodes give for free and no more:
 * no zod envelope check, no dedupe of repeated deliveries, no size suggestion, no retry policy
 * beyond n8n's, and the secret check is a Code node that can only fail the execution (a Webhook
 * replying "on received" cannot answer 401).
 */
import type { WorkflowJson } from '../lib/n8n-api';
import { INFLUITIVE_WEBHOOK_SECRET, type Stack } from '../lib/stack';

export interface BuiltinFlowTargets {
	path: string;
	webhookSecret: string;
	kotis: { baseUrl: string; apiKey: string };
	influitive: { baseUrl: string; token: string; orgId: string };
}

const readRedemption = (secret: string) => `
const body = $json.body ?? {};
if (($json.query ?? {}).token !== ${JSON.stringify(secret)}) throw new Error('wrong webhook secret');
const p = body.parameters ?? {};
const redemption = p.reward_redemption ?? {};
const reward = p.reward ?? {};
const size = (redemption.answers ?? []).find((a) => String(a.question).toLowerCase() === 'size');
const contact = body.contact ?? {};
const ship = redemption.shipping_address ?? {};
return [{ json: {
  redemption_id: redemption.id,
  reward_name: reward.name,
  provider: String((reward.metadata ?? {}).provider ?? '').toLowerCase(),
  sku: [(reward.metadata ?? {}).sku, size ? String(size.answer).trim() : ''].filter(Boolean).join('-'),
  size: size ? String(size.answer).trim() : '',
  quantity: Number(redemption.quantity ?? 1) || 1,
  email: contact.email,
  shipping: { name: ship.name || contact.full_name, address1: ship.address, address2: ship.address_2 ?? '', city: ship.city, state: ship.state, zip: ship.zip, country: ship.country },
} }];`;

const checkStock = `
const r = $('Read Redemption').first().json;
const row = ($json.data ?? []).find((s) => s.attributes && s.attributes.sku === r.sku);
const available = row ? Number(row.attributes.available_quantity) : 0;
return [{ json: { ...r, in_stock: !!row && available >= r.quantity, known: !!row } }];`;

export function builtinFlow(t: BuiltinFlowTargets): WorkflowJson {
	const kotisHeaders = { parameters: [{ name: 'Authorization', value: t.kotis.apiKey }] };
	const influitiveHeaders = {
		parameters: [
			{ name: 'Authorization', value: `Token ${t.influitive.token}` },
			{ name: 'X_ORG_ID', value: t.influitive.orgId },
		],
	};
	const http = (name: string, x: number, parameters: Record<string, unknown>) => ({
		id: `builtin-${name}`,
		name,
		type: 'n8n-nodes-base.httpRequest',
		typeVersion: 4.2,
		position: [x, 0] as [number, number],
		parameters: { sendHeaders: true, options: {}, ...parameters },
	});
	const decision = (action: 'fulfill' | 'refuse', message: string) => ({
		method: 'POST',
		url: `=${t.influitive.baseUrl}/reward_redemptions/{{ $('Check Stock').first().json.redemption_id }}/decision/${action}`,
		headerParameters: influitiveHeaders,
		sendBody: true,
		specifyBody: 'json',
		jsonBody: `={{ JSON.stringify({ message: ${message} }) }}`,
	});
	return {
		name: 'bench built-in nodes: redemption → Kotis → fulfil',
		nodes: [
			{
				id: 'builtin-webhook',
				name: 'Webhook',
				type: 'n8n-nodes-base.webhook',
				typeVersion: 2,
				position: [0, 0],
				webhookId: '2f7d9c1e-8a3b-4c5d-9e6f-7a8b9c0d1e2f',
				parameters: { httpMethod: 'POST', path: t.path, responseMode: 'onReceived', options: {} },
			},
			{
				id: 'builtin-read',
				name: 'Read Redemption',
				type: 'n8n-nodes-base.code',
				typeVersion: 2,
				position: [220, 0],
				parameters: { jsCode: readRedemption(t.webhookSecret) },
			},
			http('Inventory', 440, {
				url: `${t.kotis.baseUrl}/skus/quantity`,
				headerParameters: kotisHeaders,
			}),
			{
				id: 'builtin-check',
				name: 'Check Stock',
				type: 'n8n-nodes-base.code',
				typeVersion: 2,
				position: [660, 0],
				parameters: { jsCode: checkStock },
			},
			{
				id: 'builtin-if',
				name: 'In Stock?',
				type: 'n8n-nodes-base.if',
				typeVersion: 2.2,
				position: [880, 0],
				parameters: {
					conditions: {
						options: { caseSensitive: true, leftValue: '', typeValidation: 'strict', version: 2 },
						conditions: [
							{
								id: 'builtin-c1',
								leftValue: '={{ $json.in_stock }}',
								rightValue: true,
								operator: { type: 'boolean', operation: 'true', singleValue: true },
							},
						],
						combinator: 'and',
					},
					options: {},
				},
			},
			http('Create Order', 1100, {
				method: 'POST',
				url: `${t.kotis.baseUrl}/orders/create`,
				headerParameters: kotisHeaders,
				sendBody: true,
				specifyBody: 'json',
				jsonBody:
					"={{ JSON.stringify({ email: $json.email, order_id: 'influitive-' + $json.redemption_id, shipping_method: 'Economy', skus: [{ sku: $json.sku, quantity: String($json.quantity) }], address: $json.shipping }) }}",
			}),
			http(
				'Fulfil',
				1320,
				decision(
					'fulfill',
					"'Your ' + $('Check Stock').first().json.reward_name + ' is on its way. Kotis order ' + $json.order_num + '.'",
				),
			),
			http(
				'Refuse',
				1100,
				decision(
					'refuse',
					"'Sorry, ' + $('Check Stock').first().json.reward_name + ' cannot be shipped right now. Your points have been returned.'",
				),
			),
		],
		connections: {
			Webhook: { main: [[{ node: 'Read Redemption', type: 'main', index: 0 }]] },
			'Read Redemption': { main: [[{ node: 'Inventory', type: 'main', index: 0 }]] },
			Inventory: { main: [[{ node: 'Check Stock', type: 'main', index: 0 }]] },
			'Check Stock': { main: [[{ node: 'In Stock?', type: 'main', index: 0 }]] },
			'In Stock?': {
				main: [
					[{ node: 'Create Order', type: 'main', index: 0 }],
					[{ node: 'Refuse', type: 'main', index: 0 }],
				],
			},
			'Create Order': { main: [[{ node: 'Fulfil', type: 'main', index: 0 }]] },
		},
		settings: { executionOrder: 'v1' },
	};
}

/** Publishes the built-in flow against the stack's sandboxes; its id and webhook URL. */
export async function publishBuiltinFlow(stack: Stack): Promise<{ id: string; hookUrl: string }> {
	const path = 'bench-builtin';
	const { kotis, influitive } = stack.sandbox.vendors;
	const flow = builtinFlow({
		path,
		webhookSecret: INFLUITIVE_WEBHOOK_SECRET,
		kotis: { baseUrl: kotis.baseUrl, apiKey: kotis.apiKey },
		influitive: { baseUrl: influitive.baseUrl, token: influitive.token, orgId: influitive.orgId },
	});
	const { id } = await stack.api.createWorkflow(flow);
	await stack.api.publish(id);
	return { id, hookUrl: stack.api.webhookUrl(path) };
}
