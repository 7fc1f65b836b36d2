import type { IDataObject } from 'n8n-workflow';
import nock from 'nock';

import { KotisTrigger } from '../../../nodes/Kotis/KotisTrigger.node';
import { fakePollContext } from '../../helpers/fake-context';
import { useFakeTiming, useNock } from '../../helpers/http-testing';
import { BASE, credentials } from './fixtures';

useNock();
beforeEach(() => useFakeTiming());

const order = (
	id: string,
	status: string,
	shipments: Array<{ id: string; delivery_status: string; tracking?: string }> = [],
) => ({
	data: [
		{
			id,
			type: 'orders',
			attributes: { status },
			relationships: {
				shipments: { data: shipments.map((s) => ({ type: 'shipments', id: s.id })) },
			},
		},
	],
	included: shipments.map((s) => ({
		id: s.id,
		type: 'shipments',
		attributes: {
			tracking_numbers: s.tracking ?? '',
			shipment_date: null,
			delivery_status: s.delivery_status,
		},
	})),
	jsonapi: { version: '1.0' },
});

function poller(
	staticData: IDataObject,
	events = ['order.shipped', 'order.delivered', 'order.cancelled'],
	mode = 'trigger',
) {
	return fakePollContext({
		credentials,
		staticData,
		mode: mode as 'trigger',
		parameters: { orderNumbers: '5134691', events, options: {} },
	});
}

describe('Kotis Design Trigger', () => {
	it('records a baseline, then emits one item per watched change', async () => {
		const state: IDataObject = {};
		const reply = (body: object) =>
			nock(BASE).get('/orders/status').query({ order_numbers: '5134691' }).reply(200, body);

		reply(order('5134691', 'pending'));
		expect(await new KotisTrigger().poll.call(poller(state).context)).toBeNull();

		reply(order('5134691', 'pending'));
		expect(await new KotisTrigger().poll.call(poller(state).context)).toBeNull();

		reply(
			order('5134691', 'shipped', [
				{ id: '9', delivery_status: 'in_transit', tracking: '1Z999, 1Z998' },
			]),
		);
		const shipped = await new KotisTrigger().poll.call(poller(state).context);
		expect(shipped?.[0].map((i) => i.json)).toEqual([
			expect.objectContaining({
				event: 'order.shipped',
				order_num: '5134691',
				previous_status: 'pending',
				status: 'shipped',
				tracking_numbers: ['1Z999', '1Z998'],
			}),
		]);

		// A shipment change alone is not watched here; the cancelled order is.
		reply(order('5134691', 'shipped', [{ id: '9', delivery_status: 'delivered' }]));
		expect(await new KotisTrigger().poll.call(poller(state).context)).toBeNull();
		reply(order('5134691', 'cancelled'));
		const cancelled = await new KotisTrigger().poll.call(poller(state).context);
		expect(cancelled?.[0].map((i) => i.json.event)).toEqual(['order.cancelled']);
	});

	it('reports shipment and generic status changes when those are watched', async () => {
		const state: IDataObject = { orders: { '5134691': { status: 'pending', shipments: {} } } };
		nock(BASE)
			.get('/orders/status')
			.query(true)
			.reply(
				200,
				order('5134691', 'partially_shipped', [{ id: '9', delivery_status: 'pre_transit' }]),
			);
		const out = await new KotisTrigger().poll.call(
			poller(state, ['order.statusChanged', 'shipment.statusChanged']).context,
		);
		expect(out?.[0].map((i) => i.json.event)).toEqual([
			'order.statusChanged',
			'shipment.statusChanged',
		]);
		expect(out?.[0][1].json).toMatchObject({
			previous_delivery_status: null,
			shipment: { id: '9', delivery_status: 'pre_transit' },
		});
	});

	it('shows the current state in manual mode without moving the baseline', async () => {
		const state: IDataObject = {};
		nock(BASE).get('/orders/status').query(true).reply(200, order('5134691', 'shipped'));
		const out = await new KotisTrigger().poll.call(poller(state, undefined, 'manual').context);
		expect(out?.[0][0].json).toMatchObject({ order_num: '5134691', status: 'shipped' });
		expect(state).toEqual({});
	});
});
