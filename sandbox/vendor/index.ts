import { timingSafeEqual } from 'node:crypto';

import { Router, type Request, type Response } from 'express';
import { z } from 'zod';

import { parseOr400 } from '../core/admin';
import { requestContext, type VendorModule } from '../core/vendor';
import type { VendorCatalogItem, VendorOrder, VendorOrderRecord } from './types';

/**
 * A generic **fulfilment vendor**: the "any vendor" of the reformat-and-forward templates
 * (`workflows/*-to-any-vendor.json`), i.e. whatever swag shop, gift-card or print-on-demand service a
 * program uses that this package has no node for. Not modelled on any real vendor: every shape here is
 * this stand-in's own contract, chosen to look like a typical order API (API key header, JSON order
 * with a caller reference, `201` with the vendor's id, `4xx` `{error: {code, message}}` when it will
 * not take the order). What a test needs on top (5xx, an order created but answered with 5xx, slow or
 * no answer) comes from the sandbox's fault injection: `addFault({vendor: 'vendor', path: '/orders', ...})`.
 */
export interface VendorOptions {
	/** Expected in `apiKeyHeader`. Default `vendor-test-key`. */
	apiKey?: string;
	/** Header carrying the key (lower case). Default `x-api-key`. */
	apiKeyHeader?: string;
	/**
	 * What a repeated `Idempotency-Key` header does. `ignore` (default, the hardest case for a client):
	 * every POST creates an order, so a client must never re-send an order blindly. `honour`: a repeat
	 * of a key answers the first order again (200) and creates nothing.
	 */
	idempotency?: 'ignore' | 'honour';
	/** The catalog at start and after each reset. Default: `DEFAULT_VENDOR_CATALOG`. */
	catalog?: VendorCatalogItem[];
	now?: () => Date;
}

export interface VendorInfo {
	baseUrl: string;
	apiKey: string;
	apiKeyHeader: string;
}

const VENDOR_BASE = '/vendor/v1';
const VENDOR_DEFAULT_KEY = 'vendor-test-key';

const DEFAULT_VENDOR_CATALOG: readonly VendorCatalogItem[] = [
	{
		sku: 'ACME-TEE',
		name: 'Acme T-shirt',
		sizes: ['S', 'M', 'L', 'XL'],
		stock: { S: 10, M: 10, L: 0, XL: 10 },
		digital: false,
	},
	{ sku: 'ACME-MUG', name: 'Acme Mug', sizes: [], stock: 25, digital: false },
	{ sku: 'ACME-GIFT-25', name: 'Acme $25 gift card', sizes: [], stock: null, digital: true },
];

const text = (max: number) =>
	z
		.string({ required_error: 'is required', invalid_type_error: 'must be a string' })
		.trim()
		.min(1, 'is required')
		.max(max, `must be at most ${max} characters`);
const optionalText = (max: number) =>
	z
		.string({ invalid_type_error: 'must be a string' })
		.max(max, `must be at most ${max} characters`)
		.optional();

const orderSchema = z
	.object({
		reference: text(100),
		recipient: z.object(
			{
				name: text(200),
				email: z.string({ required_error: 'is required' }).email('must be an email address'),
				phone: optionalText(40),
			},
			{ required_error: 'is required' },
		),
		shipping_address: z
			.object({
				line1: text(200),
				line2: optionalText(200),
				city: text(100),
				region: optionalText(100),
				postal_code: text(20),
				country: text(60),
			})
			.optional(),
		items: z
			.array(
				z.object({
					sku: text(64),
					size: optionalText(20),
					quantity: z
						.number({ required_error: 'is required', invalid_type_error: 'must be a number' })
						.int('must be a whole number')
						.min(1, 'must be at least 1')
						.max(10, 'must be at most 10'),
				}),
				{ required_error: 'is required' },
			)
			.min(1, 'must hold at least one item'),
		note: optionalText(1000),
	})
	.strict();

const catalogItemSchema = z
	.object({
		sku: z.string().min(1),
		name: z.string().min(1),
		sizes: z.array(z.string().min(1)).default([]),
		stock: z.union([z.number().int().min(0), z.record(z.number().int().min(0)), z.null()]),
		digital: z.boolean().default(false),
	})
	.strict();
const catalogSchema = z
	.array(catalogItemSchema)
	.refine((items) => new Set(items.map((i) => i.sku)).size === items.length, {
		message: 'duplicate sku',
	});

function sameSecret(given: string, expected: string): boolean {
	const a = Buffer.from(given);
	const b = Buffer.from(expected);
	return a.length === b.length && timingSafeEqual(a, b);
}

function fail(res: Response, status: number, code: string, message: string, field?: string): void {
	res.status(status).json({ error: { code, message, ...(field ? { field } : {}) } });
}

function copyCatalog(items: readonly VendorCatalogItem[]): VendorCatalogItem[] {
	return items.map((item) => ({
		...item,
		sizes: [...item.sizes],
		stock: item.stock !== null && typeof item.stock === 'object' ? { ...item.stock } : item.stock,
	}));
}

type OrderInput = z.output<typeof orderSchema>;
type OrderLine = OrderInput['items'][number];

/** Why a line cannot be ordered: the status and error the API answers with. */
interface Refusal {
	status: number;
	code: string;
	message: string;
	field: string;
}

/** What one line needs: a refusal, or the change to stock it makes once every line passed (null: none). */
function checkLine(
	catalog: VendorCatalogItem[],
	input: OrderInput,
	line: OrderLine,
	index: number,
): Refusal | (() => void) | null {
	const item = catalog.find((c) => c.sku === line.sku);
	if (!item)
		return {
			status: 422,
			code: 'unknown_sku',
			message: `SKU ${line.sku} is not in our catalog`,
			field: `items.${index}.sku`,
		};
	if (item.sizes.length === 0 && line.size)
		return {
			status: 422,
			code: 'invalid_size',
			message: `${item.name} comes in one size only`,
			field: `items.${index}.size`,
		};
	if (item.sizes.length > 0 && !item.sizes.includes(line.size ?? '')) {
		const sizes = item.sizes.join(', ');
		const message = line.size
			? `Size "${line.size}" is not available for ${item.name} (sizes: ${sizes})`
			: `${item.name} needs a size (${sizes})`;
		return { status: 422, code: 'invalid_size', message, field: `items.${index}.size` };
	}
	if (!item.digital && !input.shipping_address) {
		return {
			status: 400,
			code: 'invalid_request',
			message: `shipping_address is required for ${item.name}`,
			field: 'shipping_address',
		};
	}
	const stock = item.stock;
	if (stock === null) return null;
	if (typeof stock === 'number') {
		if (stock < line.quantity)
			return {
				status: 422,
				code: 'out_of_stock',
				message: `${item.name} is out of stock`,
				field: `items.${index}`,
			};
		return () => (item.stock = (item.stock as number) - line.quantity);
	}
	const size = line.size as string;
	if ((stock[size] ?? 0) < line.quantity)
		return {
			status: 422,
			code: 'out_of_stock',
			message: `${item.name} in size ${size} is out of stock`,
			field: `items.${index}`,
		};
	return () => (stock[size] -= line.quantity);
}

/** Every line checked before anything is taken from stock: a refused order changes nothing. */
function takeStock(catalog: VendorCatalogItem[], input: OrderInput): Refusal | undefined {
	const takes: Array<() => void> = [];
	for (const [index, line] of input.items.entries()) {
		const checked = checkLine(catalog, input, line, index);
		if (checked === null) continue;
		if (typeof checked !== 'function') return checked;
		takes.push(checked);
	}
	for (const take of takes) take();
	return undefined;
}

const publicOrder = ({ idempotency_key: _key, ...order }: VendorOrderRecord): VendorOrder => order;

/** The stand-in's data: catalog and orders, back to the seed on reset. */
class VendorData {
	catalog: VendorCatalogItem[];
	orders: VendorOrderRecord[] = [];
	// Order ids keep counting across resets, like the other stand-ins, so a test never sees an id twice.
	nextId = 10001;

	constructor(private readonly seedCatalog: VendorCatalogItem[]) {
		this.catalog = copyCatalog(seedCatalog);
	}

	reset(): void {
		this.catalog = copyCatalog(this.seedCatalog);
		this.orders = [];
	}
}

function createVendorApi(
	data: VendorData,
	options: VendorOptions,
	apiKey: string,
	keyHeader: string,
): Router {
	const idempotency = options.idempotency ?? 'ignore';
	const now = options.now ?? (() => new Date());
	const api = Router();
	api.use((req, res, next) => {
		const presented = req.headers[keyHeader];
		if (typeof presented !== 'string' || !sameSecret(presented, apiKey)) {
			fail(res, 401, 'unauthorized', `missing or invalid API key (header ${keyHeader})`);
			return;
		}
		if (requestContext(res).jsonError !== undefined) {
			fail(res, 400, 'invalid_json', 'the request body is not valid JSON');
			return;
		}
		next();
	});

	api.post('/orders', (req: Request, res: Response) => {
		const idempotencyKey =
			typeof req.headers['idempotency-key'] === 'string'
				? req.headers['idempotency-key']
				: undefined;
		const earlier =
			idempotency === 'honour' && idempotencyKey
				? data.orders.find((o) => o.idempotency_key === idempotencyKey)
				: undefined;
		if (earlier) {
			res.status(200).json(publicOrder(earlier));
			return;
		}
		const parsed = orderSchema.safeParse(req.body ?? {});
		if (!parsed.success) {
			const issue = parsed.error.issues[0];
			const field = issue.path.join('.') || 'body';
			fail(res, 400, 'invalid_request', `${field} ${issue.message}`, field);
			return;
		}
		const input = parsed.data;
		const refused = takeStock(data.catalog, input);
		if (refused) {
			fail(res, refused.status, refused.code, refused.message, refused.field);
			return;
		}
		const order: VendorOrder = {
			id: `VO-${data.nextId++}`,
			status: 'accepted',
			created_at: now().toISOString(),
			...input,
		};
		data.orders.push({ ...order, ...(idempotencyKey ? { idempotency_key: idempotencyKey } : {}) });
		res.status(201).json(order);
	});

	// For whoever must find out whether an order whose answer was lost exists: by the caller's reference.
	api.get('/orders', (req, res) => {
		const reference = typeof req.query.reference === 'string' ? req.query.reference : undefined;
		res.json({
			orders: data.orders
				.filter((o) => reference === undefined || o.reference === reference)
				.map(publicOrder),
		});
	});

	api.get('/orders/:id', (req, res) => {
		const order = data.orders.find((o) => o.id === req.params.id);
		if (order) res.json(publicOrder(order));
		else fail(res, 404, 'not_found', `no order ${req.params.id}`);
	});

	api.use((_req, res) => fail(res, 404, 'not_found', 'no such endpoint'));
	return api;
}

function createVendorAdmin(data: VendorData): Router {
	const admin = Router();
	admin.get('/orders', (_req, res) => {
		res.json(data.orders);
	});
	admin.get('/catalog', (_req, res) => {
		res.json(data.catalog);
	});
	admin.put('/catalog', (req, res) => {
		const parsed = parseOr400(catalogSchema, req.body, res);
		if (!parsed) return;
		data.catalog = copyCatalog(parsed);
		res.json(data.catalog);
	});
	return admin;
}

/** The vendor under `/vendor/v1`, admin under `/__admin/vendor`. */
export function createFulfilmentVendor(options: VendorOptions = {}): VendorModule<VendorInfo> {
	const apiKey = options.apiKey ?? VENDOR_DEFAULT_KEY;
	const keyHeader = (options.apiKeyHeader ?? 'x-api-key').toLowerCase();
	const data = new VendorData(copyCatalog(options.catalog ?? DEFAULT_VENDOR_CATALOG));
	return {
		name: 'vendor',
		mounts: [
			{
				name: 'api',
				basePath: VENDOR_BASE,
				router: createVendorApi(data, options, apiKey, keyHeader),
			},
		],
		adminRouter: createVendorAdmin(data),
		reset: () => data.reset(),
		info: (serverUrl) => ({
			baseUrl: `${serverUrl}${VENDOR_BASE}`,
			apiKey,
			apiKeyHeader: keyHeader,
		}),
	};
}
