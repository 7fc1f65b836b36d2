import { startQueueCluster } from './queue';
import type { N8nRuntime } from './runtime';

/**
 * `npm start -- --queue`: main + 2 workers + 2 webhook processors behind a round-robin front on
 * `port`, on PostgreSQL database `reward_fulfillment_local` and Redis prefix `rf-local` (both kept,
 * so the demo's data survives a restart like the single-process demo's SQLite file).
 */
export async function startQueueDemo(options: {
	runtime: N8nRuntime;
	userFolder: string;
	port: number;
}) {
	const cluster = await startQueueCluster({
		runtime: options.runtime,
		userFolder: options.userFolder,
		workers: 2,
		webhookProcessors: 2,
		frontPort: options.port,
		host: 'localhost',
		keepData: true,
		database: process.env.RF_QUEUE_DATABASE || 'reward_fulfillment_local',
		redisPrefix: 'rf-local',
	});
	const rows = cluster.processes().map((p) => {
		const where =
			p.role === 'worker'
				? `pid ${p.instance.pid}`
				: `${p.instance.baseUrl}  pid ${p.instance.pid}`;
		return `  ${p.name.padEnd(10)} n8n ${p.role === 'main' ? 'start  ' : p.role.padEnd(7)} ${where}  log ${p.instance.logFile}`;
	});
	const describe = [
		'Queue mode (EXECUTIONS_MODE=queue): executions run on the workers, production webhooks on the webhook processors.',
		`  front      http://localhost:${options.port}  (/webhook/… round-robin to the webhook processors, the rest to main)`,
		...rows,
		`  PostgreSQL database ${cluster.database}; Redis prefixes rf-local (pub/sub, cache), ${cluster.bullPrefix} (Bull)`,
	].join('\n');
	return { baseUrl: `http://127.0.0.1:${options.port}`, stop: cluster.stop, describe };
}
