import fs from 'node:fs';
import path from 'node:path';

import { SandboxClient } from '../../sandbox/client';
import { E2E_STATE_ENV, type E2eState } from './state';

jest.setTimeout(180_000);

/**
 * Tests reset the sandbox (and with it its call log) all the time; the secrets scan at the end of
 * the run (credentials-and-logs.test.ts) must see every vendor call of the run, so the calls are
 * appended to `<userFolder>/sandbox-calls.jsonl` before each reset and after each file.
 */
const CALL_ARCHIVE = 'sandbox-calls.jsonl';

const stateFile = process.env[E2E_STATE_ENV];
if (stateFile && fs.existsSync(stateFile)) {
	const state = JSON.parse(fs.readFileSync(stateFile, 'utf8')) as E2eState;
	const archive = path.join(state.userFolder, CALL_ARCHIVE);
	let lastSeq = 0;
	const archiveCalls = async (client: SandboxClient): Promise<void> => {
		const calls = await client.calls({ since: lastSeq }).catch(() => []);
		if (calls.length === 0) return;
		lastSeq = Math.max(lastSeq, ...calls.map((c) => c.seq));
		fs.appendFileSync(archive, calls.map((c) => JSON.stringify(c)).join('\n') + '\n');
	};
	for (const method of ['reset', 'clearCalls'] as const) {
		const original = SandboxClient.prototype[method];
		SandboxClient.prototype[method] = async function (this: SandboxClient): Promise<void> {
			await archiveCalls(this);
			await original.call(this);
		};
	}
	afterAll(async () => {
		await archiveCalls(new SandboxClient(state.sandboxUrl));
	});
}
