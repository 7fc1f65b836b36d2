import type {
	IExecuteFunctions,
	IHookFunctions,
	ILoadOptionsFunctions,
	IPollFunctions,
} from 'n8n-workflow';

import {
	emptyBodyError,
	firstError,
	jsonApiErrors,
	parseVendorResponse,
	vendorRequest,
	type VendorProfile,
} from '../transport';
import { normaliseOrderStatuses } from './helpers/orderStatus';
import {
	inventoryResponseSchema,
	orderCreatedSchema,
	orderStatusResponseSchema,
	type InventoryRow,
	type KotisOrderStatus,
	type OrderCreateBody,
} from './schemas';

type KotisContext = IExecuteFunctions | IPollFunctions | IHookFunctions | ILoadOptionsFunctions;

export const kotisVendor: VendorProfile = {
	displayName: 'Kotis Design',
	credentialType: 'kotisApi',
	credentialDisplayName: 'Kotis Design API',
	credentialHint: 'the API key',
	baseUrl: (credentials, key) => String(credentials[key ?? 'baseUrl'] ?? '').replace(/\/+$/, ''),
	secretFields: ['apiKey'],
	// Kotis answers `{"errors":[{"title","detail"}]}`, and (per its docs) possibly with HTTP 200;
	// a bad key is such an entry ("Invalid Api Key") whatever the status.
	extractError: (response) => {
		const info = firstError(jsonApiErrors, emptyBodyError)(response);
		return info && /invalid api key/i.test(info.message)
			? { ...info, cause: 'credential-invalid' }
			: info;
	},
};

/** One inventory fetch; callers index it once per execution however many items they check. */
export async function fetchInventory(this: KotisContext, itemIndex = 0): Promise<InventoryRow[]> {
	const response = await vendorRequest.call(this, kotisVendor, {
		method: 'GET',
		url: '/skus/quantity',
		itemIndex,
	});
	const parsed = parseVendorResponse.call(
		this,
		kotisVendor,
		inventoryResponseSchema,
		response.body,
		{
			what: 'inventory',
			itemIndex,
		},
	);
	return parsed.data.map((row) => ({ id: row.id, ...row.attributes }));
}

/**
 * Creates an order. Never retried after it may have reached Kotis (the transport treats POST as
 * non-idempotent), because a retry could ship twice.
 */
export async function createOrder(
	this: IExecuteFunctions,
	body: OrderCreateBody,
	itemIndex: number,
) {
	const response = await vendorRequest.call(this, kotisVendor, {
		method: 'POST',
		url: '/orders/create',
		body,
		itemIndex,
	});
	return parseVendorResponse.call(this, kotisVendor, orderCreatedSchema, response.body, {
		what: 'order confirmation',
		itemIndex,
	});
}

/** Status of many orders, `batchSize` order numbers per call. */
export async function fetchOrderStatuses(
	this: KotisContext,
	orderNumbers: string[],
	options: { batchSize?: number; itemIndex?: number } = {},
): Promise<KotisOrderStatus[]> {
	const batchSize = Math.max(1, options.batchSize ?? 50);
	const result: KotisOrderStatus[] = [];
	for (let start = 0; start < orderNumbers.length; start += batchSize) {
		const batch = orderNumbers.slice(start, start + batchSize);
		const response = await vendorRequest.call(this, kotisVendor, {
			method: 'GET',
			url: '/orders/status',
			qs: { order_numbers: batch.join(',') },
			itemIndex: options.itemIndex,
		});
		const parsed = parseVendorResponse.call(
			this,
			kotisVendor,
			orderStatusResponseSchema,
			response.body,
			{
				what: 'order status',
				itemIndex: options.itemIndex,
			},
		);
		result.push(...normaliseOrderStatuses(parsed, batch));
	}
	return result;
}
