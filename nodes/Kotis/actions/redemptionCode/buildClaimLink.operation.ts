import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';

import { mapItems } from '../../../shared/items';

const properties: INodeProperties[] = [
	{
		displayName: 'Portal Slug',
		name: 'portalSlug',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. hf22',
		description:
			'The last part of your redemption portal URL, as in https://stores.kotisdesign.com/hf22',
	},
	{
		displayName: 'Redemption Code',
		name: 'code',
		type: 'string',
		required: true,
		default: '',
	},
	{
		displayName: 'Link Style',
		name: 'style',
		type: 'options',
		default: 'query',
		options: [
			{ name: 'Query Parameter', value: 'query', description: '…/<portal>?redemption_code=<code>' },
			{ name: 'Path', value: 'path', description: '…/<portal>/<code>' },
		],
	},
	{
		displayName: 'Portal Base URL',
		name: 'portalBaseUrl',
		type: 'string',
		default: 'https://stores.kotisdesign.com',
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['redemptionCode'], operation: ['buildClaimLink'] } },
	properties,
);

/** Builds a link that opens the portal with the code filled in; no Kotis call is made. */
export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
	return await mapItems(this, items, async (i) => {
		const slug = String(this.getNodeParameter('portalSlug', i))
			.trim()
			.replace(/^\/+|\/+$/g, '');
		const code = String(this.getNodeParameter('code', i)).trim();
		if (!slug)
			throw new NodeOperationError(this.getNode(), 'Portal Slug is empty, e.g. hf22', {
				itemIndex: i,
			});
		if (!code)
			throw new NodeOperationError(this.getNode(), 'Redemption Code is empty', { itemIndex: i });
		const base = String(this.getNodeParameter('portalBaseUrl', i)).replace(/\/+$/, '');
		const portal = `${base}/${slug.split('/').map(encodeURIComponent).join('/')}`;
		const url =
			this.getNodeParameter('style', i) === 'path'
				? `${portal}/${encodeURIComponent(code)}`
				: `${portal}?redemption_code=${encodeURIComponent(code)}`;
		return { code, claim_url: url };
	});
}
