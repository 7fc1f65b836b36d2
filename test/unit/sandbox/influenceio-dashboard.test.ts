import http from 'node:http';

import axios, { type AxiosInstance } from 'axios';

import { SandboxClient } from '../../../sandbox/client';
import { startSandbox, type RunningSandbox } from '../../../sandbox/server';

let sandbox: RunningSandbox;
let admin: SandboxClient;
let api: AxiosInstance;

beforeAll(async () => {
	sandbox = await startSandbox({ influenceio: { pageSize: 2, rateLimit: null } });
	admin = new SandboxClient(sandbox.url);
	const { baseUrl, apiKey } = sandbox.vendors.influenceio;
	api = axios.create({
		baseURL: baseUrl,
		headers: { 'x-api-key': apiKey },
		validateStatus: () => true,
		timeout: 10_000,
	});
});
afterAll(() => sandbox.close());
beforeEach(() => admin.reset());

async function listedIds(): Promise<string[]> {
	const ids: string[] = [];
	let query: Record<string, string> = {};
	for (;;) {
		const reply = await api.get('/v1/customers', { params: query });
		ids.push(...(reply.data.customers as Array<{ externalId: string }>).map((c) => c.externalId));
		if (reply.data.cursor === undefined) return ids;
		query = { cursor: reply.data.cursor as string };
	}
}

/** Dashboard actions the Kounta customer index must follow: edits send customers/updated, deletions send nothing. */
describe('Influence.io stand-in: dashboard edits and deletions', () => {
	it('an edit renames the customer and sends customers/updated to subscribers', async () => {
		const received: Array<{ topic: string; body: Record<string, unknown> }> = [];
		const server = await new Promise<http.Server>((resolve) => {
			const s = http.createServer((req, res) => {
				let raw = '';
				req.on('data', (c: Buffer) => (raw += c.toString()));
				req.on('end', () => {
					received.push({
						topic: String(req.headers['x-webhook-topic']),
						body: JSON.parse(raw) as Record<string, unknown>,
					});
					res.end('{}');
				});
			});
			s.listen(0, '127.0.0.1', () => resolve(s));
		});
		try {
			const port = (server.address() as { port: number }).port;
			await admin.influenceio.addWebhook('customers/updated', `http://127.0.0.1:${port}/hook`);
			const renamed = await admin.influenceio.editCustomer('1002', {
				firstName: 'Zoë',
				lastName: 'Hopper',
			});
			expect(renamed).toMatchObject({ externalId: '1002', firstName: 'Zoë', name: 'Zoë Hopper' });
			for (let i = 0; i < 50 && received.length === 0; i++)
				await new Promise((r) => setTimeout(r, 50));
			expect(received).toEqual([
				{
					topic: 'customers/updated',
					body: expect.objectContaining({ externalId: '1002', firstName: 'Zoë' }),
				},
			]);
		} finally {
			server.close();
		}
	});

	it('a deletion answers 404 to reads and leaves the customer out of the list, cursors still valid', async () => {
		expect((await listedIds()).slice(0, 3)).toEqual(['1001', '1002', '1003']);
		await admin.influenceio.removeCustomer('1002');
		expect((await api.get('/v1/customers/1002')).status).toBe(404);
		const ids = await listedIds();
		expect(ids).not.toContain('1002');
		expect(ids.slice(0, 2)).toEqual(['1001', '1003']);
		expect(ids).toHaveLength(24);
	});
});
