import { timingSafeEqual } from 'node:crypto';

import { Router, type RequestHandler, type Response } from 'express';
import { z } from 'zod';

import { requestContext, type VendorModule } from '../core/vendor';
import type { StoreCoupon, StoreCustomer } from './types';

/**
 * A tiny generic e-commerce store: what a template does with a loyalty coupon code once the loyalty
 * platform has issued it (create the discount in "your store"). Not modelled on any vendor, so every
 * shape here is this sandbox's own contract.
 */
export interface StoreOptions {
	/** Expected as `Authorization: Bearer <token>`. Default `store-test-token`. */
	token?: string;
	/** How many customers `GET /store/customers` lists (generated on demand, so 50,000 cost nothing). Default 0. */
	customers?: number;
	now?: () => Date;
}

export interface StoreInfo {
	baseUrl: string;
	token: string;
}

const STORE_BASE = '/store';
const STORE_DEFAULT_TOKEN = 'store-test-token';
/** Customer numbers start here, clear of the Influence.io stand-in's seeded ids (`1001`, `seed-0004`, ...). */
export const STORE_CUSTOMER_ID_BASE = 100_000;
/** The largest `per_page` the customer list accepts (above it: 400, as WooCommerce answers above its 100). */
const STORE_MAX_PER_PAGE = 1000;
const STORE_MAX_CUSTOMERS = 1_000_000;

const FIRST_NAMES = ['Ada', 'Grace', 'Alan', 'Katherine', 'Linus', 'Barbara', 'Edsger', 'Margaret'];
const CUSTOMERS_SINCE = Date.parse('2024-01-01T00:00:00.000Z');

/**
 * Customer `n` (1-based) of the store's list, computed rather than stored: the bulk-import bench
 * reads 50,000 of them and the sandbox should not be what it measures.
 */
export function storeCustomer(n: number): StoreCustomer {
	return {
		id: STORE_CUSTOMER_ID_BASE + n,
		email: `shopper${n}@example.com`,
		first_name: FIRST_NAMES[n % FIRST_NAMES.length],
		last_name: `Customer ${n}`,
		created_at: new Date(CUSTOMERS_SINCE + n * 60_000).toISOString(),
	};
}

const pageQuery = z.object({
	page: z.coerce
		.number({ invalid_type_error: 'must be a number' })
		.int('must be a whole number')
		.min(1, 'must be at least 1')
		.default(1),
	per_page: z.coerce
		.number({ invalid_type_error: 'must be a number' })
		.int('must be a whole number')
		.min(1, 'must be at least 1')
		.max(STORE_MAX_PER_PAGE, `must be at most ${STORE_MAX_PER_PAGE}`)
		.default(50),
});

const couponSchema = z
	.object({
		code: z.string({ required_error: 'is required' }).trim().min(1, 'is required').max(64),
		type: z.enum(['fixed_amount', 'percentage', 'free_shipping'], {
			errorMap: () => ({ message: 'must be fixed_amount, percentage or free_shipping' }),
		}),
		amount: z.number().positive('must be greater than 0').optional(),
		percentage: z
			.number()
			.gt(0, 'must be greater than 0')
			.max(100, 'must be at most 100')
			.optional(),
		customer_email: z.string().email('must be an email address').optional(),
		currency: z.string().length(3, 'must be a 3-letter currency code').optional(),
		usage_limit: z.number().int().positive().optional(),
		expires_at: z
			.string()
			.refine((s) => !Number.isNaN(Date.parse(s)), 'must be an ISO 8601 date')
			.optional(),
		source: z.string().optional(),
		metadata: z.record(z.unknown()).optional(),
	})
	.strict()
	.superRefine((c, ctx) => {
		if (c.type === 'fixed_amount' && c.amount === undefined)
			ctx.addIssue({
				code: 'custom',
				path: ['amount'],
				message: 'is required for type fixed_amount',
			});
		if (c.type === 'percentage' && c.percentage === undefined)
			ctx.addIssue({
				code: 'custom',
				path: ['percentage'],
				message: 'is required for type percentage',
			});
		if (c.type !== 'fixed_amount' && c.amount !== undefined)
			ctx.addIssue({
				code: 'custom',
				path: ['amount'],
				message: `is not allowed for type ${c.type}`,
			});
		if (c.type !== 'percentage' && c.percentage !== undefined)
			ctx.addIssue({
				code: 'custom',
				path: ['percentage'],
				message: `is not allowed for type ${c.type}`,
			});
	});

function sameSecret(given: string, expected: string): boolean {
	const a = Buffer.from(given);
	const b = Buffer.from(expected);
	return a.length === b.length && timingSafeEqual(a, b);
}

function fail(
	res: Response,
	status: number,
	error: string,
	extra: Record<string, unknown> = {},
): void {
	res.status(status).json({ error, ...extra });
}

/** The store's coupons, by upper-cased code (codes are case-insensitive, as at checkout), and its customer count. */
class CouponBook {
	coupons = new Map<string, StoreCoupon>();
	// Keeps counting across resets, so a test never sees an id twice.
	nextId = 1;
	constructor(readonly seedCustomers: number) {
		this.customerCount = seedCustomers;
	}
	customerCount: number;
}

/** Bearer token, then a body that parses. */
function guard(token: string): RequestHandler {
	return (req, res, next) => {
		const auth = req.headers.authorization;
		if (typeof auth !== 'string' || !sameSecret(auth, `Bearer ${token}`)) {
			res.set('WWW-Authenticate', 'Bearer');
			fail(res, 401, 'missing or invalid bearer token');
			return;
		}
		if (requestContext(res).jsonError !== undefined) {
			fail(res, 400, 'request body is not valid JSON');
			return;
		}
		next();
	};
}

function createStoreApi(book: CouponBook, token: string, now: () => Date): Router {
	const api = Router();
	api.use(guard(token));

	api.post('/coupons', (req, res) => {
		const parsed = couponSchema.safeParse(req.body ?? {});
		if (!parsed.success) {
			fail(res, 400, 'invalid coupon', {
				issues: parsed.error.issues.map((i) => ({ field: i.path.join('.'), message: i.message })),
			});
			return;
		}
		const key = parsed.data.code.toUpperCase();
		const existing = book.coupons.get(key);
		if (existing) {
			fail(res, 409, `coupon code ${existing.code} already exists`, {
				code: existing.code,
				id: existing.id,
			});
			return;
		}
		const coupon: StoreCoupon = {
			id: book.nextId++,
			...parsed.data,
			created_at: now().toISOString(),
			times_used: 0,
		};
		book.coupons.set(key, coupon);
		res.status(201).json(coupon);
	});

	api.get('/coupons/:code', (req, res) => {
		const coupon = book.coupons.get(req.params.code.toUpperCase());
		if (coupon) res.json(coupon);
		else fail(res, 404, `no coupon ${req.params.code}`);
	});

	// A paged customer export shaped like WooCommerce's (GET /wp-json/wc/v3/customers): a bare JSON
	// array, `page` from 1, `per_page`, totals in X-Total / X-Total-Pages; past the last page, [].
	api.get('/customers', (req, res) => {
		const parsed = pageQuery.safeParse(req.query);
		if (!parsed.success) {
			fail(res, 400, 'invalid query', {
				issues: parsed.error.issues.map((i) => ({ field: i.path.join('.'), message: i.message })),
			});
			return;
		}
		const { page, per_page: perPage } = parsed.data;
		const first = (page - 1) * perPage + 1;
		const last = Math.min(book.customerCount, page * perPage);
		const rows: StoreCustomer[] = [];
		for (let n = first; n <= last; n++) rows.push(storeCustomer(n));
		res.set('X-Total', String(book.customerCount));
		res.set('X-Total-Pages', String(Math.ceil(book.customerCount / perPage)));
		res.json(rows);
	});

	api.use((_req, res) => fail(res, 404, 'not found'));
	return api;
}

/** The store under `/store`, admin under `/__admin/store` (`GET /coupons`, `GET|PUT /customers`). */
export function createStoreVendor(options: StoreOptions = {}): VendorModule<StoreInfo> {
	const token = options.token ?? STORE_DEFAULT_TOKEN;
	const book = new CouponBook(options.customers ?? 0);
	const admin = Router();
	admin.get('/coupons', (_req, res) => {
		res.json([...book.coupons.values()]);
	});
	admin.get('/customers', (_req, res) => {
		res.json({ count: book.customerCount });
	});
	admin.put('/customers', (req, res) => {
		const parsed = z
			.object({ count: z.number().int().min(0).max(STORE_MAX_CUSTOMERS) })
			.strict()
			.safeParse(req.body ?? {});
		if (!parsed.success) {
			fail(res, 400, `count: a whole number from 0 to ${STORE_MAX_CUSTOMERS}`);
			return;
		}
		book.customerCount = parsed.data.count;
		res.json({ count: book.customerCount });
	});

	return {
		name: 'store',
		mounts: [
			{
				name: 'api',
				basePath: STORE_BASE,
				router: createStoreApi(book, token, options.now ?? (() => new Date())),
			},
		],
		adminRouter: admin,
		reset: () => {
			book.coupons = new Map();
			book.customerCount = book.seedCustomers;
		},
		info: (serverUrl) => ({ baseUrl: `${serverUrl}${STORE_BASE}`, token }),
	};
}
