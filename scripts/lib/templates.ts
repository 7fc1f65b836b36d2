import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

import { bindCredentials, type N8nApi, type WorkflowJson } from './n8n-api';
import { REPO_ROOT } from './runtime';

export interface PublishedTemplate {
	id: string;
	template: WorkflowJson;
	/** The production webhook path of a trigger node: its `path` parameter, or `<webhookId>/webhook` for custom triggers. */
	webhookPath: (nodeName: string) => string;
}

/** Reads a template from `workflows/`, binds credentials by type, creates and publishes it. */
export async function publishTemplateFile(
	api: N8nApi,
	credentials: Record<string, { id: string; name: string }>,
	file: string,
): Promise<PublishedTemplate> {
	const template = assignWebhookPaths(JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'workflows', file), 'utf8')) as WorkflowJson);
	const { id } = await api.createWorkflow(bindCredentials(template, credentials));
	await api.publish(id);
	const webhookPath = (nodeName: string) => {
		const node = template.nodes.find((n) => n.name === nodeName) as unknown as { webhookId: string; parameters: { path?: string } } | undefined;
		if (!node) throw new Error(`${file} has no node "${nodeName}"`);
		return node.parameters.path ?? `${node.webhookId}/webhook`;
	};
	return { id, template, webhookPath };
}

/**
 * What n8n's editor does when a template is imported (2.41 editor-ui, resolveNodeWebhook): a node
 * without a `webhookId` gets a random one, and a Webhook node with an empty `path` gets that id as
 * its path. Templates ship that way so every import has its own unguessable URL; an import through
 * the public API does neither, so the harness does it here.
 */
export function assignWebhookPaths(template: WorkflowJson): WorkflowJson {
	return {
		...template,
		nodes: template.nodes.map((node) => {
			const webhookNode = node.type === 'n8n-nodes-base.webhook';
			const packageTrigger = /^n8n-nodes-reward-fulfillment\..*Trigger$/.test(node.type);
			if (!webhookNode && !packageTrigger) return node;
			const webhookId = (node.webhookId as string | undefined) ?? randomUUID();
			const parameters = (node.parameters ?? {}) as Record<string, unknown>;
			return {
				...node,
				webhookId,
				parameters: webhookNode && !parameters.path ? { ...parameters, path: webhookId } : parameters,
			};
		}),
	};
}
