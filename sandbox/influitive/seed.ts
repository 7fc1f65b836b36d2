import type { InfluitiveAddress, InfluitiveMember, InfluitiveReward } from './types';

/** Deterministic UUIDs per kind, so ids and uuids are easy to tell apart in tests and logs. */
export function sandboxUuid(
	kind: 'member' | 'reward' | 'redemption' | 'referral' | 'campaign',
	n: number,
): string {
	const prefix = { member: 'a1', reward: 'b2', redemption: 'c3', referral: 'd4', campaign: 'e5' }[
		kind
	];
	return `${prefix}000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
}

const EMPTY_ADDRESS: InfluitiveAddress = {
	address: '',
	address_2: '',
	city: '',
	state: '',
	zip: '',
	country: '',
	phone_number: '',
};

const SEED_TIME = '2025-01-15T09:00:00Z';

export function newMember(
	fields: Pick<InfluitiveMember, 'id' | 'email'> & Partial<InfluitiveMember>,
): InfluitiveMember {
	const first = fields.first_name ?? '';
	const last = fields.last_name ?? '';
	return {
		uuid: sandboxUuid('member', fields.id),
		name: [first, last].filter(Boolean).join(' '),
		first_name: first,
		last_name: last,
		title: '',
		company: '',
		type: 'Advocate',
		created_at: SEED_TIME,
		joined_at: SEED_TIME,
		locked_at: null,
		external_ids: {},
		match_categories: {},
		custom_fields: {},
		nps_score: null,
		current_points: 0,
		lifetime_points: 0,
		crm_contact_id: null,
		salesforce_id: null,
		invite_link: null,
		language: 'en',
		address: { ...EMPTY_ADDRESS },
		level: { id: 1, name: 'Insider' },
		source: 'seed',
		thumb: null,
		...fields,
	};
}

function advocate(
	id: number,
	first: string,
	last: string,
	email: string,
	points: number,
	extra: Partial<InfluitiveMember> = {},
): InfluitiveMember {
	return newMember({
		id,
		email,
		first_name: first,
		last_name: last,
		current_points: points,
		lifetime_points: points,
		address: {
			address: `${id} Analytical Way`,
			address_2: '',
			city: 'Seattle',
			state: 'WA',
			zip: '98102',
			country: 'US',
			phone_number: '',
		},
		...extra,
	});
}

/**
 * Member 1 is the API user (`GET /members/me`). Ada and Grace can afford several rewards, Alan only a
 * mug, Katherine is an uninvited nominee (left out of `GET /contacts` unless `q[status]=all`) and
 * Linus is locked.
 */
export function seedMembers(): InfluitiveMember[] {
	return [
		advocate(1, 'Api', 'User', 'api@hub.test', 0, {
			title: 'Community Manager',
			company: 'Hub Inc.',
			source: 'admin',
			level: { id: 4, name: 'Admin' },
		}),
		advocate(7, 'Ada', 'Lovelace', 'ada@example.com', 5000, {
			crm_contact_id: '003-ADA',
			salesforce_id: '003-ADA',
		}),
		advocate(8, 'Grace', 'Hopper', 'grace@example.com', 5000),
		advocate(9, 'Alan', 'Turing', 'alan@example.com', 300),
		advocate(10, 'Katherine', 'Johnson', 'katherine@example.com', 0, {
			type: 'Nominee',
			joined_at: null,
			source: 'api',
		}),
		advocate(11, 'Linus', 'Torvalds', 'linus@example.com', 800, { locked_at: SEED_TIME }),
	];
}

/**
 * Two Kotis rewards ("Reward Metadata" carries provider and base SKU: the t-shirt asks for a size,
 * the mug has no sizes, and its SKU is the full Kotis SKU `107529-4-OSFA` so it resolves against the
 * Kotis seed inventory), a gift card from another provider, and an unpublished reward.
 */
export function seedRewards(): InfluitiveReward[] {
	type Given = Omit<
		InfluitiveReward,
		'id' | 'uuid' | 'description' | 'published' | 'approvalRequired' | 'shippingInformation'
	>;
	const reward = (id: number, fields: Given & Partial<InfluitiveReward>): InfluitiveReward => ({
		id,
		uuid: sandboxUuid('reward', id),
		description: '',
		published: true,
		approvalRequired: false,
		shippingInformation: true,
		...fields,
	});
	return [
		reward(77, {
			name: 'Kotis T-shirt',
			points: 500,
			metadata: { provider: 'Kotis', sku: '107529-1' },
			questions: ['Size'],
		}),
		reward(78, {
			name: 'Kotis Mug',
			points: 300,
			metadata: { provider: 'Kotis', sku: '107529-4-OSFA' },
			questions: [],
		}),
		reward(79, {
			name: '$25 Gift Card',
			points: 1000,
			metadata: { provider: 'Tango Card', sku: 'U157189' },
			questions: [],
		}),
		reward(80, {
			name: 'Conference Pass',
			points: 4000,
			published: false,
			metadata: {},
			questions: [],
		}),
	];
}
