import type {
	IAuthenticateGeneric,
	ICredentialTestRequest,
	ICredentialType,
	Icon,
	INodeProperties,
} from 'n8n-workflow';

/** Fields both Kounta credential types carry: the API host and the trigger secrets of the add-on. */
export const kountaSharedProperties: INodeProperties[] = [
	{
		displayName: 'Base URL',
		name: 'baseUrl',
		type: 'string',
		default: 'https://api.kounta.com/v1',
		description: 'Kounta REST API base, including /v1. Change it only for a sandbox or proxy.',
	},
	{
		displayName: 'Signature Token',
		name: 'signatureToken',
		type: 'string',
		typeOptions: { password: true },
		default: '',
		description:
			"Optional. The add-on's Signature Token (back office → Add-ons → your add-on). When set, the Kounta triggers check the X-Kounta-Signature header (HMAC-SHA256 of the raw body; Kounta has not published the exact scheme).",
	},
	{
		displayName: 'Loyalty URL Token',
		name: 'loyaltyUrlToken',
		type: 'string',
		typeOptions: { password: true },
		default: '',
		description:
			"Needed by the Kounta Loyalty Trigger (it refuses to publish without one unless its Request Authentication is None). Invent a long random value (e.g. openssl rand -hex 24) and append it as &token=… to the Customer Search and Rewards URLs you enter in the add-on's Loyalty tab; calls without it get 401. Redeem URLs are signed with it instead.",
	},
	{
		displayName: 'Requests per Minute',
		name: 'requestsPerMinute',
		type: 'number',
		typeOptions: { minValue: 0 },
		default: 0,
		description:
			'Client-side pacing for every node using this credential. 0 uses the limits a secondary source gives (Kounta publishes none): 60 a minute with Basic, 180 with OAuth2.',
	},
];

export class KountaApi implements ICredentialType {
	name = 'kountaApi';

	displayName = 'Kounta Basic API';

	icon: Icon = { light: 'file:../icons/kounta.svg', dark: 'file:../icons/kounta.dark.svg' };

	documentationUrl = 'https://apidoc.kounta.com/authentication/';

	properties: INodeProperties[] = [
		{
			displayName:
				'Basic authentication reaches only your own Kounta company. To act for other merchants use the Kounta OAuth2 API credential.',
			name: 'basicNotice',
			type: 'notice',
			default: '',
		},
		{
			displayName: 'Client ID',
			name: 'clientId',
			type: 'string',
			default: '',
			required: true,
			description: 'Client ID of your Kounta add-on',
		},
		{
			displayName: 'Client Secret',
			name: 'clientSecret',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description: 'Client Secret of your Kounta add-on',
		},
		...kountaSharedProperties,
	];

	// Documented: `Authorization: Basic base64(client_id:client_secret)`. Without an Accept header
	// (or a .json suffix) Kounta answers 406.
	authenticate: IAuthenticateGeneric = {
		type: 'generic',
		properties: {
			auth: {
				username: '={{$credentials.clientId}}',
				password: '={{$credentials.clientSecret}}',
			},
			headers: {
				Accept: 'application/json',
			},
		},
	};

	test: ICredentialTestRequest = {
		request: {
			baseURL: '={{$credentials.baseUrl}}',
			url: '/companies/me',
			method: 'GET',
			headers: { Accept: 'application/json' },
		},
	};
}
