import axios, { type AxiosInstance } from 'axios';

import { OWNER } from './n8n-instance';

export interface WorkflowJson {
	id?: string;
	name: string;
	nodes: Array<
		Record<string, unknown> & {
			name: string;
			type: string;
			credentials?: Record<string, { id: string; name: string }>;
		}
	>;
	connections: Record<string, unknown>;
	settings?: Record<string, unknown>;
	[key: string]: unknown;
}

export interface Execution {
	id: string;
	workflowId: string;
	status: 'success' | 'error' | 'running' | 'waiting' | 'canceled' | 'crashed' | 'new' | 'unknown';
	mode: string;
	startedAt: string;
	stoppedAt?: string | null;
	data?: {
		resultData: {
			error?: { message: string; description?: string | null; [k: string]: unknown };
			lastNodeExecuted?: string;
			runData: Record<
				string,
				Array<{
					error?: { message: string; description?: string | null };
					data?: { main: Array<Array<{ json: Record<string, unknown> }> | null> };
				}>
			>;
		};
	};
}

/** The owner's session (internal REST) plus an API key for the public API. */
export class N8nApi {
	readonly http: AxiosInstance;

	private constructor(
		readonly baseUrl: string,
		readonly apiKey: string,
		private readonly cookie?: string,
	) {
		this.http = axios.create({
			baseURL: `${baseUrl}/api/v1`,
			headers: { 'X-N8N-API-KEY': apiKey },
			// n8n rejects query values with unencoded reserved characters (`:` in sortBy, JSON filters); axios leaves them.
			paramsSerializer: {
				serialize: (params: Record<string, unknown>) =>
					new URLSearchParams(
						Object.entries(params)
							.filter(([, v]) => v !== undefined && v !== null)
							.map(([k, v]): [string, string] => [k, String(v)]),
					).toString(),
			},
		});
		// n8n explains a 4xx in the body; keep that in the error a failing test prints.
		this.http.interceptors.response.use(undefined, (error: unknown) => {
			if (axios.isAxiosError(error) && error.response) {
				error.message = `${error.message}: ${error.config?.method?.toUpperCase()} ${error.config?.url} → ${JSON.stringify(error.response.data)}`;
			}
			return Promise.reject(error);
		});
	}

	static async connect(baseUrl: string): Promise<N8nApi> {
		const login = await axios.post(
			`${baseUrl}/rest/login`,
			{ emailOrLdapLoginId: OWNER.email, password: OWNER.password },
			{ validateStatus: () => true },
		);
		if (login.status !== 200)
			throw new Error(`n8n login failed: HTTP ${login.status} ${JSON.stringify(login.data)}`);
		const cookie = (login.headers['set-cookie'] ?? []).map((c) => c.split(';')[0]).join('; ');
		const rest = axios.create({ baseURL: `${baseUrl}/rest`, headers: { cookie } });
		const scopes = (await rest.get('/api-keys/scopes')).data.data as string[];
		const created = await rest.post('/api-keys', {
			label: `harness-${Date.now()}`,
			scopes,
			expiresAt: null,
		});
		return new N8nApi(baseUrl, created.data.data.rawApiKey as string, cookie);
	}

	/** Reuses an API key created earlier (public API only). */
	static attach(baseUrl: string, apiKey: string): N8nApi {
		return new N8nApi(baseUrl, apiKey);
	}

	/** Node type names n8n loaded, e.g. `n8n-nodes-reward-fulfillment.kotis`. */
	async nodeTypes(): Promise<string[]> {
		if (!this.cookie) throw new Error('nodeTypes() needs the owner session: use N8nApi.connect()');
		const { data } = await axios.get(`${this.baseUrl}/types/nodes.json`, {
			headers: { cookie: this.cookie },
		});
		return (data as Array<{ name: string }>).map((n) => n.name);
	}

	async createCredential(
		name: string,
		type: string,
		data: Record<string, unknown>,
	): Promise<{ id: string; name: string }> {
		const res = await this.http.post('/credentials', { name, type, data });
		return { id: res.data.id as string, name: res.data.name as string };
	}

	/** Runs the credential type's own test request inside n8n. */
	async testCredential(id: string): Promise<{ status: 'OK' | 'Error'; message: string }> {
		return (await this.http.post(`/credentials/${id}/test`, {})).data as {
			status: 'OK' | 'Error';
			message: string;
		};
	}

	async createWorkflow(workflow: WorkflowJson): Promise<{ id: string; versionId?: string }> {
		const { name, nodes, connections, settings } = workflow;
		const res = await this.http.post('/workflows', {
			name,
			nodes,
			connections,
			settings: settings ?? { executionOrder: 'v1' },
		});
		return { id: res.data.id as string, versionId: res.data.versionId as string | undefined };
	}

	/**
	 * Publishes (activates) a workflow and waits until n8n has registered its triggers: the publish
	 * call returns before activation finishes, and a webhook fired in between gets a 404.
	 */
	async publish(workflowId: string, timeoutMs = 30_000): Promise<void> {
		const res = await this.http.post(
			`/workflows/${workflowId}/publish`,
			{},
			{ validateStatus: () => true },
		);
		if (res.status !== 200)
			throw new Error(
				`Publishing workflow ${workflowId} failed: HTTP ${res.status} ${JSON.stringify(res.data)}`,
			);
		const deadline = Date.now() + timeoutMs;
		while (((await this.http.get(`/workflows/${workflowId}`)).data.triggerCount ?? 0) < 1) {
			if (Date.now() > deadline)
				throw new Error(
					`Workflow ${workflowId} was published but its triggers never became active`,
				);
			await new Promise((r) => setTimeout(r, 100));
		}
	}

	async unpublish(workflowId: string): Promise<void> {
		await this.http.post(`/workflows/${workflowId}/unpublish`, {});
	}

	async deleteWorkflow(workflowId: string): Promise<void> {
		await this.http.delete(`/workflows/${workflowId}`);
	}

	async executions(workflowId: string): Promise<Execution[]> {
		const res = await this.http.get('/executions', {
			params: { workflowId, includeData: true, limit: 250 },
		});
		return res.data.data as Execution[];
	}

	async execution(id: string): Promise<Execution> {
		const res = await this.http.get(`/executions/${id}`, { params: { includeData: true } });
		return res.data as Execution;
	}

	/** Waits until the workflow has at least `count` finished executions; returns them oldest first. */
	async waitForExecutions(workflowId: string, count = 1, timeoutMs = 60_000): Promise<Execution[]> {
		const deadline = Date.now() + timeoutMs;
		for (;;) {
			const finished = (await this.executions(workflowId)).filter(
				(e) => !['running', 'new', 'waiting'].includes(e.status),
			);
			if (finished.length >= count) {
				const ordered = finished.sort((a, b) => Number(a.id) - Number(b.id));
				return await Promise.all(
					ordered.map(async (e) => (e.data ? e : await this.execution(e.id))),
				);
			}
			if (Date.now() > deadline) {
				throw new Error(
					`Timed out waiting for ${count} execution(s) of workflow ${workflowId}; have ${finished.length}`,
				);
			}
			await new Promise((r) => setTimeout(r, 300));
		}
	}

	/** Creates a data table in the owner's personal project; returns its id. */
	async createDataTable(
		name: string,
		columns: Array<{ name: string; type: 'string' | 'number' | 'boolean' | 'date' }>,
	): Promise<string> {
		const res = await this.http.post('/data-tables', { name, columns });
		return res.data.id as string;
	}

	async dataTableByName(name: string): Promise<string | undefined> {
		const res = await this.http.get('/data-tables', { params: { limit: 250 } });
		return (res.data.data as Array<{ id: string; name: string }>).find((t) => t.name === name)?.id;
	}

	/** Every row of a data table, oldest first. */
	async dataTableRows(id: string): Promise<Array<Record<string, unknown>>> {
		const rows: Array<Record<string, unknown>> = [];
		let cursor: string | undefined;
		do {
			const res = await this.http.get(`/data-tables/${id}/rows`, {
				params: { limit: 250, cursor, sortBy: 'id:asc' },
			});
			rows.push(...(res.data.data as Array<Record<string, unknown>>));
			cursor = (res.data.nextCursor as string | null) ?? undefined;
		} while (cursor);
		return rows;
	}

	async insertDataTableRows(id: string, rows: Array<Record<string, unknown>>): Promise<void> {
		await this.http.post(`/data-tables/${id}/rows`, { data: rows, returnType: 'count' });
	}

	async clearDataTable(id: string): Promise<void> {
		const filter = { type: 'and', filters: [{ columnName: 'id', condition: 'gt', value: 0 }] };
		await this.http.delete(`/data-tables/${id}/rows/delete`, {
			params: { filter: JSON.stringify(filter) },
		});
	}

	webhookUrl(path: string): string {
		return `${this.baseUrl}/webhook/${path}`;
	}
}

/** The JSON output of a node in an execution (first run, main output 0). */
export function nodeOutput(
	execution: Execution,
	nodeName: string,
	outputIndex = 0,
): Array<Record<string, unknown>> {
	const runs = execution.data?.resultData.runData[nodeName];
	if (!runs?.length) return [];
	return (runs[0].data?.main[outputIndex] ?? []).map((item) => item.json);
}

/**
 * Binds a template's credential references to credentials that exist in this instance, by type.
 * A reference whose template id has a credential of its own (`<template credential id>:<type>`, e.g.
 * `vendor-credential:httpHeaderAuth` for the fulfilment vendor's Header Auth) binds to that one, so
 * two Header Auth credentials of one template never get mixed up.
 */
export function bindCredentials(
	workflow: WorkflowJson,
	byType: Record<string, { id: string; name: string }>,
): WorkflowJson {
	return {
		...workflow,
		nodes: workflow.nodes.map((node) => {
			if (!node.credentials) return node;
			const credentials = Object.fromEntries(
				Object.entries(node.credentials).map(([type, ref]) => {
					const bound = byType[`${ref.id}:${type}`] ?? byType[type];
					if (!bound) throw new Error(`No credential of type ${type} for node "${node.name}"`);
					return [type, bound];
				}),
			);
			return { ...node, credentials };
		}),
	};
}
