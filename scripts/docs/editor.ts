/**
 * Drives the real n8n editor in Debian's Chromium through playwright-core (no browser download:
 * the `chromium` package's binary is launched). Shared by `npm run docs:screenshots` and the
 * browser e2e test (test/e2e/browser-editor.test.ts), so what the README shows is what the test
 * checked.
 */
import fs from 'node:fs';

import type { Browser, BrowserContext, Page } from 'playwright-core';

import { bindCredentials, type WorkflowJson } from '../lib/n8n-api';
import { OWNER } from '../lib/n8n-instance';
import { PACKAGE_NAME } from '../lib/package-install';

/** Where Debian's `chromium` package puts the browser; `CHROMIUM_PATH` overrides it. */
export function chromiumPath(): string | undefined {
	const candidates = [
		process.env.CHROMIUM_PATH,
		'/usr/bin/chromium',
		'/usr/bin/chromium-browser',
	].filter(Boolean) as string[];
	return candidates.find((p) => fs.existsSync(p));
}

/**
 * Why the browser suite cannot run here, or undefined when it can: Chromium and playwright-core
 * must both be present.
 */
export function browserUnavailable(): string | undefined {
	if (!chromiumPath()) return 'Chromium not found (apt-get install chromium, or set CHROMIUM_PATH)';
	try {
		require.resolve('playwright-core');
	} catch {
		return 'playwright-core is not installed (npm install)';
	}
	return undefined;
}

/** Flags for a quiet, offline, headless Chromium in a container (no sandbox, no GPU, no update checks). */
export const CHROMIUM_ARGS = [
	'--no-sandbox',
	'--disable-gpu',
	'--disable-quic',
	'--no-first-run',
	'--disable-background-networking',
	'--disable-component-update',
	'--disable-sync',
	'--disable-dev-shm-usage',
];

export async function launchChromium(): Promise<Browser> {
	const executablePath = chromiumPath();
	if (!executablePath) throw new Error(browserUnavailable());
	// Loaded lazily so a machine without playwright-core can still load this module and skip.
	// eslint-disable-next-line @typescript-eslint/no-require-imports
	const { chromium } = require('playwright-core') as typeof import('playwright-core');
	// launch() gives every browser its own fresh temporary profile.
	return await chromium.launch({ executablePath, args: CHROMIUM_ARGS, headless: true });
}

export const VIEWPORT = { width: 1360, height: 860 };

/** The n8n editor at `baseUrl`, logged in as the harness owner through the sign-in form. */
export class Editor {
	private constructor(
		readonly baseUrl: string,
		readonly context: BrowserContext,
	) {}

	static async login(browser: Browser, baseUrl: string, viewport = VIEWPORT): Promise<Editor> {
		const context = await browser.newContext({ viewport, deviceScaleFactor: 1 });
		const page = await context.newPage();
		await page.goto(`${baseUrl}/signin`);
		await page.fill('#emailOrLdapLoginId', OWNER.email);
		await page.fill('#password', OWNER.password);
		await page.click('[data-test-id="form-submit-button"]');
		await page.waitForURL((url) => !url.pathname.includes('signin'), { timeout: 60_000 });
		await page.close();
		return new Editor(baseUrl, context);
	}

	/** A new, empty workflow canvas (a page of its own, so an unsaved import never blocks the next one). */
	async newWorkflow(): Promise<Page> {
		const page = await this.context.newPage();
		await page.goto(`${this.baseUrl}/workflow/new`);
		await page.waitForSelector('[data-test-id="canvas-plus-button"]', { timeout: 90_000 });
		return page;
	}

	/** Empties the canvas of `page` (select all, delete), ready for the next import without reloading the editor. */
	async clearCanvas(page: Page): Promise<void> {
		await page.locator('[data-test-id="canvas-wrapper"]').click({ position: { x: 5, y: 5 } });
		await page.keyboard.press('ControlOrMeta+a');
		await page.keyboard.press('Delete');
		await page.waitForSelector('[data-test-id="canvas-plus-button"]', { timeout: 15_000 });
		// The view keeps the last workflow's zoom and pan, which can leave "Add first step" off screen.
		await zoomToFit(page);
	}

	/**
	 * Imports a workflow through the editor's own *Import from File* input (the hidden file input
	 * behind the workflow menu's entry), with credential references bound to this instance's
	 * credentials by type, and waits until every node is on the canvas.
	 */
	async importWorkflow(
		page: Page,
		workflow: WorkflowJson,
		credentials: Record<string, { id: string; name: string }>,
		fileName = 'workflow.json',
	): Promise<void> {
		const bound = bindCredentials(workflow, credentials);
		await page.setInputFiles('[data-test-id="workflow-import-input"]', {
			name: fileName,
			mimeType: 'application/json',
			buffer: Buffer.from(JSON.stringify(bound)),
		});
		const nodes = workflow.nodes.filter((n) => n.type !== 'n8n-nodes-base.stickyNote').length;
		// A string, evaluated in the page: this package's TypeScript has no DOM library.
		await page.waitForFunction(
			`document.querySelectorAll('[data-test-id="canvas-node"]').length >= ${nodes}`,
			undefined,
			{ timeout: 30_000 },
		);
		// Issues and icons are computed right after the nodes are drawn.
		await page.waitForTimeout(1000);
	}
}

export interface CanvasNode {
	name: string;
	type: string;
	/** The canvas marks a node whose type n8n does not know (a "?" and *Install this node*). */
	notInstalled: boolean;
	/** The canvas's warning: parameter or credential issues. */
	hasIssues: boolean;
	iconSrc?: string;
	iconLoaded: boolean;
}

export async function canvasNodes(page: Page): Promise<CanvasNode[]> {
	return await page.$$eval('[data-test-id="canvas-node"]', (elements) =>
		elements.map((el) => {
			const img = el.querySelector('img');
			return {
				name: el.getAttribute('data-node-name') ?? '',
				type: el.getAttribute('data-node-type') ?? '',
				notInstalled: Boolean(el.querySelector('[data-test-id="node-not-installed"]')),
				hasIssues: Boolean(el.querySelector('[data-test-id="node-issues"]')),
				iconSrc: img?.getAttribute('src') ?? undefined,
				iconLoaded: Boolean(img && img.complete && img.naturalWidth > 0),
			};
		}),
	);
}

/** The issue texts n8n shows for a node (tooltip of its warning), for a readable failure. */
export async function issueText(page: Page, nodeName: string): Promise<string> {
	const marker = page.locator(
		`[data-test-id="canvas-node"][data-node-name="${nodeName}"] [data-test-id="node-issues"]`,
	);
	if ((await marker.count()) === 0) return '';
	await marker.first().hover();
	await page.waitForTimeout(400);
	const tooltip = page.locator('[role="tooltip"], .n8n-tooltip, .el-popper').last();
	return (await tooltip.textContent().catch(() => ''))?.trim() ?? '';
}

export interface PanelEntry {
	/** Node type, e.g. `n8n-nodes-reward-fulfillment.kotisTrigger`. */
	type: string;
	label: string;
	iconSrc?: string;
	iconLoaded: boolean;
}

const PANEL_ENTRIES = (root: string) =>
	`${root} [data-keyboard-nav-type="node"], ${root} [data-keyboard-nav-type="action"]`;

async function panelEntries(page: Page): Promise<PanelEntry[]> {
	const raw = await page.$$eval(PANEL_ENTRIES('[data-test-id="node-creator"]'), (elements) =>
		elements.map((el) => {
			const img = el.querySelector('img');
			return {
				id: el.getAttribute('data-keyboard-nav-id') ?? '',
				label: (
					el.querySelector('[data-test-id="node-creator-item-name"]')?.textContent ??
					el.textContent ??
					''
				).trim(),
				iconSrc: img?.getAttribute('src') ?? undefined,
				iconLoaded: Boolean(img && img.complete && img.naturalWidth > 0),
			};
		}),
	);
	// The panel's ids are `<node type>-<uuid>`.
	return raw.map(({ id, ...rest }) => ({
		type: id.replace(/-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/, ''),
		...rest,
	}));
}

/**
 * Searches n8n's node panel (opened from the empty canvas's "Add first step", where triggers and
 * actions are both offered) for `query`, and opens every entry of this package it lists: n8n
 * groups a node and its trigger under one entry (*Kotis Design* holds the Kotis Design Trigger's
 * events), so the trigger shows up only inside it. Returns every entry seen, outside and inside.
 */
export async function searchNodePanel(page: Page, query: string): Promise<PanelEntry[]> {
	const open = async () => {
		await page.click('[data-test-id="canvas-plus-button"]');
		const search = page
			.locator(
				'[data-test-id="node-creator-search-bar"] input, input[data-test-id="node-creator-search-bar"]',
			)
			.first();
		await search.waitFor({ timeout: 15_000 });
		await search.fill(query);
		await page.waitForTimeout(600);
	};
	const close = async () => {
		await page.keyboard.press('Escape');
		await page.waitForTimeout(300);
		if (
			await page
				.locator('[data-test-id="node-creator"]')
				.isVisible()
				.catch(() => false)
		)
			await page.keyboard.press('Escape');
		await page
			.locator('[data-test-id="node-creator"]')
			.waitFor({ state: 'hidden', timeout: 10_000 })
			.catch(() => undefined);
	};
	await open();
	const top = await panelEntries(page);
	const seen = [...top];
	await close();
	const ours = top.filter((e) => e.type.startsWith(`${PACKAGE_NAME}.`));
	for (const entry of ours) {
		await open();
		const item = page
			.locator(`[data-test-id="item-iterator-item"][data-keyboard-nav-id^="${entry.type}-"]`)
			.first();
		if ((await item.count()) > 0) {
			await item.click();
			await page.waitForTimeout(600);
			seen.push(...(await panelEntries(page)));
		}
		await close();
	}
	return seen;
}

/** Opens a canvas node's settings panel (double-click, as a user does); returns the panel. */
export async function openNodeSettings(page: Page, nodeName: string) {
	await page.locator(`[data-test-id="canvas-node"][data-node-name="${nodeName}"]`).dblclick();
	const ndv = page.locator('[data-test-id="ndv"]');
	await ndv.waitFor({ state: 'visible', timeout: 15_000 });
	await ndv
		.locator('[data-test-id="node-parameters"]:visible')
		.first()
		.waitFor({ state: 'visible', timeout: 15_000 });
	return ndv;
}

export async function closeNodeSettings(page: Page): Promise<void> {
	await page.keyboard.press('Escape');
	await page
		.locator('[data-test-id="ndv"]')
		.waitFor({ state: 'hidden', timeout: 10_000 })
		.catch(() => undefined);
}

/** Fits the whole workflow into the view (the editor's own *Zoom to fit*). */
export async function zoomToFit(page: Page): Promise<void> {
	await page.click('[data-test-id="zoom-to-fit"]');
	await page.waitForTimeout(800);
}
