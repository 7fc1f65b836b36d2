/** Two projects: fast unit tests (nock, no network), and e2e tests against a real n8n. */
const tsJest = ['ts-jest', { tsconfig: 'tsconfig.json' }];

module.exports = {
	// The e2e log check in credentials-and-logs.test.ts must read what every other file left behind.
	testSequencer: '<rootDir>/test/e2e/sequencer.js',
	projects: [
		{
			displayName: 'unit',
			testEnvironment: 'node',
			transform: { '^.+\\.ts$': tsJest },
			testMatch: ['<rootDir>/test/unit/**/*.test.ts'],
		},
		{
			displayName: 'e2e',
			testEnvironment: 'node',
			transform: { '^.+\\.ts$': tsJest },
			testMatch: ['<rootDir>/test/e2e/**/*.test.ts'],
			globalSetup: '<rootDir>/test/e2e/global-setup.ts',
			globalTeardown: '<rootDir>/test/e2e/global-teardown.ts',
			setupFilesAfterEnv: ['<rootDir>/test/e2e/jest-setup.ts'],
		},
	],
};
