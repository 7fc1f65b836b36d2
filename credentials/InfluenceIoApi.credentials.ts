import type {
	IAuthenticateGeneric,
	ICredentialTestRequest,
	ICredentialType,
	Icon,
	INodeProperties,
} from 'n8n-workflow';

export class InfluenceIoApi implements ICredentialType {
	name = 'influenceIoApi';

	displayName = 'Influence.io API';

	icon: Icon = {
		light: 'file:../icons/influenceio.svg',
		dark: 'file:../icons/influenceio.dark.svg',
	};

	documentationUrl = 'https://support.influence.io/en/articles/9184868-influence-io-api';

	properties: INodeProperties[] = [
		{
			displayName: 'API Key',
			name: 'apiKey',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description:
				'Influence.io dashboard → Settings → API Settings (or Shopify Settings) → Platform API Settings. The Platform API needs the Plus plan or higher.',
		},
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: 'https://platform.api.influence.io',
			description:
				'Leave as is unless Influence.io gave you another Platform API host (no /v1, no trailing slash needed)',
		},
		{
			displayName: 'Webhook Secret',
			name: 'webhookSecret',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			description:
				'Influence.io does not sign webhooks, so the trigger expects this value in the URL (?token=…) and rejects deliveries without it. Leave empty and the trigger generates its own secret when it registers the webhook itself; set it when you paste the URL into Influence.io by hand (the trigger then refuses to publish without it).',
		},
		{
			displayName: 'Requests per Second',
			name: 'requestsPerSecond',
			type: 'number',
			typeOptions: { minValue: 0 },
			default: 0,
			description:
				'Optional client-side pacing for every node using this credential (per n8n process). Influence.io publishes no rate limit, so 0 sends as fast as the nodes ask and waits out any HTTP 429 (Retry-After) it answers. Set it, e.g. to 10, for large imports if you see rate-limit errors.',
		},
	];

	// Published (support article "Influence.io API"): the key in an `x-api-key` header on every request.
	authenticate: IAuthenticateGeneric = {
		type: 'generic',
		properties: {
			headers: {
				'x-api-key': '={{$credentials.apiKey}}',
				Accept: 'application/json',
			},
		},
	};

	test: ICredentialTestRequest = {
		request: { baseURL: '={{$credentials.baseUrl}}', url: '/v1/customers', method: 'GET' },
	};
}
