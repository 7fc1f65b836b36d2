import axios from 'axios';

import { type Execution, type N8nApi, type WorkflowJson, nodeOutput } from './n8n-api';
import { publishTemplateFile, type PublishedTemplate } from './templates';

/** The template that imports customers into Influence.io a page at a time, each page in its own sub-execution. */
const BULK_IMPORT_TEMPLATE = 'influenceio-bulk-import-customers.json';
/** The customer list the template ships with in *Import Settings*, for the user to replace with theirs. */
const BULK_SOURCE_PLACEHOLDER = 'https://shop.example.com/wp-json/wc/v3/customers';

/** What *Import Report* says at the end of an import. */
interface BulkImportReport {
	ok: boolean;
	upserted: number;
	failed: number;
	batches: number;
	failed_pages: Array<{ page: number; failed: number; reason: string; customers: unknown[] }>;
	stopped: string;
	rerun: Array<Record<string, unknown>>;
	message: string;
}

interface BulkImportRun {
	/** The reply of *Start Import* (202 with the execution id, or a refusal). */
	reply: { status: number; data: unknown };
	executionId?: string;
	status?: Execution['status'];
	/** Start Import POST → the parent execution finished. */
	ms: number;
	report?: BulkImportReport;
	/** The parent execution's error message (a failed batch ends it with the report's message). */
	error?: string;
}

export interface BulkImport {
	published: PublishedTemplate;
	/** POSTs `body` to *Start Import* and waits until the parent execution has finished. */
	run(
		body?: Record<string, unknown>,
		options?: { timeoutMs?: number; pollMs?: number },
	): Promise<BulkImportRun>;
}

/**
 * The edit a user makes in *Import Settings* (EDIT 1): their customer list and the batch size.
 * Throws when the template no longer has the line it replaces, so a renamed constant fails loudly.
 */
function withSource(template: WorkflowJson, sourceUrl: string, pageSize?: number): WorkflowJson {
	return {
		...template,
		nodes: template.nodes.map((node) => {
			if (node.name !== 'Import Settings') return node;
			const parameters = node.parameters as { jsCode: string };
			let jsCode = parameters.jsCode.replace(
				`const SOURCE_URL = '${BULK_SOURCE_PLACEHOLDER}';`,
				`const SOURCE_URL = ${JSON.stringify(sourceUrl)};`,
			);
			if (pageSize !== undefined)
				jsCode = jsCode.replace(/const PAGE_SIZE = \d+;/, `const PAGE_SIZE = ${pageSize};`);
			if (
				!jsCode.includes(JSON.stringify(sourceUrl)) ||
				(pageSize !== undefined && !jsCode.includes(`const PAGE_SIZE = ${pageSize};`))
			) {
				throw new Error(
					`${BULK_IMPORT_TEMPLATE}: Import Settings no longer has the SOURCE_URL / PAGE_SIZE lines this harness edits`,
				);
			}
			return { ...node, parameters: { ...parameters, jsCode } };
		}),
	};
}

/**
 * Publishes the bulk-import template reading `sourceUrl` (`pageSize` per batch). `headerAuth` is the
 * header the bound Authenticated Webhook credential expects on *Start Import*.
 */
export async function publishBulkImport(
	api: N8nApi,
	credentials: Record<string, { id: string; name: string }>,
	headerAuth: { name: string; value: string },
	source: { url: string; pageSize?: number },
	edit: (template: WorkflowJson) => WorkflowJson = (t) => t,
): Promise<BulkImport> {
	const published = await publishTemplateFile(api, credentials, BULK_IMPORT_TEMPLATE, (t) =>
		edit(withSource(t, source.url, source.pageSize)),
	);
	const url = api.webhookUrl(published.webhookPath('Start Import'));
	return {
		published,
		async run(body = {}, { timeoutMs = 30 * 60_000, pollMs = 1000 } = {}) {
			const started = Date.now();
			const post = async () =>
				await axios.post(url, body, {
					headers: { [headerAuth.name]: headerAuth.value },
					validateStatus: () => true,
					timeout: 60_000,
				});
			let reply = await post();
			// Right after a (re)publish n8n may not have registered the webhook yet.
			for (let tries = 0; reply.status === 404 && tries < 50; tries++) {
				await new Promise((r) => setTimeout(r, 200));
				reply = await post();
			}
			const answer = { status: reply.status, data: reply.data as unknown };
			const executionId = (reply.data as { executionId?: unknown } | undefined)?.executionId;
			if (
				reply.status !== 202 ||
				(typeof executionId !== 'string' && typeof executionId !== 'number')
			)
				return { reply: answer, ms: Date.now() - started };
			const id = String(executionId);
			for (;;) {
				// Without its data while it runs: the poll must not be what loads n8n.
				const light = await api.http
					.get(`/executions/${id}`, { timeout: 30_000 })
					.then((r) => r.data as Execution)
					.catch(() => undefined);
				if (light && !['running', 'new', 'waiting', 'unknown'].includes(light.status)) break;
				if (Date.now() - started > timeoutMs)
					return {
						reply: answer,
						executionId: id,
						status: light?.status,
						ms: Date.now() - started,
						error: `not finished within ${Math.round(timeoutMs / 1000)} s`,
					};
				await new Promise((r) => setTimeout(r, pollMs));
			}
			const execution = await api.execution(id);
			// Until n8n's own stop time: the poll interval is not part of the import.
			const stoppedAt = Date.parse(execution.stoppedAt ?? '');
			const ms = Number.isFinite(stoppedAt)
				? Math.max(0, stoppedAt - started)
				: Date.now() - started;
			const [report] = nodeOutput(execution, 'Import Report') as unknown as BulkImportReport[];
			return {
				reply: answer,
				executionId: id,
				status: execution.status,
				ms,
				report,
				error: execution.data?.resultData.error?.message,
			};
		},
	};
}
