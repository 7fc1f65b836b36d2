import http from 'node:http';
import type { AddressInfo } from 'node:net';

import axios, { type AxiosInstance } from 'axios';

import { SandboxClient } from '../../../sandbox/client';
import { startSandbox, type RunningSandbox } from '../../../sandbox/server';

/**
 * The stand-in against Influitive's published examples (https://influitive.readme.io/reference/events
 * and https://influitive.readme.io/docs/referral-won): headers and keys exactly as published.
 */
let sandbox: RunningSandbox;
let admin: SandboxClient;
let hub: AxiosInstance;

interface Delivered {
	id: number;
	contact: Record<string, unknown>;
	parameters: { status: { code: string } };
}
/** Bodies POSTed to a local receiver (the hub's webhook deliveries). */
const received: Delivered[] = [];
const receiver = http.createServer((req, res) => {
	let raw = '';
	req.on('data', (chunk: Buffer) => (raw += chunk.toString('utf8')));
	req.on('end', () => {
		received.push(JSON.parse(raw) as Delivered);
		res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
	});
});
let receiverUrl = '';

async function deliveredReferralEvents(count: number): Promise<Delivered[]> {
	for (let i = 0; i < 100 && received.length < count; i++)
		await new Promise((r) => setTimeout(r, 20));
	return received;
}

beforeAll(async () => {
	await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
	receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
	sandbox = await startSandbox();
	admin = new SandboxClient(sandbox.url);
	const { baseUrl, token, orgId } = sandbox.vendors.influitive;
	hub = axios.create({
		baseURL: baseUrl,
		headers: { Authorization: `Token ${token}`, X_ORG_ID: orgId },
		validateStatus: () => true,
		timeout: 5000,
	});
});
afterAll(async () => {
	await sandbox.close();
	await new Promise((resolve) => receiver.close(resolve));
});
beforeEach(async () => {
	await admin.reset();
	received.length = 0;
	await admin.influitive.subscribe(receiverUrl, { events: ['referral_won', 'referral_submitted'] });
});

/** The `contact` keys of the published Referral Won example, in order. */
const PUBLISHED_CONTACT_KEYS = [
	'id',
	'uuid',
	'first_name',
	'last_name',
	'full_name',
	'email',
	'company',
	'title',
	'contact_points',
	'salesforce_id',
	'crm_metadata',
	'external_systems',
];
const PUBLISHED_EXTERNAL_SYSTEMS_KEYS = [
	'salesforce_contact_id',
	'salesforce_account_id',
	'salesforce_account_name',
	'marketo_contact_id',
	'marketo_account_id',
	'roi_contact_id',
	'external_contact_id',
	'external_account_id',
];

const referralBody = {
	referral: {
		prospect: { first_name: 'Pat', last_name: 'Prospect', email: 'pat@prospect.test' },
		contact: { email: 'ada@example.com' },
		campaign_id: 'e5000000-0000-4000-8000-000000000001',
	},
};

describe('Influitive stand-in: published examples, exactly', () => {
	it('answers 401 with Content-Type exactly text/plain (no charset) and Content-Length 0', async () => {
		const reply = await axios.get(`${sandbox.vendors.influitive.baseUrl}/members/me`, {
			validateStatus: () => true,
			responseType: 'text',
		});
		expect(reply.status).toBe(401);
		expect(reply.headers['content-type']).toBe('text/plain');
		expect(reply.headers['content-length']).toBe('0');
		expect(reply.headers['www-authenticate']).toBe('Token realm=Api');
	});

	it('answers POST /events 201 as documented: Content-Type exactly text/plain, JSON content', async () => {
		const reply = await hub.post(
			'/events',
			{ type: 'webinar', contact: { id: 7 }, points: '10' },
			{ responseType: 'text' },
		);
		expect(reply.status).toBe(201);
		expect(reply.headers['content-type']).toBe('text/plain');
		expect(JSON.parse(reply.data as string)).toMatchObject({
			event_type_code: 'webinar',
			points: 10,
		});
	});

	it('gives the webhook contact the published keys, salesforce_id, crm_metadata and external_systems included', async () => {
		const created = await hub.post('/referrals', referralBody);
		await hub.put(`/referrals/${created.data.id as string}/milestones/won`, { feedback: 'signed' });
		const won = (await deliveredReferralEvents(2)).find((e) => e.parameters.status.code === 'won');
		expect(Object.keys(won?.contact ?? {})).toEqual(PUBLISHED_CONTACT_KEYS);
		expect(won?.contact).toMatchObject({
			salesforce_id: '003-ADA',
			crm_metadata: { type: 'Salesforce', contact_id: '003-ADA' },
		});
		expect(Object.keys((won?.contact as { crm_metadata: object }).crm_metadata)).toEqual([
			'type',
			'contact_id',
			'account_id',
		]);
		expect(Object.keys((won?.contact as { external_systems: object }).external_systems)).toEqual(
			PUBLISHED_EXTERNAL_SYSTEMS_KEYS,
		);
	});

	it('sends the referral webhook on every milestone change, submission included, as published (type referral_won, status tells the milestone)', async () => {
		const created = await hub.post('/referrals', referralBody);
		const id = created.data.id as string;
		await hub.put(`/referrals/${id}/milestones/qualified`, { feedback: 'good fit' });
		await hub.put(`/referrals/${id}/milestones/lost`, { feedback: null });
		const events = (await admin.influitive.events()).filter((e) => e.parameters.referral_id === id);
		expect(
			events.map((e) => [e.type, e.name, (e.parameters.status as { code: string }).code]),
		).toEqual([
			['referral_won', 'Referral Won', 'submitted'],
			['referral_won', 'Referral Won', 'qualified'],
			['referral_won', 'Referral Won', 'lost'],
		]);
		// Each was sent to the referral_won subscription.
		expect((await deliveredReferralEvents(3)).map((e) => e.id)).toEqual(events.map((e) => e.id));
	});

	it('can name the referral event per milestone instead (referral_submitted, referral_qualified...)', async () => {
		const own = await startSandbox({ influitive: { referralEventType: 'per-milestone' } });
		try {
			const { baseUrl, token, orgId } = own.vendors.influitive;
			const ownHub = axios.create({
				baseURL: baseUrl,
				headers: { Authorization: `Token ${token}`, X_ORG_ID: orgId },
			});
			const created = await ownHub.post('/referrals', referralBody);
			await ownHub.put(`/referrals/${created.data.id as string}/milestones/won`, {});
			const events = await new SandboxClient(own.url).influitive.events();
			expect(events.map((e) => [e.type, e.name])).toEqual([
				['referral_submitted', 'Referral Submitted'],
				['referral_won', 'Referral Won'],
			]);
		} finally {
			await own.close();
		}
	});
});
