import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { mapItems } from '../../../shared/items';
import { requiredText } from '../../../shared/params';
import { decideRedemption, type Decision } from '../../api';

/** Fulfill and Refuse share their fields; only the decision (and the refuse path option) differ. */
export function decisionDescription(operation: Decision): INodeProperties[] {
	const options: INodeProperties[] = [
		{
			displayName: 'Message Field',
			name: 'messageKey',
			type: 'options',
			default: 'message',
			options: [
				{ name: 'Message (Best Known)', value: 'message' },
				{ name: 'Feedback', value: 'feedback' },
			],
			description:
				'The body key for the message. Influitive has not published it: "message" is what its PHP SDK sends; challenge approvals use "feedback".',
		},
	];
	if (operation === 'refuse') {
		options.push({
			displayName: 'Refuse Path',
			name: 'refusePath',
			type: 'options',
			default: 'refuse',
			options: [
				{ name: 'Decision/refuse (Best Known)', value: 'refuse' },
				{ name: 'Decision/reject (Older SDK)', value: 'reject' },
			],
			description: 'Influitive has not published which path refuses a redemption; "refuse" matches its current reference titles',
		});
	}
	return updateDisplayOptions({ show: { resource: ['rewardRedemption'], operation: [operation] } }, [
		{
			displayName: 'Redemption ID',
			name: 'redemptionId',
			type: 'string',
			required: true,
			default: '',
			placeholder: 'e.g. 501',
			description: 'The redemption ID (or UUID) from the trigger or Get Many',
		},
		{
			displayName: 'Message to Advocate',
			name: 'message',
			type: 'string',
			typeOptions: { rows: 3 },
			default: '',
			description:
				operation === 'refuse'
					? 'Why the reward cannot be sent. Influitive returns the advocate\'s points on refusal.'
					: 'Shown to the advocate, e.g. the order number',
		},
		{ displayName: 'Options', name: 'options', type: 'collection', placeholder: 'Add Option', default: {}, options },
	]);
}

export function decisionExecute(decision: Decision) {
	return async function execute(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
		return await mapItems(this, items, async (i) => {
			const id = requiredText(this, 'redemptionId', i, 'Redemption ID', 'the redemption ID from the trigger');
			const message = String(this.getNodeParameter('message', i, '') ?? '');
			const options = this.getNodeParameter('options', i, {}) as { messageKey?: string; refusePath?: string };
			return await decideRedemption.call(this, id, decision, message, { ...options, itemIndex: i });
		});
	};
}
