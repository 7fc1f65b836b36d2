import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { withLedgerAction } from '../../../nodes/RewardLedger/helpers/actions';

const node = {
	id: '1',
	name: 'Claim Redemption',
	type: 'n8n-nodes-reward-fulfillment.rewardLedger',
	typeVersion: 1,
	position: [0, 0] as [number, number],
	parameters: {},
};

describe('withLedgerAction', () => {
	it('tells what to do after a failed claim: nothing was sent, the reconciler re-drives it', () => {
		const error = new NodeApiError(
			node,
			{ message: 'timeout' },
			{
				message: 'Reward Ledger did not respond within 10 s',
				description: 'It may have been applied.',
			},
		);
		const thrown = withLedgerAction(error, 'claim') as NodeApiError;
		expect(thrown).toBe(error);
		expect(thrown.description).toMatch(
			/^It may have been applied\.\nAction: nothing was sent to a vendor\./,
		);
	});

	it('sends a person to the ledger entry after a failed record', () => {
		const error = new NodeOperationError(node, 'Reward Ledger did not respond within 30 s');
		expect((withLedgerAction(error, 'record') as NodeOperationError).description).toMatch(
			/^Action: open the ledger entry of this key/,
		);
	});

	it('says a read is safe to repeat, and keeps an action the error already names', () => {
		expect(
			(withLedgerAction(new NodeOperationError(node, 'boom'), 'get') as NodeOperationError)
				.description,
		).toBe('Action: run it again; nothing was changed.');
		const named = new NodeOperationError(node, 'Lost', {
			description: 'Action: look in Kotis first.',
		});
		expect((withLedgerAction(named, 'claim') as NodeOperationError).description).toBe(
			'Action: look in Kotis first.',
		);
	});

	it('passes anything that is not an Error through untouched', () => {
		expect(withLedgerAction('text', 'claim')).toBe('text');
	});
});
