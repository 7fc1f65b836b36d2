import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import * as customer from './actions/customer';
import * as order from './actions/order';
import * as product from './actions/product';
import * as reward from './actions/reward';
import { router } from './actions/router';
import * as webhook from './actions/webhook';
import * as listSearch from './methods/listSearch';

export class InfluenceIo implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Influence.io',
		name: 'influenceIo',
		icon: {
			light: 'file:../../icons/influenceio.svg',
			dark: 'file:../../icons/influenceio.dark.svg',
		},
		group: ['transform'],
		version: 1,
		subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
		description:
			'Sync customers, orders and products with Influence.io, award or deduct points and close out reward coupons',
		defaults: { name: 'Influence.io' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'influenceIoApi', required: true }],
		properties: [
			{
				displayName: 'Resource',
				name: 'resource',
				type: 'options',
				noDataExpression: true,
				options: [
					{ name: 'Customer', value: 'customer' },
					{ name: 'Order', value: 'order' },
					{ name: 'Product', value: 'product' },
					{ name: 'Reward', value: 'reward' },
					{ name: 'Webhook', value: 'webhook' },
				],
				default: 'customer',
			},
			...customer.description,
			...order.description,
			...product.description,
			...reward.description,
			...webhook.description,
		],
	};

	methods = { listSearch };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await router.call(this);
	}
}
