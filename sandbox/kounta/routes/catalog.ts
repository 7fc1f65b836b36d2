import type { Router } from 'express';

import type { KountaKit } from './kit';

/** The company, its sites and products. */
export function catalogRoutes(
	company: Router,
	{ state, sendPage, notFound, numeric }: KountaKit,
): void {
	company.get('/', (_req, res) => {
		res.json(state.company);
	});

	company.get('/sites', (req, res) => sendPage(req, res, state.sites));

	company.get('/sites/:sid', numeric, (req, res) => {
		const site = state.site(String(req.params.sid));
		if (site) res.json(site);
		else notFound(res, 'Site');
	});

	company.get('/products', (req, res) => sendPage(req, res, state.products));

	company.get('/sites/:sid/products', numeric, (req, res) => {
		const sid = Number(req.params.sid);
		if (!state.site(sid)) notFound(res, 'Site');
		else
			sendPage(
				req,
				res,
				state.products.filter((p) => p.sites.includes(sid)),
			);
	});

	company.get('/products/:id', numeric, (req, res) => {
		const product = state.product(String(req.params.id));
		if (product) res.json(product);
		else notFound(res, 'Product');
	});
}
