import fs from 'node:fs';
import path from 'node:path';

import type { Browser, Page } from 'playwright-core';

import {
	browserUnavailable,
	canvasNodes,
	closeNodeSettings,
	Editor,
	issueText,
	launchChromium,
	openNodeSettings,
	searchNodePanel,
} from '../../scripts/docs/editor';
import type { WorkflowJson } from '../../scripts/lib/n8n-api';
import { PACKAGE_NAME } from '../../scripts/lib/package-install';
import { e2e } from './state';

/**
 * The editor as a user meets it: Debian's Chromium drives the real n8n editor of the e2e stack.
 * Where Chromium (or playwright-core) is missing the suite is skipped with one loud line;
 * RF_BROWSER_TESTS=required (set by .ci/run) turns that into a failure.
 */
const ROOT = path.join(__dirname, '..', '..');
const unavailable = browserUnavailable();
const required = process.env.RF_BROWSER_TESTS === 'required';
if (unavailable && !required) {
	// stderr directly: jest's console.warn would add a code frame to the one line.
	process.stderr.write(
		`\n[browser] SKIPPED: ${unavailable}. The n8n editor was NOT tested in a browser (set RF_BROWSER_TESTS=required to fail instead).\n\n`,
	);
}
const suite = unavailable && !required ? describe.skip : describe;

const FAILURES = path.join(ROOT, '.n8n-e2e', 'browser-failures');

/** The package's node types, from what package.json tells n8n to load: `dist/nodes/Kotis/KotisTrigger.node.js` → `kotisTrigger`. */
const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
	n8n: { nodes: string[] };
};
const NODE_TYPES = manifest.n8n.nodes.map((file) => {
	const base = path.basename(file, '.node.js');
	return `${PACKAGE_NAME}.${base[0].toLowerCase()}${base.slice(1)}`;
});

/** The vendor name a user types into the node panel, and the icon file each vendor's nodes carry. */
const VENDORS = [
	{ prefix: 'influenceIo', query: 'Influence.io', icon: 'influenceio.svg' },
	{ prefix: 'influitive', query: 'Influitive', icon: 'influitive.svg' },
	{ prefix: 'kotis', query: 'Kotis', icon: 'kotis.svg' },
	{ prefix: 'kounta', query: 'Kounta', icon: 'kounta.svg' },
	// Not a vendor: the ledger every template that orders, awards or deducts claims in first.
	{ prefix: 'rewardLedger', query: 'Reward Ledger', icon: 'ledger.svg' },
	// Not a vendor either: the templates' inbound webhooks.
	{ prefix: 'authenticatedWebhook', query: 'Authenticated Webhook', icon: 'webhook-auth.svg' },
];
const vendorOf = (type: string) => {
	const vendor = VENDORS.find((v) => type.startsWith(`${PACKAGE_NAME}.${v.prefix}`));
	if (!vendor) throw new Error(`no vendor for ${type}`);
	return vendor;
};
const iconUrl = (type: string) => `/icons/${PACKAGE_NAME}/dist/icons/${vendorOf(type).icon}`;

const TEMPLATES = fs
	.readdirSync(path.join(ROOT, 'workflows'))
	.filter((f) => f.endsWith('.json'))
	.sort();

suite('the n8n editor in Chromium', () => {
	const { state } = e2e();
	let browser: Browser;
	let editor: Editor;
	/** One editor page for the whole suite: the canvas is emptied between checks, which saves a reload each time. */
	let page: Page;

	beforeAll(async () => {
		if (unavailable) throw new Error(`RF_BROWSER_TESTS=required, but ${unavailable}`);
		browser = await launchChromium();
		editor = await Editor.login(browser, state.n8nUrl);
		page = await editor.newWorkflow();
	});

	afterAll(async () => {
		await browser?.close();
	});

	/** Runs `body` on a fresh canvas; on failure saves a screenshot and names it in the error. */
	async function onCanvas(label: string, body: () => Promise<void>): Promise<void> {
		try {
			await editor.clearCanvas(page);
			await body();
		} catch (error) {
			fs.mkdirSync(FAILURES, { recursive: true });
			const shot = path.join(FAILURES, `${label.replace(/[^a-z0-9.-]+/gi, '_')}.png`);
			await page.screenshot({ path: shot, fullPage: true }).catch(() => undefined);
			if (error instanceof Error) error.message = `${error.message}\n[browser] screenshot: ${shot}`;
			// Start the next check from a fresh editor, whatever state this one left behind.
			await page.close().catch(() => undefined);
			page = await editor.newWorkflow();
			throw error;
		}
	}

	it('knows which nodes the package declares', () => {
		expect(NODE_TYPES).toHaveLength(12);
		expect(NODE_TYPES.every((t) => state.loadedNodeTypes.includes(t))).toBe(true);
	});

	it('sees what it looks for: a node type n8n does not know, and a required parameter left empty', async () => {
		// The checks below pass only because nothing is wrong; this proves they would notice.
		const broken: WorkflowJson = {
			name: 'Broken on purpose',
			connections: {},
			nodes: [
				{
					id: 'b1',
					name: 'Unknown Type',
					type: `${PACKAGE_NAME}.noSuchNode`,
					typeVersion: 1,
					position: [0, 0],
					parameters: {},
				},
				{
					id: 'b2',
					name: 'Empty SKU',
					type: `${PACKAGE_NAME}.kotis`,
					typeVersion: 1,
					position: [300, 0],
					parameters: { resource: 'stock', operation: 'check', skuInput: 'sku', sku: '' },
					credentials: { kotisApi: { id: 'x', name: 'x' } },
				},
			],
		};
		await onCanvas('self-check', async () => {
			await editor.importWorkflow(page, broken, state.credentials, 'broken.json');
			const nodes = await canvasNodes(page);
			expect(nodes.find((n) => n.name === 'Unknown Type')?.notInstalled).toBe(true);
			expect(nodes.find((n) => n.name === 'Empty SKU')).toMatchObject({
				notInstalled: false,
				hasIssues: true,
			});
		});
	});

	it.each(TEMPLATES)(
		'%s: imported through the editor, every node known, no issues, each package node opens',
		async (file) => {
			const template = JSON.parse(
				fs.readFileSync(path.join(ROOT, 'workflows', file), 'utf8'),
			) as WorkflowJson;
			const expected = template.nodes.filter((n) => n.type !== 'n8n-nodes-base.stickyNote');
			await onCanvas(file, async () => {
				await editor.importWorkflow(page, template, state.credentials, file);
				const nodes = await canvasNodes(page);
				expect(nodes.map((n) => `${n.name} (${n.type})`).sort()).toEqual(
					expected.map((n) => `${n.name} (${n.type})`).sort(),
				);
				expect(nodes.filter((n) => n.notInstalled).map((n) => n.name)).toEqual([]);

				const withIssues: string[] = [];
				for (const node of nodes.filter((n) => n.hasIssues))
					withIssues.push(`${node.name}: ${await issueText(page, node.name)}`);
				expect(withIssues).toEqual([]);

				const ours = nodes.filter((n) => n.type.startsWith(`${PACKAGE_NAME}.`));
				expect(ours.map((n) => ({ name: n.name, icon: n.iconSrc, loaded: n.iconLoaded }))).toEqual(
					ours.map((n) => ({ name: n.name, icon: iconUrl(n.type), loaded: true })),
				);

				for (const node of ours) {
					const ndv = await openNodeSettings(page, node.name);
					expect(
						await ndv
							.locator('[data-test-id="node-title-container"]:visible')
							.first()
							.textContent(),
					).toContain(node.name);
					// The settings panel shows the node's credential or parameters (a trigger may have only options).
					expect(
						await ndv
							.locator(
								'[data-test-id="node-credentials-select"]:visible, [data-test-id="parameter-item"]:visible',
							)
							.count(),
					).toBeGreaterThan(0);
					const header = ndv.locator(`img[src="${iconUrl(node.type)}"]`);
					expect(await header.count()).toBeGreaterThan(0);
					await closeNodeSettings(page);
				}
			});
		},
	);

	it.each(VENDORS.map((v) => [v.query, v] as const))(
		'node panel: searching "%s" finds each of its nodes with its own icon',
		async (_query, vendor) => {
			const types = NODE_TYPES.filter((t) => vendorOf(t) === vendor);
			await onCanvas(`panel-${vendor.prefix}`, async () => {
				const entries = (await searchNodePanel(page, vendor.query)).filter((e) =>
					e.type.startsWith(`${PACKAGE_NAME}.`),
				);
				const found = types.map((type) => {
					const entry = entries.find((e) => e.type === type);
					return { type, icon: entry?.iconSrc, loaded: entry?.iconLoaded };
				});
				expect(found).toEqual(types.map((type) => ({ type, icon: iconUrl(type), loaded: true })));
			});
		},
	);
});
