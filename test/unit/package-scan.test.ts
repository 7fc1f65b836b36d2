import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * n8n's own static analysis of community packages (`@n8n/scan-community-package`, a devDependency)
 * run on what `npm publish` would upload: the package is built in a scratch copy with the real build
 * script, packed with `npm pack`, unpacked, and scanned. Any ESLint error of the scanner fails.
 *
 * The scanner lints the unpacked tarball with its default patterns (every .js, .ts and .json,
 * stricter than n8n's tarball leg, which reads only .js and package.json) and the source tree with
 * the patterns n8n uses on the attested source checkout (`SOURCE_FILE_PATTERNS`).
 */
const root = path.join(__dirname, '..', '..');
const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as {
	name: string;
	files: string[];
	n8n: { nodes: string[]; credentials: string[] };
};

// Build inputs copied into the scratch package; node_modules is linked, not copied.
const BUILD_INPUTS = [
	'package.json',
	'tsconfig.json',
	'tsconfig.build.json',
	'gulpfile.js',
	'nodes',
	'credentials',
	'icons',
	'README.md',
	'LICENSE',
	'.npmignore',
];

function scannerModule(): string {
	try {
		return require.resolve('@n8n/scan-community-package/scanner/scanner.mjs');
	} catch {
		throw new Error(
			'@n8n/scan-community-package is not installed: run `npm install` (it is a devDependency)',
		);
	}
}

interface ScanResult {
	passed: boolean;
	message?: string;
	details?: string;
}

/** The scanner is an ES module; it runs in a child Node so this CommonJS test can use it as published. */
function analyze(dir: string, patterns?: string[]): ScanResult {
	const script = `
		const { analyzePackage } = await import(${JSON.stringify(scannerModule())});
		const result = await analyzePackage(process.argv[1], ...(process.argv[2] ? [JSON.parse(process.argv[2])] : []));
		process.stdout.write(JSON.stringify({ passed: result.passed, message: result.message, details: result.details }));
	`;
	const out = execFileSync(
		process.execPath,
		['--input-type=module', '-e', script, dir, patterns ? JSON.stringify(patterns) : ''],
		{
			encoding: 'utf8',
			maxBuffer: 32 * 1024 * 1024,
			// Jest sets NODE_ENV=test, which makes eslint-plugin-n8n-nodes-base take every file for
			// "Test.node.ts" (its own test mode); n8n runs the scanner without it.
			env: { ...process.env, NODE_ENV: 'production' },
		},
	);
	return JSON.parse(out) as ScanResult;
}

const failure = (result: ScanResult) => `${result.message ?? ''}\n${result.details ?? ''}`;

let scratch: string;
let unpacked: string;
let shipped: string[];

beforeAll(() => {
	scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'n8n-pack-scan-'));
	const work = path.join(scratch, 'pkg');
	fs.mkdirSync(work);
	for (const entry of BUILD_INPUTS) {
		const from = path.join(root, entry);
		if (fs.existsSync(from)) fs.cpSync(from, path.join(work, entry), { recursive: true });
	}
	fs.symlinkSync(
		fs.realpathSync(path.join(root, 'node_modules')),
		path.join(work, 'node_modules'),
		'dir',
	);
	const npm = (args: string[]) =>
		execFileSync('npm', args, { cwd: work, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
	npm(['run', 'build', '--silent']);
	const out = path.join(scratch, 'out');
	fs.mkdirSync(out);
	const [{ filename }] = JSON.parse(
		npm(['pack', '--json', '--ignore-scripts', '--pack-destination', out]),
	) as Array<{ filename: string }>;
	unpacked = path.join(scratch, 'unpacked');
	fs.mkdirSync(unpacked);
	execFileSync('tar', ['-xzf', path.join(out, filename), '-C', unpacked]);
	unpacked = path.join(unpacked, 'package');
	shipped = execFileSync('find', ['.', '-type', 'f'], { cwd: unpacked, encoding: 'utf8' })
		.split('\n')
		.filter(Boolean)
		.map((file) => file.replace(/^\.\//, ''));
}, 300_000);

afterAll(() => {
	if (scratch) fs.rmSync(scratch, { recursive: true, force: true });
});

describe('the packed package, as n8n scans it', () => {
	it('ships every node and credential package.json names, and no declaration files', () => {
		for (const file of [...pkg.n8n.nodes, ...pkg.n8n.credentials]) expect(shipped).toContain(file);
		expect(shipped.filter((file) => file.endsWith('.d.ts'))).toEqual([]);
		expect(shipped.filter((file) => /^(test|sandbox|scripts|workflows)\//.test(file))).toEqual([]);
	});

	it('passes @n8n/scan-community-package on the unpacked tarball (every .js, .ts and .json)', () => {
		const result = analyze(unpacked);
		if (!result.passed) throw new Error(failure(result));
		expect(result.message).toBeUndefined();
	}, 180_000);

	it('passes @n8n/scan-community-package on the source, with the patterns n8n uses for the attested source', () => {
		const result = analyze(root, ['package.json', '{nodes,credentials}/**/*.{js,ts,json}']);
		if (!result.passed) throw new Error(failure(result));
		expect(result.message).toBeUndefined();
	}, 180_000);

	it('the scanner really reports errors (a credential declaration file named against the convention)', () => {
		const bad = path.join(scratch, 'bad');
		fs.cpSync(unpacked, bad, { recursive: true });
		// What `declaration: true` emitted for each credential before: the rule reads it as a
		// credential class in a file not named <Class>.credentials.ts.
		fs.writeFileSync(
			path.join(bad, 'dist', 'credentials', 'KotisApi.credentials.d.ts'),
			"import type { ICredentialType } from 'n8n-workflow';\nexport declare class KotisApi implements ICredentialType {\n    name: string;\n}\n",
		);
		const result = analyze(bad);
		expect(result.passed).toBe(false);
		expect(result.details).toContain('cred-filename-against-convention');
	}, 180_000);
});
