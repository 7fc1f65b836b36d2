import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { returnAllOrLimit } from '../../../shared/descriptions';
import { mapItems } from '../../../shared/items';
import { validateInput } from '../../../shared/validation';
import { searchMembers } from '../../api';
import { searchQuerySchema } from '../../schemas';

const properties: INodeProperties[] = [
	...returnAllOrLimit,
	{
		displayName: 'Status',
		name: 'status',
		type: 'string',
		default: 'all',
		description:
			'Sent as q[status]. "all" (what public Influitive clients send) includes every member; other status values are not published.',
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
					{
						displayName: 'Field',
						name: 'field',
						type: 'string',
						default: '',
						placeholder: 'e.g. email',
						description:
							'A member field, sent as q[field]=value, e.g. email or company. Influitive does not publish the list of fields.',
					},
					{ displayName: 'Value', name: 'value', type: 'string', default: '' },
				],
			},
		],
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['member'], operation: ['search'] } },
	properties,
);

export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
	return await mapItems(this, items, async (i) => {
		const filters =
			(this.getNodeParameter('filters.filter', i, []) as Array<{
				field?: unknown;
				value?: unknown;
			}>) ?? [];
		const query = validateInput(
			this.getNode(),
			searchQuerySchema,
			{
				status: String(this.getNodeParameter('status', i, 'all') ?? ''),
				filters: filters.map((f) => ({
					field: String(f.field ?? ''),
					value: String(f.value ?? ''),
				})),
			},
			{
				itemIndex: i,
				what: 'Influitive member search',
				labels: {
					status: 'Status',
					...Object.fromEntries(
						filters.map((_f, n) => [`filters.${n}.field`, `Filter ${n + 1} Field`]),
					),
				},
			},
		);
		const limit = this.getNodeParameter('returnAll', i)
			? undefined
			: (this.getNodeParameter('limit', i) as number);
		return await searchMembers.call(this, query, { limit, itemIndex: i });
	});
}
