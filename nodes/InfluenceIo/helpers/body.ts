import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

/**
 * Influence.io publishes the meaning of most body fields but not their JSON keys, so every write
 * operation also takes raw JSON merged over the built body: the user can correct a guessed key
 * without waiting for a release (docs/vendor-facts.md).
 */
export function bodyJsonOption(what: string): INodeProperties {
	return {
		displayName: 'Body (JSON)',
		name: 'bodyJson',
		type: 'json',
		default: '{}',
		description: `Extra keys for the ${what} request body, merged over the fields above (a key here replaces the same key built from the fields). Use it for keys Influence.io has not published or that this node does not offer.`,
	};
}

/** Concurrency option for operations that send many items (upserts, reads). */
export const concurrencyOption: INodeProperties = {
	displayName: 'Concurrency',
	name: 'concurrency',
	type: 'number',
	typeOptions: { minValue: 1, maxValue: 20 },
	default: 5,
	description:
		'How many items are sent to Influence.io at the same time. Rate-limit answers (HTTP 429) are waited out and retried whatever the value.',
};

/** The Concurrency option's value (5 when unset or not a number). */
export function readConcurrency(ctx: IExecuteFunctions): number {
	return Number(ctx.getNodeParameter('options.concurrency', 0, 5)) || 5;
}

export const fullResponseOption: INodeProperties = {
	displayName: 'Return Full Response',
	name: 'fullResponse',
	type: 'boolean',
	default: false,
	description:
		'Whether to output what Influence.io answered for each item instead of a short summary. Leave off for large imports: summaries keep memory low.',
};

/** A JSON parameter (string or already-parsed) as an object or an array; fails naming the field. */
export function jsonParameter(
	ctx: IExecuteFunctions,
	name: string,
	itemIndex: number,
	label: string,
	expected: 'object' | 'array',
	fallback: unknown = expected === 'object' ? {} : [],
): IDataObject | IDataObject[] {
	let value = ctx.getNodeParameter(name, itemIndex, fallback) as unknown;
	if (typeof value === 'string') {
		if (value.trim() === '') value = fallback;
		else {
			try {
				value = JSON.parse(value) as unknown;
			} catch {
				throw new NodeOperationError(ctx.getNode(), `${label} is not valid JSON`, {
					itemIndex,
					description: `Enter a JSON ${expected}, e.g. ${expected === 'object' ? '{"key": "value"}' : '[{"id": "1"}]'}.`,
				});
			}
		}
	}
	const ok =
		expected === 'array'
			? Array.isArray(value)
			: typeof value === 'object' && value !== null && !Array.isArray(value);
	if (!ok)
		throw new NodeOperationError(ctx.getNode(), `${label} must be a JSON ${expected}`, {
			itemIndex,
		});
	return value as IDataObject | IDataObject[];
}

/** Drops empty strings, null and undefined: unset optional fields are not sent. */
export function compact(body: IDataObject): IDataObject {
	return Object.fromEntries(
		Object.entries(body).filter(
			([, value]) =>
				value !== undefined &&
				value !== null &&
				!(typeof value === 'string' && value.trim() === ''),
		),
	) as IDataObject;
}

/** The built body with the raw JSON option merged over it. */
export function withBodyJson(
	ctx: IExecuteFunctions,
	built: IDataObject,
	itemIndex: number,
	name = 'options.bodyJson',
): IDataObject {
	const extra = jsonParameter(ctx, name, itemIndex, 'Body (JSON)', 'object') as IDataObject;
	return { ...compact(built), ...extra };
}
