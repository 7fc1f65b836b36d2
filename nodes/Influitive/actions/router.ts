import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import * as event from './event';
import * as member from './member';
import * as rewardRedemption from './rewardRedemption';

type Operation = { execute(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]> };

const resources: Record<string, Record<string, Operation>> = {
	rewardRedemption: { getAll: rewardRedemption.getAll, fulfill: rewardRedemption.fulfill, refuse: rewardRedemption.refuse },
	member: { get: member.get, getByEmail: member.getByEmail, getMe: member.getMe },
	event: { log: event.log },
};

export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const resource = this.getNodeParameter('resource', 0) as string;
	const operation = this.getNodeParameter('operation', 0) as string;
	const handler = resources[resource]?.[operation];
	if (!handler) {
		throw new NodeOperationError(this.getNode(), `The operation "${operation}" is not supported for resource "${resource}"`);
	}
	return [await handler.execute.call(this, this.getInputData())];
}
