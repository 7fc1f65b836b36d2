import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';

import { mapItems } from '../../../shared/items';
import { locator } from '../../../shared/listSearch';
import { validateInput } from '../../../shared/validation';
import { companyIdParam, getOne, path, send } from '../../api';
import { idSchema, lineSchema, noteSchema, paymentSchema, priceVariationSchema } from '../../schemas';

const properties: INodeProperties[] = [
	{
		displayName: 'Order ID',
		name: 'orderId',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. 93824701',
		description: 'On a redeem call, the order_id Kounta sent',
	},
	{
		displayName: 'Change',
		name: 'change',
		type: 'options',
		noDataExpression: true,
		options: [
			{ name: 'Add Line', value: 'addLine', description: 'Adds a line to the order (see Send Lines and Payments As)' },
			{ name: 'Add Note', value: 'addNote', description: 'Appends to the order notes (GET, then PUT notes)' },
			{ name: 'Add Payment', value: 'addPayment', description: 'Adds a payment to the order (see Send Lines and Payments As)' },
			{
				name: 'Set Price Variation (Discount)',
				value: 'priceVariation',
				description: 'PUT the order\'s price_variation multiplier: 0.9 is 10% off. Kounta documents no money-amount discount.',
			},
		],
		default: 'addLine',
	},
	{
		...locator({
			displayName: 'Product',
			name: 'productId',
			searchListMethod: 'searchProducts',
			required: true,
			idPlaceholder: 'e.g. 1003',
			description: 'The product the line adds: search the catalogue by name, code or barcode, or enter its ID',
		}),
		displayOptions: { show: { change: ['addLine'] } },
	},
	{ displayName: 'Quantity', name: 'quantity', type: 'number', default: 1, displayOptions: { show: { change: ['addLine'] } } },
	{
		displayName: 'Line Options',
		name: 'lineOptions',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		displayOptions: { show: { change: ['addLine'] } },
		options: [
			{ displayName: 'Notes', name: 'notes', type: 'string', default: '' },
			{
				displayName: 'Price Variation',
				name: 'priceVariation',
				type: 'number',
				typeOptions: { numberPrecision: 4 },
				default: 1,
				description: 'Multiplier on the line: 0 makes it free, 0.9 is 10% off',
			},
			{ displayName: 'Unit Price', name: 'unitPrice', type: 'number', typeOptions: { numberPrecision: 2 }, default: 0 },
		],
	},
	{ displayName: 'Payment Method ID', name: 'methodId', type: 'string', default: '', required: true, displayOptions: { show: { change: ['addPayment'] } } },
	{
		displayName: 'Amount',
		name: 'amount',
		type: 'number',
		typeOptions: { numberPrecision: 2 },
		default: 0,
		displayOptions: { show: { change: ['addPayment'] } },
	},
	{
		displayName: 'Reference',
		name: 'ref',
		type: 'string',
		default: '',
		description: 'Payment reference, e.g. the reward or voucher ID',
		displayOptions: { show: { change: ['addPayment'] } },
	},
	{
		displayName: 'Discount Mode',
		name: 'discountMode',
		type: 'options',
		options: [
			{ name: 'Percent Off', value: 'percent' },
			{ name: 'Multiplier', value: 'multiplier' },
		],
		default: 'percent',
		displayOptions: { show: { change: ['priceVariation'] } },
	},
	{
		displayName: 'Value',
		name: 'discountValue',
		type: 'number',
		typeOptions: { numberPrecision: 4 },
		default: 10,
		description: 'Percent off (10 = 10% off) or the multiplier itself (0.9)',
		displayOptions: { show: { change: ['priceVariation'] } },
	},
	{ displayName: 'Note', name: 'note', type: 'string', default: '', required: true, displayOptions: { show: { change: ['addNote'] } } },
	{
		displayName: 'Send Lines and Payments As',
		name: 'arrayUpdate',
		type: 'options',
		options: [
			{
				name: 'Whole Order Arrays (PUT Order, Replace)',
				value: 'putReplace',
				description:
					'Documented route: PUT …/orders/{ID} with the order\'s current lines (or payments) plus the new one. Right if Kounta replaces the arrays on PUT (unpublished).',
			},
			{
				name: 'New Entry Only (PUT Order, Append)',
				value: 'putAppend',
				description: 'PUT …/orders/{ID} with only the new line (or payment). Right if Kounta appends the arrays on PUT (unpublished).',
			},
			{
				name: 'Sub-Resource (POST …/Lines or …/Payments)',
				value: 'subResource',
				description: 'POST …/orders/{ID}/lines or …/payments: seen in one client library, not in Kounta\'s docs',
			},
		],
		default: 'putReplace',
		description:
			'How a line or payment reaches Kounta. Only PUT …/orders/{ID} is documented; whether it replaces or appends the lines and payments arrays is not, so check on a test order first. Never retried automatically unless the call is a full replacement.',
		displayOptions: { show: { change: ['addLine', 'addPayment'] } },
	},
	{
		displayName: 'Do Not Send After',
		name: 'doNotSendAfter',
		type: 'string',
		default: '',
		placeholder: "e.g. {{ $('Kounta Loyalty Trigger').item.json.reply_by }}",
		description:
			"Optional ISO date-time. Past it nothing more is sent to Kounta (a wait for Kounta's rate limit or a retry that would end later fails at once), and a change already sent waits for Kounta's answer only until then. A change that got no answer in time is never sent again: it fails with outcome 'unknown' (with Continue On Fail, in the item's outcome field), meaning it may have been applied, so read the order before telling the till. 'not_sent' and 'rejected' mean nothing changed. Use the loyalty trigger's reply_by.",
	},
];

export const description = updateDisplayOptions({ show: { resource: ['order'], operation: ['update'] } }, properties);

export async function execute(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	return await mapItems(this, items, async (i) => {
		const node = this.getNode();
		const orderId = validateInput(node, idSchema('Order ID'), String(this.getNodeParameter('orderId', i, '')), { itemIndex: i, what: 'Kounta order' });
		const change = this.getNodeParameter('change', i) as string;
		const notAfter = deadlineParam(this, i);
		let request: OrderRequest;
		switch (change) {
			case 'addLine': {
				const options = this.getNodeParameter('lineOptions', i, {}) as IDataObject;
				const line = validateInput(
					node,
					lineSchema,
					{
						// A plain string (workflows saved before the picker) passes through extractValue unchanged.
						product_id: String(this.getNodeParameter('productId', i, '', { extractValue: true }) ?? '').trim(),
						quantity: this.getNodeParameter('quantity', i, 1),
						unit_price: options.unitPrice,
						price_variation: options.priceVariation,
						notes: options.notes || undefined,
					},
					{ itemIndex: i, what: 'order line', labels: { product_id: 'Product ID', quantity: 'Quantity', price_variation: 'Price Variation' } },
				);
				request = await arrayChange(this, i, orderId, 'lines', line as IDataObject, notAfter);
				break;
			}
			case 'addPayment': {
				const payment = validateInput(
					node,
					paymentSchema,
					{
						method_id: String(this.getNodeParameter('methodId', i, '')).trim(),
						amount: this.getNodeParameter('amount', i, 0),
						ref: String(this.getNodeParameter('ref', i, '')).trim() || undefined,
					},
					{ itemIndex: i, what: 'order payment', labels: { method_id: 'Payment Method ID', amount: 'Amount' } },
				);
				request = await arrayChange(this, i, orderId, 'payments', payment as IDataObject, notAfter);
				break;
			}
			case 'priceVariation': {
				const value = Number(this.getNodeParameter('discountValue', i, 0));
				const multiplier = this.getNodeParameter('discountMode', i, 'percent') === 'percent' ? Math.round((1 - value / 100) * 10000) / 10000 : value;
				const body = validateInput(node, priceVariationSchema, { price_variation: multiplier }, {
					itemIndex: i,
					what: 'price variation',
					labels: { price_variation: 'Value' },
				});
				request = { method: 'PUT', body };
				break;
			}
			default: {
				const { note } = validateInput(node, noteSchema, { note: String(this.getNodeParameter('note', i, '')) }, {
					itemIndex: i,
					what: 'order note',
					labels: { note: 'Note' },
				});
				const companyId = await companyIdParam(this, i, notAfter);
				// PUT replaces `notes`; read first so the note is appended, not overwriting the till's notes.
				const order = await getOne.call(this, path('companies', companyId, 'orders', orderId), { itemIndex: i, notAfter });
				const existing = typeof order.notes === 'string' ? order.notes.trim() : '';
				request = { method: 'PUT', body: { notes: existing ? `${existing}\n${note}` : note } };
			}
		}
		const companyId = await companyIdParam(this, i, notAfter);
		const url = path('companies', companyId, 'orders', orderId) + (request.sub ? `/${request.sub}` : '');
		// A PUT of one field or of whole arrays is a repeatable change; appending a line or a payment
		// is not, and the transport never re-sends a non-idempotent call that may have arrived.
		const { record } = await send.call(this, request.method, url, request.body, {
			itemIndex: i,
			notAfter,
			followLocation: request.method === 'POST',
			idempotent: request.idempotent,
		});
		// PUT may answer 200 without a body: read the order back so the output shows the result. The
		// change is made by then, so a read-back that fails (or would run past the deadline) must not
		// turn it into a failure: the output then says the result was not read.
		let result: IDataObject = record;
		if (Object.keys(record).length === 0 && !request.sub) {
			try {
				result = await getOne.call(this, url, { itemIndex: i, notAfter });
			} catch (error) {
				result = { not_read_back: (error as Error).message };
			}
		}
		return { order_id: orderId, change, sent: request.body, result };
	});
}

/** "Do Not Send After" as epoch ms; empty means no deadline. */
function deadlineParam(ctx: IExecuteFunctions, i: number): number | undefined {
	const raw = String(ctx.getNodeParameter('doNotSendAfter', i, '') ?? '').trim();
	if (raw === '') return undefined;
	const at = Date.parse(raw);
	if (Number.isNaN(at)) {
		throw new NodeOperationError(ctx.getNode(), `Do Not Send After: expected an ISO date-time such as 2026-12-01T10:00:08Z, got "${raw}"`, { itemIndex: i });
	}
	return at;
}

interface OrderRequest {
	method: 'POST' | 'PUT';
	sub?: string;
	body: IDataObject;
	idempotent?: boolean;
}

/** What a current line looks like in a PUT body (the fields Kounta accepts on create). */
function lineInput(line: IDataObject): IDataObject {
	const out: IDataObject = {};
	for (const key of ['product_id', 'quantity', 'unit_price', 'price_variation', 'notes', 'modifiers']) {
		if (line[key] !== undefined && line[key] !== null) out[key] = line[key];
	}
	if (out.product_id === undefined && typeof line.product === 'object' && line.product !== null) out.product_id = (line.product as IDataObject).id;
	return out;
}

/** What a current payment looks like in a PUT body: responses carry `method{id,name}`, requests `method_id`. */
function paymentInput(payment: IDataObject): IDataObject {
	const method = payment.method as IDataObject | undefined;
	const out: IDataObject = { method_id: payment.method_id ?? method?.id, amount: payment.amount };
	if (payment.ref !== undefined && payment.ref !== null && payment.ref !== '') out.ref = payment.ref;
	return out;
}

async function arrayChange(
	ctx: IExecuteFunctions,
	i: number,
	orderId: string,
	key: 'lines' | 'payments',
	entry: IDataObject,
	notAfter: number | undefined,
): Promise<OrderRequest> {
	const mode = ctx.getNodeParameter('arrayUpdate', i, 'putReplace') as string;
	if (mode === 'subResource') return { method: 'POST', sub: key, body: entry, idempotent: false };
	if (mode === 'putAppend') return { method: 'PUT', body: { [key]: [entry] }, idempotent: false };
	const companyId = await companyIdParam(ctx, i, notAfter);
	const order = await getOne.call(ctx, path('companies', companyId, 'orders', orderId), { itemIndex: i, notAfter });
	const current = Array.isArray(order[key]) ? (order[key] as IDataObject[]) : [];
	const kept = current.map((existing) => (key === 'lines' ? lineInput(existing) : paymentInput(existing)));
	return { method: 'PUT', body: { [key]: [...kept, entry] }, idempotent: true };
}
