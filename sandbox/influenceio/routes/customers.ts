import type { Request, Response, Router } from 'express';

import { CUSTOMER_FILTERS, type CustomerFilter } from '../options';
import { customerPutSchema, membershipEnrollSchema, pointsSchema } from '../schemas';
import type { InfluenceIoCustomer } from '../types';
import { fail, parse400, searchParams, type InfluenceIoKit } from './kit';

type Filters = Partial<Record<CustomerFilter, number>>;

/** Opaque to clients: where to continue and the filters of the first request (D4: later params are ignored). */
function encodeCursor(position: number, filters: Filters): string {
	return Buffer.from(JSON.stringify({ p: position, f: filters })).toString('base64url');
}

function decodeCursor(cursor: string): { position: number; filters: Filters } | undefined {
	try {
		const raw = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as {
			p?: unknown;
			f?: unknown;
		};
		if (
			typeof raw.p !== 'number' ||
			!Number.isInteger(raw.p) ||
			raw.p < 0 ||
			typeof raw.f !== 'object' ||
			raw.f === null
		)
			return undefined;
		return { position: raw.p, filters: raw.f as Filters };
	} catch {
		return undefined;
	}
}

function matches(customer: InfluenceIoCustomer, f: Filters): boolean {
	const time = (iso: string | null): number | undefined =>
		iso === null ? undefined : Date.parse(iso);
	const within = (value: number | undefined, min?: number, max?: number): boolean => {
		if (min === undefined && max === undefined) return true;
		if (value === undefined) return false;
		return (min === undefined || value >= min) && (max === undefined || value <= max);
	};
	return (
		within(customer.pointBalance, f.pointBalanceMin, f.pointBalanceMax) &&
		within(time(customer.createdAt), f.createdAtMin, f.createdAtMax) &&
		within(time(customer.updatedAt), f.updatedAtMin, f.updatedAtMax) &&
		within(time(customer.lastSeenAt), f.lastSeenAtMin, f.lastSeenAtMax)
	);
}

export function customerRoutes(router: Router, kit: InfluenceIoKit): void {
	const { state, options } = kit;
	const customerOr404 = (req: Request, res: Response): InfluenceIoCustomer | undefined => {
		const customer = state.customerByExternalId(String(req.params.customerId));
		if (!customer) fail(res, 404, 'Customer not found');
		return customer;
	};

	router.get('/v1/customers', (req, res) => listCustomers(kit, req, res));

	router.get('/v1/customers/:customerId', (req, res) => {
		const customer = customerOr404(req, res);
		if (customer) res.json(state.view(customer));
	});

	router.put('/v1/customers/:customerId', (req, res) => {
		const input = parse400(customerPutSchema, req.body, res);
		if (!input) return;
		const externalId = String(req.params.customerId);
		if (
			options.requireEmailOnCreate &&
			input.email === undefined &&
			!state.customerByExternalId(externalId)
		) {
			fail(res, 400, 'email: is required to create a customer');
			return;
		}
		const result = state.upsertCustomer(externalId, input);
		if ('error' in result) {
			fail(res, 409, result.error);
			return;
		}
		res.status(200).json(state.view(result.customer));
	});

	router.post('/v1/customers/:customerId/points', (req, res) => {
		const customer = customerOr404(req, res);
		if (customer) awardPoints(kit, customer, req, res);
	});

	router.post(`/v1/customers/:customerId${options.deductPath}`, (req, res) => {
		const customer = customerOr404(req, res);
		if (customer) deductPoints(kit, customer, req, res);
	});

	router.post('/v1/customers/:customerId/membership/enroll', (req, res) => {
		const customer = customerOr404(req, res);
		if (!customer) return;
		const input = parse400(membershipEnrollSchema, req.body, res);
		if (!input) return;
		state.setMembership(customer, input.membershipId ?? 'default');
		res.json({ customer: state.view(customer) });
	});

	router.post('/v1/customers/:customerId/membership/remove', (req, res) => {
		const customer = customerOr404(req, res);
		if (!customer) return;
		state.setMembership(customer, null);
		res.json({ customer: state.view(customer) });
	});
}

/** Cursor paging over customers; the filters come with the first request and ride in the cursor after it. */
function listCustomers({ state, options }: InfluenceIoKit, req: Request, res: Response): void {
	const start = pagingStart(options, searchParams(req));
	if (typeof start === 'string') {
		fail(res, 400, start);
		return;
	}
	const { position, filters } = start;
	const page: InfluenceIoCustomer[] = [];
	let i = position;
	for (; i < state.customers.length && page.length < options.pageSize; i++) {
		if (!state.isRemoved(state.customers[i]) && matches(state.customers[i], filters))
			page.push(state.customers[i]);
	}
	// Peek for one more match, so the last page never points at an empty one.
	while (
		i < state.customers.length &&
		(state.isRemoved(state.customers[i]) || !matches(state.customers[i], filters))
	)
		i++;
	const body: Record<string, unknown> = { [options.customersKey]: page.map((c) => state.view(c)) };
	if (i < state.customers.length) body[options.cursorKey] = encodeCursor(i, filters);
	else if (options.lastPageCursor === 'null') body[options.cursorKey] = null;
	else if (options.lastPageCursor === 'empty') body[options.cursorKey] = '';
	res.json(body);
}

/** Where a page starts: the cursor's position and filters, or 0 and the query's filters; else what is wrong. */
function pagingStart(
	options: InfluenceIoKit['options'],
	params: URLSearchParams,
): { position: number; filters: Filters } | string {
	const cursor = params.get('cursor');
	if (cursor !== null)
		return decodeCursor(cursor) ?? 'cursor: is not a cursor returned by this API';
	const filters: Filters = {};
	const problems: string[] = [];
	for (const filter of CUSTOMER_FILTERS) {
		const name = options.filterParams[filter];
		const value = params.get(name);
		if (value === null) continue;
		if (filter.startsWith('pointBalance')) {
			const n = Number(value);
			if (value.trim() === '' || !Number.isFinite(n) || n < 0)
				problems.push(`${name}: must be a number greater than or equal to 0`);
			else filters[filter] = n;
		} else {
			const ms = Date.parse(value);
			if (Number.isNaN(ms)) problems.push(`${name}: must be an ISO 8601 date`);
			else filters[filter] = ms;
		}
	}
	return problems.length > 0 ? problems.join('; ') : { position: 0, filters };
}

function awardPoints(
	{ state, options }: InfluenceIoKit,
	customer: InfluenceIoCustomer,
	req: Request,
	res: Response,
): void {
	const keys = options.pointsKeys;
	const body = parse400(pointsSchema(keys, true), req.body, res) as
		Record<string, unknown> | undefined;
	if (!body) return;
	const ruleId = body[keys.earnRuleId] as string | undefined;
	const rule = ruleId !== undefined ? options.earnRules.find((r) => r.id === ruleId) : undefined;
	if (ruleId !== undefined && !rule) {
		fail(res, 404, 'Earn rule not found');
		return;
	}
	// D5: the points field overrides what the earn rule would award.
	const points = (body[keys.points] as number | undefined) ?? (rule as { points: number }).points;
	state.move(customer, points, {
		source: 'award',
		reason: (body[keys.reason] as string | undefined) ?? rule?.title ?? '',
		ruleId: ruleId ?? '',
		earned: true,
		// D5: defaults to true without an earn rule; the sandbox's earn rules all default to true too.
		touchLastSeen: (body[keys.updateLastSeenAt] as boolean | undefined) ?? true,
		earnedEvent: { action: ruleId !== undefined ? 'earn_rule' : 'api', type: 'earn' },
	});
	res.json({ customer: state.view(customer) });
}

function deductPoints(
	{ state, options }: InfluenceIoKit,
	customer: InfluenceIoCustomer,
	req: Request,
	res: Response,
): void {
	const keys = options.pointsKeys;
	const body = parse400(pointsSchema(keys, false), req.body, res) as
		Record<string, unknown> | undefined;
	if (!body) return;
	const points = body[keys.points] as number;
	if (points > customer.pointBalance) {
		fail(
			res,
			options.insufficientPointsStatus,
			`Insufficient points: customer has ${customer.pointBalance}, cannot deduct ${points}`,
		);
		return;
	}
	state.move(customer, -points, {
		source: 'deduct',
		reason: (body[keys.reason] as string | undefined) ?? '',
		ruleId: '',
		touchLastSeen: body[keys.updateLastSeenAt] === true,
	});
	res.json({ customer: state.view(customer) });
}
