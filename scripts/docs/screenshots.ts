/**
 * `npm run docs:screenshots`: the README's pictures, taken from the real editor. Boots n8n with
 * this package and the sandbox credentials (scripts/lib/stack.ts), drives Debian's Chromium
 * headless, imports each template through the editor's Import from File and writes
 *   docs/images/template-<template file name>.png   the template's canvas, zoomed to fit
 *   docs/images/node-<node type>.png                 a package node's settings panel
 * for every template in workflows/ and every node package.json declares (a node no template uses
 * is shown on its own with its defaults). Old pictures of templates or nodes that no longer exist
 * are removed.
 * Needs Chromium (`apt-get install chromium`, or CHROMIUM_PATH).
 */
import fs from 'node:fs';
import path from 'node:path';

import type { INodeType } from 'n8n-workflow';
import type { Page } from 'playwright-core';

import type { WorkflowJson } from '../lib/n8n-api';
import { PACKAGE_NAME } from '../lib/package-install';
import { REPO_ROOT } from '../lib/runtime';
import { startStack } from '../lib/stack';
import {
	browserUnavailable,
	closeNodeSettings,
	Editor,
	launchChromium,
	openNodeSettings,
	zoomToFit,
} from './editor';

const OUT = path.join(REPO_ROOT, 'docs', 'images');

interface PackageNode {
	type: string;
	/** The name n8n gives a new node of this type (its `defaults.name`). */
	name: string;
	/** Its newest version. */
	version: number;
	/** The credential types the node asks for with its default parameters. */
	credentialTypes: string[];
}

/**
 * Every node the package declares (package.json → n8n.nodes), read from the built files, so a node
 * added to the package gets its picture without touching this script. A node's credential entries
 * can depend on a parameter (Kounta: OAuth2 or Basic): the ones shown for its defaults are kept.
 */
function packageNodes(): PackageNode[] {
	const manifest = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as {
		n8n: { nodes: string[] };
	};
	return manifest.n8n.nodes.map((file) => {
		// eslint-disable-next-line @typescript-eslint/no-require-imports
		const exports = require(path.join(REPO_ROOT, file)) as Record<string, new () => INodeType>;
		const NodeClass = Object.values(exports).find((value) => typeof value === 'function');
		if (!NodeClass) throw new Error(`${file} exports no node class`);
		const { description } = new NodeClass();
		const defaults = Object.fromEntries(description.properties.map((p) => [p.name, p.default]));
		const shownByDefault = (show: Record<string, unknown[] | undefined> | undefined) =>
			!show ||
			Object.entries(show).every(([name, allowed]) =>
				(allowed ?? []).includes(defaults[name] as never),
			);
		return {
			type: `${PACKAGE_NAME}.${description.name}`,
			name: String(description.defaults.name ?? description.displayName),
			version: Array.isArray(description.version)
				? Math.max(...description.version)
				: description.version,
			credentialTypes: (description.credentials ?? [])
				.filter((c) => shownByDefault(c.displayOptions?.show))
				.map((c) => c.name),
		};
	});
}

async function hideToasts(page: Page): Promise<void> {
	for (const close of await page
		.locator('.el-notification__closeBtn, [data-test-id="toast-close-button"]')
		.all())
		await close.click().catch(() => undefined);
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
	const bottom = Math.min(
		ndv.y + ndv.height,
		Math.max(parameters.y + parameters.height + 24, top + 420),
	);
	await page.screenshot({
		path: file,
		clip: { x: ndv.x, y: top, width: ndv.width, height: bottom - top },
	});
}

/**
 * Hides the canvas's floating buttons (Execute workflow, zoom controls) for the picture, and shows
 * them again after: on a tall workflow, zoomed to fit, they cover the bottom nodes, and the next
 * template needs *Zoom to fit*. Each is hidden up to its largest wrapper that holds no node.
 * Strings, evaluated in the page: this package's TypeScript has no DOM library.
 */
const HIDE_CANVAS_BUTTONS = `(() => {
	const nodes = (el) => el.querySelectorAll('[data-test-id="canvas-node"]').length;
	window.__rfHidden = [];
	for (const button of document.querySelectorAll('[data-test-id="execute-workflow-button"], [data-test-id="canvas-controls"]')) {
		let el = button;
		while (el.parentElement && nodes(el.parentElement) === 0) el = el.parentElement;
		window.__rfHidden.push([el, el.style.visibility]);
		el.style.visibility = 'hidden';
	}
})()`;
const SHOW_CANVAS_BUTTONS = `(() => {
	for (const [el, visibility] of window.__rfHidden ?? []) el.style.visibility = visibility;
	window.__rfHidden = [];
})()`;

/** The canvas without the editor's tab strip above it. */
async function shootCanvas(page: Page, file: string): Promise<void> {
	const canvas = await page.locator('[data-test-id="canvas-wrapper"]').boundingBox();
	if (!canvas) throw new Error('canvas not found');
	const strip = 48;
	await page.evaluate(HIDE_CANVAS_BUTTONS);
	try {
		await page.screenshot({
			path: file,
			clip: {
				x: canvas.x,
				y: canvas.y + strip,
				width: canvas.width,
				height: canvas.height - strip,
			},
		});
	} finally {
		await page.evaluate(SHOW_CANVAS_BUTTONS);
	}
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
		const templates = fs
			.readdirSync(path.join(REPO_ROOT, 'workflows'))
			.filter((f) => f.endsWith('.json'))
			.sort();

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
			const template = JSON.parse(
				fs.readFileSync(path.join(REPO_ROOT, 'workflows', file), 'utf8'),
			) as WorkflowJson;
			await editor.clearCanvas(page);
			await editor.importWorkflow(page, template, stack.credentials, file);
			await hideToasts(page);
			await zoomToFit(page);
			const shot = path.join(OUT, `template-${path.basename(file, '.json')}.png`);
			await shootCanvas(page, shot);
			written.push(shot);
			await shootNodes(template.nodes);
		}

		// Nodes no template uses: shown on their own, with their defaults.
		const declared = packageNodes();
		for (const node of declared) {
			if (shotTypes.has(node.type)) continue;
			const workflow: WorkflowJson = {
				name: node.name,
				connections: {},
				nodes: [
					{
						id: 'extra',
						name: node.name,
						type: node.type,
						typeVersion: node.version,
						position: [0, 0],
						parameters: {},
						credentials: Object.fromEntries(
							node.credentialTypes.map((type) => [type, { id: '', name: '' }]),
						),
					},
				],
			};
			await editor.clearCanvas(page);
			await editor.importWorkflow(page, workflow, stack.credentials, 'node.json');
			await hideToasts(page);
			await shootNodes(workflow.nodes);
		}

		// What n8n loaded must match what package.json declares, and every one must have its picture.
		const loaded = stack.loadedNodeTypes.filter((t) => !t.endsWith('Tool'));
		const undeclared = loaded.filter((t) => !declared.some((node) => node.type === t));
		if (undeclared.length)
			throw new Error(`n8n loaded ${undeclared.join(', ')}, which package.json does not declare`);
		const missing = [...new Set([...loaded, ...declared.map((node) => node.type)])].filter(
			(t) => !shotTypes.has(t),
		);
		if (missing.length) throw new Error(`No settings screenshot for ${missing.join(', ')}`);
	} finally {
		await browser.close();
		await stack.stop();
	}
	// Pictures of templates or nodes that are gone would otherwise linger next to the current ones.
	for (const file of fs.readdirSync(OUT)) {
		const full = path.join(OUT, file);
		if (/^(template|node)-.*\.png$/.test(file) && !written.includes(full)) {
			fs.rmSync(full);
			console.log(
				`  removed ${path.relative(REPO_ROOT, full)} (no such template or node any more)`,
			);
		}
	}
	for (const file of written)
		console.log(
			`  ${path.relative(REPO_ROOT, file)}  ${(fs.statSync(file).size / 1024).toFixed(0)} KB`,
		);
	console.log(`${written.length} screenshots in ${((Date.now() - started) / 1000).toFixed(0)} s`);
}

main().catch((error: unknown) => {
	console.error(error instanceof Error ? error.message : error);
	process.exit(1);
});
