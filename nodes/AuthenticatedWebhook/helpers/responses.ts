import type { IHookFunctions, INodeProperties } from 'n8n-workflow';

export type ResponseMode = 'onReceived' | 'lastNode' | 'responseNode';

const RESPOND_TO_WEBHOOK_TYPE = 'n8n-nodes-base.respondToWebhook';

/**
 * n8n's Respond to Webhook node from typeVersion 1.1 on refuses to run unless one of its parents is
 * one of n8n's own webhook node types ("No Webhook node found in the workflow"; see
 * packages/nodes-base/nodes/RespondToWebhook/RespondToWebhook.node.ts in n8n-io/n8n). Version 1
 * has no such check and answers whichever webhook started the execution.
 */
const RESPOND_TO_WEBHOOK_VERSION = 1;

export const responseModeProperty: INodeProperties = {
	displayName: 'Respond',
	name: 'responseMode',
	type: 'options',
	options: [
		{
			name: 'Immediately',
			value: 'onReceived',
			description: 'As soon as the request is accepted, with {"received": true}',
		},
		{
			name: 'When Last Node Finishes',
			value: 'lastNode',
			description: "With the last executed node's output",
		},
		{
			name: "Using 'Respond to Webhook' Node (Version 1)",
			value: 'responseNode',
			description:
				'A Respond to Webhook node at version 1 sends the reply, e.g. a different status per branch',
		},
	],
	default: 'onReceived',
	description:
		'When and how to answer an accepted request. Refused requests always get a 4xx JSON reply at once and start nothing.',
};

export const respondNodeNotice: INodeProperties = {
	displayName:
		"Use n8n's Respond to Webhook node at version 1, as in this package's templates: from version 1.1 it only runs after n8n's own Webhook node. The node panel adds the newest version, so copy a Respond to Webhook node from one of the templates (e.g. Kotis order from a webhook). Publishing fails while a newer one follows this trigger.",
	name: 'respondNodeNotice',
	type: 'notice',
	default: '',
	displayOptions: { show: { responseMode: ['responseNode'] } },
};

/**
 * Why the Respond to Webhook nodes after this trigger cannot work with its Respond setting, or
 * undefined: with "Using Respond to Webhook" at least one enabled version-1 node must follow and
 * none of a newer version (it would fail every execution); with the other settings none may follow
 * (its reply would never be sent, as n8n's own Webhook node also refuses).
 */
export function respondNodeProblem(ctx: IHookFunctions, mode: ResponseMode): string | undefined {
	const responders = ctx
		.getChildNodes(ctx.getNode().name)
		.filter((n) => n.type === RESPOND_TO_WEBHOOK_TYPE && !n.disabled);
	if (mode === 'responseNode') {
		const newer = responders.filter((n) => n.typeVersion > RESPOND_TO_WEBHOOK_VERSION);
		if (newer.length > 0) {
			return `${newer.map((n) => `"${n.name}" (Respond to Webhook version ${n.typeVersion})`).join(', ')} would fail every execution with "No Webhook node found in the workflow": from version 1.1 that node only runs after n8n's own Webhook node. Replace it with a version 1 Respond to Webhook node (copy one from this package's templates), or set Respond to When Last Node Finishes.`;
		}
		if (responders.length === 0) {
			return "Respond is set to Using 'Respond to Webhook' Node, but no enabled Respond to Webhook node follows this trigger, so callers would only get an empty reply. Add one (version 1) or choose another Respond setting.";
		}
		return undefined;
	}
	if (responders.length > 0) {
		return `${responders.map((n) => `"${n.name}"`).join(', ')} would never send its reply: set this trigger's Respond to Using 'Respond to Webhook' Node, or remove it.`;
	}
	return undefined;
}
