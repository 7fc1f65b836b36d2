/**
 * Three projects: fast unit tests (nock, no network); e2e tests against one real n8n (SQLite);
 * and the same e2e files against n8n in queue mode (main + 2 workers + 2 webhook processors on
 * PostgreSQL + Redis), plus the queue-only proofs in test/e2e/queue-*.test.ts.
 */
const tsJest = ['ts-jest', { tsconfig: 'tsconfig.json' }];

const e2eProject = {
	testEnvironment: 'node',
	transform: { '^.+\\.ts$': tsJest },
	testMatch: ['<rootDir>/test/e2e/**/*.test.ts'],
	globalTeardown: '<rootDir>/test/e2e/global-teardown.ts',
	setupFilesAfterEnv: ['<rootDir>/test/e2e/jest-setup.ts'],
};

module.exports = {
	// The e2e log check in credentials-and-logs.test.ts must read what every other file left behind;
	// the sequencer also skips queue mode (loudly) where PostgreSQL or Redis is missing.
	testSequencer: '<rootDir>/test/e2e/sequencer.js',
	// On a failed e2e file, prints the log tail of every n8n process.
	reporters: ['default', '<rootDir>/test/e2e/log-tail-reporter.js'],
	projects: [
		{
			displayName: 'unit',
			testEnvironment: 'node',
			transform: { '^.+\\.ts$': tsJest },
			testMatch: ['<rootDir>/test/unit/**/*.test.ts'],
			// The nodes' transport forwards to a test-owned one (fake clock, fresh rate-limit windows per test).
			setupFiles: ['<rootDir>/test/helpers/use-test-transport.ts'],
		},
		{
			...e2eProject,
			displayName: 'e2e',
			testPathIgnorePatterns: ['/node_modules/', '/test/e2e/queue-[^/]*\\.test\\.ts$'],
			globalSetup: '<rootDir>/test/e2e/global-setup.ts',
			globals: { __RF_E2E_MODE: 'single' },
		},
		{
			...e2eProject,
			displayName: 'e2e-queue',
			testPathIgnorePatterns: ['/node_modules/'],
			globalSetup: '<rootDir>/test/e2e/global-setup-queue.ts',
			globals: { __RF_E2E_MODE: 'queue' },
		},
	],
};
