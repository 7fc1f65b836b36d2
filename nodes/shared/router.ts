import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

type ItemsIn = INodeExecutionData[];
/** An operation with one output, or one that sorts items into several (e.g. the ledger's Claim). */
export type Operation =
	| { execute(this: IExecuteFunctions, items: ItemsIn): Promise<INodeExecutionData[]> }
	| { executeOutputs(this: IExecuteFunctions, items: ItemsIn): Promise<INodeExecutionData[][]> };

function isOperation(value: unknown): value is Operation {
	if (value === null || typeof value !== 'object') return false;
	const candidate = value as Record<string, unknown>;
	return typeof candidate.execute === 'function' || typeof candidate.executeOutputs === 'function';
}

/**
 * The operation module for a Resource and Operation value, if the resource's index exports one.
 * @internal exported for test/unit/shared/router.test.ts
 */
export function findOperation(
	resources: Record<string, object>,
	resource: string,
	operation: string,
): Operation | undefined {
	const own = (object: object, key: string): unknown =>
		Object.prototype.hasOwnProperty.call(object, key)
			? (object as Record<string, unknown>)[key]
			: undefined;
	const module = own(resources, resource);
	const handler =
		module !== null && typeof module === 'object' ? own(module, operation) : undefined;
	return isOperation(handler) ? handler : undefined;
}

/**
 * The `execute` of a resource/operation node. `resources` maps each Resource value to its module
 * (`actions/<resource>/index.ts`), which exports one operation module per Operation value (as
 * n8n's Airtable v2 router does: https://github.com/n8n-io/n8n/blob/master/packages/nodes-base/nodes/Airtable/v2/actions/router.ts):
 * the router finds `resources[resource][operation]` there, so adding an operation touches only its
 * file and its resource's index.
 */
export function createRouter(resources: Record<string, object>) {
	return async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const resource = this.getNodeParameter('resource', 0) as string;
		const operation = this.getNodeParameter('operation', 0) as string;
		const handler = findOperation(resources, resource, operation);
		if (!handler) {
			throw new NodeOperationError(
				this.getNode(),
				`The operation "${operation}" is not supported for resource "${resource}"`,
			);
		}
		if ('executeOutputs' in handler)
			return await handler.executeOutputs.call(this, this.getInputData());
		return [await handler.execute.call(this, this.getInputData())];
	};
}
