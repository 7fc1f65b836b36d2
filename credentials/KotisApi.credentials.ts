import type {
	IAuthenticateGeneric,
	ICredentialTestRequest,
	ICredentialType,
	Icon,
	INodeProperties,
} from 'n8n-workflow';

export class KotisApi implements ICredentialType {
	name = 'kotisApi';

	displayName = 'Kotis Design API';

	icon: Icon = { light: 'file:../icons/kotis.svg', dark: 'file:../icons/kotis.dark.svg' };

	documentationUrl = 'https://kotisdesign.forumbee.com/t/83hvjff/api-documentation';

	properties: INodeProperties[] = [
		{
			displayName: 'API Key',
			name: 'apiKey',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description:
				'Ask your Kotis contact for the key page. A key created without "Live" is a test key that does not touch production.',
		},
		{
			displayName: 'Orders and Inventory Base URL',
			name: 'baseUrl',
			type: 'string',
			default: 'https://kwf.kotisdesign.com/api/v1',
			description: 'Base URL for inventory, order create and order status calls',
		},
		{
			displayName: 'Redemption Codes Base URL',
			name: 'storesBaseUrl',
			type: 'string',
			default: 'https://stores.kotisdesign.com/api/v1',
			description: 'Base URL for redemption-code calls, on the Kotis stores host',
		},
	];

	// Kotis documents "Set 'Authorization' header to API key": the raw key, no Bearer prefix.
	authenticate: IAuthenticateGeneric = {
		type: 'generic',
		properties: {
			headers: {
				Authorization: '={{$credentials.apiKey}}',
			},
		},
	};

	test: ICredentialTestRequest = {
		request: {
			baseURL: '={{$credentials.baseUrl}}',
			url: '/skus/quantity',
			method: 'GET',
		},
		rules: [
			{
				type: 'responseSuccessBody',
				properties: {
					key: 'errors[0].title',
					value: 'Invalid Api Key',
					message: 'Kotis rejected the API key',
				},
			},
		],
	};
}
