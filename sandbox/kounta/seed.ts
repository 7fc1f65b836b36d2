import type {
	KountaAddress,
	KountaCompany,
	KountaCustomer,
	KountaProduct,
	KountaSite,
} from './types';

/**
 * Seed data. Ids follow the doc's own examples where it has them: company 456 and site 123 (the loyalty
 * examples in 5.2), customer 389427 (the TandaHQ fixture / apidoc example), customer 789 with
 * reference_id "911" (the reward-lookup example).
 */
export const KOUNTA_COMPANY_ID = 456;
export const KOUNTA_SITE_ID = 123;
export const KOUNTA_SECOND_SITE_ID = 124;

const SEEDED_AT = '2026-01-05T09:00:00+11:00';

function address(id: number, line: string): KountaAddress {
	return { id, lines: [line], city: 'Sydney', zone: 'NSW', postal_code: '2000', country: 'AU' };
}

export function seedCompany(): KountaCompany {
	return {
		id: KOUNTA_COMPANY_ID,
		name: 'Sandbox Coffee Co',
		shipping_address: address(1, '1 George Street'),
		postal_address: address(2, 'PO Box 1'),
		addresses: { count: 2, updated_at: SEEDED_AT },
		business_number: '12 345 678 901',
		contact_staff_member: {
			id: 77,
			first_name: 'Sam',
			last_name: 'Manager',
			email: 'owner@sandbox-coffee.test',
		},
		image: null,
		website: 'https://sandbox-coffee.test',
		currency: 'AUD',
		timezone: { offset: '+11:00', name: 'Australia/Sydney' },
		sites: { count: 2, updated_at: SEEDED_AT },
		registers: { count: 2, limit: 5, updated_at: SEEDED_AT },
		created_at: SEEDED_AT,
		updated_at: SEEDED_AT,
	};
}

export function seedSites(): KountaSite[] {
	const site = (id: number, name: string, code: string, line: string): KountaSite => ({
		id,
		company_id: KOUNTA_COMPANY_ID,
		name,
		code,
		business_number: '12 345 678 901',
		contact_person: 'Sam Manager',
		shipping_address: address(id * 10, line),
		postal_address: address(id * 10 + 1, line),
		email: `${code.toLowerCase()}@sandbox-coffee.test`,
		mobile: '',
		phone: '02 9000 0000',
		fax: '',
		location: { latitude: -33.8688, longitude: 151.2093 },
		image: null,
		website: '',
		register_level_reconciliation: false,
		price_list: { id: 1, name: 'Base' },
	});
	return [
		site(KOUNTA_SITE_ID, 'George Street', 'GEO', '1 George Street'),
		site(KOUNTA_SECOND_SITE_ID, 'Pitt Street', 'PIT', '9 Pitt Street'),
	];
}

export function seedProducts(): KountaProduct[] {
	const product = (
		id: number,
		code: string,
		name: string,
		price: number,
		stock: number,
	): KountaProduct => ({
		id,
		company_id: KOUNTA_COMPANY_ID,
		code,
		barcode: `93${String(id).padStart(11, '0')}`,
		stock,
		name,
		description: '',
		tags: [],
		image: null,
		unit_price: price,
		cost_price: Math.round(price * 30) / 100,
		taxes: [{ id: 1, code: 'GST', name: 'GST', rate: 0.1 }],
		sites: [KOUNTA_SITE_ID, KOUNTA_SECOND_SITE_ID],
		number: code,
	});
	return [
		product(1001, 'FW', 'Flat White', 4.5, 999),
		product(1002, 'LT', 'Latte', 4.8, 999),
		product(1003, 'MUF', 'Blueberry Muffin', 5, 40),
		product(1004, 'BAG', 'Coffee Beans 1kg', 42, 12),
	];
}

export function customer(
	id: number,
	first: string,
	last: string,
	email: string,
	referenceId = '',
): KountaCustomer {
	return {
		id,
		company_id: KOUNTA_COMPANY_ID,
		people_id: id + 1_000_000,
		first_name: first,
		last_name: last,
		description: '',
		primary_email_address: email,
		email_addresses: email ? [email] : [],
		phone: '',
		mobile: '',
		fax: '',
		shipping_address: null,
		postal_address: null,
		addresses: { count: 0, updated_at: SEEDED_AT },
		image: null,
		tags: [],
		reference_id: referenceId,
		created_at: SEEDED_AT,
		updated_at: SEEDED_AT,
	};
}

export function seedCustomers(): KountaCustomer[] {
	return [
		customer(389427, 'Ada', 'Lovelace', 'ada@example.com'),
		customer(789, 'John', 'Smith', 'john.smith@example.com', '911'),
		customer(790, 'Grace', 'Hopper', 'grace@example.com'),
	];
}

/** Payment methods (no list endpoint is known, 4.1); `method_id` must be one of these. */
export const PAYMENT_METHODS = [
	{ id: 1, name: 'Cash' },
	{ id: 2, name: 'Card' },
	{ id: 7, name: 'Loyalty' },
];
