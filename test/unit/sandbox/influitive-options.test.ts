import axios, { type AxiosInstance } from 'axios';

import { SandboxClient } from '../../../sandbox/client';
import { startSandbox, type RunningSandbox, type SandboxOptions } from '../../../sandbox/server';

/** A sandbox with Influitive options, an admin client and an authenticated hub client. */
async function start(influitive: SandboxOptions['influitive']) {
	const sandbox = await startSandbox({ influitive });
	const { baseUrl, token, orgId } = sandbox.vendors.influitive;
	const hub: AxiosInstance = axios.create({
		baseURL: baseUrl,
		headers: { Authorization: `Token ${token}`, X_ORG_ID: orgId },
		validateStatus: () => true,
		timeout: 5000,
	});
	return { sandbox, admin: new SandboxClient(sandbox.url), hub };
}

const open: RunningSandbox[] = [];
async function use(influitive: SandboxOptions['influitive']) {
	const started = await start(influitive);
	open.push(started.sandbox);
	return started;
}
afterAll(async () => {
	await Promise.all(open.map((s) => s.close()));
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('Influitive stand-in: rate limit', () => {
	it('answers 429 with Retry-After past the window, counts unauthenticated requests too, and can be reset', async () => {
		const { hub, admin, sandbox } = await use({ rateLimit: { requests: 3, windowMs: 60_000 } });
		expect((await hub.get('/members/me')).status).toBe(200);
		// The WAF sits in front of auth: a 401 still uses up the budget.
		expect(
			(
				await axios.get(`${sandbox.vendors.influitive.baseUrl}/members/me`, {
					validateStatus: () => true,
				})
			).status,
		).toBe(401);
		expect((await hub.get('/reward_redemptions')).status).toBe(200);
		const throttled = await hub.get('/members/me', { responseType: 'text' });
		expect(throttled.status).toBe(429);
		expect(throttled.headers['retry-after']).toMatch(/^\d+$/);
		expect(Number(throttled.headers['retry-after'])).toBeGreaterThanOrEqual(59);
		expect(Number(throttled.headers['retry-after'])).toBeLessThanOrEqual(60);
		expect(throttled.headers['content-type']).toMatch(/^text\/plain/);
		// Admin routes are not throttled; the reset clears the window.
		expect((await admin.influitive.members()).length).toBeGreaterThan(0);
		await admin.influitive.resetRateLimit();
		expect((await hub.get('/members/me')).status).toBe(200);
		const calls = await admin.calls({ vendor: 'influitive' });
		expect(calls.map((c) => c.status)).toEqual([200, 401, 200, 429, 200]);
	});

	it('is a sliding window: requests leave it after windowMs', async () => {
		const { hub } = await use({ rateLimit: { requests: 2, windowMs: 400 } });
		expect((await hub.get('/members/me')).status).toBe(200);
		await sleep(250);
		expect((await hub.get('/members/me')).status).toBe(200);
		const blocked = await hub.get('/members/me');
		expect(blocked.status).toBe(429);
		expect(blocked.headers['retry-after']).toBe('1');
		// The first request leaves the window, but the throttled one still counts (countThrottled default).
		await sleep(200);
		expect((await hub.get('/members/me')).status).toBe(429);
		await sleep(550);
		expect((await hub.get('/members/me')).status).toBe(200);
	});

	it('does not count throttled requests when countThrottled is off', async () => {
		const { hub } = await use({ rateLimit: { requests: 1, windowMs: 300 }, countThrottled: false });
		expect((await hub.get('/members/me')).status).toBe(200);
		expect((await hub.get('/members/me')).status).toBe(429);
		await sleep(350);
		expect((await hub.get('/members/me')).status).toBe(200);
	});

	it('can block with 403 like AWS WAF, still with Retry-After', async () => {
		const { hub } = await use({
			rateLimit: { requests: 1, windowMs: 60_000 },
			throttleStatus: 403,
		});
		expect((await hub.get('/members/me')).status).toBe(200);
		const blocked = await hub.get('/members/me', { responseType: 'text' });
		expect(blocked.status).toBe(403);
		expect(blocked.headers['retry-after']).toMatch(/^\d+$/);
		expect(blocked.headers['content-type']).toMatch(/^text\/html/);
		expect(blocked.data).toContain('403 Forbidden');
	});

	it('uses the published 200 requests per 5 minutes by default', async () => {
		const { hub } = await use({});
		const statuses = [];
		for (let i = 0; i < 201; i++) statuses.push((await hub.get('/members/me')).status);
		expect(statuses.slice(0, 200).every((s) => s === 200)).toBe(true);
		const last = await hub.get('/members/me');
		expect([statuses[200], last.status]).toEqual([429, 429]);
		expect(Number(last.headers['retry-after'])).toBeGreaterThan(290);
	});
});

describe('Influitive stand-in: decision options', () => {
	it('refusePath "reject" and messageKey "feedback": the other spellings fail', async () => {
		const { hub, admin } = await use({ refusePath: 'reject', messageKey: 'feedback' });
		const a = (await admin.influitive.createRedemption({ member: 7, reward: 77, size: 'M' }))
			.redemption;
		const b = (await admin.influitive.createRedemption({ member: 7, reward: 78 })).redemption;
		expect(
			(await hub.post(`/reward_redemptions/${a.id}/decision/refuse`, { feedback: 'no' })).status,
		).toBe(404);
		const wrongKey = await hub.post(`/reward_redemptions/${a.id}/decision/reject`, {
			message: 'no',
		});
		expect(wrongKey.status).toBe(422);
		expect(wrongKey.data).toEqual({ errors: ['feedback is required'] });
		expect(
			(await hub.post(`/reward_redemptions/${a.id}/decision/reject`, { feedback: 'Size sold out' }))
				.status,
		).toBe(200);
		expect(
			(await hub.post(`/reward_redemptions/${b.id}/decision/fulfill`, { feedback: 'Shipped' }))
				.status,
		).toBe(200);
		expect((await admin.influitive.member(7)).current_points).toBe(5000 - 300);
		expect(
			(await admin.influitive.redemptions()).map((r) => [r.status, r.decision?.message]),
		).toEqual([
			['refused', 'Size sold out'],
			['fulfilled', 'Shipped'],
		]);
	});
});

describe('Influitive stand-in: other options', () => {
	it('lastPageNext null / empty, pageSize, events as text/plain, dashed org header, custom token and org id', async () => {
		const nul = await use({ lastPageNext: 'null', pageSize: 10 });
		expect((await nul.hub.get('/contacts')).data.links).toEqual({
			self: expect.any(String),
			next: null,
		});
		const empty = await use({
			lastPageNext: 'empty',
			eventsContentType: 'text/plain',
			acceptDashedOrgHeader: true,
			token: 't0k',
			orgId: 'org-1',
		});
		expect((await empty.hub.get('/reward_redemptions')).data.links.next).toBe('');
		const logged = await empty.hub.post(
			'/events',
			{ type: 'x', contact: { id: 7 }, points: '1' },
			{ responseType: 'text' },
		);
		expect(logged.status).toBe(201);
		expect(logged.headers['content-type']).toMatch(/^text\/plain/);
		expect(JSON.parse(logged.data as string)).toMatchObject({ event_type_code: 'x', points: 1 });
		const { baseUrl } = empty.sandbox.vendors.influitive;
		expect(empty.sandbox.vendors.influitive).toMatchObject({ token: 't0k', orgId: 'org-1' });
		expect(
			(
				await axios.get(`${baseUrl}/members/me`, {
					headers: { Authorization: 'Token t0k', 'X-Org-Id': 'org-1' },
				})
			).status,
		).toBe(200);
	});

	it('rejects impossible options at start', async () => {
		await expect(startSandbox({ influitive: { pageSize: 0 } })).rejects.toThrow(/pageSize/);
		await expect(
			startSandbox({ influitive: { rateLimit: { requests: 0, windowMs: 1 } } }),
		).rejects.toThrow(/rateLimit/);
	});
});
