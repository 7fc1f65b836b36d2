import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';

import { mapItems } from '../../../shared/items';
import { validateInput } from '../../../shared/validation';
import { companyIdParam, getOne, path, send } from '../../api';
import { idSchema } from '../../schemas';
import { addLine } from './update/addLine';
import { addNote } from './update/addNote';
import { addPayment } from './update/addPayment';
import { arrayUpdateField, type OrderChange } from './update/change';
import { priceVariation } from './update/priceVariation';

/** The Change values, each a sub-operation in ./update/ with its own parameters and request. */
const CHANGES: Record<string, OrderChange> = { addLine, addPayment, priceVariation, addNote };

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
			{
				name: 'Add Line',
				value: 'addLine',
				description: 'Adds a line to the order (see Send Lines and Payments As)',
			},
			{
				name: 'Add Note',
				value: 'addNote',
				description: 'Appends to the order notes (GET, then PUT notes)',
			},
			{
				name: 'Add Payment',
				value: 'addPayment',
				description: 'Adds a payment to the order (see Send Lines and Payments As)',
			},
			{
				name: 'Set Price Variation (Discount)',
				value: 'priceVariation',
				description:
					"PUT the order's price_variation multiplier: 0.9 is 10% off. Kounta documents no money-amount discount.",
			},
		],
		default: 'addLine',
	},
	...addLine.properties,
	...addPayment.properties,
	...priceVariation.properties,
	...addNote.properties,
	arrayUpdateField,
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

export const description = updateDisplayOptions(
	{ show: { resource: ['order'], operation: ['update'] } },
	properties,
);

export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
	return await mapItems(this, items, async (i) => {
		const node = this.getNode();
		const orderId = validateInput(
			node,
			idSchema('Order ID'),
			String(this.getNodeParameter('orderId', i, '')),
			{ itemIndex: i, what: 'Kounta order' },
		);
		const change = this.getNodeParameter('change', i) as string;
		const notAfter = deadlineParam(this, i);
		// A value this node does not know (only an expression can give one) adds a note, as it always has.
		const request = await (Object.hasOwn(CHANGES, change) ? CHANGES[change] : addNote).request(
			this,
			i,
			orderId,
			notAfter,
		);
		const companyId = await companyIdParam(this, i, notAfter);
		const url =
			path('companies', companyId, 'orders', orderId) + (request.sub ? `/${request.sub}` : '');
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
		throw new NodeOperationError(
			ctx.getNode(),
			`Do Not Send After: expected an ISO date-time such as 2026-12-01T10:00:08Z, got "${raw}"`,
			{ itemIndex: i },
		);
	}
	return at;
}
