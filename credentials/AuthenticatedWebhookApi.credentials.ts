import type { ICredentialType, Icon, INodeProperties } from 'n8n-workflow';

/**
 * What the Authenticated Webhook Trigger checks on every inbound request. Nothing here is sent
 * anywhere: the sender holds the same values and presents them (or signs with them).
 */
export class AuthenticatedWebhookApi implements ICredentialType {
	name = 'authenticatedWebhookApi';

	displayName = 'Authenticated Webhook API';

	icon: Icon = {
		light: 'file:../icons/webhook-auth.svg',
		dark: 'file:../icons/webhook-auth.dark.svg',
	};

	documentationUrl =
		'https://github.com/reward-fulfillment/n8n-nodes-reward-fulfillment/blob/main/docs/security.md';

	properties: INodeProperties[] = [
		{
			displayName:
				'Set a Shared Secret, an HMAC Signing Secret, or both (a request must then pass both checks). With neither, a workflow using this credential does not publish and every request gets 401.',
			name: 'setupNotice',
			type: 'notice',
			default: '',
		},
		{
			displayName: 'Shared Secret',
			name: 'secret',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			description:
				'A long random value the sender presents on every request (e.g. from openssl rand -hex 32). Leave empty when the sender only signs requests.',
		},
		{
			displayName: 'Secret Header',
			name: 'headerName',
			type: 'string',
			default: 'Authorization',
			description:
				'Where the sender puts the Shared Secret. Authorization: the request must carry "Authorization: Bearer <secret>". Any other name (e.g. X-Webhook-Secret): that header must carry the secret itself. Never the query string.',
		},
		{
			displayName: 'HMAC Signing Secret',
			name: 'hmacSecret',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			description:
				'For senders that sign each request: the key of an HMAC-SHA256 over the raw request body (e.g. a Shopify or WooCommerce webhook secret). Leave empty when the sender does not sign.',
		},
		{
			displayName: 'Signature Header',
			name: 'signatureHeader',
			type: 'string',
			default: 'X-Signature',
			description:
				'The header carrying the signature, e.g. X-Shopify-Hmac-Sha256 (base64), X-WC-Webhook-Signature (WooCommerce, base64) or X-Hub-Signature-256 (hex with a "sha256=" prefix, which is accepted)',
		},
		{
			displayName: 'Signature Encoding',
			name: 'signatureEncoding',
			type: 'options',
			options: [
				{ name: 'Hex', value: 'hex' },
				{ name: 'Base64', value: 'base64' },
			],
			default: 'hex',
			description: 'How the sender encodes the HMAC-SHA256 digest in the signature header',
		},
	];
}
