/**
 * A failed stock read names what to do (templates' error workflows and `npm run soak` look for
 * "Action:"): a stock check only reads, so nothing changed at Kotis and it is safe to run again.
 */
const STOCK_READ_ACTION =
	'Action: nothing was changed at Kotis (a stock read); run it again, or let a reconciler re-drive the redemption.';

export function withStockReadAction(error: unknown, resource: string): unknown {
	if (resource !== 'stock' || !(error instanceof Error)) return error;
	const failure = error as Error & { description?: string | null };
	if (/\bAction:/.test(`${failure.message} ${failure.description ?? ''}`)) return error;
	failure.description = failure.description
		? `${failure.description}\n${STOCK_READ_ACTION}`
		: STOCK_READ_ACTION;
	return error;
}
