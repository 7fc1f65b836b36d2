import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { returnAllOrLimit } from '../../../shared/descriptions';
import { mapItems } from '../../../shared/items';
import { vendorCollect } from '../../../transport';
import { influitiveVendor } from '../../api';

const properties: INodeProperties[] = [
	...returnAllOrLimit,
	{
		displayName: 'Status',
		name: 'status',
		type: 'string',
		default: 'all',
		description: 'Sent as q[status]; "all" includes every member status',
	},
	{
		displayName: 'Filters',
		name: 'filters',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true },
		placeholder: 'Add Filter',
		default: {},
		options: [
			{
				displayName: 'Filter',
				name: 'filter',
				values: [
					{ displayName: 'Field', name: 'field', type: 'string', default: '', placeholder: 'e.g. email', description: 'Sent as q[field], e.g. q[email]' },
					{ displayName: 'Value', name: 'value', type: 'string', default: '' },
				],
			},
		],
	},
];

export const description = updateDisplayOptions({ show: { resource: ['member'], operation: ['search'] } }, properties);

export async function execute(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	return await mapItems(this, items, async (i) => {
		const qs: IDataObject = { 'q[status]': this.getNodeParameter('status', i, 'all') };
		for (const { field, value } of (this.getNodeParameter('filters.filter', i, []) as Array<{ field: string; value: string }>) ?? []) {
			if (field?.trim()) qs[`q[${field.trim()}]`] = value;
		}
		const limit = this.getNodeParameter('returnAll', i) ? undefined : (this.getNodeParameter('limit', i) as number);
		return await vendorCollect.call<IDataObject>(
			this,
			influitiveVendor,
			{ method: 'GET', url: '/contacts', qs, itemIndex: i },
			{
				kind: 'nextLink',
				next: (body) => ((body as { links?: { next?: string | null } })?.links?.next ?? undefined) || undefined,
				items: (body) => ((body as { contacts?: IDataObject[] })?.contacts ?? []),
			},
			{ limit },
		);
	});
}
