import { randomUUID } from 'node:crypto';

import type { WorkflowJson } from '../../scripts/lib/n8n-api';

export const PKG = 'n8n-nodes-reward-fulfillment';

type NodeSpec = { name: string; type: string; parameters: Record<string, unknown>; typeVersion?: number; credentials?: string[] };

/** A linear workflow: a Webhook (replying with the last node's output) followed by `steps`. */
export function webhookChain(
	name: string,
	path: string,
	steps: NodeSpec[],
	credentials: Record<string, { id: string; name: string }>,
): WorkflowJson {
	const webhook = {
		id: randomUUID(),
		name: 'Webhook',
		type: 'n8n-nodes-base.webhook',
		typeVersion: 2,
		position: [0, 0],
		webhookId: randomUUID(),
		parameters: { httpMethod: 'POST', path, responseMode: 'lastNode', options: {} },
	};
	const nodes = [webhook, ...steps.map((step, i) => toNode(step, i + 1, credentials))];
	const connections: Record<string, unknown> = {};
	for (let i = 0; i < nodes.length - 1; i++) {
		connections[nodes[i].name] = { main: [[{ node: nodes[i + 1].name, type: 'main', index: 0 }]] };
	}
	return { name, nodes, connections, settings: { executionOrder: 'v1' } };
}

export function toNode(step: NodeSpec, index: number, credentials: Record<string, { id: string; name: string }>) {
	return {
		id: randomUUID(),
		name: step.name,
		type: step.type,
		typeVersion: step.typeVersion ?? 1,
		position: [index * 240, 0],
		parameters: step.parameters,
		...(step.credentials ? { credentials: Object.fromEntries(step.credentials.map((c) => [c, credentials[c]])) } : {}),
	};
}
