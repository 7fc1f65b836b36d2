import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';
import { z } from 'zod';

import { returnAllOrLimit } from '../../../shared/descriptions';
import { mapItems } from '../../../shared/items';
import { validateInput } from '../../../shared/validation';
import { customerPage, listCustomers } from '../../api';
import { compact, jsonParameter } from '../../helpers/body';

/** Filter field → query parameter. Names inferred from the published "lastSeenAtMin" pattern (docs/vendor-facts.md). */
const FILTER_PARAMS = {
	minPointBalance: 'pointBalanceMin',
	maxPointBalance: 'pointBalanceMax',
	createdAfter: 'createdAtMin',
	createdBefore: 'createdAtMax',
	updatedAfter: 'updatedAtMin',
	updatedBefore: 'updatedAtMax',
	lastSeenAfter: 'lastSeenAtMin',
	lastSeenBefore: 'lastSeenAtMax',
} as const;

const dateFilter = (label: string) =>
	z
		.string()
		.refine(
			(value) => !Number.isNaN(Date.parse(value)),
			`${label} must be a date and time, e.g. 2026-01-31T00:00:00Z`,
		)
		.transform((value) => new Date(value).toISOString())
		.optional();

const balance = (label: string) =>
	z
		.number({ invalid_type_error: `${label} must be a number` })
		.min(0, `${label} must be 0 or more`)
		.optional();

const filtersSchema = z
	.object({
		minPointBalance: balance('Min Point Balance'),
		maxPointBalance: balance('Max Point Balance'),
		createdAfter: dateFilter('Created After'),
		createdBefore: dateFilter('Created Before'),
		updatedAfter: dateFilter('Updated After'),
		updatedBefore: dateFilter('Updated Before'),
		lastSeenAfter: dateFilter('Last Seen After'),
		lastSeenBefore: dateFilter('Last Seen Before'),
	})
	.refine(
		(f) =>
			f.minPointBalance === undefined ||
			f.maxPointBalance === undefined ||
			f.minPointBalance <= f.maxPointBalance,
		{
			message: 'Min Point Balance must not be above Max Point Balance',
			path: ['minPointBalance'],
		},
	);

const LABELS: Record<string, string> = {
	minPointBalance: 'Min Point Balance',
	maxPointBalance: 'Max Point Balance',
	createdAfter: 'Created After',
	createdBefore: 'Created Before',
	updatedAfter: 'Updated After',
	updatedBefore: 'Updated Before',
	lastSeenAfter: 'Last Seen After',
	lastSeenBefore: 'Last Seen Before',
};

const properties: INodeProperties[] = [
	...returnAllOrLimit,
	{
		displayName: 'Filters',
		name: 'filters',
		type: 'collection',
		placeholder: 'Add Filter',
		default: {},
		description:
			'Sent as pointBalanceMin/Max, createdAtMin/Max, updatedAtMin/Max and lastSeenAtMin/Max. Influence.io publishes these filters but only the name lastSeenAtMin; the others follow its pattern. Correct them under Options → Query Parameters (JSON) if needed.',
		options: [
			{ displayName: 'Created After', name: 'createdAfter', type: 'dateTime', default: '' },
			{ displayName: 'Created Before', name: 'createdBefore', type: 'dateTime', default: '' },
			{ displayName: 'Last Seen After', name: 'lastSeenAfter', type: 'dateTime', default: '' },
			{ displayName: 'Last Seen Before', name: 'lastSeenBefore', type: 'dateTime', default: '' },
			{
				displayName: 'Max Point Balance',
				name: 'maxPointBalance',
				type: 'number',
				typeOptions: { minValue: 0 },
				default: 0,
			},
			{
				displayName: 'Min Point Balance',
				name: 'minPointBalance',
				type: 'number',
				typeOptions: { minValue: 0 },
				default: 0,
			},
			{ displayName: 'Updated After', name: 'updatedAfter', type: 'dateTime', default: '' },
			{ displayName: 'Updated Before', name: 'updatedBefore', type: 'dateTime', default: '' },
		],
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			{
				displayName: 'Cursor Query Parameter',
				name: 'cursorParam',
				type: 'string',
				default: 'cursor',
				description:
					'Query parameter that carries the cursor of the next page (inferred from the API description; not published by name)',
			},
			{
				displayName: 'Next Cursor Field',
				name: 'nextCursorField',
				type: 'string',
				default: '',
				placeholder: 'e.g. nextCursor',
				description:
					'Where a page says the next cursor (a dotted path allowed). Unpublished: empty tries cursor, nextCursor, next_cursor, nextToken and next.',
			},
			{
				displayName: 'One Page per Item',
				name: 'onePage',
				type: 'boolean',
				default: false,
				description:
					'Whether to return one item per input item holding one page (customers) and its next_cursor (null on the last page) instead of one item per customer. Walks a large list with bounded memory: loop on next_cursor.',
			},
			{
				displayName: 'Page Cursor',
				name: 'pageCursor',
				type: 'string',
				default: '',
				description:
					'With One Page per Item: the next_cursor of the previous page; empty for the first page',
			},
			{
				displayName: 'Query Parameters (JSON)',
				name: 'queryJson',
				type: 'json',
				default: '{}',
				description: 'Extra query parameters for the first page, merged over the filters above',
			},
		],
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['customer'], operation: ['getAll'] } },
	properties,
);

export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
	return await mapItems(this, items, async (i) => {
		const raw = compact(this.getNodeParameter('filters', i, {}) as IDataObject);
		const filters = validateInput(this.getNode(), filtersSchema, raw, {
			itemIndex: i,
			what: 'Influence.io customer filter',
			labels: LABELS,
		});
		const qs: IDataObject = {};
		for (const [field, param] of Object.entries(FILTER_PARAMS)) {
			const value = filters[field as keyof typeof FILTER_PARAMS];
			if (value !== undefined) qs[param] = value;
		}
		Object.assign(
			qs,
			jsonParameter(this, 'options.queryJson', i, 'Query Parameters (JSON)', 'object'),
		);
		const cursorParam = String(
			this.getNodeParameter('options.cursorParam', i, 'cursor') || 'cursor',
		).trim();
		const nextCursorKey =
			String(this.getNodeParameter('options.nextCursorField', i, '') ?? '').trim() || undefined;
		if (this.getNodeParameter('options.onePage', i, false) === true) {
			const cursor =
				String(this.getNodeParameter('options.pageCursor', i, '') ?? '').trim() || undefined;
			const page = await customerPage.call(
				this,
				{ filters: qs, cursorParam, nextCursorKey, cursor },
				{ itemIndex: i },
			);
			return [
				{ customers: page.customers, next_cursor: page.nextCursor, count: page.customers.length },
			];
		}
		const limit = this.getNodeParameter('returnAll', i, false)
			? undefined
			: (this.getNodeParameter('limit', i, 50) as number);
		return await listCustomers.call(
			this,
			{ filters: qs, cursorParam, nextCursorKey },
			{ limit, itemIndex: i },
		);
	});
}
