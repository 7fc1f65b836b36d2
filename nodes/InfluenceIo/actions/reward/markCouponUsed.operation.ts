import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { mapItems } from '../../../shared/items';
import { validateInput } from '../../../shared/validation';
import { markCouponUsed } from '../../api';
import { pathId } from '../../schemas';

const properties: INodeProperties[] = [
	{
		displayName: 'Coupon Code',
		name: 'couponCode',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. LOYAL-5F2K9',
		description:
			'The code from the points/redeemed webhook (couponCode). Sent in the URL and as "couponCode" in the body.',
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['reward'], operation: ['markCouponUsed'] } },
	properties,
);

export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
	return await mapItems(this, items, async (i) => {
		const couponCode = validateInput(
			this.getNode(),
			pathId('Coupon Code'),
			String(this.getNodeParameter('couponCode', i, '') ?? ''),
			{
				itemIndex: i,
				what: 'Influence.io coupon',
			},
		);
		const response = await markCouponUsed.call(this, couponCode, { itemIndex: i });
		return { couponCode, used: true, ...response };
	});
}
