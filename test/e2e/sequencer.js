// Single mode first, then queue mode; alphabetical inside each, except that the file checking
// n8n's log for secrets runs last in its mode.
//
// Queue-mode files need PostgreSQL and Redis. Where either does not answer, they are dropped here
// (before their globalSetup would boot anything) with one loud line, unless RF_REQUIRE_QUEUE=1
// (.ci/run sets it): then they stay and the queue globalSetup fails with the reason.
const net = require('node:net');
const Sequencer = require('@jest/test-sequencer').default;

const LAST = 'credentials-and-logs.test.ts';
const QUEUE_PROJECT = 'e2e-queue';

function listening(host, port) {
	return new Promise((resolve) => {
		const socket = net.connect({ host, port });
		socket.setTimeout(2000, () => {
			socket.destroy();
			resolve(false);
		});
		socket.once('connect', () => {
			socket.destroy();
			resolve(true);
		});
		socket.once('error', () => resolve(false));
	});
}

async function queueServicesMissing() {
	const pg = { host: process.env.PGHOST || '127.0.0.1', port: Number(process.env.PGPORT || 5432) };
	const redis = {
		host: process.env.REDIS_HOST || '127.0.0.1',
		port: Number(process.env.REDIS_PORT || 6379),
	};
	const missing = [];
	if (!(await listening(pg.host, pg.port))) missing.push(`PostgreSQL on ${pg.host}:${pg.port}`);
	if (!(await listening(redis.host, redis.port)))
		missing.push(`Redis on ${redis.host}:${redis.port}`);
	return missing;
}

const isQueue = (t) => t.context.config.displayName?.name === QUEUE_PROJECT;

class E2eSequencer extends Sequencer {
	async sort(tests) {
		let selected = tests;
		if (tests.some(isQueue)) {
			const missing = await queueServicesMissing();
			if (missing.length && process.env.RF_REQUIRE_QUEUE !== '1') {
				const n = tests.filter(isQueue).length;
				console.warn(
					`\n!!! QUEUE-MODE E2E SKIPPED (${n} files): nothing answers for ${missing.join(' and ')}. Start PostgreSQL 15 and Redis 7 (or set PGHOST/PGPORT, REDIS_HOST/REDIS_PORT) to run them; RF_REQUIRE_QUEUE=1 makes this an error. !!!\n`,
				);
				selected = tests.filter((t) => !isQueue(t));
			}
		}
		const rank = (t) => (isQueue(t) ? 2 : 0) + (t.path.endsWith(LAST) ? 1 : 0);
		return [...selected].sort((a, b) => rank(a) - rank(b) || a.path.localeCompare(b.path));
	}
}

module.exports = E2eSequencer;
