import type { ICredentialTestRequest, ICredentialType, Icon, INodeProperties } from 'n8n-workflow';

import { kountaSharedProperties } from './KountaApi.credentials';

export class KountaOAuth2Api implements ICredentialType {
	name = 'kountaOAuth2Api';

	extends = ['oAuth2Api'];

	displayName = 'Kounta OAuth2 API';

	icon: Icon = { light: 'file:../icons/kounta.svg', dark: 'file:../icons/kounta.dark.svg' };

	documentationUrl = 'https://apidoc.kounta.com/authentication/';

	properties: INodeProperties[] = [
		{
			displayName: 'Grant Type',
			name: 'grantType',
			type: 'hidden',
			default: 'authorizationCode',
		},
		{
			displayName: 'Authorization URL',
			name: 'authUrl',
			type: 'string',
			default: 'https://my.kounta.com/authorize',
			required: true,
			description: "Kounta's login and consent page. Change it only for a sandbox.",
		},
		{
			displayName: 'Access Token URL',
			name: 'accessTokenUrl',
			type: 'string',
			default: 'https://api.kounta.com/v1/token',
			required: true,
			description: 'Also used to refresh the token. Change it only for a sandbox.',
		},
		{
			// Kounta publishes no scopes: the consent dialog grants the add-on's access as a whole.
			displayName: 'Scope',
			name: 'scope',
			type: 'hidden',
			default: '',
		},
		{
			displayName: 'Auth URI Query Parameters',
			name: 'authQueryParameters',
			type: 'hidden',
			default: '',
		},
		{
			// Public clients post client_id and client_secret as form fields of the token request.
			displayName: 'Authentication',
			name: 'authentication',
			type: 'hidden',
			default: 'body',
		},
		...kountaSharedProperties,
	];

	test: ICredentialTestRequest = {
		request: {
			baseURL: '={{$credentials.baseUrl}}',
			url: '/companies/me',
			method: 'GET',
			headers: { Accept: 'application/json' },
		},
	};
}
