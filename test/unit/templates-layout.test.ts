import fs from 'node:fs';
import path from 'node:path';

/**
 * The templates are what a user sees first on the canvas: a node lying on a sticky note hides the
 * setup text, and two nodes on top of each other hide a step. n8n draws a regular node (trigger
 * included) as a 100 × 100 square from its `position`; a sticky note takes its size from its
 * `width`/`height` parameters (n8n's defaults 240 × 160 when absent).
 */
const NODE_SIZE = 100;
const STICKY_DEFAULT = { width: 240, height: 160 };
const WORKFLOWS = path.join(__dirname, '..', '..', 'workflows');

interface Box {
	name: string;
	sticky: boolean;
	x: number;
	y: number;
	width: number;
	height: number;
}

interface TemplateNode {
	name: string;
	type: string;
	position: [number, number];
	parameters?: { width?: number; height?: number };
}

export function boxesOf(nodes: TemplateNode[]): Box[] {
	return nodes.map((node) => {
		const sticky = node.type === 'n8n-nodes-base.stickyNote';
		const [x, y] = node.position;
		return {
			name: node.name,
			sticky,
			x,
			y,
			width: sticky ? (node.parameters?.width ?? STICKY_DEFAULT.width) : NODE_SIZE,
			height: sticky ? (node.parameters?.height ?? STICKY_DEFAULT.height) : NODE_SIZE,
		};
	});
}

/** Rectangles that share area (touching edges do not count). */
export function overlaps(a: Box, b: Box): boolean {
	return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
}

/** Every pair that overlaps, except two sticky notes (a note may frame another on purpose). */
export function layoutProblems(nodes: TemplateNode[]): string[] {
	const boxes = boxesOf(nodes);
	const problems: string[] = [];
	for (let i = 0; i < boxes.length; i++) {
		for (let j = i + 1; j < boxes.length; j++) {
			const [a, b] = [boxes[i], boxes[j]];
			if (a.sticky && b.sticky) continue;
			if (overlaps(a, b))
				problems.push(`"${a.name}" (${a.x},${a.y}) overlaps "${b.name}" (${b.x},${b.y})`);
		}
	}
	return problems;
}

const files = fs
	.readdirSync(WORKFLOWS)
	.filter((f) => f.endsWith('.json'))
	.sort();

describe('layoutProblems', () => {
	const node = (name: string, x: number, y: number): TemplateNode => ({
		name,
		type: 'n8n-nodes-base.noOp',
		position: [x, y],
	});
	const sticky = (x: number, y: number, width: number, height: number): TemplateNode => ({
		name: 'Setup',
		type: 'n8n-nodes-base.stickyNote',
		position: [x, y],
		parameters: { width, height },
	});

	it('reports a node lying on a sticky note, and two nodes on top of each other', () => {
		expect(
			layoutProblems([sticky(-200, -620, 1180, 460), node('List Customers', 700, -300)]),
		).toEqual(['"Setup" (-200,-620) overlaps "List Customers" (700,-300)']);
		expect(layoutProblems([node('A', 0, 0), node('B', 99, 99)])).toHaveLength(1);
	});

	it('accepts nodes that only touch, or sit clear of a note', () => {
		expect(
			layoutProblems([node('A', 0, 0), node('B', 100, 0), sticky(-300, -200, 300, 200)]),
		).toEqual([]);
	});

	it("uses n8n's default sticky size when the note has none", () => {
		expect(
			layoutProblems([
				{ name: 'Note', type: 'n8n-nodes-base.stickyNote', position: [0, 0] },
				node('A', 230, 150),
			]),
		).toHaveLength(1);
	});
});

describe('template layout', () => {
	it('finds the templates', () => {
		expect(files.length).toBeGreaterThan(0);
	});

	it.each(files)('%s: no node overlaps a sticky note or another node', (file) => {
		const workflow = JSON.parse(fs.readFileSync(path.join(WORKFLOWS, file), 'utf8')) as {
			nodes: TemplateNode[];
		};
		expect(layoutProblems(workflow.nodes)).toEqual([]);
	});
});
