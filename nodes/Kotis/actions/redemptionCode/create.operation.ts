import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { NodeOperationError, jsonParse, updateDisplayOptions } from 'n8n-workflow';

import { mapItems } from '../../../shared/items';
import { vendorRequest } from '../../../transport';
import { kotisVendor } from '../../api';

const properties: INodeProperties[] = [
	{
		displayName:
			'Kotis has not published the body keys of this endpoint ("All keys are required"). Ask your Kotis contact for them and enter them below; the response is passed through unchanged.',
		name: 'unpublishedNotice',
		type: 'notice',
		default: '',
	},
	{
		displayName: 'Request Body (JSON)',
		name: 'requestBody',
		type: 'json',
		required: true,
		default: '{\n  "quantity": 1\n}',
		description: 'The JSON body sent to POST /redemption_codes/create on the stores host',
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			{
				displayName: 'Put Credential in Body Field',
				name: 'credentialBodyField',
				type: 'string',
				default: '',
				placeholder: 'e.g. API_KEY',
				description:
					'If Kotis expects the API key inside the body (its docs mention API_KEY), the body key to put it in. The key is taken from the credential, never typed here.',
			},
		],
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['redemptionCode'], operation: ['create'] } },
	properties,
);

export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
	return await mapItems(this, items, async (i) => {
		const raw = this.getNodeParameter('requestBody', i) as unknown;
		const body =
			typeof raw === 'string'
				? jsonParse<IDataObject>(raw, { errorMessage: 'Request Body (JSON) is not valid JSON' })
				: raw;
		if (!body || typeof body !== 'object' || Array.isArray(body)) {
			throw new NodeOperationError(this.getNode(), 'Request Body (JSON) must be a JSON object', {
				itemIndex: i,
			});
		}
		const credentialBodyField = (
			this.getNodeParameter('options.credentialBodyField', i, '') as string
		).trim();
		const payload: IDataObject = { ...(body as IDataObject) };
		if (credentialBodyField) {
			const credentials = await this.getCredentials(kotisVendor.credentialType, i);
			payload[credentialBodyField] = credentials.apiKey;
		}
		const response = await vendorRequest.call(this, kotisVendor, {
			method: 'POST',
			url: '/redemption_codes/create',
			baseUrlKey: 'storesBaseUrl',
			body: payload,
			itemIndex: i,
		});
		return (response.body ?? {}) as IDataObject;
	});
}
