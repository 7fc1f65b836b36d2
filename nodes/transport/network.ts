import type { FailedAttempt, NetworkReason } from './failures';

// ---------------------------------------------------------------------------------------------
// Classifying what n8n throws.
// ---------------------------------------------------------------------------------------------

export interface ErrorClues {
	codes: Set<string>;
	names: Set<string>;
	texts: string[];
	/** An HTTP error response found on the error, in the shape n8n returns responses. */
	response?: { statusCode: number; headers: unknown; body: unknown };
}

/**
 * Walks the thrown error and its `cause`/`errorResponse` chain (NodeApiError → AxiosError →
 * system error), collecting codes, names and messages. The messages are only matched against
 * patterns here; they never reach an error we throw.
 */
export function gatherClues(error: unknown): ErrorClues {
	const clues: ErrorClues = { codes: new Set(), names: new Set(), texts: [] };
	const seen = new Set<unknown>();
	const visit = (value: unknown, depth: number) => {
		if (depth > 5 || typeof value !== 'object' || value === null || seen.has(value)) return;
		seen.add(value);
		const record = value as Record<string, unknown>;
		if (typeof record.code === 'string') clues.codes.add(record.code.toUpperCase());
		if (typeof record.name === 'string') clues.names.add(record.name);
		if (typeof record.message === 'string') clues.texts.push(record.message);
		const response = record.response as Record<string, unknown> | undefined;
		if (!clues.response && typeof response?.status === 'number' && response.status >= 400) {
			clues.response = {
				statusCode: response.status,
				headers: response.headers,
				body: response.data,
			};
		}
		visit(record.cause, depth + 1);
		visit(record.errorResponse, depth + 1);
		visit(record.reason, depth + 1);
	};
	visit(error, 0);
	if (!clues.response && typeof error === 'object' && error !== null) {
		const httpCode = Number((error as { httpCode?: unknown }).httpCode);
		if (Number.isInteger(httpCode) && httpCode >= 400) {
			clues.response = { statusCode: httpCode, headers: {}, body: undefined };
		}
	}
	return clues;
}

const TIMEOUT_CODES = [
	'ECONNABORTED', // axios' own timeout
	'ETIMEDOUT',
	'ESOCKETTIMEDOUT',
	'UND_ERR_CONNECT_TIMEOUT',
	'UND_ERR_HEADERS_TIMEOUT',
	'UND_ERR_BODY_TIMEOUT',
];
const RESET_CODES = ['ECONNRESET', 'EPIPE', 'UND_ERR_SOCKET'];
/** The connection never opened, so nothing was sent (EAI_AGAIN: DNS temporarily failing). */
const UNREACHABLE_CODES = ['EHOSTUNREACH', 'ENETUNREACH', 'ENETDOWN', 'EAI_AGAIN'];

export function classifyNetwork(clues: ErrorClues): FailedAttempt {
	const has = (codes: string[]) => codes.some((code) => clues.codes.has(code));
	const says = (pattern: RegExp) => clues.texts.some((message) => pattern.test(message));
	const code = [...clues.codes].find((candidate) => /^[A-Z][A-Z0-9_]{2,40}$/.test(candidate));
	let reason: NetworkReason = 'unknown';
	if (has(['ERR_CANCELED']) || clues.names.has('CanceledError') || clues.names.has('AbortError')) {
		reason = 'cancelled';
	} else if (clues.codes.has('ECONNREFUSED')) reason = 'refused';
	else if (clues.codes.has('ENOTFOUND')) reason = 'dns';
	else if (has(UNREACHABLE_CODES)) reason = 'unreachable';
	else if (has(TIMEOUT_CODES) || says(/timeout|timed out/i)) reason = 'timeout';
	else if (has(RESET_CODES) || says(/socket hang up|^terminated$/i)) reason = 'reset';
	return { kind: 'network', reason, code };
}
