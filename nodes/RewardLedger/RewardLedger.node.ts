import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import * as entry from './actions/entry';
import { router } from './actions/router';

// Claims and records belong to a fixed workflow path, not to an AI agent's judgement: not a tool.
// eslint-disable-next-line @n8n/community-nodes/node-usable-as-tool
export class RewardLedger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Reward Ledger',
		name: 'rewardLedger',
		icon: { light: 'file:../../icons/ledger.svg', dark: 'file:../../icons/ledger.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{$parameter["operation"] + ": " + $parameter["key"]}}',
		description: 'Act on each redemption exactly once: claim it before ordering, record what the vendor did',
		defaults: { name: 'Reward Ledger' },
		inputs: [NodeConnectionTypes.Main],
		// Claim sorts items into two outputs; every other operation has one.
		outputs: `={{ $parameter["operation"] === "claim" ? [{ "type": "main", "displayName": "Claimed" }, { "type": "main", "displayName": "Already Handled" }] : [{ "type": "main" }] }}`,
		credentials: [{ name: 'rewardLedgerApi', required: true }],
		properties: [
			{
				displayName: 'Resource',
				name: 'resource',
				type: 'options',
				noDataExpression: true,
				options: [{ name: 'Entry', value: 'entry' }],
				default: 'entry',
			},
			...entry.description,
		],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await router.call(this);
	}
}
