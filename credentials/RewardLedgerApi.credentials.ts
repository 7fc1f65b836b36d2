import type {
	IAuthenticateGeneric,
	ICredentialTestRequest,
	ICredentialType,
	Icon,
	INodeProperties,
} from 'n8n-workflow';

/**
 * The Reward Ledger keeps its rows in this n8n instance's own Data Tables, reached through n8n's
 * public API: n8n lends its in-process Data Table access only to its own Data Table nodes, and the
 * public API is the one way a community node can use the same tables (with the same database, so
 * the claim holds across every process of a queue-mode setup).
 */
export class RewardLedgerApi implements ICredentialType {
	name = 'rewardLedgerApi';

	displayName = 'Reward Ledger API';

	icon: Icon = { light: 'file:../icons/ledger.svg', dark: 'file:../icons/ledger.dark.svg' };

	documentationUrl = 'https://docs.n8n.io/api/authentication/';

	properties: INodeProperties[] = [
		{
			displayName: 'n8n API Key',
			name: 'apiKey',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description:
				'An API key of this n8n instance (Settings → n8n API → Create an API key). It needs the data table scopes (create, list, read, delete to remake a lock table left without its row, column create for tables made by earlier versions, and row read/create/update/delete; row delete is used by Prune).',
		},
		{
			displayName: 'n8n API Base URL',
			name: 'baseUrl',
			type: 'string',
			default: 'http://localhost:5678/api/v1',
			required: true,
			description:
				"This instance's public API as the n8n processes reach it, ending in /api/v1. In queue mode every worker must reach it, and every webhook processor when a trigger remembers deliveries in the ledger (usually the main process).",
		},
	];

	authenticate: IAuthenticateGeneric = {
		type: 'generic',
		properties: {
			headers: {
				'X-N8N-API-KEY': '={{$credentials.apiKey}}',
			},
		},
	};

	test: ICredentialTestRequest = {
		request: {
			baseURL: '={{$credentials.baseUrl}}',
			url: '/data-tables',
			qs: { limit: 1 },
			method: 'GET',
		},
	};
}
