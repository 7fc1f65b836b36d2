import { randomUUID } from 'node:crypto';

import type { N8nApi, WorkflowJson } from '../../scripts/lib/n8n-api';
import { publishTemplateFile, type PublishedTemplate } from '../../scripts/lib/templates';

export const PKG = 'n8n-nodes-reward-fulfillment';

type NodeSpec = {
	name: string;
	type: string;
	parameters: Record<string, unknown>;
	typeVersion?: number;
	credentials?: string[];
};

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

export function toNode(
	step: NodeSpec,
	index: number,
	credentials: Record<string, { id: string; name: string }>,
) {
	return {
		id: randomUUID(),
		name: step.name,
		type: step.type,
		typeVersion: step.typeVersion ?? 1,
		position: [index * 240, 0],
		parameters: step.parameters,
		...(step.credentials
			? { credentials: Object.fromEntries(step.credentials.map((c) => [c, credentials[c]])) }
			: {}),
	};
}

/** Reads a template from `workflows/`, binds the e2e credentials, creates and publishes it. */
export async function publishTemplate(
	n8n: N8nApi,
	credentials: Record<string, { id: string; name: string }>,
	file: string,
	edit?: (template: WorkflowJson) => WorkflowJson,
): Promise<PublishedTemplate> {
	return await publishTemplateFile(n8n, credentials, file, edit);
}

/** A copy of `template` with `change` applied to the parameters of node `name` (which must exist). */
export function withNodeParameters(
	template: WorkflowJson,
	name: string,
	change: (parameters: Record<string, unknown>) => Record<string, unknown>,
): WorkflowJson {
	if (!template.nodes.some((n) => n.name === name))
		throw new Error(`${template.name} has no node "${name}"`);
	return {
		...template,
		nodes: template.nodes.map((n) =>
			n.name === name
				? { ...n, parameters: change({ ...(n.parameters as Record<string, unknown>) }) }
				: n,
		),
	};
}
