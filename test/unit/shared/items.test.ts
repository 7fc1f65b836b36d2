import { NodeOperationError } from 'n8n-workflow';

import { mapItems, mapItemsConcurrently } from '../../../nodes/shared/items';
import { fakeExecuteContext } from '../../helpers/fake-context';

/**
 * n8n 2.41 (n8n-core workflow-execute.js `handleNodeErrorOutput`) sends an item to a node's error
 * output ("On Error: Continue (using error output)") only when its json holds nothing but `error`,
 * `message` and `details`. Any other key and the failed item flows on as a success.
 */
const N8N_ERROR_ITEM_KEYS = ['error', 'message', 'details'];

describe('continue-on-fail items', () => {
	const items = [{ json: {} }, { json: {} }];
	const work = async (i: number) => {
		if (i === 1) throw new Error('vendor said no');
		return { ok: i };
	};

	it.each([
		['mapItems', (ctx: never) => mapItems(ctx, items, work)],
		['mapItemsConcurrently', (ctx: never) => mapItemsConcurrently(ctx, items, 2, work)],
	])('%s: a failed item has only the keys n8n routes to the error output', async (_name, run) => {
		const { context } = fakeExecuteContext({ continueOnFail: true });
		const out = await run(context as never);
		expect(out[0].json).toEqual({ ok: 0 });
		const failed = out[1];
		expect(failed.pairedItem).toEqual({ item: 1 });
		expect(failed.json.error).toContain('vendor said no');
		expect(Object.keys(failed.json).every((key) => N8N_ERROR_ITEM_KEYS.includes(key))).toBe(true);
	});

	it('a transport failure keeps its outcome inside the keys n8n routes, and carries no item.error (n8n would replace the json)', async () => {
		const { context } = fakeExecuteContext({ continueOnFail: true });
		const failure = new NodeOperationError(context.getNode(), 'Kotis did not answer', {
			description: 'Outcome: unknown',
		});
		failure.context.outcome = 'unknown';
		const out = await mapItems(context, [{ json: {} }], async () => {
			throw failure;
		});
		expect(out[0].json).toEqual({
			error: 'Kotis did not answer',
			details: { description: 'Outcome: unknown', outcome: 'unknown' },
		});
		expect(out[0].error).toBeUndefined();
		expect(Object.keys(out[0].json).every((key) => N8N_ERROR_ITEM_KEYS.includes(key))).toBe(true);
	});

	it('without continue-on-fail the error is thrown', async () => {
		const { context } = fakeExecuteContext({});
		await expect(mapItems(context, items, work)).rejects.toBeInstanceOf(NodeOperationError);
	});
});
