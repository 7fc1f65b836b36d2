import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { returnAllOrLimit } from '../../../shared/descriptions';
import { mapItems } from '../../../shared/items';
import { locator, locatorValue } from '../../../shared/listSearch';
import { validateInput } from '../../../shared/validation';
import { companyIdParam, list, path } from '../../api';
import { idSchema, orderStatusFilter } from '../../schemas';

const properties: INodeProperties[] = [
	...returnAllOrLimit,
	{
		displayName: 'Filters',
		name: 'filters',
		type: 'collection',
		placeholder: 'Add Filter',
		default: {},
		options: [
			{
				displayName: 'Created After or On',
				name: 'createdGte',
				type: 'dateTime',
				default: '',
				description: 'Sent as created_gte (the date part)',
			},
			{
				displayName: 'Created Before or On',
				name: 'createdLte',
				type: 'dateTime',
				default: '',
				description: 'Sent as created_lte (the date part)',
			},
			locator({
				displayName: 'Site',
				name: 'siteId',
				searchListMethod: 'searchSites',
				idPlaceholder: 'e.g. 1042',
				description: 'Only orders of this site (…/sites/{ID}/orders)',
			}),
			{
				displayName: 'Status',
				name: 'status',
				type: 'options',
				options: [
					{ name: 'Accepted', value: 'accepted' },
					{ name: 'All', value: 'all' },
					{ name: 'Complete', value: 'complete' },
					{ name: 'Deleted', value: 'deleted' },
					{ name: 'Discounted', value: 'discounted' },
					{ name: 'Linked to a Customer', value: 'linkedcustomer' },
					{ name: 'On Hold', value: 'on_hold' },
					{ name: 'Pending', value: 'pending' },
					{ name: 'Rejected', value: 'rejected' },
					{ name: 'Submitted', value: 'submitted' },
				],
				default: 'all',
				description:
					'Kounta filters by path segment (…/orders/complete); without one it lists every status',
			},
		],
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['order'], operation: ['getAll'] } },
	properties,
);

const day = (value: unknown) =>
	typeof value === 'string' && value ? value.slice(0, 10) : undefined;

export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
	return await mapItems(this, items, async (i) => {
		const filters = this.getNodeParameter('filters', i, {}) as IDataObject;
		const status = validateInput(this.getNode(), orderStatusFilter, filters.status ?? 'all', {
			itemIndex: i,
			what: 'order filter',
			labels: {},
		});
		const siteId = locatorValue(filters.siteId);
		if (siteId)
			validateInput(this.getNode(), idSchema('Site ID'), siteId, {
				itemIndex: i,
				what: 'order filter',
			});
		const companyId = await companyIdParam(this, i);
		const segments: string[] = ['companies', companyId];
		if (siteId) segments.push('sites', siteId);
		segments.push('orders');
		if (status !== 'all') segments.push(status);
		const qs: IDataObject = {};
		if (day(filters.createdGte)) qs.created_gte = day(filters.createdGte);
		if (day(filters.createdLte)) qs.created_lte = day(filters.createdLte);
		const limit = this.getNodeParameter('returnAll', i, false)
			? undefined
			: (this.getNodeParameter('limit', i, 50) as number);
		return await list.call(
			this,
			path(...segments),
			Object.keys(qs).length ? qs : undefined,
			'orders page',
			{ itemIndex: i, limit },
		);
	});
}
