import { NodeApiError } from 'n8n-workflow';

import { withStockReadAction } from '../../../nodes/Kotis/helpers/actions';

const node = {
	id: '1',
	name: 'Check Stock',
	type: 'n8n-nodes-reward-fulfillment.kotis',
	typeVersion: 1,
	position: [0, 0] as [number, number],
	parameters: {},
};

describe('withStockReadAction', () => {
	it('tells a person a failed stock read changed nothing and can run again', () => {
		const error = new NodeApiError(
			node,
			{ message: 'bad json' },
			{
				message: 'Kotis Design returned a response that is not valid JSON',
				description: 'gave up after 4 attempts',
			},
		);
		expect((withStockReadAction(error, 'stock') as NodeApiError).description).toMatch(
			/^gave up after 4 attempts\nAction: nothing was changed at Kotis/,
		);
	});

	it('leaves failures of other resources as they are', () => {
		const error = new NodeApiError(
			node,
			{ message: 'x' },
			{ message: 'order failed', description: 'kept' },
		);
		expect((withStockReadAction(error, 'order') as NodeApiError).description).toBe('kept');
	});
});
