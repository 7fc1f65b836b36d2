import type { IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

/**
 * A required text parameter, trimmed; fails naming the field when it is empty. A resource locator's
 * value is extracted (a plain string, as older workflows hold, passes unchanged).
 */
export function requiredText(
	ctx: IExecuteFunctions,
	name: string,
	itemIndex: number,
	label: string,
	example?: string,
): string {
	const value = String(
		ctx.getNodeParameter(name, itemIndex, '', { extractValue: true }) ?? '',
	).trim();
	if (!value) {
		throw new NodeOperationError(
			ctx.getNode(),
			`${label} is empty${example ? `: enter ${example}` : ''}`,
			{ itemIndex },
		);
	}
	return value;
}
