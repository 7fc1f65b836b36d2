import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';

import axios from 'axios';

import type { N8nRuntime } from './runtime';

export const OWNER = {
	email: 'owner@reward-fulfillment.test',
	password: 'Fulfil-rewards-1',
	firstName: 'Reward',
	lastName: 'Owner',
};

export interface N8nInstanceOptions {
	runtime: N8nRuntime;
	userFolder: string;
	port: number;
	brokerPort: number;
	/** Host in the URLs n8n reports (webhooks, editor). */
	host?: string;
	extraEnv?: Record<string, string>;
	/** Streams n8n's output here as well as to <userFolder>/n8n.log. */
	echo?: NodeJS.WritableStream;
	bootTimeoutMs?: number;
	/** n8n CLI command: `start` (main, default), `worker` or `webhook` (queue mode only). */
	command?: 'start' | 'worker' | 'webhook';
	/** Log file name inside <userFolder>; default `n8n.log`. */
	logName?: string;
	/** Also copy the output here (queue mode: one combined log of every process). */
	alsoLogTo?: NodeJS.WritableStream;
	/** Worker only: port of its health endpoint (QUEUE_HEALTH_CHECK_PORT), polled for readiness. */
	healthPort?: number;
}

export interface N8nInstance {
	baseUrl: string;
	logFile: string;
	process: ChildProcess;
	bootMs: number;
	/** Process id (and process group id: n8n runs in its own group). */
	pid: number;
	stop(): Promise<void>;
	logTail(lines?: number): Promise<string>;
}

/**
 * The N8N_CONCURRENCY_PRODUCTION_LIMIT the package README advises for a single n8n process
 * ("Running at volume"), used by `npm start` and `npm run bench`.
 */
export const SINGLE_PROCESS_EXECUTION_LIMIT = 10;

/** Environment for a quiet, offline, self-contained n8n with the owner managed by env. */
function n8nEnvironment(options: N8nInstanceOptions): Record<string, string> {
	const host = options.host ?? '127.0.0.1';
	const bcrypt = options.runtime.requireFromN8n('bcryptjs') as {
		hashSync(s: string, rounds: number): string;
	};
	return {
		PATH: `${path.dirname(options.runtime.nodeBin)}:${process.env.PATH ?? ''}`,
		HOME: process.env.HOME ?? options.userFolder,
		N8N_USER_FOLDER: options.userFolder,
		N8N_PORT: String(options.port),
		N8N_LISTEN_ADDRESS: '127.0.0.1',
		N8N_HOST: host,
		N8N_PROTOCOL: 'http',
		N8N_WEBHOOK_URL: `http://${host}:${options.port}/`,
		N8N_EDITOR_BASE_URL: `http://${host}:${options.port}/`,
		N8N_RUNNERS_BROKER_PORT: String(options.brokerPort),
		N8N_ENCRYPTION_KEY: 'reward-fulfillment-local-only-encryption-key',
		DB_TYPE: 'sqlite',
		N8N_DIAGNOSTICS_ENABLED: 'false',
		N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
		N8N_TEMPLATES_ENABLED: 'false',
		N8N_PERSONALIZATION_ENABLED: 'false',
		N8N_HIRING_BANNER_ENABLED: 'false',
		N8N_SECURE_COOKIE: 'false',
		N8N_COMMUNITY_PACKAGES_ENABLED: 'true',
		N8N_REINSTALL_MISSING_PACKAGES: 'false',
		N8N_INSTANCE_OWNER_MANAGED_BY_ENV: 'true',
		N8N_INSTANCE_OWNER_EMAIL: OWNER.email,
		N8N_INSTANCE_OWNER_FIRST_NAME: OWNER.firstName,
		N8N_INSTANCE_OWNER_LAST_NAME: OWNER.lastName,
		N8N_INSTANCE_OWNER_PASSWORD_HASH: bcrypt.hashSync(OWNER.password, 10),
		N8N_LOG_LEVEL: process.env.RF_N8N_LOG_LEVEL || 'info',
		...options.extraEnv,
	};
}

export async function startN8n(options: N8nInstanceOptions): Promise<N8nInstance> {
	await fs.mkdir(options.userFolder, { recursive: true });
	const baseUrl = `http://127.0.0.1:${options.port}`;
	const command = options.command ?? 'start';
	const logFile = path.join(options.userFolder, options.logName ?? 'n8n.log');
	const log = createWriteStream(logFile, { flags: 'a' });
	const started = Date.now();

	// Own process group, so stop() also ends the task-runner child n8n launches.
	const child = spawn(options.runtime.nodeBin, [options.runtime.n8nEntry, command], {
		env: n8nEnvironment(options),
		cwd: options.userFolder,
		detached: true,
		stdio: ['ignore', 'pipe', 'pipe'],
	});
	for (const stream of [child.stdout, child.stderr]) {
		stream?.pipe(log, { end: false });
		if (options.echo) stream?.pipe(options.echo, { end: false });
		if (options.alsoLogTo) stream?.pipe(options.alsoLogTo, { end: false });
	}
	let exited: number | null | undefined;
	child.on('exit', (code) => (exited = code));
	// /healthz/readiness answers once the database is up, before active workflows and webhooks are
	// initialised; n8n prints this line when it is really ready to publish and serve webhooks.
	// A worker and a webhook processor print their own line once they take jobs / requests.
	const readyLine = {
		start: 'Editor is now accessible',
		worker: 'n8n worker is now ready',
		webhook: 'Webhook listener waiting for requests',
	}[command];
	const readyUrl =
		command === 'start'
			? `${baseUrl}/healthz/readiness`
			: command === 'worker'
				? `http://127.0.0.1:${options.healthPort}/healthz`
				: `${baseUrl}/healthz`;
	let editorReady = false;
	let seen = '';
	child.stdout?.on('data', (chunk: Buffer) => {
		if (editorReady) return;
		seen = (seen + chunk.toString()).slice(-4096);
		if (seen.includes(readyLine)) editorReady = true;
	});

	const logTail = async (lines = 60) => {
		const text = await fs.readFile(logFile, 'utf8').catch(() => '');
		return text.split('\n').slice(-lines).join('\n');
	};
	const stop = async () => {
		if (exited !== undefined || child.pid === undefined) return;
		const gone = new Promise<void>((resolve) => child.once('exit', () => resolve()));
		try {
			process.kill(-child.pid, 'SIGTERM');
		} catch {
			return;
		}
		const timer = setTimeout(() => {
			try {
				process.kill(-(child.pid as number), 'SIGKILL');
			} catch {
				// already gone
			}
		}, 15_000);
		await gone;
		clearTimeout(timer);
		log.end();
	};

	const deadline = started + (options.bootTimeoutMs ?? 240_000);
	for (;;) {
		if (exited !== undefined) {
			throw new Error(
				`n8n ${command} exited with code ${exited} while booting. Log tail (${logFile}):\n${await logTail()}`,
			);
		}
		if (Date.now() > deadline) {
			await stop();
			throw new Error(
				`n8n ${command} did not become ready in time. Log tail (${logFile}):\n${await logTail()}`,
			);
		}
		const ready =
			editorReady &&
			(await axios
				.get(readyUrl, { timeout: 2000, validateStatus: () => true })
				.then((r) => r.status === 200)
				.catch(() => false));
		if (ready) break;
		await new Promise((r) => setTimeout(r, 500));
	}
	return {
		baseUrl,
		logFile,
		process: child,
		pid: child.pid as number,
		bootMs: Date.now() - started,
		stop,
		logTail,
	};
}
