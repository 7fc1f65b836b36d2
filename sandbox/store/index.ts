import { timingSafeEqual } from 'node:crypto';

import { Router, type RequestHandler, type Response } from 'express';
import { z } from 'zod';

import { requestContext, type VendorModule } from '../core/vendor';
import type { StoreCoupon } from './types';

/**
 * A tiny generic e-commerce store: what a template does with a loyalty coupon code once the loyalty
 * platform has issued it (create the discount in "your store"). Not modelled on any vendor, so every
 * shape here is this sandbox's own contract.
 */
export interface StoreOptions {
	/** Expected as `Authorization: Bearer <token>`. Default `store-test-token`. */
	token?: string;
	now?: () => Date;
}

export interface StoreInfo {
	baseUrl: string;
	token: string;
}

const STORE_BASE = '/store';
const STORE_DEFAULT_TOKEN = 'store-test-token';

const couponSchema = z
	.object({
		code: z.string({ required_error: 'is required' }).trim().min(1, 'is required').max(64),
		type: z.enum(['fixed_amount', 'percentage', 'free_shipping'], { errorMap: () => ({ message: 'must be fixed_amount, percentage or free_shipping' }) }),
		amount: z.number().positive('must be greater than 0').optional(),
		percentage: z.number().gt(0, 'must be greater than 0').max(100, 'must be at most 100').optional(),
		customer_email: z.string().email('must be an email address').optional(),
		currency: z.string().length(3, 'must be a 3-letter currency code').optional(),
		usage_limit: z.number().int().positive().optional(),
		expires_at: z.string().refine((s) => !Number.isNaN(Date.parse(s)), 'must be an ISO 8601 date').optional(),
		source: z.string().optional(),
		metadata: z.record(z.unknown()).optional(),
	})
	.strict()
	.superRefine((c, ctx) => {
		if (c.type === 'fixed_amount' && c.amount === undefined) ctx.addIssue({ code: 'custom', path: ['amount'], message: 'is required for type fixed_amount' });
		if (c.type === 'percentage' && c.percentage === undefined) ctx.addIssue({ code: 'custom', path: ['percentage'], message: 'is required for type percentage' });
		if (c.type !== 'fixed_amount' && c.amount !== undefined) ctx.addIssue({ code: 'custom', path: ['amount'], message: `is not allowed for type ${c.type}` });
		if (c.type !== 'percentage' && c.percentage !== undefined) ctx.addIssue({ code: 'custom', path: ['percentage'], message: `is not allowed for type ${c.type}` });
	});

function sameSecret(given: string, expected: string): boolean {
	const a = Buffer.from(given);
	const b = Buffer.from(expected);
	return a.length === b.length && timingSafeEqual(a, b);
}

function fail(res: Response, status: number, error: string, extra: Record<string, unknown> = {}): void {
	res.status(status).json({ error, ...extra });
}

/** The store's coupons, by upper-cased code: codes are case-insensitive, as at checkout. */
class CouponBook {
	coupons = new Map<string, StoreCoupon>();
	// Keeps counting across resets, so a test never sees an id twice.
	nextId = 1;
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
			fail(res, 400, 'invalid coupon', { issues: parsed.error.issues.map((i) => ({ field: i.path.join('.'), message: i.message })) });
			return;
		}
		const key = parsed.data.code.toUpperCase();
		const existing = book.coupons.get(key);
		if (existing) {
			fail(res, 409, `coupon code ${existing.code} already exists`, { code: existing.code, id: existing.id });
			return;
		}
		const coupon: StoreCoupon = { id: book.nextId++, ...parsed.data, created_at: now().toISOString(), times_used: 0 };
		book.coupons.set(key, coupon);
		res.status(201).json(coupon);
	});

	api.get('/coupons/:code', (req, res) => {
		const coupon = book.coupons.get(req.params.code.toUpperCase());
		if (coupon) res.json(coupon);
		else fail(res, 404, `no coupon ${req.params.code}`);
	});

	api.use((_req, res) => fail(res, 404, 'not found'));
	return api;
}

/** The store under `/store`, admin under `/__admin/store` (`GET /coupons`). */
export function createStoreVendor(options: StoreOptions = {}): VendorModule<StoreInfo> {
	const token = options.token ?? STORE_DEFAULT_TOKEN;
	const book = new CouponBook();
	const admin = Router();
	admin.get('/coupons', (_req, res) => {
		res.json([...book.coupons.values()]);
	});
	return {
		name: 'store',
		mounts: [{ name: 'api', basePath: STORE_BASE, router: createStoreApi(book, token, options.now ?? (() => new Date())) }],
		adminRouter: admin,
		reset: () => {
			book.coupons = new Map();
		},
		info: (serverUrl) => ({ baseUrl: `${serverUrl}${STORE_BASE}`, token }),
	};
}
