import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import * as order from './order';
import * as redemptionCode from './redemptionCode';
import * as stock from './stock';

type Operation = { execute(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]> };

const resources: Record<string, Record<string, Operation>> = {
	stock: { check: stock.check, getAll: stock.getAll },
	order: { create: order.create, getStatus: order.getStatus },
	redemptionCode: { create: redemptionCode.create, buildClaimLink: redemptionCode.buildClaimLink },
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
