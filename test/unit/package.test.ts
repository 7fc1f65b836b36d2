import fs from 'node:fs';
import path from 'node:path';

import type { INodeExecutionData, INodeProperties, INodeType } from 'n8n-workflow';

const root = path.join(__dirname, '..', '..');
const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));

function walk(dir: string, suffix: string): string[] {
	return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
		const full = path.join(dir, entry.name);
		return entry.isDirectory() ? walk(full, suffix) : entry.name.endsWith(suffix) ? [full] : [];
	});
}

const nodeFiles = walk(path.join(root, 'nodes'), '.node.ts');

describe('package wiring', () => {
	it('registers every node and credential file in package.json', () => {
		const listed = (pkg.n8n.nodes as string[])
			.map((p) => p.replace(/^dist\//, '').replace(/\.js$/, '.ts'))
			.sort();
		expect(listed).toEqual(nodeFiles.map((f) => path.relative(root, f)).sort());
		const credentials = walk(path.join(root, 'credentials'), '.credentials.ts').map((f) =>
			path.relative(root, f),
		);
		expect(
			(pkg.n8n.credentials as string[])
				.map((p) => p.replace(/^dist\//, '').replace(/\.js$/, '.ts'))
				.sort(),
		).toEqual(credentials.sort());
	});

	it.each(nodeFiles.map((f) => [path.relative(root, f), f]))(
		'%s: codex file, icons and operation handlers',
		async (_name, file) => {
			const codex = file.replace(/\.ts$/, '.json');
			expect(fs.existsSync(codex)).toBe(true);
			const mod = (await import(file)) as Record<string, new () => INodeType>;
			const node = new (Object.values(mod)[0])();
			const { icon } = node.description as { icon: { light: string; dark: string } };
			for (const ref of [icon.light, icon.dark]) {
				expect(fs.existsSync(path.resolve(path.dirname(file), ref.replace(/^file:/, '')))).toBe(
					true,
				);
			}
			expect(JSON.parse(fs.readFileSync(codex, 'utf8')).node).toBe(
				`${pkg.name}.${node.description.name}`,
			);

			// Every operation offered in the UI must reach a handler: run the router with a fake context.
			const props = node.description.properties;
			const resources = props.find((p) => p.name === 'resource')?.options as
				Array<{ value: string }> | undefined;
			for (const resource of resources ?? []) {
				const operationProp = props.find(
					(p: INodeProperties) =>
						p.name === 'operation' && p.displayOptions?.show?.resource?.includes(resource.value),
				);
				for (const { value: operation } of (operationProp?.options ?? []) as Array<{
					value: string;
				}>) {
					const context = {
						getNodeParameter: (name: string) => ({ resource: resource.value, operation })[name],
						getInputData: () => [],
						getNode: () => ({
							name: 'n',
							type: 't',
							typeVersion: 1,
							position: [0, 0],
							parameters: {},
						}),
						continueOnFail: () => false,
						helpers: {},
					};
					// No input: no output item on any of the operation's outputs (one, or two for the ledger's Claim).
					const outputs = ((await node.execute?.call(context as never)) ??
						[]) as INodeExecutionData[][];
					expect(outputs.length).toBeGreaterThanOrEqual(1);
					expect(outputs.every((output) => Array.isArray(output) && output.length === 0)).toBe(
						true,
					);
				}
			}
		},
	);
});
