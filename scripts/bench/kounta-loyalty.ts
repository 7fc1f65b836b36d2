/**
 * `npm run bench:loyalty`: boots a real n8n with the sandboxes, publishes the Kounta loyalty template
 * (workflows/kounta-loyalty-influenceio-points.json) and its customer index
 * (workflows/kounta-loyalty-customer-index.json), then for each programme size grows the Influence.io
 * sandbox to that many customers, rebuilds the index through the index template's resync (timed, with
 * the peak memory of n8n and its task runner), and drives N customer searches, reward lookups and
 * redemptions through the sandbox's POS simulator, which times each reply as the till sees it
 * (request sent → reply read) and validates its shape. Prints one row per size.
 * Not part of `npm test`; asserts nothing, but counts replies the POS did not accept and calls that
 * failed (timed out, refused), each with its reason.
 *
 *   npm run bench:loyalty -- [--sizes 25,1000,10000,50000] [--count 40] [--concurrency 1] [--page-size 250] [--real-limit]
 *
 * A till makes one call at a time, so the default concurrency is 1. Searches rotate over an email,
 * a surname, an external id and a full name.
 */
import { parseArgs } from 'node:util';

import { SandboxClient } from '../../sandbox/client';
import type { KountaPosResult } from '../../sandbox/kounta/types';
import { CUSTOMER_INDEX_TABLE, publishCustomerIndex } from '../lib/customer-index';
import { publishTemplateFile } from '../lib/templates';
import {
	KOUNTA_LOYALTY_URL_TOKEN,
	startStack,
	TEMPLATE_WEBHOOK_HEADER,
	TEMPLATE_WEBHOOK_VALUE,
} from '../lib/stack';
import {
	attempt,
	failureReason,
	percentile,
	pool,
	reasonSummary,
	rssSampler,
	runBench,
	statusKb,
} from './common';

type Call = 'search' | 'lookup' | 'redeem';
const CALLS: Call[] = ['search', 'lookup', 'redeem'];
const KEYWORDS = ['ada@example.com', 'lovelace', '1002', 'alan turing'];

interface SizeRow {
	size: number;
	buildS?: number;
	buildError?: string;
	rows?: number;
	rssBeforeMb?: number;
	peakMb?: number;
	times: Record<Call, number[]>;
	/** Calls that got no acceptable reply: the POS's issues, or why the call itself failed. */
	failed: Record<Call, string[]>;
}

async function main() {
	const { values } = parseArgs({
		options: {
			sizes: { type: 'string', default: '25,1000,10000,50000' },
			count: { type: 'string', default: '40' },
			concurrency: { type: 'string', default: '1' },
			'page-size': { type: 'string', default: '250' },
			'real-limit': { type: 'boolean', default: false },
		},
	});
	const sizes = String(values.sizes)
		.split(',')
		.map((s) => Number(s.trim()))
		.sort((a, b) => a - b);
	const count = Number(values.count);
	const concurrency = Number(values.concurrency);
	const pageSize = Number(values['page-size']);
	if (!(
		count > 0 &&
		concurrency > 0 &&
		pageSize > 0 &&
		sizes.every((s) => Number.isInteger(s) && s >= 3)
	)) {
		throw new Error(
			'--count, --concurrency and --page-size must be positive, every --sizes entry a whole number of at least 3',
		);
	}
	const realLimit = values['real-limit'] === true;
	console.log(
		`Booting n8n and the sandboxes (sizes ${sizes.join(', ')}; ${count} of each call per size, concurrency ${concurrency}; Influence.io pages of ${pageSize})...`,
	);
	// Each redeem costs Kounta three calls (company, PUT order, read back); back to back that is over the
	// 60/min Basic limit, and the node's pacing then decides the figures. By default the sandbox and the
	// credential allow more, to measure n8n; --real-limit keeps 60/min and the sandbox's invented
	// Influence.io limit of 10 requests/s.
	if (!realLimit)
		console.log(
			"Kounta's 60 requests/min (Basic) and the sandbox's Influence.io limit are lifted for this run (--real-limit keeps them).",
		);
	const stack = await startStack({
		sandbox: {
			influenceio: {
				seedCustomers: Math.min(25, sizes[0]),
				pageSize,
				...(realLimit ? {} : { rateLimit: null }),
			},
			...(realLimit
				? {}
				: { kounta: { rateLimit: { basic: 100_000, oauth: 100_000, windowMs: 60_000 } } }),
		},
		...(realLimit ? {} : { credentialOverrides: { kountaApi: { requestsPerMinute: 100_000 } } }),
	});
	for (const signal of ['SIGINT', 'SIGTERM'] as const) {
		process.once(signal, () => void stack.stop().finally(() => process.exit(130)));
	}
	const results: SizeRow[] = [];
	try {
		// Admin calls wait for the POS simulator, whose own 10 s timeout is the till's: a slow reply is then a counted failure, not a crash.
		const admin = new SandboxClient(stack.sandbox.url, { timeoutMs: 120_000 });
		const index = await publishCustomerIndex(stack.api, stack.credentials, {
			name: TEMPLATE_WEBHOOK_HEADER,
			value: TEMPLATE_WEBHOOK_VALUE,
		});
		const loyalty = await publishTemplateFile(
			stack.api,
			stack.credentials,
			'kounta-loyalty-influenceio-points.json',
		);
		const trigger = loyalty.template.nodes.find(
			(n) => n.name === 'POS Loyalty Call',
		) as unknown as { webhookId: string };
		const url = stack.api.webhookUrl(`${trigger.webhookId}/loyalty`);
		await admin.kounta.setLoyalty({
			searchUrl: `${url}?call=search&token=${KOUNTA_LOYALTY_URL_TOKEN}`,
			rewardsUrl: `${url}?call=rewards&token=${KOUNTA_LOYALTY_URL_TOKEN}`,
		});
		const pid = stack.n8n.process.pid as number;
		const tableId = stack.dataTables[CUSTOMER_INDEX_TABLE];

		for (const size of sizes) {
			const row: SizeRow = {
				size,
				times: { search: [], lookup: [], redeem: [] },
				failed: { search: [], lookup: [], redeem: [] },
			};
			results.push(row);
			const { total } = await admin.influenceio.customers({ limit: 0 });
			if (size > total)
				await admin.influenceio.seedCustomers({
					count: size - Math.min(25, sizes[0]),
					prefix: 'bench-',
				});
			console.log(`\n${size} members: rebuilding the customer index...`);
			await stack.api.clearDataTable(tableId);
			row.rssBeforeMb = statusKb(pid, 'VmRSS') / 1024;
			const sampler = rssSampler(pid);
			const built = await attempt(async () => await index.resync({ timeoutMs: 60 * 60_000 }));
			row.peakMb = (await sampler.stop()) / 1024;
			if (built.ok) row.buildS = built.value.ms / 1000;
			else row.buildError = built.reason;
			const rows = await attempt(async () => (await stack.api.dataTableRows(tableId)).length);
			if (rows.ok) row.rows = rows.value;
			console.log(
				built.ok
					? `  built in ${(built.value.ms / 1000).toFixed(1)} s, ${row.rows ?? '?'} rows`
					: `  build failed: ${built.reason}`,
			);

			// Enough for every redemption of the 300-point reward.
			await admin.influenceio.setPoints('1001', count * 300 + 1000);
			const note = (call: Call, outcome: Awaited<ReturnType<typeof attempt<KountaPosResult>>>) => {
				if (!outcome.ok) {
					row.failed[call].push(outcome.reason);
					return;
				}
				row.times[call].push(Math.round(outcome.value.ms));
				if (!outcome.value.ok)
					row.failed[call].push(
						`${outcome.value.status || 'no reply'}: ${outcome.value.issues.join('; ')}`.slice(
							0,
							200,
						),
					);
			};
			await pool(count, concurrency, async (i) => {
				note(
					'search',
					await attempt(
						async () => await admin.kounta.pos.search({ keyword: KEYWORDS[i % KEYWORDS.length] }),
					),
				);
				const lookup = await attempt(
					async () => await admin.kounta.pos.lookup({ referenceId: '1001' }),
				);
				note('lookup', lookup);
				const reward = lookup.ok ? lookup.value.rewards.find((r) => r.id === '10-off') : undefined;
				if (!lookup.ok || !reward) return;
				const order = await attempt(async () => await admin.kounta.createOrder());
				if (!order.ok) {
					row.failed.redeem.push(`creating the order: ${order.reason}`);
					return;
				}
				note(
					'redeem',
					await attempt(
						async () =>
							await admin.kounta.pos.redeem({
								redeemUrl: reward.redeem_url,
								orderId: order.value.id,
								placeholderOrderId: lookup.value.placeholderOrderId,
							}),
					),
				);
			});
		}
		await stack.api.unpublish(loyalty.id).catch(() => undefined);
		await stack.api.unpublish(index.published.id).catch(() => undefined);
	} catch (error) {
		console.error(`\nbench stopped early: ${failureReason(error)}`);
		process.exitCode = 1;
	} finally {
		await stack.stop();
	}

	const ms = (values: number[], p: number) => {
		const sorted = [...values].sort((a, b) => a - b);
		return sorted.length ? String(percentile(sorted, p)) : '-';
	};
	console.log(
		`\nReply time as the POS simulator measures it (request sent → reply read), ${count} of each call per size, concurrency ${concurrency}. Index build: the index template's full resync (Influence.io pages of ${pageSize}), peak RSS of n8n + its task runner sampled every 200 ms.`,
	);
	console.log(
		'| members | index build | index rows | n8n RSS before → peak during build | search p50 / p95 ms | lookup p50 / p95 ms | redeem p50 / p95 ms | not accepted or failed (search / lookup / redeem) |',
	);
	console.log('| --- | --- | --- | --- | --- | --- | --- | --- |');
	for (const r of results) {
		const build =
			r.buildS !== undefined ? `${r.buildS.toFixed(1)} s` : `failed: ${r.buildError ?? 'not run'}`;
		const memory =
			r.peakMb !== undefined
				? `${(r.rssBeforeMb ?? 0).toFixed(0)} → ${r.peakMb.toFixed(0)} MB`
				: '-';
		console.log(
			`| ${r.size.toLocaleString('en')} | ${build} | ${r.rows ?? '-'} | ${memory} | ${CALLS.map((c) => `${ms(r.times[c], 50)} / ${ms(r.times[c], 95)}`).join(' | ')} | ${CALLS.map((c) => r.failed[c].length).join(' / ')} |`,
		);
	}
	for (const r of results) {
		for (const call of CALLS) {
			if (r.failed[call].length > 0)
				console.log(
					`${r.size} members, ${call} not accepted or failed: ${reasonSummary(r.failed[call])}`,
				);
		}
	}
}

runBench(main);
