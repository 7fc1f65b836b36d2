import fs from 'node:fs';
import path from 'node:path';

/**
 * The state machine of workflows/influenceio-bulk-import-customers.json, run here as n8n runs its
 * Code nodes (the jsCode is the body of a function given $input and $): the settings read from
 * Start Import's body, each batch's summary and next page, and the final report. A simulated loop
 * drives them the way Import One Batch → Batch Requested → ... → Batch Done does.
 */
type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
type Node = {
	name: string;
	type: string;
	parameters: Record<string, unknown>;
	onError?: string;
	retryOnFail?: boolean;
};

const template = JSON.parse(
	fs.readFileSync(
		path.join(__dirname, '..', '..', '..', 'workflows', 'influenceio-bulk-import-customers.json'),
		'utf8',
	),
) as {
	nodes: Node[];
	connections: Record<string, { main: Array<Array<{ node: string }>> }>;
};
const node = (name: string) => {
	const found = template.nodes.find((n) => n.name === name);
	if (!found) throw new Error(`no node ${name}`);
	return found;
};
const code = (name: string) => String(node(name).parameters.jsCode);

/** Runs a Code node: `input` is its one input item's json, `nodes` what `$('<name>')` answers (outputs by index). */
function run(name: string, input: Json, nodes: Record<string, Json[][]> = {}): Json {
	const $input = { first: () => ({ json: input }), all: () => [{ json: input }] };
	const $ = (ref: string) => ({
		isExecuted: ref in nodes,
		first: () => {
			if (!(ref in nodes)) throw new Error(`Node '${ref}' hasn't been executed`);
			return { json: nodes[ref][0][0] };
		},
		all: (output = 0) => {
			if (!(ref in nodes)) throw new Error(`Node '${ref}' hasn't been executed`);
			return (nodes[ref][output] ?? []).map((json) => ({ json }));
		},
	});
	const out = new Function('$input', '$', code(name))($input, $) as Array<{ json: Json }>;
	expect(out).toHaveLength(1);
	return out[0].json;
}

const settings = (body: Json) => run('Import Settings', { body, query: {}, headers: {} });

describe('bulk import template: Import Settings', () => {
	it('starts at page 1 with empty totals for an empty body, with the placeholder source and 500 per page', () => {
		expect(settings({})).toEqual({
			valid: true,
			reason: '',
			source_url: 'https://shop.example.com/wp-json/wc/v3/customers',
			page_size: 500,
			pages: [],
			page: 1,
			batches: 0,
			upserted: 0,
			failed: 0,
			failed_pages: [],
			pending_pages: [],
			resume_from: 0,
			stopped: '',
			last_first: '',
		});
	});

	it('takes only the given pages (sorted, once each) or a first page', () => {
		expect(settings({ pages: [7, 3, 7] })).toMatchObject({ valid: true, pages: [3, 7], page: 3 });
		expect(settings({ from_page: 9 })).toMatchObject({ valid: true, pages: [], page: 9 });
	});

	it.each([
		[{ pages: [] }, 'pages: expected a non-empty array of page numbers (1, 2, ...)'],
		[{ pages: ['2'] }, 'pages: expected a non-empty array of page numbers (1, 2, ...)'],
		[{ pages: [0] }, 'pages: expected a non-empty array of page numbers (1, 2, ...)'],
		[{ from_page: 1.5 }, 'from_page: expected a page number (1, 2, ...)'],
		[{ pages: [2], from_page: 3 }, 'send pages or from_page, not both'],
		[{ page: 2 }, 'page: unknown field (send pages or from_page)'],
	])('refuses %j with a reason', (body, reason) => {
		expect(settings(body)).toMatchObject({ valid: false, reason });
	});
});

describe('bulk import template: Page Rows', () => {
	const state = settings({});
	const rows = (body: unknown) =>
		run('Page Rows', { body, statusCode: 200 }, { 'Batch Requested': [[state]] }).rows;

	it('takes a JSON array, or one under customers / data / items, or JSON text', () => {
		expect(rows([{ id: 1 }])).toEqual([{ id: 1 }]);
		expect(rows({ customers: [{ id: 2 }] })).toEqual([{ id: 2 }]);
		expect(rows({ data: [] })).toEqual([]);
		expect(rows('[{"id":3}]')).toEqual([{ id: 3 }]);
	});

	it('stops the import at anything else, naming the page and the source', () => {
		expect(() => rows('<html>login</html>')).toThrow(
			/^Page 1 of https:\/\/shop\.example\.com\/wp-json\/wc\/v3\/customers is not a list of customers/,
		);
		expect(() => rows({ error: 'nope' })).toThrow(/not a list of customers/);
	});
});

/** A source of `total` customers, `failing` ids refused by Influence.io, pages that cannot be read. */
function simulate(
	body: Json,
	source: {
		total: number;
		pageSize?: number;
		failing?: Set<number>;
		unreadable?: Set<number>;
		ignoresPage?: boolean;
	},
) {
	let state = settings(body);
	if (source.pageSize) state = { ...state, page_size: source.pageSize };
	const fetched: number[] = [];
	const upserted: number[] = [];
	for (let guard = 0; state.page > 0; guard++) {
		if (guard > 1000) throw new Error('the loop did not end');
		const page = source.ignoresPage ? 1 : state.page;
		fetched.push(state.page);
		if (source.unreadable?.has(page)) {
			state = run(
				'Page Unreadable',
				{
					...state,
					error: { message: 'The service was not able to process your request', httpCode: '503' },
				},
				{ 'Batch Requested': [[state]] },
			);
			continue;
		}
		const ids = [];
		for (
			let n = (page - 1) * state.page_size + 1;
			n <= Math.min(source.total, page * state.page_size);
			n++
		)
			ids.push(n);
		const rows = ids.map((id) => ({ id, email: `c${id}@example.com` }));
		const ok = rows.filter((r) => !source.failing?.has(r.id));
		const bad = rows
			.filter((r) => source.failing?.has(r.id))
			.map((r) => ({ ...r, error: '409: email belongs to another customer' }));
		upserted.push(...ok.map((r) => r.id));
		state = run(
			'Batch Done',
			{ rows },
			{
				'Batch Requested': [[state]],
				...(rows.length > 0
					? {
							'Upsert Customers': [
								ok.map((r) => ({ customerId: String(r.id), upserted: true })),
								bad,
							],
						}
					: {}),
			},
		);
	}
	return { report: run('Import Report', state), fetched, upserted };
}

describe('bulk import template: batches and report', () => {
	it('walks every page until an empty one and reports success', () => {
		const { report, fetched, upserted } = simulate({}, { total: 1200, pageSize: 250 });
		expect(fetched).toEqual([1, 2, 3, 4, 5, 6]);
		expect(upserted).toHaveLength(1200);
		expect(report).toEqual({
			ok: true,
			upserted: 1200,
			failed: 0,
			batches: 6,
			failed_pages: [],
			stopped: '',
			rerun: [],
			message: 'Bulk import: 1200 customers upserted in 6 batches of up to 250.',
		});
	});

	it('goes on past a page with a refused customer, then names the page, the reason and the body that redoes it', () => {
		const { report, fetched } = simulate(
			{},
			{ total: 1200, pageSize: 250, failing: new Set([260, 900]) },
		);
		expect(fetched).toEqual([1, 2, 3, 4, 5, 6]);
		expect(report).toMatchObject({
			ok: false,
			upserted: 1198,
			failed: 2,
			failed_pages: [
				{ page: 2, failed: 1, reason: '409: email belongs to another customer', customers: [260] },
				{ page: 4, failed: 1, reason: '409: email belongs to another customer', customers: [900] },
			],
			rerun: [{ pages: [2, 4] }],
		});
		expect(report.message).toBe(
			'Bulk import: 1198 customers upserted in 6 batches of up to 250. 2 not upserted: page 2: 1 failed (409: email belongs to another customer; customers 260); page 4: 1 failed (409: email belongs to another customer; customers 900). Fix the cause, then POST {"pages": [2,4]} to Start Import. Re-running a page is safe: each upsert is a PUT by your customer id, so customers already imported are only written again.',
		);
		// The re-run reads only those pages.
		const again = simulate({ pages: [2, 4] }, { total: 1200, pageSize: 250 });
		expect(again.fetched).toEqual([2, 4]);
		expect(again.report).toMatchObject({ ok: true, upserted: 500, batches: 2 });
	});

	it('stops at a page whose every customer failed, and says to redo it and carry on after it', () => {
		const failing = new Set(Array.from({ length: 250 }, (_, i) => 251 + i));
		const { report, fetched } = simulate({}, { total: 1200, pageSize: 250, failing });
		expect(fetched).toEqual([1, 2]);
		expect(report).toMatchObject({
			ok: false,
			upserted: 250,
			failed: 250,
			rerun: [{ pages: [2] }, { from_page: 3 }],
		});
		expect(report.stopped).toMatch(
			/^every customer of page 2 failed \(409: email belongs to another customer\), so the import stopped/,
		);
		expect(report.failed_pages[0].customers).toEqual([251, 252, 253, 254, 255]);
	});

	it('stops at a page it cannot read, and says to carry on from it (walk) or lists what was left (pages)', () => {
		const walk = simulate({}, { total: 1200, pageSize: 250, unreadable: new Set([3]) });
		expect(walk.fetched).toEqual([1, 2, 3]);
		expect(walk.report).toMatchObject({
			ok: false,
			upserted: 500,
			failed: 0,
			rerun: [{ from_page: 3 }],
		});
		expect(walk.report.stopped).toBe(
			'page 3 could not be read from the source (HTTP 503: The service was not able to process your request), so the import stopped there',
		);
		const listed = simulate(
			{ pages: [2, 3, 5] },
			{ total: 1200, pageSize: 250, unreadable: new Set([3]) },
		);
		expect(listed.fetched).toEqual([2, 3]);
		expect(listed.report).toMatchObject({ ok: false, upserted: 250, rerun: [{ pages: [3, 5] }] });
	});

	it('stops when the source ignores the page parameter instead of importing page 1 forever', () => {
		const { report, fetched } = simulate({}, { total: 1200, pageSize: 250, ignoresPage: true });
		expect(fetched).toEqual([1, 2]);
		expect(report).toMatchObject({
			ok: false,
			upserted: 500,
			stopped:
				'page 2 repeats page 1: the source seems to ignore the page parameter (check SOURCE_URL)',
		});
	});

	it('a source that caps per_page below PAGE_SIZE is still read to the end (the walk stops at an empty page, not a short one)', () => {
		// 1200 customers served 100 at a time although 250 were asked for.
		let state = settings({});
		const fetched: number[] = [];
		while (state.page > 0) {
			fetched.push(state.page);
			const ids = Array.from(
				{ length: Math.max(0, Math.min(100, 1200 - (state.page - 1) * 100)) },
				(_, i) => (state.page - 1) * 100 + i + 1,
			);
			const rows = ids.map((id) => ({ id }));
			state = run(
				'Batch Done',
				{ rows },
				{
					'Batch Requested': [[state]],
					...(rows.length ? { 'Upsert Customers': [rows, []] } : {}),
				},
			);
		}
		expect(fetched).toHaveLength(13);
		expect(state.upserted).toBe(1200);
	});
});

describe('bulk import template: wiring', () => {
	it('the parent hands each batch to this same workflow and loops until no page is left', () => {
		expect(node('Import One Batch').parameters).toMatchObject({
			source: 'database',
			workflowId: { value: '={{ $workflow.id }}' },
			mode: 'once',
			options: { waitForSubWorkflow: true },
		});
		expect(template.connections['More Batches?'].main[0]).toEqual([
			expect.objectContaining({ node: 'Import One Batch' }),
		]);
		expect(template.connections['More Batches?'].main[1]).toEqual([
			expect.objectContaining({ node: 'Import Report' }),
		]);
	});

	it('Batch Done runs after the upserts (lower branch of Page Rows), so its item is what the sub-execution returns', () => {
		const branches = template.connections['Page Rows'].main[0].map((c) => c.node);
		expect(branches).toEqual(['One Item per Customer', 'Batch Done']);
		const y = (name: string) =>
			(template.nodes.find((n) => n.name === name) as unknown as { position: [number, number] })
				.position[1];
		expect(y('One Item per Customer')).toBeLessThan(y('Batch Done'));
		expect(template.connections['Upsert Customers']).toBeUndefined();
	});

	it('refused customers go to an error output and are counted, never retried by n8n; only the read is retried', () => {
		expect(node('Upsert Customers')).toMatchObject({ onError: 'continueErrorOutput' });
		expect(node('Upsert Customers').retryOnFail).toBeUndefined();
		expect(node('Fetch Page')).toMatchObject({
			retryOnFail: true,
			onError: 'continueErrorOutput',
			parameters: { method: 'GET' },
		});
	});
});
