import { Router, type Request, type RequestHandler, type Response } from 'express';
import { timingSafeEqual } from 'node:crypto';

import { redactJson } from '../core/redact';
import { bodyAsJson, requestContext } from '../core/vendor';
import type { ResolvedKotisOptions } from './options';
import { kotisRedemptionCreateSchema, parseQuantity } from './schemas';
import type { KotisState } from './state';
import type { KotisOrderRecord, KotisShipment } from './types';

const JSONAPI = { version: '1.0' } as const;

function sameSecret(given: string, expected: string): boolean {
	const a = Buffer.from(given);
	const b = Buffer.from(expected);
	return a.length === b.length && timingSafeEqual(a, b);
}

function sendErrors(res: Response, status: number, title: string, detail: string): void {
	res.status(status).json({ errors: [{ title, detail }] });
}

/** Rails answers routing misses and unparsable JSON with this shape on JSON requests. */
function railsNotFound(_req: Request, res: Response): void {
	res.status(404).json({ status: 404, error: 'Not Found' });
}

function serializeOrder(order: KotisOrderRecord): Record<string, unknown> {
	const out: Record<string, unknown> = { id: order.order_num, type: 'orders' };
	if (!order.omitAttributes) out.attributes = { status: order.status };
	out.relationships = {
		shipments: { data: order.shipments.map((s) => ({ type: 'shipments', id: s.id })) },
	};
	return out;
}

function serializeShipment(shipment: KotisShipment): Record<string, unknown> {
	const attributes: Record<string, unknown> = {
		tracking_numbers: shipment.tracking_numbers,
		shipment_date: shipment.shipment_date,
	};
	attributes[shipment.legacyStatusKey ? 'status' : 'delivery_status'] = shipment.delivery_status;
	return { id: shipment.id, type: 'shipments', attributes };
}

/** `Authorization` must be exactly the key: no `Bearer`/`Token` prefix, no whitespace trimming. */
function requireKey(options: ResolvedKotisOptions): RequestHandler {
	return (req, res, next) => {
		const given = req.headers.authorization;
		if (given === undefined || !sameSecret(given, options.apiKey)) {
			sendErrors(res, options.invalidKeyStatus, 'Invalid Api Key', '');
			return;
		}
		next();
	};
}

/** Rails answers a JSON body that does not parse with 400 before the action runs. */
const rejectBadJson: RequestHandler = (_req, res, next) => {
	if (requestContext(res).jsonError !== undefined) {
		res.status(400).json({ status: 400, error: 'Bad Request' });
		return;
	}
	next();
};

/** Orders and inventory host: `kwf.kotisdesign.com/api/v1`. */
export function createKwfRouter(state: KotisState, options: ResolvedKotisOptions): Router {
	const router = Router();
	const keyed = requireKey(options);

	// Query parameters (a SKU filter, paging) are ignored: none is documented, all SKUs come back at once.
	router.get('/skus/quantity', keyed, (_req, res) => {
		res.json({
			data: state.inventory.map((row) => ({
				id: row.id,
				type: 'skus',
				attributes: {
					physical_quantity: row.physical_quantity,
					available_quantity: row.available_quantity,
					sku: row.sku,
				},
			})),
			jsonapi: JSONAPI,
		});
	});

	// The body is read only when the content-type is JSON (like Rails); otherwise every field is blank.
	router.post('/orders/create', keyed, rejectBadJson, (req, res) => {
		const result = state.placeOrder(req.body ?? {});
		if (!result.ok) {
			sendErrors(res, options.invalidOrderStatus, 'Invalid Order', result.messages.join(', '));
			return;
		}
		res.json({ status: 'success', order_num: result.order.order_num });
	});

	router.get('/orders/status', keyed, (req, res) => sendOrderStatus(state, options, req, res));

	router.use(railsNotFound);
	return router;
}

/**
 * `order_numbers` is split on commas without trimming (` 12345` does not match `12345`), unknown
 * numbers are silently omitted, and orders come back in creation order, not request order, so the
 * client must join by id. `included` is omitted when there are no shipments.
 */
function sendOrderStatus(
	state: KotisState,
	options: ResolvedKotisOptions,
	req: Request,
	res: Response,
): void {
	const raw =
		new URL(req.originalUrl, 'http://sandbox.invalid').searchParams
			.getAll('order_numbers')
			.at(-1) ?? '';
	const wanted = raw === '' ? [] : raw.split(',');
	const limit = options.maxOrderNumbersPerStatusCall;
	if (limit > 0 && wanted.length > limit) {
		// Invented: Kotis documents no limit. See `maxOrderNumbersPerStatusCall`.
		sendErrors(
			res,
			options.invalidOrderStatus,
			'Invalid Request',
			`Too many order numbers (${wanted.length}); the maximum is ${limit}`,
		);
		return;
	}
	const orders = state.orders.filter((o) => wanted.includes(o.order_num));
	const included = orders.flatMap((o) => o.shipments.map(serializeShipment));
	const reply: Record<string, unknown> = { data: orders.map(serializeOrder) };
	if (included.length > 0) reply.included = included;
	reply.jsonapi = JSONAPI;
	res.json(reply);
}

/** Redemption-code host: `stores.kotisdesign.com/api/v1`. Deliberately permissive (unpublished keys). */
export function createStoresRouter(state: KotisState, options: ResolvedKotisOptions): Router {
	const router = Router();

	router.post('/redemption_codes/create', (req, res) => {
		// Parsed whatever the content-type: the request format is unpublished.
		const json = bodyAsJson(requestContext(res));
		const input = json !== null && typeof json === 'object' && !Array.isArray(json) ? json : {};
		const parsed = kotisRedemptionCreateSchema.safeParse(input);
		const body = parsed.success
			? parsed.data
			: { API_KEY: '', api_key: '', quantity: undefined, count: undefined };

		// The key may travel in the Authorization header or as `API_KEY` in the body (unpublished which).
		const header = req.headers.authorization;
		const keys = [header ?? '', body.API_KEY ?? '', body.api_key ?? ''];
		if (!keys.some((k) => k !== '' && sameSecret(k, options.apiKey))) {
			sendErrors(res, options.invalidKeyStatus, 'Invalid Api Key', '');
			return;
		}

		const requested = body.quantity ?? body.count;
		const count = requested === undefined || requested === '' ? 1 : parseQuantity(requested);
		const max = options.redemptionCodesMaxPerCall;
		if (count === undefined || count > max) {
			sendErrors(
				res,
				options.invalidOrderStatus,
				'Invalid Request',
				`Quantity must be a whole number from 1 to ${max}`,
			);
			return;
		}
		const result = state.issueCodes(count, redactJson(input));
		if (!result.ok) {
			sendErrors(res, options.invalidOrderStatus, result.title, result.detail);
			return;
		}
		// INVENTED response shape: Kotis does not publish one. Nodes must not rely on it beyond this stand-in.
		res.json({ status: 'success', redemption_codes: result.codes });
	});

	router.use(railsNotFound);
	return router;
}
