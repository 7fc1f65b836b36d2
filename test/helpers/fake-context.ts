/**
 * Fake n8n function contexts for unit tests: IExecuteFunctions, IPollFunctions, IHookFunctions and
 * ILoadOptionsFunctions, faithful where it matters for this package.
 *
 * HTTP is real. `helpers.httpRequestWithAuthentication(type, options)` does what n8n 2.41 does
 * (n8n-core `request-helpers/authentication.js`):
 *   1. applies the credential type's `authenticate` block, loaded from `credentials/*.credentials.ts`
 *      (generic blocks: headers/qs/body/auth with `={{$credentials.field}}` templates; a function
 *      form is called as is; OAuth2 types get `Authorization: Bearer <oauthTokenData.access_token>`,
 *      without refresh);
 *   2. sends with n8n's own client, `Container.get(OutboundHttp).requests().request(options)`, so
 *      axios really runs (and nock intercepts it);
 *   3. wraps anything thrown exactly like n8n: `throw new NodeApiError(node, error)`, which keeps
 *      the axios error, request config and headers as its `cause`.
 * `helpers.httpRequest` is the same without step 1.
 *
 * Usage:
 *   const fake = fakeExecuteContext({
 *     credentials: { kotisApi: { apiKey: 'k', baseUrl: 'https://kwf.test/api/v1' } },
 *     parameters: { resource: 'order', operation: 'get', options: { limit: 5 } }, // or [perItem], or (name, i) => value
 *     items: [{ json: { sku: 'A-1-L' } }],
 *   });
 *   const out = await new Kotis().execute.call(fake.context);
 *   expect(fake.logText()).not.toContain('k');
 *
 * Other options: `node` (name, typeVersion, credentials ids, ...), `staticData` (node-level static
 * data object, mutated in place like n8n's), `globalStaticData`, `mode` ('manual' | 'trigger' ...),
 * `continueOnFail`, `timezone`, `abortSignal` (returned by getExecutionCancelSignal),
 * `pollBudgetMs`, `webhookUrl`, `nodeType` (enables n8n-core's real `extractValue` for resource
 * locators), `credentialTypes` (extra or replacement credential classes).
 *
 * Parameter values are returned as given: expressions (`={{...}}`) are NOT evaluated, so pass
 * resolved values. `getNodeParameter` follows n8n: dotted paths into collections, the fallback only
 * when the value is undefined, otherwise a UserError "Could not get parameter".
 *
 * The handle also exposes `logs` (every logger call; assert secrets never appear), `requests`
 * (method + URL of each request sent), `staticData` and `hints`.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

import { OutboundHttp, removeEmptyBody } from '@n8n/backend-network';
import { Container } from '@n8n/di';
import { constructExecutionMetaData } from 'n8n-core/dist/execution-engine/node-execution-context/utils/construct-execution-metadata';
import { extractValue } from 'n8n-core/dist/execution-engine/node-execution-context/utils/extract-value';
import { normalizeItems } from 'n8n-core/dist/execution-engine/node-execution-context/utils/normalize-items';
import { returnJsonArray } from 'n8n-core/dist/execution-engine/node-execution-context/utils/return-json-array';
import { NodeApiError, NodeOperationError, UserError } from 'n8n-workflow';
import type {
	IAdditionalCredentialOptions,
	ICredentialDataDecryptedObject,
	ICredentialType,
	IDataObject,
	IExecuteFunctions,
	IGetNodeParameterOptions,
	IHookFunctions,
	IHttpRequestOptions,
	ILoadOptionsFunctions,
	INode,
	INodeExecutionData,
	INodeType,
	IPollFunctions,
	NodeExecutionHint,
	WorkflowActivateMode,
	WorkflowExecuteMode,
} from 'n8n-workflow';

type FakeParameters =
	| Record<string, unknown>
	| Array<Record<string, unknown>>
	| ((name: string, itemIndex: number) => unknown);

export interface FakeContextOptions {
	/** Decrypted credential data by credential type name, e.g. `{ kotisApi: { apiKey: '...' } }`. */
	credentials?: Record<string, ICredentialDataDecryptedObject>;
	/** One record for all items, one per item, or a function. */
	parameters?: FakeParameters;
	/** Input items (`getInputData`); plain objects are wrapped as `{ json }`. Default one empty item. */
	items?: Array<INodeExecutionData | IDataObject>;
	node?: Partial<INode>;
	/** `getWorkflowStaticData('node')`; mutated in place. */
	staticData?: IDataObject;
	/** `getWorkflowStaticData('global')`. */
	globalStaticData?: IDataObject;
	mode?: WorkflowExecuteMode;
	activationMode?: WorkflowActivateMode;
	continueOnFail?: boolean;
	timezone?: string;
	abortSignal?: AbortSignal;
	pollBudgetMs?: number;
	webhookUrl?: string;
	webhookName?: string;
	nodeType?: INodeType;
	credentialTypes?: ICredentialType[];
}

interface FakeLogLine {
	level: 'error' | 'warn' | 'info' | 'debug';
	message: string;
	metadata?: unknown;
}

export interface FakeHandle<TContext> {
	context: TContext;
	logs: FakeLogLine[];
	/** All log lines (with metadata) as one string, for `not.toContain(secret)`. */
	logText(): string;
	/** Method and URL (with query string) of every request handed to n8n's HTTP client. */
	requests: Array<{ method: string; url: string }>;
	staticData: { node: IDataObject; global: IDataObject };
	hints: NodeExecutionHint[];
}

// ---------------------------------------------------------------------------------------------
// Credential types, discovered from credentials/*.credentials.ts so new ones need no edit here.
// ---------------------------------------------------------------------------------------------

let discovered: Map<string, ICredentialType> | undefined;

function credentialTypeRegistry(extra: ICredentialType[] = []): Map<string, ICredentialType> {
	if (!discovered) {
		discovered = new Map();
		const dir = path.resolve(__dirname, '../../credentials');
		for (const file of fs.readdirSync(dir).filter((name) => name.endsWith('.credentials.ts'))) {
			// eslint-disable-next-line @typescript-eslint/no-require-imports
			const exported = require(path.join(dir, file)) as Record<string, unknown>;
			for (const value of Object.values(exported)) {
				if (
					typeof value !== 'function' ||
					!/^class\s/.test(Function.prototype.toString.call(value))
				) {
					continue;
				}
				const instance = new (value as new () => ICredentialType)();
				if (typeof instance.name === 'string' && Array.isArray(instance.properties)) {
					discovered.set(instance.name, instance);
				}
			}
		}
	}
	const registry = new Map(discovered);
	for (const type of extra) registry.set(type.name, type);
	return registry;
}

function extendsOAuth2(type: ICredentialType, registry: Map<string, ICredentialType>): boolean {
	const seen = new Set<string>();
	const visit = (t: ICredentialType | undefined): boolean => {
		if (!t || seen.has(t.name)) return false;
		seen.add(t.name);
		return (t.extends ?? []).some(
			(parent) => parent === 'oAuth2Api' || visit(registry.get(parent)),
		);
	};
	return visit(type);
}

// ---------------------------------------------------------------------------------------------
// `={{$credentials.x}}` templates, the subset credential `authenticate` blocks use.
// ---------------------------------------------------------------------------------------------

function lookupCredentialPath(
	expression: string,
	credentials: ICredentialDataDecryptedObject,
): unknown {
	const match = /^\$credentials((?:\.[A-Za-z_$][\w$]*|\[\s*(['"])[^'"]+\2\s*\])+)$/.exec(
		expression.trim(),
	);
	if (!match) {
		throw new Error(
			`fake-context: unsupported credential expression {{ ${expression} }}; only $credentials.<field> paths are resolved`,
		);
	}
	const keys = [...match[1].matchAll(/\.([A-Za-z_$][\w$]*)|\[\s*['"]([^'"]+)['"]\s*\]/g)].map(
		(part) => part[1] ?? part[2],
	);
	let value: unknown = credentials;
	for (const key of keys) value = (value as Record<string, unknown> | undefined)?.[key];
	return value;
}

function resolveCredentialValue(
	value: unknown,
	credentials: ICredentialDataDecryptedObject,
): unknown {
	if (typeof value !== 'string' || !value.startsWith('=')) return value;
	const template = value.slice(1);
	const whole = /^\s*\{\{(.+?)\}\}\s*$/.exec(template);
	if (whole) return lookupCredentialPath(whole[1], credentials);
	return template.replace(/\{\{(.+?)\}\}/g, (_all, expression: string) => {
		const resolved = lookupCredentialPath(expression, credentials);
		return resolved === undefined || resolved === null ? '' : String(resolved);
	});
}

/** What n8n's CredentialsHelper.authenticate does for the credential types this package ships. */
export async function applyAuthentication(
	typeName: string,
	credentials: ICredentialDataDecryptedObject,
	options: IHttpRequestOptions,
	extraTypes: ICredentialType[] = [],
): Promise<IHttpRequestOptions> {
	const registry = credentialTypeRegistry(extraTypes);
	const type = registry.get(typeName);
	if (!type) throw new Error(`fake-context: unknown credential type "${typeName}"`);
	if (extendsOAuth2(type, registry)) {
		const token = (credentials.oauthTokenData as IDataObject | undefined)?.access_token;
		options.headers = { ...options.headers, Authorization: `Bearer ${String(token ?? '')}` };
		return options;
	}
	const authenticate = type.authenticate;
	if (!authenticate) return options;
	if (typeof authenticate === 'function') return await authenticate(credentials, options);
	if (authenticate.type !== 'generic') {
		throw new Error(
			`fake-context: authenticate type "${String(authenticate.type)}" is not supported`,
		);
	}
	if (options.headers === undefined) options.headers = {};
	const target = options as unknown as Record<string, Record<string, unknown>>;
	for (const [outerKey, outerValue] of Object.entries(authenticate.properties)) {
		for (const [key, value] of Object.entries(outerValue as Record<string, unknown>)) {
			const resolvedKey = String(resolveCredentialValue(key, credentials));
			target[outerKey] ??= {};
			target[outerKey][resolvedKey] = resolveCredentialValue(value, credentials);
		}
	}
	return options;
}

// ---------------------------------------------------------------------------------------------
// The context.
// ---------------------------------------------------------------------------------------------

type Kind = 'execute' | 'poll' | 'hook' | 'loadOptions';

function defaultNode(options: FakeContextOptions, firstParameters: Record<string, unknown>): INode {
	const credentials: NonNullable<INode['credentials']> = {};
	for (const type of Object.keys(options.credentials ?? {})) {
		credentials[type] = { id: `cred-${type}`, name: `${type} account` };
	}
	return {
		id: 'node-under-test',
		name: 'Node Under Test',
		type: 'n8n-nodes-reward-fulfillment.test',
		typeVersion: 1,
		position: [0, 0],
		parameters: firstParameters as INode['parameters'],
		credentials,
		...options.node,
	};
}

function getPath(source: unknown, dotted: string): unknown {
	let value = source;
	for (const key of dotted.split('.')) {
		if (value === null || typeof value !== 'object') return undefined;
		value = (value as Record<string, unknown>)[key];
	}
	return value;
}

function createFake(kind: Kind, options: FakeContextOptions): FakeHandle<unknown> {
	const parameters = options.parameters ?? {};
	const firstParameters =
		typeof parameters === 'function'
			? {}
			: Array.isArray(parameters)
				? (parameters[0] ?? {})
				: parameters;
	const node = defaultNode(options, firstParameters);
	const items: INodeExecutionData[] = (options.items ?? [{ json: {} }]).map((item) =>
		item && typeof item === 'object' && 'json' in item && typeof item.json === 'object'
			? (item as INodeExecutionData)
			: { json: item as IDataObject },
	);
	const logs: FakeLogLine[] = [];
	const requests: Array<{ method: string; url: string }> = [];
	const hints: NodeExecutionHint[] = [];
	const staticData = { node: options.staticData ?? {}, global: options.globalStaticData ?? {} };

	const log = (level: FakeLogLine['level']) => (message: string, metadata?: unknown) => {
		logs.push({ level, message, metadata });
	};
	const logger = { error: log('error'), warn: log('warn'), info: log('info'), debug: log('debug') };

	const rawParameter = (name: string, itemIndex: number): unknown => {
		if (typeof parameters === 'function') return parameters(name, itemIndex);
		const source = Array.isArray(parameters)
			? (parameters[itemIndex] ?? parameters[0] ?? {})
			: parameters;
		return getPath(source, name);
	};

	const getNodeParameter = (
		name: string,
		itemIndex: number,
		fallbackValue?: unknown,
		parameterOptions?: IGetNodeParameterOptions,
	): unknown => {
		let value = rawParameter(name, itemIndex);
		if (value === undefined) value = fallbackValue;
		if (value === undefined) {
			throw new UserError(`Could not get parameter "${name}"`, { extra: { parameterName: name } });
		}
		if (parameterOptions?.extractValue) {
			if (options.nodeType) {
				value = extractValue(value as never, name, node, options.nodeType, itemIndex);
			} else if (value && typeof value === 'object' && '__rl' in value && 'value' in value) {
				value = (value as { value: unknown }).value;
			}
		}
		return value;
	};

	const getCredentials = async (type: string): Promise<ICredentialDataDecryptedObject> => {
		const data = options.credentials?.[type];
		if (!data || !node.credentials?.[type]) {
			throw new NodeOperationError(node, 'Node does not have any credentials set', {
				level: 'warning',
				description: `Credential type "${type}" is not set on the node.`,
			});
		}
		// n8n hands out a fresh decrypted copy on every call.
		return structuredClone(data);
	};

	const send = async (requestOptions: IHttpRequestOptions) => {
		requests.push({ method: requestOptions.method ?? 'GET', url: fullUrl(requestOptions) });
		return await Container.get(OutboundHttp).requests().request(requestOptions);
	};

	const context: Record<string, unknown> = {
		logger,
		getNode: () => node,
		getCredentials,
		getCredentialsProperties: (type: string) =>
			credentialTypeRegistry(options.credentialTypes).get(type)?.properties ?? [],
		getWorkflowStaticData: (type: string) =>
			type === 'global' ? staticData.global : staticData.node,
		getMode: () => options.mode ?? 'manual',
		getActivationMode: () => options.activationMode ?? 'activate',
		getTimezone: () => options.timezone ?? 'UTC',
		getExecutionId: () => 'test-execution',
		getWorkflow: () => ({ id: 'test-workflow', name: 'Test Workflow', active: false }),
		getInstanceBaseUrl: () => 'http://localhost:5678/',
		getRestApiUrl: () => 'http://localhost:5678/rest',
		getInstanceId: () => 'test-instance',
		getWorkflowSettings: () => ({}),
		getChildNodes: () => [],
		getParentNodes: () => [],
		getKnownNodeTypes: () => ({}),
		continueOnFail: () => options.continueOnFail ?? false,
		helpers: {
			returnJsonArray,
			constructExecutionMetaData,
			normalizeItems,
			httpRequest: async (requestOptions: IHttpRequestOptions) => {
				removeEmptyBody(requestOptions);
				try {
					return await send(requestOptions);
				} catch (error) {
					throw new NodeApiError(node, error as never);
				}
			},
			// Mirrors n8n-core's httpRequestWithAuthentication (non-OAuth1 path), down to reading the
			// cancel signal from the context it is called with (`this`), and to taking already
			// decrypted credentials when the caller passes them.
			httpRequestWithAuthentication: async function (
				this: unknown,
				typeName: string,
				requestOptions: IHttpRequestOptions,
				additional?: IAdditionalCredentialOptions,
			) {
				const caller = (typeof this === 'object' && this !== null ? this : context) as Record<
					string,
					unknown
				>;
				removeEmptyBody(requestOptions);
				if ('getExecutionCancelSignal' in caller) {
					requestOptions.abortSignal = (
						caller.getExecutionCancelSignal as () => AbortSignal | undefined
					)();
				}
				try {
					const credentials =
						additional?.credentialsDecrypted?.data ?? (await getCredentials(typeName));
					const authenticated = await applyAuthentication(
						typeName,
						credentials,
						requestOptions,
						options.credentialTypes,
					);
					return await send(authenticated);
				} catch (error) {
					throw new NodeApiError(node, error as never);
				}
			},
		},
	};

	switch (kind) {
		case 'execute':
			Object.assign(context, {
				getNodeParameter,
				getInputData: () => items,
				// Only execute contexts have it in n8n; the HTTP helper checks with `in`, as n8n does.
				getExecutionCancelSignal: () => options.abortSignal,
				addExecutionHints: (...added: NodeExecutionHint[]) => hints.push(...added),
				sendMessageToUI: () => undefined,
				setMetadata: () => undefined,
				onExecutionCancellation: () => undefined,
			});
			break;
		case 'poll':
			Object.assign(context, {
				getNodeParameter: (name: string, fallback?: unknown, o?: IGetNodeParameterOptions) =>
					getNodeParameter(name, 0, fallback, o),
				getPollBudgetMs: () => options.pollBudgetMs ?? 60_000,
			});
			break;
		case 'hook':
			Object.assign(context, {
				getNodeParameter: (name: string, fallback?: unknown, o?: IGetNodeParameterOptions) =>
					getNodeParameter(name, 0, fallback, o),
				getNodeWebhookUrl: () => options.webhookUrl ?? 'https://n8n.test/webhook/test-path',
				getWebhookName: () => options.webhookName ?? 'default',
				getWebhookDescription: () => undefined,
			});
			break;
		case 'loadOptions':
			Object.assign(context, {
				getNodeParameter: (name: string, fallback?: unknown, o?: IGetNodeParameterOptions) =>
					getNodeParameter(name, 0, fallback, o),
				getCurrentNodeParameter: (name: string) => rawParameter(name, 0),
				getCurrentNodeParameters: () => firstParameters,
			});
			break;
	}

	return {
		context,
		logs,
		logText: () =>
			logs.map((line) => `${line.level}: ${line.message} ${safeJson(line.metadata)}`).join('\n'),
		requests,
		staticData,
		hints,
	};
}

function safeJson(value: unknown): string {
	if (value === undefined) return '';
	try {
		return JSON.stringify(value);
	} catch {
		return String(value);
	}
}

function fullUrl(options: IHttpRequestOptions): string {
	const base = options.baseURL
		? `${options.baseURL.replace(/\/+$/, '')}/${options.url.replace(/^\/+/, '')}`
		: options.url;
	const qs =
		options.qs && Object.keys(options.qs).length > 0
			? new URLSearchParams(
					Object.entries(options.qs).map(([key, value]): [string, string] => [key, String(value)]),
				).toString()
			: '';
	return qs ? `${base}${base.includes('?') ? '&' : '?'}${qs}` : base;
}

// The casts below are the boundary: the fakes implement what this package's nodes use.
export function fakeExecuteContext(
	options: FakeContextOptions = {},
): FakeHandle<IExecuteFunctions> {
	return createFake('execute', options) as FakeHandle<IExecuteFunctions>;
}

export function fakePollContext(options: FakeContextOptions = {}): FakeHandle<IPollFunctions> {
	return createFake('poll', { mode: 'trigger', ...options }) as FakeHandle<IPollFunctions>;
}

export function fakeHookContext(options: FakeContextOptions = {}): FakeHandle<IHookFunctions> {
	return createFake('hook', { mode: 'trigger', ...options }) as FakeHandle<IHookFunctions>;
}

export function fakeLoadOptionsContext(
	options: FakeContextOptions = {},
): FakeHandle<ILoadOptionsFunctions> {
	return createFake('loadOptions', options) as FakeHandle<ILoadOptionsFunctions>;
}
