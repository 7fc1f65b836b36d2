import axios from 'axios';

import { STORE_CUSTOMER_ID_BASE, storeCustomer } from '../../sandbox/store';
import { publishBulkImport, type BulkImport } from '../../scripts/lib/bulk-import';
import type { Execution } from '../../scripts/lib/n8n-api';
import { TEMPLATE_WEBHOOK_HEADER, TEMPLATE_WEBHOOK_VALUE } from '../../scripts/lib/stack';
import { e2e } from './state';

const { state, n8n, sandbox } = e2e();
// The e2e sandbox keeps Influence.io's invented 10 requests/s, so a few hundred customers: pages 1-4
// hold 150 each, page 5 the last 100, page 6 is the empty page that ends the walk.
const COUNT = 700;
const PAGE_SIZE = 150;
const PAGES = Math.ceil(COUNT / PAGE_SIZE) + 1;
/** On page 2. */
const REFUSED = STORE_CUSTOMER_ID_BASE + 260;

/**
 * The bulk-import template (workflows/influenceio-bulk-import-customers.json) in real n8n: the store
 * stand-in's paged customer list (GET /store/customers) upserted into Influence.io a page at a time,
 * each page in a sub-execution of the same workflow. Influence.io starts with its 25 seeded
 * customers; the imported ones are those whose external id is a store customer number.
 */
describe('template: bulk import customers into Influence.io', () => {
	let bulk: BulkImport;

	/** Influence.io's customers that came from the store, by external id. */
	const imported = async () => {
		const found = new Map<string, { email: string; firstName: string; lastName: string }>();
		for (let offset = 0; ; offset += 1000) {
			const page = await sandbox.influenceio.customers({ offset, limit: 1000 });
			for (const c of page.customers)
				if (Number(c.externalId) > STORE_CUSTOMER_ID_BASE)
					found.set(c.externalId, { email: c.email, firstName: c.firstName, lastName: c.lastName });
			if (offset + 1000 >= page.total) return found;
		}
	};
	const expected = (count: number, except: number[] = []) =>
		new Map(
			Array.from({ length: count }, (_, i) => storeCustomer(i + 1))
				.filter((c) => !except.includes(c.id))
				.map((c) => [
					String(c.id),
					{ email: c.email, firstName: c.first_name, lastName: c.last_name },
				]),
		);
	const storePages = async () =>
		(await sandbox.calls({ vendor: 'store', method: 'GET' })).map((c) => ({
			page: c.query.page,
			per_page: c.query.per_page,
		}));
	const pageQuery = (page: number) => ({ page: String(page), per_page: String(PAGE_SIZE) });
	/** Executions of the template newer than `after`: the sub-executions run in mode "integrated". */
	const executionsAfter = async (after: string) =>
		(await n8n.executions(bulk.published.id)).filter(
			(e: Execution) => Number(e.id) > Number(after),
		);

	beforeAll(async () => {
		bulk = await publishBulkImport(
			n8n,
			state.credentials,
			{ name: TEMPLATE_WEBHOOK_HEADER, value: TEMPLATE_WEBHOOK_VALUE },
			{ url: `${state.sandboxUrl}/store/customers`, pageSize: PAGE_SIZE },
		);
	});

	afterAll(async () => {
		await n8n.unpublish(bulk.published.id).catch(() => undefined);
	});

	beforeEach(async () => {
		await sandbox.reset();
		await sandbox.store.setCustomers(COUNT);
	});

	it('refuses a request without the secret (401) and a bad body (400 with the reason); neither reads or writes a customer', async () => {
		const url = n8n.webhookUrl(bulk.published.webhookPath('Start Import'));
		const denied = await axios.post(url, {}, { validateStatus: () => true });
		expect({ status: denied.status, error: denied.data?.error }).toEqual({
			status: 401,
			error: 'unauthorized',
		});
		const bad = await bulk.run({ pages: ['2'] });
		expect(bad.reply).toEqual({
			status: 400,
			data: {
				error: 'invalid_body',
				reason: 'pages: expected a non-empty array of page numbers (1, 2, ...)',
			},
		});
		await new Promise((r) => setTimeout(r, 500));
		expect(await sandbox.calls({ vendor: 'store' })).toEqual([]);
		expect(await sandbox.calls({ vendor: 'influenceio' })).toEqual([]);
	});

	it(`imports ${COUNT} customers in ${PAGES} batches of ${PAGE_SIZE}, one sub-execution each; Influence.io ends with exactly those customers and the parent never held one`, async () => {
		const run = await bulk.run({}, { timeoutMs: 240_000, pollMs: 500 });
		expect(run.reply).toEqual({
			status: 202,
			data: {
				started: true,
				executionId: run.executionId,
				firstPage: 1,
				pages: [],
				pageSize: PAGE_SIZE,
			},
		});
		expect({ status: run.status, error: run.error }).toEqual({
			status: 'success',
			error: undefined,
		});
		expect(run.report).toEqual({
			ok: true,
			upserted: COUNT,
			failed: 0,
			batches: PAGES,
			failed_pages: [],
			stopped: '',
			rerun: [],
			message: `Bulk import: ${COUNT} customers upserted in ${PAGES} batches of up to ${PAGE_SIZE}.`,
		});
		expect(await imported()).toEqual(expected(COUNT));
		expect(await storePages()).toEqual(Array.from({ length: PAGES }, (_, i) => pageQuery(i + 1)));
		// Accepted PUTs (the sandbox's 10 requests/s answers some with 429, which the transport retries).
		const puts = (await sandbox.calls({ vendor: 'influenceio', method: 'PUT' })).filter(
			(c) => c.status === 200,
		);
		expect(puts).toHaveLength(COUNT);
		expect(new Set(puts.map((c) => c.path)).size).toBe(COUNT);
		// One sub-execution per page, each started by Import One Batch.
		const subs = (await executionsAfter(String(run.executionId))).filter(
			(e) => e.mode === 'integrated',
		);
		expect(subs).toHaveLength(PAGES);
		expect(subs.every((e) => e.status === 'success')).toBe(true);
		// The parent's run data holds running totals only (and each page's first id, to notice a source
		// that ignores page): no customer's email, and no id but those first ones.
		const parent = await n8n.execution(String(run.executionId));
		const parentData = JSON.stringify(parent.data);
		expect(parentData).not.toContain(storeCustomer(1).email);
		expect(parentData).not.toContain(`"${STORE_CUSTOMER_ID_BASE + 2}"`);
		expect(parentData).not.toContain(`${STORE_CUSTOMER_ID_BASE + COUNT}`);
		// No secret of the source or of Influence.io in any of the executions.
		for (const e of [parent, ...(await Promise.all(subs.map((s) => n8n.execution(s.id))))]) {
			const text = JSON.stringify(e.data);
			for (const secret of state.secrets) expect(text).not.toContain(secret);
		}
	}, 300_000);

	it('a batch with a refused customer is reported with the page to redo and the other batches finish; redoing that page is safe', async () => {
		await sandbox.addFault({
			vendor: 'influenceio',
			method: 'PUT',
			path: `/v1/customers/${REFUSED}`,
			kind: 'status',
			status: 409,
			body: { message: 'email: belongs to another customer' },
			times: 0,
		});
		const failed = await bulk.run({}, { timeoutMs: 240_000, pollMs: 500 });
		expect(failed.status).toBe('error');
		expect(failed.report).toMatchObject({
			ok: false,
			upserted: COUNT - 1,
			failed: 1,
			batches: PAGES,
			failed_pages: [
				{
					page: 2,
					failed: 1,
					customers: [REFUSED],
					reason: 'Influence.io rejected the request: email: belongs to another customer',
				},
			],
			rerun: [{ pages: [2] }],
		});
		expect(failed.error).toContain(
			'page 2: 1 failed (Influence.io rejected the request: email: belongs to another customer; customers 100260)',
		);
		expect(failed.error).toContain('POST {"pages": [2]} to Start Import');
		expect(failed.error).toContain('each upsert is a PUT by your customer id');
		expect(await imported()).toEqual(expected(COUNT, [REFUSED]));
		// The refused customer was sent once: a 409 is not retried (the fault answers before the rate limit).
		expect(
			await sandbox.calls({
				vendor: 'influenceio',
				method: 'PUT',
				path: `/v1/customers/${REFUSED}`,
			}),
		).toHaveLength(1);

		// The cause is fixed; the reported body redoes page 2 only.
		await sandbox.clearFaults();
		await sandbox.clearCalls();
		const redo = await bulk.run({ pages: [2] }, { timeoutMs: 120_000, pollMs: 500 });
		expect(redo.reply.data).toMatchObject({ started: true, firstPage: 2, pages: [2] });
		expect({ status: redo.status, report: redo.report }).toMatchObject({
			status: 'success',
			report: { ok: true, upserted: PAGE_SIZE, failed: 0, batches: 1 },
		});
		expect(await storePages()).toEqual([pageQuery(2)]);
		expect(
			(await sandbox.calls({ vendor: 'influenceio', method: 'PUT' })).filter(
				(c) => c.status === 200,
			),
		).toHaveLength(PAGE_SIZE);
		// Page 2's other customers were written a second time: nobody was added or changed.
		expect(await imported()).toEqual(expected(COUNT));
		expect((await sandbox.influenceio.customers({ limit: 1 })).total).toBe(25 + COUNT);
	}, 300_000);

	it('a page the source cannot serve (3 tries) stops the import with the page to carry on from; no secret lands in the executions; carrying on finishes the list', async () => {
		// Pages 1 and 2 are served, then page 3 gets 503 on all three tries.
		await sandbox.addFault({
			vendor: 'store',
			method: 'GET',
			path: '/customers',
			kind: 'status',
			status: 503,
			body: { error: 'maintenance' },
			skip: 2,
			times: 3,
		});
		const stopped = await bulk.run({}, { timeoutMs: 240_000, pollMs: 500 });
		expect(stopped.status).toBe('error');
		expect(stopped.report).toMatchObject({
			ok: false,
			upserted: 2 * PAGE_SIZE,
			failed: 0,
			batches: 3,
			rerun: [{ from_page: 3 }],
		});
		expect(stopped.report?.stopped).toMatch(
			/^page 3 could not be read from the source \(.+\), so the import stopped there$/,
		);
		expect(stopped.error).toContain('POST {"from_page": 3} to Start Import');
		expect(await storePages()).toEqual([
			pageQuery(1),
			pageQuery(2),
			pageQuery(3),
			pageQuery(3),
			pageQuery(3),
		]);
		expect((await imported()).size).toBe(2 * PAGE_SIZE);
		const runs = await executionsAfter(String(Number(stopped.executionId) - 1));
		for (const e of await Promise.all(runs.map((r) => n8n.execution(r.id)))) {
			const text = JSON.stringify(e.data);
			for (const secret of state.secrets) expect(text).not.toContain(secret);
		}

		await sandbox.clearCalls();
		const rest = await bulk.run({ from_page: 3 }, { timeoutMs: 240_000, pollMs: 500 });
		expect({ status: rest.status, report: rest.report }).toMatchObject({
			status: 'success',
			report: { ok: true, upserted: COUNT - 2 * PAGE_SIZE, batches: PAGES - 2 },
		});
		expect((await storePages())[0]).toEqual(pageQuery(3));
		expect(await imported()).toEqual(expected(COUNT));
	}, 300_000);
});
