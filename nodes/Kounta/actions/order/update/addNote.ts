import { validateInput } from '../../../../shared/validation';
import { companyIdParam, getOne, path } from '../../../api';
import { noteSchema } from '../../../schemas';
import type { OrderChange } from './change';

/** Change → Add Note: appends to the order's notes. */
export const addNote: OrderChange = {
	properties: [
		{
			displayName: 'Note',
			name: 'note',
			type: 'string',
			default: '',
			required: true,
			displayOptions: { show: { change: ['addNote'] } },
		},
	],
	async request(ctx, i, orderId, notAfter) {
		const { note } = validateInput(
			ctx.getNode(),
			noteSchema,
			{ note: String(ctx.getNodeParameter('note', i, '')) },
			{
				itemIndex: i,
				what: 'order note',
				labels: { note: 'Note' },
			},
		);
		const companyId = await companyIdParam(ctx, i, notAfter);
		// PUT replaces `notes`; read first so the note is appended, not overwriting the till's notes.
		const order = await getOne.call(ctx, path('companies', companyId, 'orders', orderId), {
			itemIndex: i,
			notAfter,
		});
		const existing = typeof order.notes === 'string' ? order.notes.trim() : '';
		return { method: 'PUT', body: { notes: existing ? `${existing}\n${note}` : note } };
	},
};
