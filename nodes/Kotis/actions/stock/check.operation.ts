import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';

import { mapItems } from '../../../shared/items';
import { locator } from '../../../shared/listSearch';
import { fetchInventory } from '../../api';
import { InventoryIndex, joinSku } from '../../helpers/sku';

const properties: INodeProperties[] = [
	{
		displayName: 'SKU Input',
		name: 'skuInput',
		type: 'options',
		noDataExpression: true,
		default: 'baseAndSize',
		options: [
			{
				name: 'Base SKU and Size',
				value: 'baseAndSize',
				description:
					'Join a base SKU and a size code the Kotis way, e.g. 107529-1 and S → 107529-1-S',
			},
			{
				name: 'Full SKU',
				value: 'sku',
				description: 'A complete Kotis SKU including its size code',
			},
		],
	},
	{
		...locator({
			displayName: 'SKU',
			name: 'sku',
			searchListMethod: 'searchSkus',
			required: true,
			idDisplayName: 'By SKU',
			idPlaceholder: 'e.g. 107529-1-S',
			description:
				'The exact Kotis SKU, size code included: pick it from the inventory (one entry per size) or enter it',
		}),
		displayOptions: { show: { skuInput: ['sku'] } },
	},
	{
		displayName: 'Base SKU',
		name: 'baseSku',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. 107529-1',
		description: 'The SKU without its size, e.g. from the reward metadata',
		displayOptions: { show: { skuInput: ['baseAndSize'] } },
	},
	{
		displayName: 'Size',
		name: 'size',
		type: 'string',
		default: '',
		placeholder: 'e.g. S',
		description:
			'The Kotis size code (S, M, L, XL, OSFA…), matched exactly: "Small" is not "S". Leave empty for items without sizes, such as mugs.',
		displayOptions: { show: { skuInput: ['baseAndSize'] } },
	},
	{
		displayName: 'Quantity',
		name: 'quantity',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: 1,
		description: 'How many units must be available',
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			{
				displayName: 'If Unavailable',
				name: 'onUnavailable',
				type: 'options',
				default: 'returnStatus',
				options: [
					{
						name: 'Return the Status',
						value: 'returnStatus',
						description:
							'Output the item with status, in_stock and a message, so an IF node can branch on it',
					},
					{
						name: 'Fail',
						value: 'error',
						description:
							'Stop with an error that says why (out of stock, unknown SKU, or the valid sizes)',
					},
				],
			},
			{
				displayName: 'Size Separator',
				name: 'separator',
				type: 'string',
				default: '-',
				description:
					'What stands between the base SKU and the size code in Kotis SKUs (the published examples use "-")',
			},
		],
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['stock'], operation: ['check'] } },
	properties,
);

export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
	let inventory: InventoryIndex | undefined;
	return await mapItems(this, items, async (i) => {
		const options = this.getNodeParameter('options', i, {}) as {
			onUnavailable?: string;
			separator?: string;
		};
		const separator = options.separator ?? '-';
		const sku = readSku(this, i, separator);
		const quantity = readQuantity(this, i);

		// Fetched lazily after the first item validates, then shared by every item of the execution.
		inventory ??= new InventoryIndex(await fetchInventory.call(this, i));
		const result = inventory.check(sku, quantity, separator);
		if (!result.in_stock && options.onUnavailable === 'error') {
			throw new NodeOperationError(this.getNode(), result.message, { itemIndex: i });
		}
		return { ...result };
	});
}

function readSku(ctx: IExecuteFunctions, i: number, separator: string): string {
	if (ctx.getNodeParameter('skuInput', i) === 'sku') {
		const sku = String(ctx.getNodeParameter('sku', i, '', { extractValue: true }) ?? '').trim();
		if (!sku)
			throw new NodeOperationError(
				ctx.getNode(),
				'SKU is empty: enter the full Kotis SKU, e.g. 107529-1-S',
				{ itemIndex: i },
			);
		return sku;
	}
	const baseSku = String(ctx.getNodeParameter('baseSku', i, '') ?? '').trim();
	if (!baseSku) {
		throw new NodeOperationError(
			ctx.getNode(),
			'Base SKU is empty: enter the Kotis SKU without its size, e.g. 107529-1',
			{
				itemIndex: i,
			},
		);
	}
	const size = String(ctx.getNodeParameter('size', i, '') ?? '').trim();
	return joinSku(baseSku, size, separator);
}

function readQuantity(
	ctx: IExecuteFunctions,
	i: number,
	name = 'quantity',
	label = 'Quantity',
): number {
	const raw = ctx.getNodeParameter(name, i) as unknown;
	const quantity = typeof raw === 'number' ? raw : Number(String(raw).trim());
	if (!Number.isInteger(quantity) || quantity < 1) {
		throw new NodeOperationError(
			ctx.getNode(),
			`${label} must be a positive whole number, got "${String(raw)}"`,
			{
				itemIndex: i,
			},
		);
	}
	return quantity;
}
