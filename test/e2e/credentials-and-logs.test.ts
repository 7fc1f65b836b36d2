import fs from 'node:fs';

import { e2e } from './state';

const { state, n8n } = e2e();

describe('credentials inside n8n', () => {
	it('the Kotis credential test passes with the sandbox key', async () => {
		await expect(n8n.testCredential(state.credentials.kotisApi.id)).resolves.toMatchObject({ status: 'OK' });
	});

	it('the Kotis credential test fails with a wrong key, without echoing it', async () => {
		const wrongKey = 'definitely-not-the-kotis-key';
		const kotis = await n8n.createCredential('Kotis Design (wrong key)', 'kotisApi', {
			apiKey: wrongKey,
			baseUrl: `${state.sandboxUrl}/kotis/kwf/api/v1`,
			storesBaseUrl: `${state.sandboxUrl}/kotis/stores/api/v1`,
		});
		const result = await n8n.testCredential(kotis.id);
		expect(result.status).toBe('Error');
		expect(result.message).not.toContain(wrongKey);
	});
});

// Runs last in this file: by now every other e2e file in the run has executed against this n8n.
describe("n8n's own log", () => {
	it('never contains a vendor secret', () => {
		const log = fs.readFileSync(state.logFile, 'utf8');
		expect(log.length).toBeGreaterThan(0);
		for (const secret of state.secrets) expect(log).not.toContain(secret);
	});
});
