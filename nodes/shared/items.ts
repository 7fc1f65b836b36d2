import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

/**
 * Runs `work` for every input item with n8n's conventions: paired items on every output, errors
 * tagged with the item index, and "Continue On Fail" turning a failure into an `error` item
 * instead of stopping the workflow.
 */
export async function mapItems(
	ctx: IExecuteFunctions,
	items: INodeExecutionData[],
	work: (itemIndex: number) => Promise<IDataObject | IDataObject[]>,
): Promise<INodeExecutionData[]> {
	const out: INodeExecutionData[] = [];
	for (let i = 0; i < items.length; i++) {
		try {
			const result = await work(i);
			out.push(...ctx.helpers.constructExecutionMetaData(ctx.helpers.returnJsonArray(result), { itemData: { item: i } }));
		} catch (error) {
			const failure = asNodeError(ctx, error, i);
			if (ctx.continueOnFail()) {
				out.push({ json: { error: failure.message, description: failure.description ?? null }, pairedItem: { item: i } });
				continue;
			}
			throw failure;
		}
	}
	return out;
}

export function asNodeError(ctx: IExecuteFunctions, error: unknown, itemIndex: number): NodeApiError | NodeOperationError {
	if (error instanceof NodeApiError || error instanceof NodeOperationError) {
		if (error.context.itemIndex === undefined) error.context.itemIndex = itemIndex;
		return error;
	}
	return new NodeOperationError(ctx.getNode(), error as Error, { itemIndex });
}
