/**
 * A fake IWebhookFunctions for trigger tests: request body/headers/query in, and what the node
 * wrote to the response (status + JSON) out, so tests can assert 401/400 replies and that no
 * execution data was produced.
 */
import type { ICredentialDataDecryptedObject, IDataObject, IWebhookFunctions } from 'n8n-workflow';
import { returnJsonArray } from 'n8n-core/dist/execution-engine/node-execution-context/utils/return-json-array';

export interface FakeWebhookOptions {
	body?: unknown;
	headers?: Record<string, string>;
	query?: IDataObject;
	parameters?: Record<string, unknown>;
	credentials?: Record<string, ICredentialDataDecryptedObject>;
	staticData?: IDataObject;
	workflowId?: string;
	nodeId?: string;
}

export interface FakeWebhook {
	context: IWebhookFunctions;
	response: { status?: number; body?: unknown };
	/** Messages the node logged as warnings. */
	warnings: string[];
}

export function fakeWebhook(options: FakeWebhookOptions): FakeWebhook {
	const response: FakeWebhook['response'] = {};
	const res = {
		status(code: number) {
			response.status = code;
			return res;
		},
		json(body: unknown) {
			response.body = body;
			return res;
		},
		send(body: unknown) {
			response.body = body;
			return res;
		},
		end() {
			return res;
		},
	};
	const warnings: string[] = [];
	const staticData = options.staticData ?? {};
	const parameters = options.parameters ?? {};
	const context = {
		getBodyData: () => options.body as IDataObject,
		getHeaderData: () =>
			Object.fromEntries(
				Object.entries(options.headers ?? {}).map(([k, v]) => [k.toLowerCase(), v]),
			),
		getQueryData: () => options.query ?? {},
		getResponseObject: () => res,
		getRequestObject: () => ({
			body: options.body,
			headers: options.headers ?? {},
			query: options.query ?? {},
		}),
		getNodeParameter: (name: string, fallback?: unknown) =>
			name in parameters ? parameters[name] : fallback,
		getCredentials: async (type: string) => {
			const data = options.credentials?.[type];
			if (!data) throw new Error(`no credentials of type ${type}`);
			return data;
		},
		getWorkflowStaticData: () => staticData,
		getWorkflow: () => ({ id: options.workflowId ?? 'wf-1', name: 'test', active: true }),
		getNode: () => ({
			id: options.nodeId ?? 'node-1',
			name: 'Trigger',
			type: 'trigger',
			typeVersion: 1,
			position: [0, 0],
			parameters: {},
		}),
		helpers: { returnJsonArray },
		logger: {
			debug: () => undefined,
			info: () => undefined,
			warn: (message: string) => warnings.push(message),
			error: () => undefined,
		},
	};
	return { context: context as unknown as IWebhookFunctions, response, warnings };
}
