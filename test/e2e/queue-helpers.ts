import fs from 'node:fs';

import axios from 'axios';

import type { E2eState } from './state';

/** Production webhook URL of `path` on one webhook processor (not through the front). */
export function processorUrl(state: E2eState, index: number, path: string): string {
	return `${state.webhookProcessorUrls[index]}/webhook/${path}`;
}

/** Names of the worker processes whose log says they ran this execution. */
export function workersThatRan(state: E2eState, executionId: string): string[] {
	return Object.entries(state.logFiles)
		.filter(([name]) => name.startsWith('worker-'))
		.filter(([, file]) =>
			fs.readFileSync(file, 'utf8').includes(`Worker started execution ${executionId} (job`),
		)
		.map(([name]) => name);
}

/** Restarts every n8n process of the queue-mode stack (through the harness's control endpoint). */
export async function restartEveryProcess(state: E2eState): Promise<void> {
	if (!state.controlUrl) throw new Error('no control endpoint: restart needs the queue-mode stack');
	await axios.post(`${state.controlUrl}/restart`, {}, { timeout: 600_000 });
}
