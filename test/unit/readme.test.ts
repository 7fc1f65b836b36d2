import fs from 'node:fs';
import path from 'node:path';

import type { INodeType } from 'n8n-workflow';

/**
 * The README is what an n8n user reads first (and what npm shows): every picture and file it points
 * to must exist, every template and every node must be shown, and the pages it sends readers to
 * must have the sections it names.
 */
const root = path.join(__dirname, '..', '..');
const read = (file: string) => fs.readFileSync(path.join(root, file), 'utf8');
const pkg = JSON.parse(read('package.json')) as { name: string; n8n: { nodes: string[] } };

/** The pages whose links are checked: the README and the pages it links into. */
const PAGES = [
	'README.md',
	'CONTRIBUTING.md',
	'docs/templates.md',
	'docs/nodes.md',
	'docs/security.md',
	'docs/influitive-setup.md',
	'docs/vendor-facts.md',
];

/** Markdown without its fenced code blocks (a `# comment` in a shell block is not a heading). */
function withoutFences(markdown: string): string {
	return markdown.replace(/^```[\s\S]*?^```/gm, '');
}

/** ...and without inline code (a `[x](y)` inside code is not a link). */
function prose(markdown: string): string {
	return withoutFences(markdown).replace(/`[^`\n]*`/g, '');
}

interface Link {
	page: string;
	text: string;
	target: string;
	image: boolean;
}

function links(page: string): Link[] {
	const found: Link[] = [];
	const text = prose(read(page));
	for (const match of text.matchAll(/(!?)\[([^\]]*)\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g)) {
		found.push({ page, image: match[1] === '!', text: match[2], target: match[3] });
	}
	for (const match of text.matchAll(/<img[^>]*\ssrc="([^"]+)"/g))
		found.push({ page, image: true, text: '', target: match[1] });
	return found;
}

/** GitHub's heading anchors: lower case, punctuation dropped, spaces to hyphens, repeats numbered. */
function anchors(markdown: string): Set<string> {
	const seen = new Map<string, number>();
	const out = new Set<string>();
	for (const match of withoutFences(markdown).matchAll(/^#{1,6}\s+(.+?)\s*#*\s*$/gm)) {
		const base = match[1]
			.replace(/`/g, '')
			.toLowerCase()
			.replace(/[^\p{L}\p{N}\s_-]/gu, '')
			.replace(/\s/g, '-');
		const n = seen.get(base) ?? 0;
		seen.set(base, n + 1);
		out.add(n === 0 ? base : `${base}-${n}`);
	}
	return out;
}

const local = (link: Link) => !/^[a-z][a-z0-9+.-]*:/i.test(link.target);

describe('README and the pages it links to', () => {
	const all = PAGES.flatMap(links);

	it('finds the links it checks (a parser that finds nothing would pass everything)', () => {
		const readme = all.filter((l) => l.page === 'README.md');
		expect(readme.filter((l) => l.image).length).toBeGreaterThan(10);
		expect(readme.filter((l) => !l.image && local(l)).length).toBeGreaterThan(10);
		expect(
			anchors(
				'## Influence.io points redeemed → coupon in your store\n### The Reward Ledger (`nodes/RewardLedger/`)\n## A\n## A',
			),
		).toEqual(
			new Set([
				'influenceio-points-redeemed--coupon-in-your-store',
				'the-reward-ledger-nodesrewardledger',
				'a',
				'a-1',
			]),
		);
	});

	it.each(PAGES)(
		'%s: every local link and image points to an existing file and section',
		(page) => {
			const broken: string[] = [];
			for (const link of links(page).filter(local)) {
				const [file, anchor] = link.target.split('#');
				const target = file
					? path.join(path.dirname(path.join(root, page)), decodeURIComponent(file))
					: path.join(root, page);
				if (!fs.existsSync(target)) {
					broken.push(`${link.target}: no such file`);
					continue;
				}
				if (link.image && !/\.(png|jpe?g|gif|svg)$/i.test(target))
					broken.push(`${link.target}: not an image`);
				if (
					anchor &&
					target.endsWith('.md') &&
					!anchors(fs.readFileSync(target, 'utf8')).has(anchor)
				)
					broken.push(`${link.target}: no such section`);
			}
			expect(broken).toEqual([]);
		},
	);

	it('every image has alt text', () => {
		expect(
			all.filter((l) => l.image && l.text.trim() === '').map((l) => `${l.page}: ${l.target}`),
		).toEqual([]);
	});

	it('shows every template in workflows/: a link to its file and its picture, with a section in docs/templates.md', () => {
		const readme = links('README.md');
		const templates = fs
			.readdirSync(path.join(root, 'workflows'))
			.filter((f) => f.endsWith('.json'))
			.sort();
		expect(templates.length).toBeGreaterThan(0);
		const detail = links('docs/templates.md').map((l) => l.target);
		const missing: string[] = [];
		for (const file of templates) {
			if (!readme.some((l) => !l.image && l.target === `workflows/${file}`))
				missing.push(`README: no link to workflows/${file}`);
			// The flagship's picture is the one at the top of the page.
			const picture = `docs/images/template-${path.basename(file, '.json')}.png`;
			if (!readme.some((l) => l.image && l.target === picture))
				missing.push(`README: no ${picture} (npm run docs:screenshots)`);
			if (!detail.includes(`../workflows/${file}`))
				missing.push(`docs/templates.md: no section linking ../workflows/${file}`);
		}
		expect(missing).toEqual([]);
	});

	it('shows the settings panel of every node package.json declares', async () => {
		const readme = links('README.md');
		const missing: string[] = [];
		for (const entry of pkg.n8n.nodes) {
			const source = path.join(root, entry.replace(/^dist\//, '').replace(/\.js$/, '.ts'));
			const mod = (await import(source)) as Record<string, new () => INodeType>;
			const { name } = new (Object.values(mod)[0])().description;
			const picture = `docs/images/node-${name}.png`;
			if (!readme.some((l) => l.image && l.target === picture))
				missing.push(`${picture} (npm run docs:screenshots)`);
		}
		expect(missing).toEqual([]);
	});

	it('every picture in docs/images is used (the screenshot script removes pictures of templates or nodes that are gone)', () => {
		const used = new Set(
			all
				.filter((l) => l.image && local(l))
				.map((l) => path.normalize(path.join(path.dirname(l.page), l.target))),
		);
		const unused = fs
			.readdirSync(path.join(root, 'docs', 'images'))
			.map((f) => path.join('docs', 'images', f))
			.filter((f) => !used.has(f));
		expect(unused).toEqual([]);
	});
});
