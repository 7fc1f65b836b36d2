import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { mapItemsConcurrently } from '../../../shared/items';
import { validateInput } from '../../../shared/validation';
import { upsertVariants } from '../../api';
import { concurrencyOption, readConcurrency, jsonParameter } from '../../helpers/body';
import { variantsInputSchema } from '../../schemas';

const properties: INodeProperties[] = [
	{
		displayName:
			"The list replaces the product's variants: posted variants are merged into existing ones, new ones are created, and any existing variant missing from the list is DELETED. Always send the full list.",
		name: 'deleteNotice',
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
		displayName: 'Variants (JSON)',
		name: 'variants',
		type: 'json',
		required: true,
		default: '[]',
		description:
			'JSON array of variant objects, each with your own variant ID (existing variants are matched by it; best-guess key: the lower-case word for ID). Other keys are unpublished.',
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			{
				displayName: 'Body Shape',
				name: 'bodyShape',
				type: 'options',
				default: 'array',
				description:
					'Influence.io documents the body as "an array of variants", so a bare array is sent; switch if your account expects it wrapped',
				options: [
					{ name: 'Bare Array', value: 'array', description: 'Sends [...] (as documented)' },
					{
						name: 'Object With Variants Key',
						value: 'object',
						description: 'Sends {"variants": [...]}',
					},
				],
			},
			concurrencyOption,
		],
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['product'], operation: ['upsertVariants'] } },
	properties,
);

export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
	const concurrency = readConcurrency(this);
	return await mapItemsConcurrently(this, items, concurrency, async (i) => {
		const input = validateInput(
			this.getNode(),
			variantsInputSchema,
			{
				productId: String(this.getNodeParameter('productId', i, '') ?? ''),
				variants: jsonParameter(this, 'variants', i, 'Variants (JSON)', 'array'),
			},
			{
				itemIndex: i,
				what: 'Influence.io product variants',
				labels: { productId: 'Product ID', variants: 'Variants (JSON)' },
			},
		);
		const bare = this.getNodeParameter('options.bodyShape', i, 'array') !== 'object';
		const variants = input.variants as IDataObject[];
		await upsertVariants.call(this, input.productId, bare ? variants : { variants }, {
			itemIndex: i,
		});
		return { productId: input.productId, variantsSent: input.variants.length, upserted: true };
	});
}
