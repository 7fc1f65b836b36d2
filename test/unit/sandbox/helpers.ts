import axios, { type AxiosInstance } from 'axios';

import type { RunningSandbox } from '../../../sandbox/server';

/** The documented `POST /orders/create` example body (with a real seeded SKU pair). */
export function exampleOrder(overrides: Record<string, unknown> = {}): Record<string, unknown> {
	return {
		email: 'test@example.com',
		shipping_method: 'Economy',
		order_id: '',
		skus: [
			{ quantity: '3', sku: '107529-1-S' },
			{ quantity: '1', sku: '107529-4-OSFA' },
		],
		address: {
			name: 'Test Person',
			attention: '',
			address1: '123 First Street',
			address2: '',
			city: 'Seattle',
			state: 'WA',
			zip: '98102',
			country: '',
			phone: '',
			address_type: '',
		},
		...overrides,
	};
}

/** axios on the Kotis orders/inventory host with the right key; never throws on HTTP status. */
export function kotisApi(
	sandbox: RunningSandbox,
	apiKey = sandbox.vendors.kotis.apiKey,
): AxiosInstance {
	return axios.create({
		baseURL: sandbox.vendors.kotis.baseUrl,
		headers: { Authorization: apiKey },
		validateStatus: () => true,
		timeout: 5000,
	});
}

export async function waitFor<T>(
	probe: () => Promise<T | undefined>,
	timeoutMs = 3000,
): Promise<T> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const value = await probe();
		if (value !== undefined) return value;
		if (Date.now() > deadline) throw new Error('waitFor: condition not met in time');
		await new Promise((r) => setTimeout(r, 20));
	}
}
