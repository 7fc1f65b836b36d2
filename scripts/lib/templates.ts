import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

import { bindCredentials, type N8nApi, type WorkflowJson } from './n8n-api';
import { REPO_ROOT } from './runtime';

/** The order URL the reformat-and-forward templates ship with, for the user to replace with their vendor's. */
export const VENDOR_PLACEHOLDER_URL = 'https://vendor.example.com/v1/orders';

export interface PublishedTemplate {
	id: string;
	template: WorkflowJson;
	/** The production webhook path of a trigger node: its `path` parameter, or `<webhookId>/webhook` for custom triggers. */
	webhookPath: (nodeName: string) => string;
}

/**
 * Reads a template from `workflows/`, binds credentials by type, creates and publishes it. `edit`
 * makes the changes a user makes before publishing (e.g. the vendor's URL).
 */
export async function publishTemplateFile(
	api: N8nApi,
	credentials: Record<string, { id: string; name: string }>,
	file: string,
	edit: (template: WorkflowJson) => WorkflowJson = (t) => t,
): Promise<PublishedTemplate> {
	const template = assignWebhookPaths(
		edit(
			JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'workflows', file), 'utf8')) as WorkflowJson,
		),
	);
	const { id } = await api.createWorkflow(bindCredentials(template, credentials));
	await api.publish(id);
	const webhookPath = (nodeName: string) => {
		const node = template.nodes.find((n) => n.name === nodeName) as unknown as
			{ webhookId: string; parameters: { path?: string } } | undefined;
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
			// A form's URL is /form/<webhookId> (its path option left empty), like a package trigger's.
			const idOnly =
				/^n8n-nodes-reward-fulfillment\..*Trigger$/.test(node.type) ||
				node.type === 'n8n-nodes-base.formTrigger';
			if (!webhookNode && !idOnly) return node;
			const webhookId = (node.webhookId as string | undefined) ?? randomUUID();
			const parameters = (node.parameters ?? {}) as Record<string, unknown>;
			return {
				...node,
				webhookId,
				parameters:
					webhookNode && !parameters.path ? { ...parameters, path: webhookId } : parameters,
			};
		}),
	};
}
