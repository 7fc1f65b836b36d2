import type {
	IDataObject,
	IExecuteFunctions,
	INode,
	INodeExecutionData,
	IPairedItemData,
} from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

/**
 * The "Continue On Fail" item for a failure: `{error, details: {description, outcome}}`. n8n 2.41
 * routes an item to the error output ("On Error → Continue (using error output)") when its json
 * holds nothing but error/message/details, and then merges it over the input item's json, so the
 * next node sees both. The item deliberately has no `item.error`: n8n replaces the json of such an
 * item with `{error: message}` (n8n-core `normalizeNodeErrors`), which would drop the outcome.
 * The transport's `outcome` (not_sent / rejected / unknown) lets a template branch: `unknown` means
 * the change may have been applied, so look before sending it again.
 */
export function errorItem(
	failure: NodeApiError | NodeOperationError,
	pairedItem: IPairedItemData | IPairedItemData[],
): INodeExecutionData {
	const outcome = failure.context?.outcome;
	const details: IDataObject = { description: failure.description ?? null };
	if (typeof outcome === 'string') details.outcome = outcome;
	return { json: { error: failure.message, details }, pairedItem };
}

/**
 * Runs `work` for every input item with n8n's conventions: paired items on every output, errors
 * tagged with the item index, and "Continue On Fail" turning a failure into an `error` item
 * instead of stopping the workflow (see `errorItem`).
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
			out.push(
				...ctx.helpers.constructExecutionMetaData(ctx.helpers.returnJsonArray(result), {
					itemData: { item: i },
				}),
			);
		} catch (error) {
			const failure = asNodeError(ctx, error, i);
			if (ctx.continueOnFail()) {
				out.push(errorItem(failure, { item: i }));
				continue;
			}
			throw failure;
		}
	}
	return out;
}

/** n8n errors as they are (tagged with the item when known); anything else becomes a NodeOperationError. */
export function asNodeError(
	ctx: { getNode(): INode },
	error: unknown,
	itemIndex?: number,
): NodeApiError | NodeOperationError {
	if (error instanceof NodeApiError || error instanceof NodeOperationError) {
		if (error.context.itemIndex === undefined && itemIndex !== undefined)
			error.context.itemIndex = itemIndex;
		return error;
	}
	return new NodeOperationError(ctx.getNode(), error as Error, { itemIndex });
}

/**
 * `mapItems` with up to `concurrency` items in flight, for bulk upserts. Outputs keep input order
 * and paired items. A worker pool rather than fixed windows, so one slow item does not hold back
 * the rest; each item's output is whatever `work` returns, so callers keep it small (a summary,
 * not the vendor's full body) and memory stays flat however many items come in. Without
 * "Continue On Fail", the first failure stops new items from starting; items already in flight
 * finish, then the failure of the lowest item index is thrown.
 */
export async function mapItemsConcurrently(
	ctx: IExecuteFunctions,
	items: INodeExecutionData[],
	concurrency: number,
	work: (itemIndex: number) => Promise<IDataObject | IDataObject[]>,
): Promise<INodeExecutionData[]> {
	const results: INodeExecutionData[][] = new Array(items.length);
	const failures = new Map<number, NodeApiError | NodeOperationError>();
	let next = 0;
	const worker = async () => {
		while (next < items.length && failures.size === 0) {
			const i = next++;
			try {
				const result = await work(i);
				results[i] = ctx.helpers.constructExecutionMetaData(ctx.helpers.returnJsonArray(result), {
					itemData: { item: i },
				});
			} catch (error) {
				const failure = asNodeError(ctx, error, i);
				if (ctx.continueOnFail()) {
					results[i] = [errorItem(failure, { item: i })];
				} else {
					failures.set(i, failure);
				}
			}
		}
	};
	const size = Math.max(1, Math.min(Math.floor(concurrency) || 1, items.length));
	await Promise.all(Array.from({ length: size }, worker));
	if (failures.size > 0) throw failures.get(Math.min(...failures.keys()));
	return results.flat();
}

/** One output item built from all input items (a reply to the caller), paired with every one of them. */
export function replyItem(json: IDataObject, items: INodeExecutionData[]): INodeExecutionData[] {
	return [{ json, pairedItem: items.map((_, item) => ({ item })) }];
}

/** The failure of a `replyItem` operation: one error item under "Continue On Fail", else thrown. */
export function replyFailure(
	ctx: IExecuteFunctions,
	error: unknown,
	items: INodeExecutionData[],
): INodeExecutionData[] {
	const failure = asNodeError(ctx, error);
	if (ctx.continueOnFail())
		return [
			errorItem(
				failure,
				items.map((_, item) => ({ item })),
			),
		];
	throw failure;
}
