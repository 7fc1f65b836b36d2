import fs from 'node:fs';

import axios from 'axios';

import type { SandboxClient } from '../../sandbox/client';

/**
 * Helpers every bench shares, so a slow or refusing n8n shows up as a counted failure with its
 * reason in the printed table instead of a crash with a raw error object.
 */

/** One line saying why a call failed: HTTP status, error code and message; never the request, headers or body dump. */
export function failureReason(error: unknown): string {
	if (axios.isAxiosError(error)) {
		const parts = [
			error.response ? `HTTP ${error.response.status}` : undefined,
			error.code === 'ECONNABORTED' || /timeout/i.test(error.message) ? 'timed out' : error.code,
			error.message,
		].filter((p): p is string => Boolean(p));
		return oneLine([...new Set(parts)].join(': '));
	}
	if (error instanceof Error) return oneLine(error.message);
	return oneLine(String(error));
}

function oneLine(text: string): string {
	const flat = text.replace(/\s+/g, ' ').trim();
	return flat.length > 200 ? `${flat.slice(0, 197)}...` : flat;
}

/** Runs `task`; a throw becomes `{ ok: false, reason }` with the time it took. */
export async function attempt<T>(
	task: () => Promise<T>,
): Promise<{ ok: true; value: T; ms: number } | { ok: false; reason: string; ms: number }> {
	const started = Date.now();
	try {
		const value = await task();
		return { ok: true, value, ms: Date.now() - started };
	} catch (error) {
		return { ok: false, reason: failureReason(error), ms: Date.now() - started };
	}
}

/** Failures by reason, most frequent first, as `3× reason; 1× other`. */
export function reasonSummary(reasons: string[]): string {
	const counts = new Map<string, number>();
	for (const reason of reasons) counts.set(reason, (counts.get(reason) ?? 0) + 1);
	return [...counts.entries()]
		.sort((a, b) => b[1] - a[1])
		.map(([reason, n]) => `${n}× ${reason}`)
		.join('; ');
}

/** The entry point of a bench: an error that escapes is printed as one line, exit code 1. */
export function runBench(main: () => Promise<void>): void {
	main().catch((error: unknown) => {
		console.error(`bench failed: ${failureReason(error)}`);
		process.exit(1);
	});
}

export function percentile(sorted: number[], p: number): number {
	if (sorted.length === 0) return NaN;
	return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

/** Runs `task(0..count-1)` with up to `concurrency` in flight. */
export async function pool(
	count: number,
	concurrency: number,
	task: (i: number) => Promise<void>,
): Promise<void> {
	let next = 0;
	await Promise.all(
		Array.from({ length: Math.max(1, Math.min(concurrency, count)) }, async () => {
			while (next < count) await task(next++);
		}),
	);
}

/** kB from a `/proc/<pid>/status` line such as `VmHWM:  812345 kB`; 0 when unreadable (process gone). */
export function statusKb(pid: number, field: 'VmRSS' | 'VmHWM'): number {
	try {
		const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(
			fs.readFileSync(`/proc/${pid}/status`, 'utf8'),
		);
		return match ? Number(match[1]) : 0;
	} catch {
		return 0;
	}
}

/** Direct and indirect children (n8n's task runner runs the Code node in one). */
export function descendants(pid: number): number[] {
	const found: number[] = [];
	const visit = (parent: number) => {
		let children: number[] = [];
		try {
			for (const task of fs.readdirSync(`/proc/${parent}/task`)) {
				const text = fs.readFileSync(`/proc/${parent}/task/${task}/children`, 'utf8').trim();
				if (text) children = children.concat(text.split(/\s+/).map(Number));
			}
		} catch {
			return;
		}
		for (const child of children) {
			found.push(child);
			visit(child);
		}
	};
	visit(pid);
	return found;
}

/** Samples the RSS of `pid` and its children every 200 ms until `stop()`; returns the peak in kB. */
export function rssSampler(pid: number): { stop: () => Promise<number> } {
	let sampling = true;
	let peakKb = 0;
	const loop = (async () => {
		while (sampling) {
			peakKb = Math.max(
				peakKb,
				[pid, ...descendants(pid)].reduce((sum, p) => sum + statusKb(p, 'VmRSS'), 0),
			);
			await new Promise((r) => setTimeout(r, 200));
		}
	})();
	return {
		stop: async () => {
			sampling = false;
			await loop;
			return peakKb;
		},
	};
}

/**
 * `--n8n-env KEY=VALUE` (repeatable): extra n8n settings for a bench's n8n, e.g.
 * `N8N_EXPRESSION_ENGINE=legacy`. Only `N8N_…` names, so a typo cannot reach another setting.
 */
export function n8nEnvFromArgs(pairs: string[] | undefined): Record<string, string> {
	const env: Record<string, string> = {};
	for (const pair of pairs ?? []) {
		// NODE_OPTIONS too: e.g. a heap cap (--max-old-space-size) for the memory benches.
		const match = /^(N8N_[A-Z0-9_]+|NODE_OPTIONS)=(.*)$/.exec(pair);
		if (!match) throw new Error(`--n8n-env: "${pair}" is not N8N_NAME=value or NODE_OPTIONS=value`);
		env[match[1]] = match[2];
	}
	return env;
}

/** The sandbox stock and points that `count` redemptions of the flagship's T-shirt (size M) need. */
export async function stockForRedemptions(admin: SandboxClient, count: number): Promise<void> {
	await admin.kotis.setInventory([
		{ sku: '107529-1-M', physical_quantity: count * 2, available_quantity: count * 2 },
	]);
	await admin.influitive.setPoints('ada@example.com', count * 1000);
}
