/**
 * What a person does when a ledger call fails: a failed execution must name it (the templates'
 * error workflows and `npm run soak` rely on "Action:" in the message or description).
 */
const ACTION_BY_OPERATION: Record<string, string> = {
	claim:
		'Action: nothing was sent to a vendor. Let the reconciler re-drive this key (a claim this run may have written is taken over once it is stale), or run this execution again.',
	record:
		'Action: open the ledger entry of this key (n8n → Data tables → the ledger table); if its state is not yet the one this step records, set it by hand to what this execution did. A reconciler reads it from there.',
	takeOver:
		'Action: run it again; a take-over is a compare-and-set, so at most one run holds the entry.',
	release: 'Action: run it again; releasing is safe to repeat.',
};
const READ_ONLY_ACTION = 'Action: run it again; nothing was changed.';

function hasAction(text: unknown): boolean {
	return typeof text === 'string' && /\bAction:/.test(text);
}

/** Adds the operation's action to a failure that names none; the error is returned for rethrowing. */
export function withLedgerAction(error: unknown, operation: string): unknown {
	if (!(error instanceof Error)) return error;
	const failure = error as Error & { description?: string | null };
	if (hasAction(failure.message) || hasAction(failure.description)) return error;
	const action = ACTION_BY_OPERATION[operation] ?? READ_ONLY_ACTION;
	failure.description = failure.description ? `${failure.description}\n${action}` : action;
	return error;
}
