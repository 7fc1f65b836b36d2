import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { mapItemsConcurrently } from '../../../shared/items';
import { validateInput } from '../../../shared/validation';
import { upsertProduct } from '../../api';
import {
	bodyJsonOption,
	concurrencyOption,
	readConcurrency,
	fullResponseOption,
	withBodyJson,
} from '../../helpers/body';
import { pathId } from '../../schemas';

const properties: INodeProperties[] = [
	{
		displayName:
			'PUT /v1/products/{productId}. Influence.io does not publish the product body: this node sends title, url, imageUrl and price (best guesses). Correct or add keys under Options → Body (JSON). Products are used by product rewards and earn-rule exclusions.',
		name: 'keysNotice',
		type: 'notice',
		default: '',
	},
	{
		displayName: 'Product ID',
		name: 'productId',
		type: 'string',
		required: true,
		default: '',
		description: "Your own (store's) product ID",
	},
	{
		displayName: 'Title',
		name: 'title',
		type: 'string',
		default: '',
		description: 'Sent as "title" (inferred key)',
	},
	{
		displayName: 'Additional Fields',
		name: 'additionalFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		options: [
			{
				displayName: 'Image URL',
				name: 'imageUrl',
				type: 'string',
				default: '',
				description: 'Sent as "imageUrl" (inferred key)',
			},
			{
				displayName: 'Price',
				name: 'price',
				type: 'number',
				typeOptions: { minValue: 0, numberPrecision: 2 },
				default: 0,
				description: 'Sent as "price" (inferred key)',
			},
			{
				displayName: 'URL',
				name: 'url',
				type: 'string',
				default: '',
				description: 'Product page address (inferred key, as listed above)',
			},
		],
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [bodyJsonOption('product'), concurrencyOption, fullResponseOption],
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['product'], operation: ['upsert'] } },
	properties,
);

export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
	const concurrency = readConcurrency(this);
	return await mapItemsConcurrently(this, items, concurrency, async (i) => {
		const productId = validateInput(
			this.getNode(),
			pathId('Product ID'),
			String(this.getNodeParameter('productId', i, '') ?? ''),
			{
				itemIndex: i,
				what: 'Influence.io product',
			},
		);
		const extra = this.getNodeParameter('additionalFields', i, {}) as IDataObject;
		const body = withBodyJson(
			this,
			{ title: String(this.getNodeParameter('title', i, '') ?? '').trim(), ...extra },
			i,
		);
		const { statusCode, body: answer } = await upsertProduct.call(this, productId, body, {
			itemIndex: i,
		});
		// Only a summary by default: a catalogue import of thousands of products must not keep every answer.
		if (this.getNodeParameter('options.fullResponse', i, false)) return answer;
		return { productId, upserted: true, statusCode };
	});
}
