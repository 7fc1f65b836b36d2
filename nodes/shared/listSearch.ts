import type { INodeListSearchItems, INodeListSearchResult, INodeProperties } from 'n8n-workflow';

/** Results per page of a picker (n8n asks for the next page with the returned token as the user scrolls). */
const LIST_SEARCH_PAGE_SIZE = 50;

export interface SearchPageSpec<T> {
	/** What the user typed; matched case-insensitively as a substring of `text(record)`. */
	filter?: string;
	/** The token this function returned for the previous page, or nothing for the first page. */
	paginationToken?: string;
	/** The picker entry for a record; `undefined` leaves the record out (e.g. it has no id). */
	toItem: (record: T) => INodeListSearchItems | undefined;
	/** The fields the filter searches, e.g. name and email. */
	text: (record: T) => unknown[];
	pageSize?: number;
}

/**
 * One page of picker results from a record stream, the same way for every vendor.
 *
 * None of the vendors offers a text search on these lists, so the filter is applied here, and the
 * token is the number of matches already shown: the next page streams the list again and skips
 * them. A vendor's own next-page link is never handed to the browser and back, so a token can
 * never point a request (and the credential) at another host. Consuming stops one match after the
 * page is full, so no later vendor page is fetched.
 */
export async function searchPage<T>(
	records: AsyncIterable<T> | Iterable<T>,
	spec: SearchPageSpec<T>,
): Promise<INodeListSearchResult> {
	const pageSize = spec.pageSize ?? LIST_SEARCH_PAGE_SIZE;
	const skip = /^\d{1,9}$/.test(spec.paginationToken ?? '') ? Number(spec.paginationToken) : 0;
	const needle = (spec.filter ?? '').trim().toLowerCase();
	const results: INodeListSearchItems[] = [];
	let matched = 0;
	for await (const record of records) {
		const item = spec.toItem(record);
		if (!item) continue;
		if (needle && !spec.text(record).some((value) => textOf(value).toLowerCase().includes(needle)))
			continue;
		matched++;
		if (matched <= skip) continue;
		if (results.length === pageSize) return { results, paginationToken: String(skip + pageSize) };
		results.push(item);
	}
	return { results };
}

function textOf(value: unknown): string {
	return value === undefined || value === null || typeof value === 'object' ? '' : String(value);
}

/** The first of `values` that is a non-empty string or a number, as a string. */
export function firstText(...values: unknown[]): string | undefined {
	for (const value of values) {
		if (typeof value === 'number' && Number.isFinite(value)) return String(value);
		if (typeof value === 'string' && value.trim() !== '') return value.trim();
	}
	return undefined;
}

export interface LocatorSpec {
	displayName: string;
	name: string;
	/** The `listSearch` method of the node's `methods`. */
	searchListMethod: string;
	description?: string;
	required?: boolean;
	/** Placeholder of the By ID mode. */
	idPlaceholder?: string;
	/** Name of the By ID mode when the field takes something else than an ID (e.g. "By SKU"). */
	idDisplayName?: string;
}

/**
 * A resource locator with a searchable list and a By ID mode, shaped like n8n's own (Airtable v2's
 * `base`/`table`, GitHub's `repository`). None of the vendors publishes a URL form of these
 * records, so there is no By URL mode.
 *
 * The parameter keeps its old name: workflows saved before it became a locator hold a plain
 * string (or an expression) there, which `getNodeParameter(name, i, '', { extractValue: true })`
 * returns unchanged.
 */
export function locator(spec: LocatorSpec): INodeProperties {
	return {
		displayName: spec.displayName,
		name: spec.name,
		type: 'resourceLocator',
		default: { mode: 'list', value: '' },
		...(spec.required ? { required: true } : {}),
		...(spec.description ? { description: spec.description } : {}),
		modes: [
			{
				displayName: 'From List',
				name: 'list',
				type: 'list',
				placeholder: 'Select…',
				typeOptions: { searchListMethod: spec.searchListMethod, searchable: true },
			},
			{
				displayName: spec.idDisplayName ?? 'By ID',
				name: 'id',
				type: 'string',
				placeholder: spec.idPlaceholder,
			},
		],
	};
}

/**
 * The value of a locator that sits inside a collection (n8n extracts only top-level parameters):
 * a plain string or number, or the `{ __rl, mode, value }` object the editor stores.
 */
export function locatorValue(raw: unknown): string {
	const value =
		raw !== null && typeof raw === 'object' && 'value' in raw
			? (raw as { value: unknown }).value
			: raw;
	return value === undefined || value === null ? '' : String(value).trim();
}
