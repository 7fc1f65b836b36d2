import type { IDataObject, ILoadOptionsFunctions, INodeListSearchResult } from 'n8n-workflow';

import { firstText, searchPage } from '../../shared/listSearch';
import { streamCustomers } from '../api';

/**
 * Customers (`GET /v1/customers`, streamed cursor page by cursor page) by name, email or your own
 * ID. The value is your own ID (`externalId`), which is how Influence.io addresses a customer;
 * customers without one cannot be picked.
 * @public n8n calls it by name (a locator's searchListMethod)
 */
export async function searchCustomers(
	this: ILoadOptionsFunctions,
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	return await searchPage(streamCustomers.call(this, { filters: {}, cursorParam: 'cursor' }), {
		filter,
		paginationToken,
		text: (customer) => [customer.name, customer.email, customer.externalId],
		toItem: (customer: IDataObject) => {
			const id = firstText(customer.externalId);
			if (!id) return undefined;
			const email = firstText(customer.email);
			const name = firstText(customer.name) ?? email ?? id;
			return { name: email && name !== email ? `${name} <${email}>` : name, value: id };
		},
	});
}
