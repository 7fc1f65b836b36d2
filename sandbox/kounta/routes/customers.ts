import type { Request, Response, Router } from 'express';

import { customerCreateSchema, customerUpdateSchema } from '../schemas';
import type { KountaCustomer } from '../types';
import { searchParams, type KountaKit } from './kit';

/** Abridged list view of a customer (4: TandaHQ `customers.json`). */
function customerSummary(c: KountaCustomer): Record<string, unknown> {
	return {
		id: c.id,
		company_id: c.company_id,
		first_name: c.first_name,
		last_name: c.last_name,
		primary_email_address: c.primary_email_address,
		image: c.image,
	};
}

export function customerRoutes(company: Router, kit: KountaKit): void {
	const { state, parse, created, notFound, numeric } = kit;

	company.get('/customers', (req, res) => listOrFindCustomers(kit, req, res));

	company.get('/customers/:id', numeric, (req, res) => {
		const c = state.customer(String(req.params.id));
		if (c) res.json(c);
		else notFound(res, 'Customer');
	});

	company.post('/customers', (req, res) => {
		const input = parse(customerCreateSchema, res, req.body);
		if (!input) return;
		const c = state.createCustomer(input);
		if (input.mobile) c.mobile = input.mobile;
		created(req, res, `/customers/${c.id}`, c);
	});

	company.put('/customers/:id', numeric, (req, res) => {
		const c = state.customer(String(req.params.id));
		if (!c) {
			notFound(res, 'Customer');
			return;
		}
		const input = parse(customerUpdateSchema, res, req.body);
		if (!input) return;
		if (input.first_name !== undefined) c.first_name = input.first_name;
		if (input.last_name !== undefined) c.last_name = input.last_name;
		if (input.phone !== undefined) c.phone = input.phone;
		if (input.mobile !== undefined) c.mobile = input.mobile;
		if (input.tags !== undefined) c.tags = input.tags;
		if (input.image !== undefined) c.image = input.image;
		if (input.reference_id !== undefined) c.reference_id = input.reference_id;
		if (input.email !== undefined) {
			c.primary_email_address = input.email;
			if (!c.email_addresses.includes(input.email)) c.email_addresses.unshift(input.email);
		}
		c.updated_at = state.stamp();
		res.json(c);
	});
}

/** `GET /customers`: by `reference_id` (an array), by email or name + phone (302 to the one match), else a page. */
function listOrFindCustomers(
	{ state, fail, notFound, resourceUrl, sendPage }: KountaKit,
	req: Request,
	res: Response,
): void {
	const params = searchParams(req);
	if (params.has('reference_id')) {
		// 4/5.7: always a 200 array, possibly empty; several customers may share a reference_id.
		const ref = params.get('reference_id');
		res.json(
			state.customers
				.filter((c) => c.reference_id !== '' && c.reference_id === ref)
				.map(customerSummary),
		);
		return;
	}
	let match: KountaCustomer | undefined;
	if (params.has('email')) {
		const email = (params.get('email') ?? '').toLowerCase();
		match = state.customers.find(
			(c) =>
				c.primary_email_address.toLowerCase() === email ||
				c.email_addresses.some((e) => e.toLowerCase() === email),
		);
	} else if (params.has('first_name') || params.has('last_name') || params.has('phone')) {
		const [first, last, phone] = ['first_name', 'last_name', 'phone'].map((k) => params.get(k));
		if (!first || !last || !phone) {
			fail(
				res,
				400,
				'invalid_request',
				'first_name, last_name and phone are all required to find a customer by name',
			);
			return;
		}
		match = state.customers.find(
			(c) =>
				c.first_name.toLowerCase() === first.toLowerCase() &&
				c.last_name.toLowerCase() === last.toLowerCase() &&
				(c.phone === phone || c.mobile === phone),
		);
	} else {
		sendPage(req, res, state.customers, customerSummary);
		return;
	}
	// 4: a single match answers 302 to the customer, none 404.
	if (match) res.redirect(302, resourceUrl(req, res, `/customers/${match.id}`));
	else notFound(res, 'Customer');
}
