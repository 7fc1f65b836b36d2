import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { ledgerTables, type LedgerTables } from '../../api';

export const DEFAULT_TABLE = 'rf_fulfillment_ledger';

export const keyField: INodeProperties = {
	displayName: 'Key',
	name: 'key',
	type: 'string',
	required: true,
	default: '',
	placeholder: 'e.g. influitive:{{ $json.redemption_id }}',
	description:
		'What the entry stands for, unique across every workflow using this ledger: prefix it with the source, e.g. influitive:1234 or influenceio-coupon:ABC',
};

export const tokenField: INodeProperties = {
	displayName: 'Claim ID',
	name: 'claimId',
	type: 'string',
	required: true,
	default: '',
	placeholder: "e.g. {{ $('Claim').item.json.ledger.token }}",
	description:
		'The token the Claim operation returned (ledger.token): only the execution holding it may record on the entry',
};

export const tableNameOption: INodeProperties = {
	displayName: 'Ledger Table',
	name: 'tableName',
	type: 'string',
	default: DEFAULT_TABLE,
	description:
		'Name of the n8n Data Table holding the entries; created on first use together with its lock table (name + "_locks"). Workflows that must never act twice on the same key share one table.',
};

const MAX_KEY_LENGTH = 200;

/** The key, trimmed; an empty or oversized key is an error naming the field. */
export function readKey(ctx: IExecuteFunctions, itemIndex: number): string {
	const key = String(ctx.getNodeParameter('key', itemIndex, '') ?? '').trim();
	if (key === '') {
		throw new NodeOperationError(ctx.getNode(), 'The Key is empty', {
			itemIndex,
			description:
				'Set Key to something that identifies the redemption, e.g. influitive:{{ $json.redemption_id }}.',
		});
	}
	if (key.length > MAX_KEY_LENGTH) {
		throw new NodeOperationError(
			ctx.getNode(),
			`The Key is longer than ${MAX_KEY_LENGTH} characters`,
			{ itemIndex },
		);
	}
	return key;
}

export function readToken(ctx: IExecuteFunctions, itemIndex: number): string {
	const token = String(ctx.getNodeParameter('claimId', itemIndex, '') ?? '').trim();
	if (token === '') {
		throw new NodeOperationError(ctx.getNode(), 'The Claim ID is empty', {
			itemIndex,
			description:
				"Pass the token the Claim operation returned, e.g. {{ $('Claim').item.json.ledger.token }}. Without it nothing is recorded.",
		});
	}
	return token;
}

export async function tablesFor(ctx: IExecuteFunctions, itemIndex: number): Promise<LedgerTables> {
	const options = ctx.getNodeParameter('options', itemIndex, {}) as { tableName?: string };
	const name = String(options.tableName ?? DEFAULT_TABLE).trim() || DEFAULT_TABLE;
	return await ledgerTables(ctx, name, itemIndex);
}
