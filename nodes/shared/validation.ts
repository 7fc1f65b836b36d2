import type { INode } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';
import type { z } from 'zod';

/** "Label (path): problem" for each zod issue, so a user knows which field to fix. */
export function describeIssues(error: z.ZodError, labels: Record<string, string> = {}): string {
	return error.issues
		.map((issue) => {
			const path = issue.path.join('.');
			if (!path) return issue.message;
			return labels[path]
				? `${labels[path]} (${path}): ${issue.message}`
				: `${path}: ${issue.message}`;
		})
		.join('; ');
}

/**
 * Validates what a node is about to send (or must reply) and fails before any vendor call,
 * naming every bad field.
 */
export function validateInput<S extends z.ZodTypeAny>(
	node: INode,
	schema: S,
	value: unknown,
	options: { itemIndex?: number; what: string; labels?: Record<string, string>; hint?: string },
): z.output<S> {
	const parsed = schema.safeParse(value);
	if (parsed.success) return parsed.data as z.output<S>;
	throw new NodeOperationError(
		node,
		`Invalid ${options.what}: ${describeIssues(parsed.error, options.labels)}`,
		{
			itemIndex: options.itemIndex,
			description: options.hint,
		},
	);
}
