import { randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import path from 'node:path';

import { startN8n, type N8nInstance } from './n8n-instance';
import { getFreePort, isPortInUse } from './ports';
import type { N8nRuntime } from './runtime';

/**
 * n8n queue mode for the harness: one main (`n8n start`: editor, API, publishing, the leader that
 * registers webhooks with vendors and runs pollers), N `n8n worker` processes taking executions from
 * Redis (Bull), and M `n8n webhook` processors serving production webhooks, all on one PostgreSQL
 * database made for this run and one Redis with prefixes made for this run. Every process gets the
 * same N8N_USER_FOLDER (the package is installed once under .n8n/nodes and every process loads it
 * from there) and the same N8N_ENCRYPTION_KEY (credentials are decrypted on the workers).
 *
 * See https://docs.n8n.io/hosting/scaling/queue-mode/ for the process roles.
 */

export interface QueueServices {
	pg: { host: string; port: number; user: string; password: string };
	redis: { host: string; port: number };
}

/** PostgreSQL and Redis from PGHOST/PGPORT/PGUSER/PGPASSWORD and REDIS_HOST/REDIS_PORT (defaults: loopback). */
function queueServicesFromEnv(env: NodeJS.ProcessEnv = process.env): QueueServices {
	return {
		pg: {
			host: env.PGHOST || '127.0.0.1',
			port: Number(env.PGPORT || 5432),
			user: env.PGUSER || 'postgres',
			password: env.PGPASSWORD ?? '',
		},
		redis: { host: env.REDIS_HOST || '127.0.0.1', port: Number(env.REDIS_PORT || 6379) },
	};
}

type PgClient = {
	connect(): Promise<void>;
	query(sql: string): Promise<unknown>;
	end(): Promise<void>;
};
type PgModule = { Client: new (config: Record<string, unknown>) => PgClient };
type RedisClient = {
	connect(): Promise<void>;
	ping(): Promise<string>;
	scan(cursor: string, ...args: Array<string | number>): Promise<[string, string[]]>;
	del(...keys: string[]): Promise<number>;
	disconnect(): void;
	on(event: string, listener: (...args: unknown[]) => void): void;
};
type RedisModule = new (options: Record<string, unknown>) => RedisClient;

/** PostgreSQL and Redis clients from n8n's own dependency tree (the harness adds no dependency). */
function clients(runtime: N8nRuntime) {
	return {
		pg: runtime.requireFromN8n('pg') as PgModule,
		Redis: runtime.requireFromN8n('ioredis') as RedisModule,
	};
}

function pgClient(runtime: N8nRuntime, services: QueueServices, database = 'postgres'): PgClient {
	return new (clients(runtime).pg.Client)({
		...services.pg,
		database,
		connectionTimeoutMillis: 5000,
	});
}

async function redisClient(runtime: N8nRuntime, services: QueueServices): Promise<RedisClient> {
	const { Redis } = clients(runtime);
	const client = new Redis({
		...services.redis,
		lazyConnect: true,
		connectTimeout: 3000,
		maxRetriesPerRequest: 0,
		enableOfflineQueue: false,
		retryStrategy: () => null,
	});
	client.on('error', () => undefined);
	await client.connect();
	return client;
}

/** Sends PING over a plain socket: `+PONG`, Redis's error line (e.g. `-NOAUTH …`), or why nothing answered. */
async function redisPing(redis: QueueServices['redis']): Promise<string> {
	return await new Promise((resolve) => {
		const socket = net.connect({ host: redis.host, port: redis.port });
		let answer = '';
		const done = (result: string) => {
			socket.destroy();
			resolve(result);
		};
		socket.setTimeout(3000, () => done('no answer within 3 s'));
		socket.once('connect', () => socket.write('PING\r\n'));
		socket.on('data', (chunk: Buffer) => {
			answer += chunk.toString();
			if (answer.includes('\r\n')) done(answer.split('\r\n')[0]);
		});
		socket.once('error', (error) => done(error.message));
	});
}

/**
 * Why queue mode cannot run here, in one line naming what to start; undefined when PostgreSQL and
 * Redis answer. Fast: a few seconds at most, never a hang.
 */
export async function queueServicesProblem(
	runtime: N8nRuntime,
	services = queueServicesFromEnv(),
): Promise<string | undefined> {
	const problems: string[] = [];
	const pg = pgClient(runtime, services);
	try {
		await pg.connect();
		await pg.query('SELECT 1');
	} catch (error) {
		problems.push(
			`PostgreSQL at ${services.pg.user}@${services.pg.host}:${services.pg.port} (${(error as Error).message}; start PostgreSQL 15 or set PGHOST/PGPORT/PGUSER/PGPASSWORD)`,
		);
	} finally {
		await pg.end().catch(() => undefined);
	}
	const redisAnswer = await redisPing(services.redis);
	if (redisAnswer !== '+PONG') {
		problems.push(
			`Redis at ${services.redis.host}:${services.redis.port} (${redisAnswer}; start Redis 7 or set REDIS_HOST/REDIS_PORT)`,
		);
	}
	return problems.length ? `queue mode needs ${problems.join(' and ')}` : undefined;
}

interface QueueProcess {
	/** `main`, `worker-1`, `webhook-1`, … */
	name: string;
	role: 'main' | 'worker' | 'webhook';
	instance: N8nInstance;
}

export interface QueueCluster {
	main: N8nInstance;
	workers: N8nInstance[];
	webhookProcessors: N8nInstance[];
	/** Base URL of each webhook processor (send a delivery to one process in particular). */
	webhookProcessorUrls: string[];
	/** Round-robin front: /webhook*, /form* go to the webhook processors in turn, everything else to main. */
	frontUrl: string;
	database: string;
	bullPrefix: string;
	/** Every n8n process with its name and log. */
	processes(): QueueProcess[];
	/** The last lines of every process's log, one block per process. */
	logTails(lines?: number): Promise<string>;
	/** Stops every process (each process group) and starts them again on the same ports, database and Redis. */
	restart(): Promise<void>;
	/** Stops every process, the front, drops the database and the Redis keys. */
	stop(): Promise<void>;
}

export interface QueueClusterOptions {
	runtime: N8nRuntime;
	userFolder: string;
	workers: number;
	webhookProcessors: number;
	services?: QueueServices;
	/** Port of the front (default: a free one). npm start uses 5678. */
	frontPort?: number;
	/** Port of main (default: a free one). */
	mainPort?: number;
	/** Host in the URLs n8n reports. */
	host?: string;
	/** Keep the database and Redis keys after stop (npm start: data survives restarts). */
	keepData?: boolean;
	/** Database name; default a fresh `rf_e2e_<random>`, created here. With keepData, an existing one is reused. */
	database?: string;
	/** Redis prefix for Bull, pub/sub and n8n's cache; default `rf-<random>`. */
	redisPrefix?: string;
	extraEnv?: Record<string, string>;
	echo?: NodeJS.WritableStream;
	/** Worker concurrency (n8n's default is 10). */
	workerConcurrency?: number;
}

const WEBHOOK_PATHS = /^\/(webhook|webhook-waiting|form|form-waiting)\//;

/** A tiny reverse proxy: production webhook paths round-robin over the webhook processors, the rest to main. */
async function startFront(
	port: number,
	main: () => string,
	webhooks: () => string[],
): Promise<http.Server> {
	let next = 0;
	const server = http.createServer((req, res) => {
		const targets = webhooks();
		const target =
			WEBHOOK_PATHS.test(req.url ?? '') && targets.length
				? targets[next++ % targets.length]
				: main();
		const url = new URL(req.url ?? '/', target);
		const upstream = http.request(
			url,
			// A fresh connection per request: a kept-alive socket n8n closed meanwhile would reset.
			{ method: req.method, headers: { ...req.headers, host: url.host }, agent: false },
			(answer) => {
				res.writeHead(answer.statusCode ?? 502, answer.headers);
				answer.pipe(res);
			},
		);
		upstream.on('error', (error) => {
			if (!res.headersSent) res.writeHead(502, { 'content-type': 'application/json' });
			res.end(JSON.stringify({ message: `front: ${target} unreachable (${error.message})` }));
		});
		req.pipe(upstream);
	});
	// Longer than a client's idle keep-alive (Node's agent: 5 s), so the client closes first, never us mid-reuse.
	server.keepAliveTimeout = 65_000;
	await new Promise<void>((resolve, reject) => {
		server.once('error', (error: NodeJS.ErrnoException) =>
			reject(
				error.code === 'EADDRINUSE'
					? new Error(`Port ${port} is in use (queue-mode front). Free it or choose another port.`)
					: error,
			),
		);
		server.listen(port, '127.0.0.1', () => resolve());
	});
	return server;
}

export async function startQueueCluster(options: QueueClusterOptions): Promise<QueueCluster> {
	const { runtime, userFolder } = options;
	const services = options.services ?? queueServicesFromEnv();
	const problem = await queueServicesProblem(runtime, services);
	if (problem) throw new Error(problem);

	const runId = randomBytes(4).toString('hex');
	const database = options.database ?? `rf_e2e_${runId}`;
	const redisPrefix = options.redisPrefix ?? `rf-${runId}`;
	const cleanup: Array<() => Promise<void>> = [];
	const stopAll = async () => {
		for (const step of cleanup.splice(0)) await step().catch(() => undefined);
	};

	try {
		const admin = pgClient(runtime, services);
		await admin.connect();
		try {
			const exists = options.keepData
				? (
						(await admin.query(
							`SELECT 1 FROM pg_database WHERE datname = '${database.replace(/'/g, "''")}'`,
						)) as { rowCount: number }
					).rowCount > 0
				: false;
			if (!exists) await admin.query(`CREATE DATABASE "${database}"`);
		} finally {
			await admin.end();
		}
		if (!options.keepData) {
			cleanup.push(async () => {
				const pg = pgClient(runtime, services);
				await pg.connect();
				try {
					// WITH (FORCE) (PostgreSQL 13+): a connection n8n left behind cannot block the drop.
					await pg.query(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
				} finally {
					await pg.end();
				}
			});
			cleanup.push(async () => {
				const redis = await redisClient(runtime, services);
				try {
					let cursor = '0';
					do {
						const [nextCursor, keys] = await redis.scan(
							cursor,
							'MATCH',
							`*${redisPrefix}*`,
							'COUNT',
							500,
						);
						if (keys.length) await redis.del(...keys);
						cursor = nextCursor;
					} while (cursor !== '0');
				} finally {
					redis.disconnect();
				}
			});
		}

		const frontPort = options.frontPort ?? (await getFreePort());
		if (options.frontPort && (await isPortInUse(frontPort)))
			throw new Error(`Port ${frontPort} is in use. Free it or set N8N_PORT to another port.`);
		const frontUrl = `http://127.0.0.1:${frontPort}`;
		const host = options.host ?? '127.0.0.1';
		const shared: Record<string, string> = {
			DB_TYPE: 'postgresdb',
			DB_POSTGRESDB_HOST: services.pg.host,
			DB_POSTGRESDB_PORT: String(services.pg.port),
			DB_POSTGRESDB_USER: services.pg.user,
			DB_POSTGRESDB_PASSWORD: services.pg.password,
			DB_POSTGRESDB_DATABASE: database,
			EXECUTIONS_MODE: 'queue',
			QUEUE_BULL_REDIS_HOST: services.redis.host,
			QUEUE_BULL_REDIS_PORT: String(services.redis.port),
			// Bull's keys use QUEUE_BULL_PREFIX, but pub/sub channels (publish/unpublish commands to the
			// webhook processors) and n8n's Redis cache (webhook lookups) use N8N_REDIS_KEY_PREFIX: both
			// must differ per run, or two runs on one Redis talk to each other.
			QUEUE_BULL_PREFIX: `${redisPrefix}-bull`,
			N8N_REDIS_KEY_PREFIX: redisPrefix,
			// Manual runs from the editor also go to the workers, like production executions.
			OFFLOAD_MANUAL_EXECUTIONS_TO_WORKERS: 'true',
			// Production webhooks only on the webhook processors: main still registers them with vendors
			// (it is the leader) but a delivery that reaches main gets a 404, so tests prove the split.
			N8N_DISABLE_PRODUCTION_MAIN_PROCESS: 'true',
			// Every process must build the same webhook URL: the front (a load balancer in production).
			// (WEBHOOK_URL is deprecated in 2.41 and only warns.)
			N8N_WEBHOOK_URL: `http://${host}:${frontPort}/`,
			N8N_GRACEFUL_SHUTDOWN_TIMEOUT: '10',
			...options.extraEnv,
		};

		const combined = createWriteStream(path.join(userFolder, 'n8n.log'), { flags: 'a' });
		cleanup.push(async () => void combined.end());

		interface Slot {
			name: string;
			role: QueueProcess['role'];
			port: number;
			brokerPort: number;
			healthPort?: number;
			instance?: N8nInstance;
		}
		const slots: Slot[] = [
			{
				name: 'main',
				role: 'main',
				port: options.mainPort ?? (await getFreePort()),
				brokerPort: await getFreePort(),
			},
		];
		for (let i = 1; i <= options.workers; i++) {
			slots.push({
				name: `worker-${i}`,
				role: 'worker',
				port: await getFreePort(),
				brokerPort: await getFreePort(),
				healthPort: await getFreePort(),
			});
		}
		for (let i = 1; i <= options.webhookProcessors; i++) {
			slots.push({
				name: `webhook-${i}`,
				role: 'webhook',
				port: await getFreePort(),
				brokerPort: await getFreePort(),
			});
		}

		const launch = async (slot: Slot) => {
			const env: Record<string, string> = { ...shared };
			if (slot.role === 'worker') {
				env.QUEUE_HEALTH_CHECK_ACTIVE = 'true';
				env.QUEUE_HEALTH_CHECK_PORT = String(slot.healthPort);
				if (options.workerConcurrency)
					env.N8N_CONCURRENCY_PRODUCTION_LIMIT = String(options.workerConcurrency);
			}
			slot.instance = await startN8n({
				runtime,
				userFolder,
				port: slot.port,
				brokerPort: slot.brokerPort,
				host,
				command: slot.role === 'main' ? 'start' : slot.role,
				logName: `n8n-${slot.name}.log`,
				alsoLogTo: combined,
				healthPort: slot.healthPort,
				echo: options.echo,
				extraEnv: env,
			});
		};
		const stopProcesses = async () => {
			// Webhook processors and workers first (they drain), main last.
			await Promise.all(slots.slice(1).map((s) => s.instance?.stop()));
			await slots[0].instance?.stop();
		};
		const startProcesses = async () => {
			// Main first: it runs the database migrations the others expect.
			await launch(slots[0]);
			await Promise.all(slots.slice(1).map(launch));
		};
		cleanup.unshift(stopProcesses);

		const instances = (role: QueueProcess['role']) =>
			slots.filter((s) => s.role === role).map((s) => s.instance as N8nInstance);
		const front = await startFront(
			frontPort,
			() => (slots[0].instance as N8nInstance).baseUrl,
			() => instances('webhook').map((i) => i.baseUrl),
		);
		cleanup.unshift(async () => {
			front.closeAllConnections();
			await new Promise<void>((resolve) => front.close(() => resolve()));
		});

		await startProcesses();

		const cluster: QueueCluster = {
			get main() {
				return slots[0].instance as N8nInstance;
			},
			get workers() {
				return instances('worker');
			},
			get webhookProcessors() {
				return instances('webhook');
			},
			webhookProcessorUrls: slots
				.filter((s) => s.role === 'webhook')
				.map((s) => `http://127.0.0.1:${s.port}`),
			frontUrl,
			database,
			bullPrefix: shared.QUEUE_BULL_PREFIX,
			processes: () =>
				slots.map((s) => ({ name: s.name, role: s.role, instance: s.instance as N8nInstance })),
			logTails: async (lines = 40) => {
				const parts: string[] = [];
				for (const s of slots)
					if (s.instance)
						parts.push(
							`----- ${s.name} (${s.instance.logFile}) -----\n${await s.instance.logTail(lines)}`,
						);
				return parts.join('\n');
			},
			restart: async () => {
				await stopProcesses();
				await startProcesses();
			},
			stop: stopAll,
		};
		return cluster;
	} catch (error) {
		await stopAll();
		throw error;
	}
}
