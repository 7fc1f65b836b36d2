import type { IDataObject, ILoadOptionsFunctions, INodeListSearchResult } from 'n8n-workflow';

import { firstText, searchPage } from '../../shared/listSearch';
import { vendorPaginate } from '../../transport';
import { kountaPaging, kountaVendor, path, resolveCompanyId } from '../api';

/**
 * The records of a company list (`/companies/{cid}/<what>`), streamed page by page through the
 * transport with Kounta's own paging. Kounta has no text search on these lists.
 */
async function* companyList(
	ctx: ILoadOptionsFunctions,
	what: 'sites' | 'products' | 'customers',
): AsyncGenerator<IDataObject> {
	const vendor = kountaVendor(ctx);
	const companyId = await resolveCompanyId.call(ctx, ctx.getNodeParameter('companyId', ''), {
		vendor,
	});
	yield* vendorPaginate.call<IDataObject>(
		ctx,
		vendor,
		{ method: 'GET', url: path('companies', companyId, what) },
		kountaPaging(ctx, vendor, `${what} page`),
	);
}

/**
 * Sites (venues) by name or code.
 * @public n8n calls it by name (a locator's searchListMethod)
 */
export async function searchSites(
	this: ILoadOptionsFunctions,
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	return await searchPage(companyList(this, 'sites'), {
		filter,
		paginationToken,
		text: (site) => [site.name, site.code, site.id],
		toItem: (site) => {
			const id = firstText(site.id);
			return id ? { name: firstText(site.name, site.code) ?? `Site ${id}`, value: id } : undefined;
		},
	});
}

/**
 * Products of the whole catalogue by name, code or barcode.
 * @public n8n calls it by name (a locator's searchListMethod)
 */
export async function searchProducts(
	this: ILoadOptionsFunctions,
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	return await searchPage(companyList(this, 'products'), {
		filter,
		paginationToken,
		text: (product) => [product.name, product.code, product.barcode, product.id],
		toItem: (product) => {
			const id = firstText(product.id);
			if (!id) return undefined;
			const name = firstText(product.name) ?? `Product ${id}`;
			const code = firstText(product.code);
			return { name: code ? `${name} (${code})` : name, value: id };
		},
	});
}

/**
 * Customers by name or email (the list's abridged records carry `primary_email_address`).
 * @public n8n calls it by name (a locator's searchListMethod)
 */
export async function searchCustomers(
	this: ILoadOptionsFunctions,
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	return await searchPage(companyList(this, 'customers'), {
		filter,
		paginationToken,
		text: (customer) => [
			customer.first_name,
			customer.last_name,
			fullName(customer),
			customer.primary_email_address,
			customer.email,
			customer.id,
		],
		toItem: (customer) => {
			const id = firstText(customer.id);
			if (!id) return undefined;
			const email = firstText(customer.primary_email_address, customer.email);
			const name = fullName(customer) || email || `Customer ${id}`;
			return { name: email && name !== email ? `${name} <${email}>` : name, value: id };
		},
	});
}

function fullName(customer: IDataObject): string {
	return [firstText(customer.first_name), firstText(customer.last_name)].filter(Boolean).join(' ');
}
