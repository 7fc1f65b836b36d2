import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

type ItemsIn = INodeExecutionData[];
/** An operation with one output, or one that sorts items into several (e.g. the ledger's Claim). */
export type Operation =
	| { execute(this: IExecuteFunctions, items: ItemsIn): Promise<INodeExecutionData[]> }
	| { executeOutputs(this: IExecuteFunctions, items: ItemsIn): Promise<INodeExecutionData[][]> };

/** The `execute` of a resource/operation node: dispatches to one operation module per choice. */
export function createRouter(resources: Record<string, Record<string, Operation>>) {
	return async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const resource = this.getNodeParameter('resource', 0) as string;
		const operation = this.getNodeParameter('operation', 0) as string;
		const handler = resources[resource]?.[operation];
		if (!handler) {
			throw new NodeOperationError(this.getNode(), `The operation "${operation}" is not supported for resource "${resource}"`);
		}
		if ('executeOutputs' in handler) return await handler.executeOutputs.call(this, this.getInputData());
		return [await handler.execute.call(this, this.getInputData())];
	};
}
