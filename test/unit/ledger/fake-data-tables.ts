/**
 * A stand-in for the part of n8n's public Data Table API the Reward Ledger uses (list/create tables,
 * add a column, list/insert/update/delete rows with the `and`/`or` filters of `eq`/`lt`), in memory,
 * behind nock. The atomicity of the real API is proven against a real n8n (test/e2e/ledger.test.ts);
 * this pins what the ledger asks and what it does with the answers.
 */
import nock from 'nock';

type Row = Record<string, unknown> & { id: number };
interface Table {
	id: string;
	name: string;
	columns: string[];
	rows: Row[];
	createdAt: string;
}
interface Filter {
	type: 'and' | 'or';
	filters: Array<{ columnName: string; condition: string; value: unknown }>;
}

export interface FakeDataTables {
	baseUrl: string;
	tables: Map<string, Table>;
	/** Creates a table as an earlier version (or a user) left it. */
	addTable(
		name: string,
		columns: string[],
		rows?: Array<Record<string, unknown>>,
		createdAt?: Date,
	): Table;
	table(name: string): Table | undefined;
	/** Method and path (with decoded query) of every request, in order. */
	requests: string[];
}

function matches(row: Row, filter: Filter): boolean {
	const test = (f: Filter['filters'][number]) => {
		const value = row[f.columnName] ?? null;
		if (f.condition === 'eq') return value === f.value;
		if (f.condition === 'lt') return value !== null && (value as number) < (f.value as number);
		throw new Error(`fake data tables: condition ${f.condition} not supported`);
	};
	return filter.type === 'or' ? filter.filters.some(test) : filter.filters.every(test);
}

let counter = 0;

export function fakeDataTables(): FakeDataTables {
	const baseUrl = `https://n8n-${++counter}.ledger.test`;
	const tables = new Map<string, Table>();
	const requests: string[] = [];
	let nextRow = 1;
	let nextTable = 1;
	const addTable = (
		name: string,
		columns: string[],
		rows: Array<Record<string, unknown>> = [],
		createdAt = new Date(),
	) => {
		const table: Table = {
			id: `t${nextTable++}`,
			name,
			columns,
			rows: rows.map((row) => ({ ...row, id: nextRow++ })),
			createdAt: createdAt.toISOString(),
		};
		tables.set(table.id, table);
		return table;
	};
	const byName = (name: string) => [...tables.values()].find((table) => table.name === name);
	const query = (uri: string) => new URL(uri, baseUrl).searchParams;
	const tableOf = (uri: string) => {
		const id = /\/data-tables\/([^/?]+)/.exec(uri)?.[1] ?? '';
		const table = tables.get(id);
		if (!table) throw new Error(`fake data tables: no table ${id}`);
		return table;
	};
	const record = (method: string, uri: string) =>
		requests.push(`${method} ${decodeURIComponent(uri.replace('/api/v1', ''))}`);

	nock(baseUrl)
		.persist()
		.get('/api/v1/data-tables')
		.query(true)
		.reply(function (uri) {
			record('GET', uri);
			const { name } = JSON.parse(query(uri).get('filter') ?? '{}') as { name?: string };
			const data = [...tables.values()]
				.filter((table) => name === undefined || table.name === name)
				.map((table) => ({
					id: table.id,
					name: table.name,
					createdAt: table.createdAt,
					columns: table.columns.map((column) => ({ name: column, type: 'string' })),
				}));
			return [200, { data, nextCursor: null }];
		})
		.post('/api/v1/data-tables')
		.reply(function (uri, body) {
			record('POST', uri);
			const { name, columns } = body as { name: string; columns: Array<{ name: string }> };
			if (byName(name)) return [409, { message: 'exists' }];
			return [
				201,
				{
					id: addTable(
						name,
						columns.map((column) => column.name),
					).id,
					name,
				},
			];
		})
		.post(/\/api\/v1\/data-tables\/[^/]+\/columns$/)
		.reply(function (uri, body) {
			record('POST', uri);
			const table = tableOf(uri);
			const { name } = body as { name: string };
			if (table.columns.includes(name)) return [409, { message: 'column exists' }];
			table.columns.push(name);
			return [201, { name }];
		})
		.get(/\/api\/v1\/data-tables\/[^/]+\/rows/)
		.reply(function (uri) {
			record('GET', uri);
			const table = tableOf(uri);
			const params = query(uri);
			const filter = params.get('filter');
			const rows = table.rows.filter(
				(row) => !filter || matches(row, JSON.parse(filter) as Filter),
			);
			return [200, { data: rows.slice(0, Number(params.get('limit') ?? 100)), nextCursor: null }];
		})
		.post(/\/api\/v1\/data-tables\/[^/]+\/rows$/)
		.reply(function (uri, body) {
			record('POST', uri);
			const table = tableOf(uri);
			const { data, returnType } = body as {
				data: Array<Record<string, unknown>>;
				returnType: string;
			};
			const inserted = data.map((row) => ({ ...row, id: nextRow++ }));
			table.rows.push(...inserted);
			return [200, returnType === 'all' ? inserted : inserted.length];
		})
		.patch(/\/api\/v1\/data-tables\/[^/]+\/rows\/update$/)
		.reply(function (uri, body) {
			record('PATCH', uri);
			const table = tableOf(uri);
			const { filter, data } = body as { filter: Filter; data: Record<string, unknown> };
			const unknown = Object.keys(data).filter((column) => !table.columns.includes(column));
			if (unknown.length > 0) return [400, { message: `unknown column ${unknown.join(', ')}` }];
			const updated = table.rows.filter((row) => matches(row, filter));
			for (const row of updated) Object.assign(row, data);
			return [200, updated];
		})
		.delete(/\/api\/v1\/data-tables\/[^/]+$/)
		.reply(function (uri) {
			record('DELETE', uri);
			const id = /\/data-tables\/([^/?]+)$/.exec(uri)?.[1] ?? '';
			return tables.delete(id) ? [204] : [404, { message: 'Data table not found' }];
		})
		.delete(/\/api\/v1\/data-tables\/[^/]+\/rows\/delete/)
		.reply(function (uri) {
			record('DELETE', uri);
			const table = tableOf(uri);
			const params = query(uri);
			const filter = JSON.parse(params.get('filter') ?? '{"filters":[]}') as Filter;
			if (filter.filters.length === 0)
				return [
					400,
					{ message: 'At least one filter condition is required for delete operations' },
				];
			const deleted = table.rows.filter((row) => matches(row, filter));
			table.rows = table.rows.filter((row) => !deleted.includes(row));
			return [200, params.get('returnData') === 'true' ? deleted : true];
		});

	return { baseUrl, tables, addTable, table: byName, requests };
}
