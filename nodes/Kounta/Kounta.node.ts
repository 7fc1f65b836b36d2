import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import * as customer from './actions/customer';
import * as loyaltyReply from './actions/loyaltyReply';
import * as listSearch from './methods/listSearch';
import * as order from './actions/order';
import * as product from './actions/product';
import { router } from './actions/router';
import * as site from './actions/site';
import * as webhook from './actions/webhook';

export class Kounta implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Kounta',
		name: 'kounta',
		icon: { light: 'file:../../icons/kounta.svg', dark: 'file:../../icons/kounta.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
		description:
			'Read and update Kounta (Lightspeed O-Series) orders and customers, and build loyalty replies for the POS',
		defaults: { name: 'Kounta' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [
			{
				name: 'kountaOAuth2Api',
				required: true,
				displayOptions: { show: { authentication: ['oAuth2'] } },
			},
			{
				name: 'kountaApi',
				required: true,
				displayOptions: { show: { authentication: ['basic'] } },
			},
		],
		properties: [
			{
				displayName: 'Authentication',
				name: 'authentication',
				type: 'options',
				options: [
					{ name: 'OAuth2', value: 'oAuth2' },
					{ name: 'Basic (Own Company)', value: 'basic' },
				],
				default: 'oAuth2',
			},
			{
				displayName: 'Resource',
				name: 'resource',
				type: 'options',
				noDataExpression: true,
				options: [
					{ name: 'Customer', value: 'customer' },
					{ name: 'Loyalty Reply', value: 'loyaltyReply' },
					{ name: 'Order', value: 'order' },
					{ name: 'Product', value: 'product' },
					{ name: 'Site', value: 'site' },
					{ name: 'Webhook', value: 'webhook' },
				],
				default: 'order',
			},
			...order.description,
			...customer.description,
			...site.description,
			...product.description,
			...webhook.description,
			...loyaltyReply.description,
			{
				displayName: 'Company ID',
				name: 'companyId',
				type: 'string',
				default: '',
				description:
					'Leave empty for the company of the credential (companies/me, looked up once per execution)',
				displayOptions: { hide: { resource: ['loyaltyReply'] } },
			},
		],
	};

	methods = { listSearch };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await router.call(this);
	}
}
