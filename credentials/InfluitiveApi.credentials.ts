import type {
	IAuthenticateGeneric,
	ICredentialTestRequest,
	ICredentialType,
	Icon,
	INodeProperties,
} from 'n8n-workflow';

export class InfluitiveApi implements ICredentialType {
	name = 'influitiveApi';

	displayName = 'Influitive API';

	icon: Icon = { light: 'file:../icons/influitive.svg', dark: 'file:../icons/influitive.dark.svg' };

	documentationUrl =
		'https://support.influitive.com/hc/en-us/articles/15751238953490-Introduction-To-The-Influitive-API';

	properties: INodeProperties[] = [
		{
			displayName: 'API Token',
			name: 'apiToken',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description: 'Hub admin → your name → Integrations → Influitive API → Manage shows the token',
		},
		{
			displayName: 'Organization ID (X_ORG_ID)',
			name: 'orgId',
			type: 'string',
			default: '',
			required: true,
			description:
				'Shown next to the API token; sent in the X_ORG_ID header exactly so, underscores included',
		},
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: 'https://api.influitive.com',
			description:
				'Leave as is unless Influitive gave you another API host (no version segment, no trailing slash needed)',
		},
		{
			displayName: 'Webhook Secret',
			name: 'webhookSecret',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			description:
				'Needed by the Influitive Trigger (it refuses to publish without one unless its Request Authentication is None). Influitive does not sign webhooks: invent a long random value (e.g. openssl rand -hex 24), add it to the URL you paste into the hub (?token=…), and the trigger rejects deliveries without it.',
		},
		{
			displayName: 'Requests per 5 Minutes',
			name: 'requestsPer5Minutes',
			type: 'number',
			typeOptions: { minValue: 1 },
			default: 200,
			description:
				"Client-side pacing for every node using this credential. Influitive publishes 200 requests per IP in any 5 minutes; lower it when other tools share this server's IP, raise it only if Influitive raised your limit.",
		},
		{
			displayName: 'n8n Processes Sharing This Limit',
			name: 'processesSharingLimit',
			type: 'number',
			typeOptions: { minValue: 1 },
			default: 1,
			description:
				'Each n8n process paces itself alone. In queue mode, enter how many n8n processes call Influitive with this credential from one IP: the workers, plus main if a polling trigger uses it (e.g. 3 for main and 2 workers on one host). Each then sends at most Requests per 5 Minutes divided by this number. Processes on another host have their own IP and count there, not here.',
		},
	];

	// Published: `Authorization: Token <token>` plus the hub's `X_ORG_ID` header, underscores included.
	authenticate: IAuthenticateGeneric = {
		type: 'generic',
		properties: {
			headers: {
				Authorization: '=Token {{$credentials.apiToken}}',
				X_ORG_ID: '={{$credentials.orgId}}',
				Accept: 'application/json',
			},
		},
	};

	// The API user's own member record: needs both the token and the org id.
	test: ICredentialTestRequest = {
		request: { baseURL: '={{$credentials.baseUrl}}', url: '/members/me', method: 'GET' },
	};
}
