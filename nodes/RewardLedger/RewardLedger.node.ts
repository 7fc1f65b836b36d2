import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import * as entry from './actions/entry';
import { router } from './actions/router';
import { withLedgerAction } from './helpers/actions';

export class RewardLedger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Reward Ledger',
		name: 'rewardLedger',
		icon: { light: 'file:../../icons/ledger.svg', dark: 'file:../../icons/ledger.dark.svg' },
		group: ['transform'],
		version: 1,
		// Prune and Get Many have no key.
		subtitle: '={{$parameter["operation"] + ($parameter["key"] ? ": " + $parameter["key"] : "")}}',
		description:
			'Act on each redemption exactly once: claim it before ordering, record what the vendor did',
		defaults: { name: 'Reward Ledger' },
		// n8n's package scan requires the flag; an agent may read or claim entries like any workflow step.
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		// Claim and Take Over sort items into two outputs; every other operation has one.
		outputs: `={{ $parameter["operation"] === "claim" ? [{ "type": "main", "displayName": "Claimed" }, { "type": "main", "displayName": "Already Handled" }] : $parameter["operation"] === "takeOver" ? [{ "type": "main", "displayName": "Taken Over" }, { "type": "main", "displayName": "Not Taken" }] : [{ "type": "main" }] }}`,
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
		try {
			return await router.call(this);
		} catch (error) {
			throw withLedgerAction(error, this.getNodeParameter('operation', 0) as string);
		}
	}
}
