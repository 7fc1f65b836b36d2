import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import * as order from './actions/order';
import * as redemptionCode from './actions/redemptionCode';
import { router } from './actions/router';
import * as stock from './actions/stock';
import * as listSearch from './methods/listSearch';

export class Kotis implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Kotis Design',
		name: 'kotis',
		icon: { light: 'file:../../icons/kotis.svg', dark: 'file:../../icons/kotis.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
		description: 'Check swag stock, create shipping orders and track them at Kotis Design',
		defaults: { name: 'Kotis Design' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [
			// Building a claim link is pure string work and needs no Kotis account.
			{
				name: 'kotisApi',
				required: true,
				displayOptions: { hide: { operation: ['buildClaimLink'] } },
			},
		],
		properties: [
			{
				displayName: 'Resource',
				name: 'resource',
				type: 'options',
				noDataExpression: true,
				options: [
					{ name: 'Order', value: 'order' },
					{ name: 'Redemption Code', value: 'redemptionCode' },
					{ name: 'Stock', value: 'stock' },
				],
				default: 'stock',
			},
			...stock.description,
			...order.description,
			...redemptionCode.description,
		],
	};

	methods = { listSearch };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await router.call(this);
	}
}
