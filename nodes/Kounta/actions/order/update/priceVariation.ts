import { validateInput } from '../../../../shared/validation';
import { priceVariationSchema } from '../../../schemas';
import type { OrderChange } from './change';

/** Change → Set Price Variation: PUT the order's multiplier (0.9 = 10% off), given as percent off or as is. */
export const priceVariation: OrderChange = {
	properties: [
		{
			displayName: 'Discount Mode',
			name: 'discountMode',
			type: 'options',
			options: [
				{ name: 'Percent Off', value: 'percent' },
				{ name: 'Multiplier', value: 'multiplier' },
			],
			default: 'percent',
			displayOptions: { show: { change: ['priceVariation'] } },
		},
		{
			displayName: 'Value',
			name: 'discountValue',
			type: 'number',
			typeOptions: { numberPrecision: 4 },
			default: 10,
			description: 'Percent off (10 = 10% off) or the multiplier itself (0.9)',
			displayOptions: { show: { change: ['priceVariation'] } },
		},
	],
	async request(ctx, i) {
		const value = Number(ctx.getNodeParameter('discountValue', i, 0));
		const multiplier =
			ctx.getNodeParameter('discountMode', i, 'percent') === 'percent'
				? Math.round((1 - value / 100) * 10000) / 10000
				: value;
		const body = validateInput(
			ctx.getNode(),
			priceVariationSchema,
			{ price_variation: multiplier },
			{
				itemIndex: i,
				what: 'price variation',
				labels: { price_variation: 'Value' },
			},
		);
		return { method: 'PUT', body };
	},
};
