import { execFile } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

import { REPO_ROOT } from './runtime';

const run = promisify(execFile);

export const PACKAGE_NAME = 'n8n-nodes-reward-fulfillment';

/**
 * Packs this package (dist must be built) and installs the tarball into
 * `<userFolder>/.n8n/nodes` the way n8n's community-package installer does: untar into
 * node_modules/<name>, drop dev/peer/optional dependencies, no install scripts, and list it in
 * nodes/package.json. n8n then loads the nodes as `n8n-nodes-reward-fulfillment.<name>`,
 * exactly the type names users and templates get.
 */
export async function packAndInstall(
	userFolder: string,
): Promise<{ tarball: string; installedAt: string }> {
	const packDir = await fs.mkdtemp(path.join(os.tmpdir(), 'rf-pack-'));
	const { stdout } = await run('npm', ['pack', '--json', '--pack-destination', packDir], {
		cwd: REPO_ROOT,
		maxBuffer: 32 * 1024 * 1024,
	});
	const [{ filename }] = JSON.parse(stdout) as Array<{ filename: string }>;
	const tarball = path.join(packDir, filename);

	const nodesDir = path.join(userFolder, '.n8n', 'nodes');
	const installedAt = path.join(nodesDir, 'node_modules', PACKAGE_NAME);
	await fs.rm(installedAt, { recursive: true, force: true });
	await fs.mkdir(installedAt, { recursive: true });
	await run('tar', ['-xzf', tarball, '-C', installedAt, '--strip-components=1']);

	const manifestPath = path.join(installedAt, 'package.json');
	const manifest = JSON.parse(await fs.readFile(manifestPath, 'utf8')) as Record<string, unknown>;
	delete manifest.devDependencies;
	delete manifest.peerDependencies;
	delete manifest.optionalDependencies;
	await fs.writeFile(manifestPath, JSON.stringify(manifest, null, 2));

	await fs.writeFile(
		path.join(nodesDir, 'package.json'),
		JSON.stringify(
			{
				name: 'installed-nodes',
				private: true,
				dependencies: { [PACKAGE_NAME]: manifest.version },
			},
			null,
			2,
		),
	);
	return { tarball, installedAt };
}
