import type { ResolvedInfluitiveOptions } from './options';
import { newMember, sandboxUuid, seedMembers, seedRewards } from './seed';
import type {
	InfluitiveDeliveryRecord,
	InfluitiveEventRecord,
	InfluitiveLedgerEntry,
	InfluitiveMember,
	InfluitiveMessage,
	InfluitivePerk,
	InfluitiveRedemptionEvent,
	InfluitiveRedemptionRecord,
	InfluitiveRedemptionView,
	InfluitiveReferral,
	InfluitiveReward,
	InfluitiveRewardInput,
	InfluitiveShippingAddress,
	InfluitiveSubscription,
	InfluitiveWebhookContact,
	InfluitiveWebhookEvent,
} from './types';

/** `2026-11-22T10:00:00Z`: ISO 8601 without milliseconds, like the payload contract. */
export function isoSeconds(date: Date): string {
	return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

export const REFERRAL_MILESTONES: Record<string, { label: string; type: string }> = {
	submitted: { label: 'Submitted', type: 'open' },
	qualified: { label: 'Qualified', type: 'qualified' },
	won: { label: 'Won', type: 'won' },
	lost: { label: 'Lost', type: 'lost' },
};

type Counter =
	'redemption' | 'event' | 'ledger' | 'referral' | 'message' | 'perk' | 'subscription' | 'delivery';

export type RedeemResult =
	| { ok: true; redemption: InfluitiveRedemptionRecord; event: InfluitiveRedemptionEvent }
	| { ok: false; error: string };

export type ApproveResult =
	| { ok: true; redemption: InfluitiveRedemptionRecord }
	| { ok: false; status: 404 | 409; error: string };

/** Still waiting for a fulfilment or refusal: what `GET /reward_redemptions` lists. */
export function isOutstanding(r: { status: string }): boolean {
	return r.status === 'pending' || r.status === 'awaiting_approval' || r.status === 'approved';
}

export type DecideResult =
	| { ok: true; redemption: InfluitiveRedemptionRecord }
	| { ok: false; status: 404 | 422; errors: string[] };

/**
 * Hub state: members with point balances, rewards, the redemption queue, a points ledger, events,
 * referrals, messages, perks, and the webhook subscriptions with their delivery history.
 *
 * Ids of redemptions, events, referrals, ledger entries... keep counting across `reset()`: a real hub
 * never reuses one, and webhook receivers (the n8n trigger) dedupe on them across test cases.
 */
export class InfluitiveState {
	members: InfluitiveMember[] = [];

	rewards: InfluitiveReward[] = [];

	redemptions: InfluitiveRedemptionRecord[] = [];

	ledger: InfluitiveLedgerEntry[] = [];

	events: InfluitiveEventRecord[] = [];

	referrals: InfluitiveReferral[] = [];

	messages: InfluitiveMessage[] = [];

	perks: InfluitivePerk[] = [];

	subscriptions: InfluitiveSubscription[] = [];

	deliveries: InfluitiveDeliveryRecord[] = [];

	/** The stored webhook envelope of each redemption, by redemption id. */
	private redemptionEvents = new Map<number, InfluitiveRedemptionEvent>();

	private readonly seq: Record<Counter, number> = {
		redemption: 501,
		event: 20001,
		ledger: 1,
		referral: 1,
		message: 1,
		perk: 1,
		subscription: 1,
		delivery: 1,
	};

	constructor(private readonly options: ResolvedInfluitiveOptions) {
		this.reset();
	}

	reset(): void {
		this.members = seedMembers();
		this.rewards = seedRewards();
		this.redemptions = [];
		this.redemptionEvents = new Map();
		this.ledger = [];
		this.events = [];
		this.referrals = [];
		this.messages = [];
		this.perks = [];
		this.subscriptions = [];
		// A new array: automatic deliveries still in flight from before the reset land in the old one.
		this.deliveries = [];
	}

	next(kind: Counter): number {
		return this.seq[kind]++;
	}

	now(): Date {
		return this.options.now();
	}

	// ----- lookups -----

	/** By id, uuid or email (case-insensitive). */
	member(key: string | number): InfluitiveMember | undefined {
		const k = String(key);
		const lower = k.toLowerCase();
		return this.members.find(
			(m) => String(m.id) === k || m.uuid === k || m.email.toLowerCase() === lower,
		);
	}

	/** By id or uuid only (API paths: `/members/:id_or_uuid`). */
	memberByIdOrUuid(key: string | number): InfluitiveMember | undefined {
		const k = String(key);
		return this.members.find((m) => String(m.id) === k || m.uuid === k);
	}

	reward(key: string | number): InfluitiveReward | undefined {
		const k = String(key);
		return this.rewards.find((r) => String(r.id) === k || r.uuid === k);
	}

	redemption(key: string | number): InfluitiveRedemptionRecord | undefined {
		const k = String(key);
		return this.redemptions.find((r) => String(r.id) === k || r.uuid === k);
	}

	redemptionEvent(redemption: InfluitiveRedemptionRecord): InfluitiveRedemptionEvent {
		return this.redemptionEvents.get(redemption.id) as InfluitiveRedemptionEvent;
	}

	// ----- members and points -----

	/** Moves points and writes the ledger. `earned` deltas also raise `lifetime_points`. */
	adjustPoints(
		member: InfluitiveMember,
		delta: number,
		reason: string,
		options: { earned?: boolean; ref?: number } = {},
	): InfluitiveLedgerEntry {
		member.current_points += delta;
		if (options.earned && delta > 0) member.lifetime_points += delta;
		const entry: InfluitiveLedgerEntry = {
			id: this.next('ledger'),
			member_id: member.id,
			delta,
			balance: member.current_points,
			reason,
			at: isoSeconds(this.now()),
		};
		if (options.ref !== undefined) entry.ref = options.ref;
		this.ledger.push(entry);
		return entry;
	}

	createMember(fields: Partial<InfluitiveMember> & { email: string }): InfluitiveMember {
		const id = Math.max(0, ...this.members.map((m) => m.id)) + 1;
		const nameParts = (fields.name ?? '').trim().split(/\s+/).filter(Boolean);
		const first_name = fields.first_name ?? nameParts[0] ?? '';
		const last_name = fields.last_name ?? nameParts.slice(1).join(' ');
		const member = newMember({
			type: 'Nominee',
			source: 'api',
			joined_at: null,
			...fields,
			id,
			first_name,
			last_name,
			name: fields.name?.trim() || [first_name, last_name].filter(Boolean).join(' '),
			created_at: isoSeconds(this.now()),
			current_points: 0,
			lifetime_points: 0,
		});
		this.members.push(member);
		return member;
	}

	/**
	 * The `contact` of a webhook envelope, key for key as the published Referral Won example
	 * (https://influitive.readme.io/docs/referral-won). CRM values come from the member's
	 * `salesforce_id` / `crm_contact_id` and `external_ids`; null where the member has none.
	 */
	contactView(member: InfluitiveMember): InfluitiveWebhookContact {
		const {
			id,
			uuid,
			first_name,
			last_name,
			name,
			email,
			company,
			title,
			current_points,
			salesforce_id,
			external_ids,
		} = member;
		const crmContact = member.crm_contact_id ?? salesforce_id;
		const external = (key: string): string | null => external_ids[key] ?? null;
		return {
			id,
			uuid,
			first_name,
			last_name,
			full_name: name,
			email,
			company,
			title,
			contact_points: current_points,
			salesforce_id,
			crm_metadata: {
				type: crmContact ? 'Salesforce' : null,
				contact_id: crmContact,
				account_id: external('salesforce_account_id'),
			},
			external_systems: {
				salesforce_contact_id: external('salesforce_contact_id') ?? salesforce_id,
				salesforce_account_id: external('salesforce_account_id'),
				salesforce_account_name: external('salesforce_account_name'),
				marketo_contact_id: external('marketo_contact_id'),
				marketo_account_id: external('marketo_account_id'),
				roi_contact_id: external('roi_contact_id'),
				external_contact_id: external('external_contact_id'),
				external_account_id: external('external_account_id'),
			},
		};
	}

	/** The contact object of the documented `POST /events` 201 example. */
	eventContactView(member: InfluitiveMember) {
		const {
			id,
			email,
			first_name,
			last_name,
			lifetime_points,
			current_points,
			type,
			salesforce_id,
			source,
			thumb,
			name,
		} = member;
		return {
			id,
			email,
			first_name,
			last_name,
			lifetime_points,
			current_points,
			type,
			salesforce_id,
			source,
			thumb,
			name,
		};
	}

	// ----- rewards -----

	addReward(input: InfluitiveRewardInput): InfluitiveReward {
		const id = input.id ?? Math.max(0, ...this.rewards.map((r) => r.id)) + 1;
		if (this.reward(id) || (input.uuid && this.reward(input.uuid)))
			throw new Error(`reward ${input.uuid ?? id} already exists`);
		const reward: InfluitiveReward = {
			id,
			uuid: input.uuid ?? sandboxUuid('reward', id),
			name: input.name,
			description: input.description ?? '',
			points: input.points,
			published: input.published ?? true,
			metadata: input.metadata ?? {},
			questions: input.questions ?? [],
			approvalRequired: input.approvalRequired ?? false,
			shippingInformation: input.shippingInformation ?? true,
		};
		this.rewards.push(reward);
		return reward;
	}

	/** `GET /external/rewards` item. Shape inferred beyond C1's fixture keys (`uuid`, `provider`, `published` as a string). */
	rewardView(reward: InfluitiveReward) {
		return {
			id: reward.id,
			uuid: reward.uuid,
			name: reward.name,
			description: reward.description,
			points: reward.points,
			provider: reward.metadata.provider ?? null,
			published: String(reward.published),
			metadata: reward.metadata,
			questions: reward.questions,
		};
	}

	// ----- redemptions -----

	/** An advocate redeems: points are deducted at once, the redemption waits in the queue, the webhook event is built. */
	redeem(
		member: InfluitiveMember,
		reward: InfluitiveReward,
		input: {
			size?: string;
			answers?: Array<{ question: string; answer: string }>;
			quantity?: number;
			shippingAddress?: Partial<InfluitiveShippingAddress>;
		},
	): RedeemResult {
		if (!reward.published)
			return { ok: false, error: `reward ${reward.id} (${reward.name}) is not published` };
		if (member.locked_at) return { ok: false, error: `${member.email} is locked` };
		const quantity = input.quantity ?? 1;
		const points = reward.points * quantity;
		if (member.current_points < points)
			return {
				ok: false,
				error: `${member.email} has ${member.current_points} points, needs ${points}`,
			};
		const id = this.next('redemption');
		this.adjustPoints(member, -points, `redeemed ${reward.name}`, { ref: id });
		const answers =
			input.answers ??
			(input.size !== undefined
				? [{ question: reward.questions[0] ?? 'Size', answer: input.size }]
				: []);
		const redemption: InfluitiveRedemptionRecord = {
			id,
			uuid: sandboxUuid('redemption', id),
			status: reward.approvalRequired ? 'awaiting_approval' : 'pending',
			reward_id: reward.id,
			contact_id: member.id,
			quantity,
			created_at: isoSeconds(this.now()),
			points,
			reward: {
				id: reward.id,
				uuid: reward.uuid,
				name: reward.name,
				points: reward.points,
				metadata: { ...reward.metadata },
			},
			shipping_address: reward.shippingInformation
				? { name: member.name, ...member.address, ...input.shippingAddress }
				: null,
			answers,
			decisions: 0,
			event_id: 0,
		};
		const event = this.buildRedemptionEvent(redemption, member);
		redemption.event_id = event.id;
		this.redemptions.push(redemption);
		this.redemptionEvents.set(redemption.id, event);
		this.recordEvent(event, undefined);
		return { ok: true, redemption, event };
	}

	/** A queue item of `GET /reward_redemptions` (REDEMPTION_PAYLOAD.md; no admin-only fields). */
	redemptionView(r: InfluitiveRedemptionRecord): InfluitiveRedemptionView {
		return {
			id: r.id,
			uuid: r.uuid,
			status: r.status,
			reward_id: r.reward_id,
			contact_id: r.contact_id,
			quantity: r.quantity,
			created_at: r.created_at,
			points: r.points,
			reward: structuredClone(r.reward),
			shipping_address: r.shipping_address ? { ...r.shipping_address } : null,
			answers: r.answers.map((a) => ({ ...a })),
		};
	}

	/**
	 * The "Reward Redemption Requested" envelope, key for key as REDEMPTION_PAYLOAD.md (a snapshot at
	 * request time: `contact_points` is the balance after the deduction).
	 */
	private buildRedemptionEvent(
		r: InfluitiveRedemptionRecord,
		member: InfluitiveMember,
	): InfluitiveRedemptionEvent {
		const sa = r.shipping_address;
		return {
			id: this.next('event'),
			type: 'reward_redemption_requested',
			name: 'Reward Redemption Requested',
			created: Math.floor(Date.parse(r.created_at) / 1000),
			source_type: null,
			source_name: '',
			billable: true,
			parameters: {
				reward_redemption: {
					id: r.id,
					uuid: r.uuid,
					status: r.status,
					quantity: r.quantity,
					created_at: r.created_at,
					shipping_address: sa
						? {
								name: sa.name,
								address: sa.address,
								address_2: sa.address_2,
								city: sa.city,
								state: sa.state,
								zip: sa.zip,
								country: sa.country,
								phone_number: sa.phone_number,
							}
						: null,
					answers: r.answers.map((a) => ({ question: a.question, answer: a.answer })),
				},
				reward: structuredClone(r.reward),
			},
			points: -r.points,
			challenge: {},
			contact: this.contactView(member),
			additional_data: {},
		};
	}

	/**
	 * `POST /reward_redemptions/:id/decision/<fulfill|refuse>`. Fulfil takes it out of the queue; refuse
	 * does too and gives the points back (as "Decline Redemption" does in the UI).
	 */
	decide(
		key: string,
		decision: 'fulfill' | 'refuse',
		message: unknown,
		messageKey: string,
	): DecideResult {
		const redemption = this.redemption(key);
		if (!redemption) return { ok: false, status: 404, errors: ['Not found'] };
		redemption.decisions += 1;
		// Both error bodies are inferred: Influitive publishes no error envelope.
		if (typeof message !== 'string')
			return { ok: false, status: 422, errors: [`${messageKey} is required`] };
		if (!isOutstanding(redemption))
			return { ok: false, status: 422, errors: ['Reward redemption has already been decided'] };
		redemption.status = decision === 'fulfill' ? 'fulfilled' : 'refused';
		redemption.decision = { decision, message, at: isoSeconds(this.now()) };
		if (decision === 'refuse') {
			const member = this.member(redemption.contact_id);
			if (member)
				this.adjustPoints(
					member,
					redemption.points,
					`refused redemption ${redemption.id}: points returned`,
					{ ref: redemption.id },
				);
		}
		return { ok: true, redemption };
	}

	/**
	 * "Approve Without Fulfilling" (Items to Review): the redemption stays outstanding, now approved,
	 * for the integration to fulfil or refuse. Only one awaiting approval can be approved.
	 */
	approve(key: string): ApproveResult {
		const redemption = this.redemption(key);
		if (!redemption) return { ok: false, status: 404, error: `no Influitive redemption "${key}"` };
		if (redemption.status !== 'awaiting_approval') {
			return {
				ok: false,
				status: 409,
				error: `redemption ${redemption.id} is ${redemption.status}, not awaiting approval`,
			};
		}
		redemption.status = 'approved';
		redemption.approved_at = isoSeconds(this.now());
		return { ok: true, redemption };
	}

	// ----- events -----

	private recordEvent(envelope: InfluitiveWebhookEvent, body: unknown): InfluitiveEventRecord {
		const record: InfluitiveEventRecord = {
			id: envelope.id,
			type: envelope.type,
			event_type_code: envelope.type,
			name: envelope.name,
			created: envelope.created,
			points: envelope.points,
			contact_id: envelope.contact.id,
			parameters: envelope.parameters,
		};
		if (body !== undefined) record.body = body;
		this.events.push(record);
		return record;
	}

	/** `POST /events`: not idempotent, every call awards the points again. */
	logEvent(
		code: string,
		member: InfluitiveMember,
		points: number,
		parameters: Record<string, unknown>,
		body: unknown,
	): InfluitiveEventRecord {
		const id = this.next('event');
		if (points !== 0) this.adjustPoints(member, points, `event ${code}`, { earned: true, ref: id });
		return this.recordEvent(
			{
				id,
				type: code,
				name: code,
				created: Math.floor(this.now().getTime() / 1000),
				source_type: null,
				source_name: 'API',
				billable: true,
				parameters,
				points,
				challenge: {},
				contact: this.contactView(member),
				additional_data: {},
			},
			body,
		);
	}

	// ----- referrals -----

	createReferral(
		contact: InfluitiveMember,
		campaignId: string,
		prospect: Record<string, unknown>,
	): InfluitiveReferral {
		const n = this.next('referral');
		const at = isoSeconds(this.now());
		const referral: InfluitiveReferral = {
			id: sandboxUuid('referral', n),
			campaign_id: campaignId,
			status: { code: 'submitted', ...REFERRAL_MILESTONES.submitted },
			feedback: null,
			prospect: { id: sandboxUuid('referral', 100000 + n), ...prospect },
			contact_id: contact.id,
			milestones: [{ milestone: 'submitted', feedback: null, at }],
			created_at: at,
			updated_at: at,
		};
		this.referrals.push(referral);
		return referral;
	}

	/** Moves a referral on; returns its webhook event (Influitive sends one on every milestone change). */
	advanceReferral(
		referral: InfluitiveReferral,
		milestone: string,
		feedback: string | null,
	): InfluitiveWebhookEvent {
		const at = isoSeconds(this.now());
		referral.status = { code: milestone, ...REFERRAL_MILESTONES[milestone] };
		referral.feedback = feedback;
		referral.milestones.push({ milestone, feedback, at });
		referral.updated_at = at;
		return this.referralEvent(referral, feedback);
	}

	/**
	 * The referral webhook for the referral's current milestone, logged as an event. The published
	 * page says it fires "on any change in milestone" and shows type `referral_won` for a submitted
	 * referral, hence one type for all milestones unless `referralEventType` is `per-milestone`.
	 */
	referralEvent(referral: InfluitiveReferral, feedback: string | null): InfluitiveWebhookEvent {
		const member = this.member(referral.contact_id) as InfluitiveMember;
		const p = referral.prospect;
		const fullName = [p.first_name, p.last_name].filter(Boolean).join(' ');
		const perMilestone = this.options.referralEventType === 'per-milestone';
		const code = referral.status.code;
		const event: InfluitiveWebhookEvent = {
			id: this.next('event'),
			type: perMilestone ? `referral_${code}` : 'referral_won',
			name: perMilestone ? `Referral ${referral.status.label}` : 'Referral Won',
			created: Math.floor(this.now().getTime() / 1000),
			source_type: null,
			source_name: '',
			billable: true,
			parameters: {
				campaign: { id: referral.campaign_id },
				status: { ...referral.status },
				referral_id: referral.id,
				feedback,
				show_to_advocate: true,
				prospect: {
					id: p.id,
					email: p.email,
					Full_Name: fullName,
					company: p.company ?? '',
					lead_source: 'influitive',
				},
			},
			points: 0,
			challenge: {},
			contact: this.contactView(member),
			additional_data: {},
		};
		this.recordEvent(event, undefined);
		return event;
	}

	referralView(referral: InfluitiveReferral) {
		const member = this.member(referral.contact_id);
		const { milestones: _milestones, contact_id, ...rest } = referral;
		return { ...rest, contact: member ? this.contactView(member) : { id: contact_id } };
	}
}
