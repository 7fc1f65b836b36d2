import type { InfluenceIoCustomer, InfluenceIoTier } from './types';

const SEED_START = Date.parse('2025-01-01T09:00:00.000Z');
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** 24 hex digits, like a Mongo ObjectId: Influence.io's own ids are opaque strings. */
export function objectId(
	kind: 'customer' | 'ledger' | 'coupon' | 'webhook' | 'event',
	n: number,
): string {
	const prefix = {
		customer: '64c0',
		ledger: '64d0',
		coupon: '64e0',
		webhook: '64f0',
		event: '6500',
	}[kind];
	return `${prefix}${n.toString(16).padStart(20, '0')}`;
}

export function tierFor(
	tiers: readonly InfluenceIoTier[],
	lifetimePoints: number,
): InfluenceIoTier {
	let tier = tiers[0];
	for (const t of tiers) if (lifetimePoints >= Number(t.threshold)) tier = t;
	return tier;
}

export interface CustomerFields {
	externalId: string;
	email: string;
	firstName: string;
	lastName: string;
	pointBalance: number;
	lifetimePoints: number;
	createdAt: string;
	updatedAt: string;
	lastSeenAt: string | null;
	birthdayMonth?: number | null;
	birthdayDay?: number | null;
}

export function buildCustomer(
	id: string,
	fields: CustomerFields,
	tiers: readonly InfluenceIoTier[],
	referralUrlBase: string,
): InfluenceIoCustomer {
	const tier = tierFor(tiers, fields.lifetimePoints);
	return {
		id,
		externalId: fields.externalId,
		email: fields.email,
		name: [fields.firstName, fields.lastName].filter(Boolean).join(' '),
		birthdayMonth: fields.birthdayMonth ?? null,
		birthdayDay: fields.birthdayDay ?? null,
		referralUrl: `${referralUrlBase}${id.slice(-8)}`,
		pointBalance: fields.pointBalance,
		currentLoyaltyTier: { id: tier.id, title: tier.title },
		createdAt: fields.createdAt,
		updatedAt: fields.updatedAt,
		firstName: fields.firstName,
		lastName: fields.lastName,
		lastSeenAt: fields.lastSeenAt,
		currentLoyaltyTierId: tier.id,
		currentMembershipId: null,
		customerType: 'member',
		lifetimePoints: fields.lifetimePoints,
	};
}

/**
 * Seed customer n (1-based). Ada (1001) can afford every reward and is Gold, Grace (1002) only the
 * cheap ones, Alan (1003) has nothing. The rest (`seed-0004`...) get spread balances and one creation
 * day each from 2025-01-01, so range filters select predictable slices; every third was never seen.
 */
export function seedCustomerFields(n: number): CustomerFields {
	const named: Record<number, Omit<CustomerFields, 'createdAt' | 'updatedAt' | 'lastSeenAt'>> = {
		1: {
			externalId: '1001',
			email: 'ada@example.com',
			firstName: 'Ada',
			lastName: 'Lovelace',
			pointBalance: 1500,
			lifetimePoints: 2500,
			birthdayMonth: 12,
			birthdayDay: 10,
		},
		2: {
			externalId: '1002',
			email: 'grace@example.com',
			firstName: 'Grace',
			lastName: 'Hopper',
			pointBalance: 600,
			lifetimePoints: 600,
			birthdayMonth: 12,
			birthdayDay: 9,
		},
		3: {
			externalId: '1003',
			email: 'alan@example.com',
			firstName: 'Alan',
			lastName: 'Turing',
			pointBalance: 0,
			lifetimePoints: 0,
		},
	};
	const created = SEED_START + (n - 1) * DAY;
	const base = named[n] ?? {
		externalId: `seed-${String(n).padStart(4, '0')}`,
		email: `customer${n}@example.com`,
		firstName: 'Customer',
		lastName: String(n),
		pointBalance: (n * 137) % 2000,
		lifetimePoints: (n * 137) % 2000,
	};
	return {
		...base,
		createdAt: new Date(created).toISOString(),
		updatedAt: new Date(created + n * HOUR).toISOString(),
		lastSeenAt: n % 3 === 0 ? null : new Date(created + 2 * n * HOUR).toISOString(),
	};
}

/** Cheap bulk customers (admin seeding): no webhooks, created at `now`. */
export function bulkCustomerFields(
	prefix: string,
	n: number,
	at: string,
	pointBalance?: number,
): CustomerFields {
	const points = pointBalance ?? n % 2000;
	return {
		externalId: `${prefix}${n}`,
		email: `${prefix}${n}@bulk.example.com`,
		firstName: 'Bulk',
		lastName: String(n),
		pointBalance: points,
		lifetimePoints: points,
		createdAt: at,
		updatedAt: at,
		lastSeenAt: null,
	};
}
