/**
 * `npm run docs:screenshots`: the README's pictures, taken from the real editor. Boots n8n with
 * this package and the sandbox credentials (scripts/lib/stack.ts), drives Debian's Chromium
 * headless, imports each template through the editor's Import from File and writes
 *   docs/images/template-<template file name>.png   the template's canvas, zoomed to fit
 *   docs/images/node-<node type>.png                 a package node's settings panel
 * Needs Chromium (`apt-get install chromium`, or CHROMIUM_PATH).
 */
import fs from 'node:fs';
import path from 'node:path';

import type { Page } from 'playwright-core';

import type { WorkflowJson } from '../lib/n8n-api';
import { PACKAGE_NAME } from '../lib/package-install';
import { REPO_ROOT } from '../lib/runtime';
import { startStack } from '../lib/stack';
import { browserUnavailable, closeNodeSettings, Editor, launchChromium, openNodeSettings, zoomToFit } from './editor';

const OUT = path.join(REPO_ROOT, 'docs', 'images');

/** Nodes no template uses, shown on their own with their defaults. */
const EXTRA_NODES: Record<string, { name: string; credentials: Record<string, { id: string; name: string }> }> = {
	[`${PACKAGE_NAME}.kotisTrigger`]: { name: 'Kotis Order Changed', credentials: { kotisApi: { id: '', name: '' } } },
};

async function hideToasts(page: Page): Promise<void> {
	for (const close of await page.locator('.el-notification__closeBtn, [data-test-id="toast-close-button"]').all()) await close.click().catch(() => undefined);
	await page.waitForTimeout(300);
}

/**
 * The node's settings as a user sees them: its title bar with icon and the whole panel, cropped
 * below the last parameter (the input and output panes are empty without an execution).
 */
async function shootSettings(page: Page, file: string): Promise<void> {
	const box = async (selector: string) => {
		const found = await page.locator(selector).first().boundingBox();
		if (!found) throw new Error(`${selector} not found in the settings panel`);
		return found;
	};
	const ndv = await box('[data-test-id="ndv"]');
	const title = await box('[data-test-id="node-title-container"]:visible');
	const parameters = await box('[data-test-id="ndv"] [data-test-id="node-parameters"]:visible');
	const top = Math.max(0, title.y - 12);
	const bottom = Math.min(ndv.y + ndv.height, Math.max(parameters.y + parameters.height + 24, top + 420));
	await page.screenshot({ path: file, clip: { x: ndv.x, y: top, width: ndv.width, height: bottom - top } });
}

/** The canvas without the editor's tab strip above it. */
async function shootCanvas(page: Page, file: string): Promise<void> {
	const canvas = await page.locator('[data-test-id="canvas-wrapper"]').boundingBox();
	if (!canvas) throw new Error('canvas not found');
	const strip = 48;
	await page.screenshot({ path: file, clip: { x: canvas.x, y: canvas.y + strip, width: canvas.width, height: canvas.height - strip } });
}

async function main(): Promise<void> {
	const unavailable = browserUnavailable();
	if (unavailable) throw new Error(`Cannot take screenshots: ${unavailable}`);
	fs.mkdirSync(OUT, { recursive: true });
	const started = Date.now();
	console.log('Starting n8n and the sandboxes...');
	const stack = await startStack();
	const browser = await launchChromium();
	const written: string[] = [];
	try {
		// Narrower than a desktop, so the settings panel fills more of each picture.
		const editor = await Editor.login(browser, stack.n8n.baseUrl, { width: 1180, height: 820 });
		const page = await editor.newWorkflow();
		const shotTypes = new Set<string>();
		const templates = fs.readdirSync(path.join(REPO_ROOT, 'workflows')).filter((f) => f.endsWith('.json')).sort();

		const shootNodes = async (nodes: WorkflowJson['nodes']) => {
			for (const node of nodes) {
				if (!node.type.startsWith(`${PACKAGE_NAME}.`) || shotTypes.has(node.type)) continue;
				await openNodeSettings(page, node.name);
				const file = path.join(OUT, `node-${node.type.slice(PACKAGE_NAME.length + 1)}.png`);
				await shootSettings(page, file);
				await closeNodeSettings(page);
				shotTypes.add(node.type);
				written.push(file);
			}
		};

		for (const file of templates) {
			const template = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'workflows', file), 'utf8')) as WorkflowJson;
			await editor.clearCanvas(page);
			await editor.importWorkflow(page, template, stack.credentials, file);
			await hideToasts(page);
			await zoomToFit(page);
			const shot = path.join(OUT, `template-${path.basename(file, '.json')}.png`);
			await shootCanvas(page, shot);
			written.push(shot);
			await shootNodes(template.nodes);
		}

		for (const [type, extra] of Object.entries(EXTRA_NODES)) {
			if (shotTypes.has(type)) continue;
			const workflow: WorkflowJson = {
				name: extra.name,
				connections: {},
				nodes: [{ id: 'extra', name: extra.name, type, typeVersion: 1, position: [0, 0], parameters: {}, credentials: extra.credentials }],
			};
			await editor.clearCanvas(page);
			await editor.importWorkflow(page, workflow, stack.credentials, 'node.json');
			await hideToasts(page);
			await shootNodes(workflow.nodes);
		}

		const missing = stack.loadedNodeTypes.filter((t) => !t.endsWith('Tool') && !shotTypes.has(t));
		if (missing.length) throw new Error(`No settings screenshot for ${missing.join(', ')}: add them to EXTRA_NODES`);
	} finally {
		await browser.close();
		await stack.stop();
	}
	for (const file of written) console.log(`  ${path.relative(REPO_ROOT, file)}  ${(fs.statSync(file).size / 1024).toFixed(0)} KB`);
	console.log(`${written.length} screenshots in ${((Date.now() - started) / 1000).toFixed(0)} s`);
}

main().catch((error: unknown) => {
	console.error(error instanceof Error ? error.message : error);
	process.exit(1);
});
