import { randomUUID } from 'node:crypto';

/**
 * Influitive hub state: members with point balances, rewards, the redemption queue, a points
 * ledger and logged events. Shapes follow shared/vendor-apis/influitive.md; the redemption shape is
 * the package's documented assumption (nodes/Influitive/REDEMPTION_PAYLOAD.md).
 */
export interface Member {
	id: number;
	uuid: string;
	name: string;
	first_name: string;
	last_name: string;
	email: string;
	type: string;
	current_points: number;
	lifetime_points: number;
	address: { address: string; address_2: string; city: string; state: string; zip: string; country: string; phone_number: string };
}

export interface Reward {
	id: number;
	uuid: string;
	name: string;
	points: number;
	published: boolean;
	metadata: Record<string, string>;
	questions: string[];
}

export interface RedemptionRecord {
	id: number;
	uuid: string;
	status: 'pending' | 'fulfilled' | 'refused';
	reward_id: number;
	contact_id: number;
	quantity: number;
	points: number;
	created_at: string;
	shipping_address: Member['address'] & { name: string };
	answers: Array<{ question: string; answer: string }>;
	decision?: { decision: 'fulfill' | 'refuse'; message: string; at: string };
	decisions: number;
}

export interface LedgerEntry {
	member_id: number;
	delta: number;
	reason: string;
	at: string;
}

export interface LoggedEvent {
	id: number;
	event_type_code: string;
	points: number;
	contact_id: number;
	body: unknown;
}

function seedMembers(): Member[] {
	const member = (id: number, first: string, last: string, email: string, points: number): Member => ({
		id,
		uuid: `00000000-0000-4000-8000-${String(id).padStart(12, '0')}`,
		name: `${first} ${last}`,
		first_name: first,
		last_name: last,
		email,
		type: 'Advocate',
		current_points: points,
		lifetime_points: points,
		address: { address: `${id} Analytical Way`, address_2: '', city: 'Seattle', state: 'WA', zip: '98102', country: 'US', phone_number: '' },
	});
	return [
		member(1, 'Api', 'User', 'api@hub.test', 0),
		member(7, 'Ada', 'Lovelace', 'ada@example.com', 5000),
		member(8, 'Grace', 'Hopper', 'grace@example.com', 5000),
		member(9, 'Alan', 'Turing', 'alan@example.com', 300),
	];
}

function seedRewards(): Reward[] {
	return [
		{ id: 77, uuid: 'reward-kotis-tshirt', name: 'Kotis T-shirt', points: 500, published: true, metadata: { provider: 'Kotis', sku: '107529-1' }, questions: ['Size'] },
		{ id: 78, uuid: 'reward-kotis-mug', name: 'Kotis Mug', points: 300, published: true, metadata: { provider: 'Kotis', sku: '107529-4-OSFA' }, questions: [] },
		{ id: 79, uuid: 'reward-gift-card', name: 'Gift Card', points: 1000, published: true, metadata: { provider: 'Tango' }, questions: [] },
	];
}

export class InfluitiveState {
	members: Member[] = [];
	rewards: Reward[] = [];
	redemptions: RedemptionRecord[] = [];
	ledger: LedgerEntry[] = [];
	events: LoggedEvent[] = [];
	private nextRedemptionId = 501;
	private nextEventId = 20001;

	constructor() {
		this.reset();
	}

	reset(): void {
		this.members = seedMembers();
		this.rewards = seedRewards();
		this.redemptions = [];
		this.ledger = [];
		this.events = [];
		// Ids keep counting across resets: a real hub never reuses one, and receivers dedupe on them.
	}

	member(idOrUuidOrEmail: string | number): Member | undefined {
		const key = String(idOrUuidOrEmail);
		return this.members.find((m) => String(m.id) === key || m.uuid === key || m.email === key);
	}

	reward(idOrUuid: string | number): Reward | undefined {
		const key = String(idOrUuid);
		return this.rewards.find((r) => String(r.id) === key || r.uuid === key);
	}

	redemption(idOrUuid: string | number): RedemptionRecord | undefined {
		const key = String(idOrUuid);
		return this.redemptions.find((r) => String(r.id) === key || r.uuid === key);
	}

	adjustPoints(member: Member, delta: number, reason: string): void {
		member.current_points += delta;
		if (delta > 0) member.lifetime_points += delta;
		this.ledger.push({ member_id: member.id, delta, reason, at: new Date().toISOString() });
	}

	createMember(email: string, name = ''): Member {
		const [first = '', ...rest] = name.split(' ');
		const id = Math.max(...this.members.map((m) => m.id)) + 1;
		const member: Member = {
			id,
			uuid: randomUUID(),
			name,
			first_name: first,
			last_name: rest.join(' '),
			email,
			type: 'Nominee',
			current_points: 0,
			lifetime_points: 0,
			address: { address: '', address_2: '', city: '', state: '', zip: '', country: '', phone_number: '' },
		};
		this.members.push(member);
		return member;
	}

	/** An advocate redeems a reward: points are deducted at once, the redemption waits in the queue. */
	redeem(member: Member, reward: Reward, options: { size?: string; quantity?: number; shippingAddress?: Partial<Member['address']> }) {
		const quantity = options.quantity ?? 1;
		const points = reward.points * quantity;
		if (member.current_points < points) return { error: `${member.email} has ${member.current_points} points, needs ${points}` } as const;
		this.adjustPoints(member, -points, `redeemed ${reward.name}`);
		const redemption: RedemptionRecord = {
			id: this.nextRedemptionId++,
			uuid: randomUUID(),
			status: 'pending',
			reward_id: reward.id,
			contact_id: member.id,
			quantity,
			points,
			created_at: new Date().toISOString(),
			shipping_address: { ...member.address, ...options.shippingAddress, name: member.name },
			answers: options.size !== undefined ? [{ question: reward.questions[0] ?? 'Size', answer: options.size }] : [],
			decisions: 0,
		};
		this.redemptions.push(redemption);
		return { redemption } as const;
	}

	contactView(member: Member) {
		const { id, uuid, first_name, last_name, name, email, current_points } = member;
		return { id, uuid, first_name, last_name, full_name: name, email, company: '', title: '', contact_points: current_points };
	}

	/** A queue item of `GET /reward_redemptions` (shape inferred, see REDEMPTION_PAYLOAD.md). */
	redemptionView(r: RedemptionRecord) {
		const reward = this.reward(r.reward_id) as Reward;
		return {
			id: r.id,
			uuid: r.uuid,
			status: r.status,
			reward_id: r.reward_id,
			contact_id: r.contact_id,
			quantity: r.quantity,
			created_at: r.created_at,
			points: r.points,
			reward: { id: reward.id, uuid: reward.uuid, name: reward.name, points: reward.points, metadata: reward.metadata },
			shipping_address: r.shipping_address,
			answers: r.answers,
		};
	}

	/** The "Reward Redemption Requested" webhook envelope for a redemption. */
	webhookEvent(r: RedemptionRecord) {
		const view = this.redemptionView(r);
		const member = this.member(r.contact_id) as Member;
		const { reward, ...redemption } = view;
		return {
			id: this.nextEventId++,
			type: 'reward_redemption_requested',
			name: 'Reward Redemption Requested',
			created: Math.floor(Date.parse(r.created_at) / 1000),
			source_type: null,
			source_name: '',
			billable: true,
			parameters: { reward_redemption: redemption, reward },
			points: -r.points,
			challenge: {},
			contact: this.contactView(member),
			additional_data: {},
		};
	}

	logEvent(code: string, member: Member, points: number, body: unknown): LoggedEvent {
		if (points) this.adjustPoints(member, points, `event ${code}`);
		const event = { id: this.events.length + 1, event_type_code: code, points, contact_id: member.id, body };
		this.events.push(event);
		return event;
	}
}
