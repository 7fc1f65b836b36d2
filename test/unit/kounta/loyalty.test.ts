import { createHmac } from 'node:crypto';
import { EventEmitter } from 'node:events';

import type { IWebhookFunctions } from 'n8n-workflow';

import { KountaLoyaltyTrigger } from '../../../nodes/Kounta/KountaLoyaltyTrigger.node';
import {
	armReplyDeadline,
	effectiveDeadlineSeconds,
	MAX_DEADLINE_SECONDS,
} from '../../../nodes/Kounta/helpers/loyalty/deadline';
import { fakeHookContext } from '../../helpers/fake-context';
import {
	buildRedeemUrl,
	verifySignedParams,
} from '../../../nodes/Kounta/helpers/loyalty/redeemUrl';
import {
	lookupReplySchema,
	obsoleteLookupReplySchema,
} from '../../../sandbox/kounta/loyalty-shapes';
import { fakeWebhook, type FakeWebhookOptions } from '../../helpers/fake-webhook';
import { credentials, run, URL_TOKEN } from './fixtures';

afterEach(() => {
	jest.useRealTimers();
});

function trigger(options: FakeWebhookOptions & { rawBody?: string; method?: string }) {
	const hook = fakeWebhook({
		credentials,
		parameters: {
			authentication: 'oAuth2',
			options: { replyDeadlineSeconds: 0 },
			...options.parameters,
		},
		...options,
	});
	const ctx = hook.context as unknown as Record<string, unknown>;
	ctx.getNodeWebhookUrl = () => 'https://n8n.test/webhook/abc/loyalty';
	ctx.getRequestObject = () => ({
		method: options.method ?? 'GET',
		rawBody: Buffer.from(options.rawBody ?? ''),
	});
	return {
		hook,
		run: async () =>
			await new KountaLoyaltyTrigger().webhook.call(hook.context as IWebhookFunctions),
	};
}

describe('Kounta Loyalty Trigger', () => {
	it('passes a customer search on with typed fields and no token', async () => {
		const t = trigger({
			query: {
				call: 'search',
				token: URL_TOKEN,
				keyword: 'John Smith',
				site_id: '123',
				company_id: '456',
				order_id: '111',
			},
		});
		const result = await t.run();
		const json = result.workflowData?.[0][0].json;
		expect(json).toMatchObject({
			call: 'search',
			keyword: 'John Smith',
			site_id: 123,
			company_id: 456,
			order_id: 111,
			customer_id: null,
			params: {},
		});
		expect(json?.redeem_base_url).toBe('https://n8n.test/webhook/abc/loyalty');
		expect(JSON.stringify(json)).not.toContain(URL_TOKEN);
		expect(t.hook.response.status).toBeUndefined();
	});

	it('infers the reward lookup from customer_id/reference_id and keeps big ids as strings', async () => {
		const t = trigger({
			query: {
				token: URL_TOKEN,
				customer_id: '789',
				reference_id: '911',
				order_id: '99999999999999999999',
			},
		});
		const json = (await t.run()).workflowData?.[0][0].json;
		expect(json).toMatchObject({
			call: 'rewards',
			customer_id: 789,
			reference_id: '911',
			order_id: '99999999999999999999',
		});
	});

	it('answers 401 JSON without a token and starts nothing', async () => {
		const t = trigger({ query: { call: 'search', keyword: 'x', token: 'wrong' } });
		const result = await t.run();
		expect(result).toEqual({ noWebhookResponse: true });
		expect(t.hook.response).toEqual({
			status: 401,
			body: { error: 'unauthorized', reason: 'missing or wrong token' },
		});
	});

	it('answers 400 naming the field for a non-numeric id or a missing keyword', async () => {
		const bad = trigger({
			query: { call: 'search', token: URL_TOKEN, keyword: 'x', site_id: 'abc' },
		});
		await bad.run();
		expect(bad.hook.response).toEqual({
			status: 400,
			body: { error: 'invalid_request', reason: 'site_id: must be a Kounta id (digits only)' },
		});
		const missing = trigger({ query: { call: 'search', token: URL_TOKEN } });
		await missing.run();
		expect(missing.hook.response.body).toEqual({
			error: 'invalid_request',
			reason: 'keyword is required for a customer search',
		});
	});

	it('accepts a redeem call by its signed URL (no token), with quantity as a number, and refuses a tampered reward', async () => {
		const url = new URL(
			buildRedeemUrl({
				baseUrl: 'https://n8n.test/webhook/abc/loyalty',
				orderId: '1234',
				rewardId: 'R1',
				memberId: 'M-1',
				customerId: '789',
				secret: URL_TOKEN,
			}),
		);
		// Kounta swaps the placeholder for the real order and appends the chosen quantity.
		url.searchParams.set('order_id', '5550');
		url.searchParams.set('quantity', '50');
		const query = Object.fromEntries(url.searchParams);
		const ok = trigger({ query });
		expect((await ok.run()).workflowData?.[0][0].json).toMatchObject({
			call: 'redeem',
			reward_id: 'R1',
			reference_id: 'M-1',
			customer_id: 789,
			order_id: 5550,
			quantity: 50,
		});
		const tampered = trigger({ query: { ...query, reward_id: 'R2' } });
		await tampered.run();
		expect(tampered.hook.response.status).toBe(401);
	});

	const signedRedeem = () => {
		const url = new URL(
			buildRedeemUrl({
				baseUrl: 'https://n8n.test/webhook/abc/loyalty',
				orderId: '1234',
				rewardId: 'R1',
				memberId: 'M-1',
				customerId: '789',
				secret: URL_TOKEN,
			}),
		);
		url.searchParams.set('order_id', '5550');
		return Object.fromEntries(url.searchParams) as Record<string, string>;
	};

	it.each([
		[{ company_id: '999' }, 'body parameter company_id is not covered by sig'],
		[{ site_id: '1' }, 'body parameter site_id is not covered by sig'],
		[{ customer_id: '790' }, 'body parameter customer_id is not covered by sig'],
		[{ keyword: 'x' }, 'body parameter keyword is not covered by sig'],
		[{ anything: 'x' }, 'body parameter anything is not covered by sig'],
	])(
		'refuses a sig-authenticated POST whose body adds unsigned parameters: %j',
		async (body, reason) => {
			const t = trigger({ query: signedRedeem(), body, method: 'POST' });
			expect(await t.run()).toEqual({ noWebhookResponse: true });
			expect(t.hook.response).toEqual({
				status: 401,
				body: { error: 'unauthorized', reason: expect.stringContaining(reason) },
			});
		},
	);

	it("accepts a sig-authenticated POST whose body repeats the signed values, or carries Kounta's order_id and quantity", async () => {
		const query = signedRedeem();
		const t = trigger({
			query,
			body: { customer_id: query.customer_id, quantity: '2', order_id: '5550' },
			method: 'POST',
		});
		expect((await t.run()).workflowData?.[0][0].json).toMatchObject({
			call: 'redeem',
			customer_id: 789,
			quantity: 2,
		});
	});

	it('refuses a sig-authenticated call with an array-valued parameter (it cannot be signed, and was passed on)', async () => {
		const t = trigger({ query: { ...signedRedeem(), extra: ['a', 'b'] } as never });
		expect(await t.run()).toEqual({ noWebhookResponse: true });
		expect(t.hook.response).toEqual({
			status: 401,
			body: {
				error: 'unauthorized',
				reason: expect.stringContaining('parameter extra is given more than once'),
			},
		});
	});

	const noToken = { kountaOAuth2Api: { ...credentials.kountaOAuth2Api, loyaltyUrlToken: '' } };

	it('answers no call when the credential has no Loyalty URL Token (closed by default)', async () => {
		const t = trigger({ credentials: noToken, query: { call: 'search', keyword: 'ada' } });
		expect(await t.run()).toEqual({ noWebhookResponse: true });
		expect(t.hook.response).toEqual({
			status: 401,
			body: { error: 'unauthorized', reason: expect.stringContaining('no Loyalty URL Token') },
		});
	});

	it('answers without a token only when the user chose None, and logs a warning', async () => {
		const t = trigger({
			credentials: noToken,
			parameters: { callAuthentication: 'none' },
			query: { call: 'search', keyword: 'ada' },
		});
		const warnings: string[] = [];
		(t.hook.context as unknown as Record<string, unknown>).logger = {
			warn: (message: string) => warnings.push(message),
		};
		expect((await t.run()).workflowData?.[0][0].json).toMatchObject({
			call: 'search',
			keyword: 'ada',
		});
		expect(warnings.join('\n')).toContain('without any secret');
	});

	it('refuses to publish without a Loyalty URL Token unless authentication is None', async () => {
		const methods = new KountaLoyaltyTrigger().webhookMethods.default;
		const hook = (
			parameters: Record<string, unknown>,
			creds: Record<string, Record<string, unknown>>,
		) =>
			fakeHookContext({
				credentials: creds as never,
				parameters: { authentication: 'oAuth2', options: {}, ...parameters },
			}).context;
		await expect(methods.checkExists.call(hook({}, noToken))).rejects.toThrow(
			/no Loyalty URL Token/,
		);
		await expect(
			methods.checkExists.call(hook({ callAuthentication: 'none' }, noToken)),
		).resolves.toBe(true);
		await expect(methods.checkExists.call(hook({}, credentials))).resolves.toBe(true);
	});

	it('checks X-Kounta-Signature (HMAC-SHA256 of the raw body, hex or base64) when the Signature Token is set', async () => {
		const signed = {
			...credentials,
			kountaOAuth2Api: { ...credentials.kountaOAuth2Api, signatureToken: 'sig-secret-1' },
		};
		const raw = JSON.stringify({ call: 'search', keyword: 'Ada' });
		const hex = createHmac('sha256', 'sig-secret-1').update(raw).digest('hex');
		const b64 = createHmac('sha256', 'sig-secret-1').update(raw).digest('base64');
		for (const signature of [hex, b64]) {
			const t = trigger({
				credentials: signed,
				body: JSON.parse(raw),
				rawBody: raw,
				method: 'POST',
				query: { token: URL_TOKEN },
				headers: { 'X-Kounta-Signature': signature },
			});
			expect((await t.run()).workflowData?.[0][0].json).toMatchObject({
				call: 'search',
				keyword: 'Ada',
				method: 'POST',
			});
		}
		const wrong = trigger({
			credentials: signed,
			body: JSON.parse(raw),
			rawBody: raw,
			query: { token: URL_TOKEN },
			headers: { 'X-Kounta-Signature': hex.replace(/^./, hex[0] === 'a' ? 'b' : 'a') },
		});
		await wrong.run();
		expect(wrong.hook.response).toEqual({
			status: 401,
			body: { error: 'unauthorized', reason: 'X-Kounta-Signature does not match' },
		});
		const required = trigger({
			credentials: signed,
			parameters: { options: { signatureCheck: 'required', replyDeadlineSeconds: 0 } },
			query: { token: URL_TOKEN, call: 'search', keyword: 'a' },
		});
		await required.run();
		expect(required.hook.response.body).toEqual({
			error: 'unauthorized',
			reason: 'X-Kounta-Signature is missing',
		});
	});
});

class FakeResponse extends EventEmitter {
	headersSent = false;
	writableEnded = false;
	code?: number;
	body?: unknown;
	status(code: number) {
		if (this.headersSent) throw new Error('ERR_HTTP_HEADERS_SENT');
		this.code = code;
		return this;
	}
	json(body: unknown) {
		if (this.headersSent) throw new Error('ERR_HTTP_HEADERS_SENT');
		this.body = body;
		this.headersSent = true;
		this.writableEnded = true;
		this.emit('finish');
		return this;
	}
}

describe('reply deadline', () => {
	it("sends the documented fallback when nothing answered in time, and absorbs n8n's late lastNode write", async () => {
		const waits: number[] = [];
		const sleep = async (ms: number) => {
			waits.push(ms);
		};
		const res = new FakeResponse();
		expect(await armReplyDeadline(res, 8000, { success: false, error: 'late' }, { sleep })).toBe(
			true,
		);
		expect(waits).toEqual([8000]);
		expect(res.body).toEqual({ success: false, error: 'late' });
		expect(() => res.status(200).json({ success: true })).not.toThrow();
		expect(res.body).toEqual({ success: false, error: 'late' });
	});

	it('stands down when the workflow replied first', async () => {
		let release!: () => void;
		const sleep = async (_ms: number, signal?: AbortSignal) =>
			await new Promise<void>((resolve, reject) => {
				release = resolve;
				signal?.addEventListener('abort', () => reject(new Error('aborted')));
			});
		const res = new FakeResponse();
		const guard = armReplyDeadline(res, 8000, { members: {}, error: 'late' }, { sleep });
		res.status(200).json({ members: { 'M-1': {} } });
		expect(await guard).toBe(false);
		release();
		expect(res.body).toEqual({ members: { 'M-1': {} } });
	});

	it('clamps the Reply Deadline to 0…MAX with a message (a huge value overflowed the timer and fired at once)', async () => {
		expect(effectiveDeadlineSeconds(undefined)).toEqual({ seconds: 8 });
		expect(effectiveDeadlineSeconds(30)).toEqual({ seconds: 30 });
		expect(effectiveDeadlineSeconds(3_000_000)).toEqual({
			seconds: MAX_DEADLINE_SECONDS,
			warning: expect.stringContaining(`maximum of ${MAX_DEADLINE_SECONDS} s`),
		});
		expect(effectiveDeadlineSeconds(-5).seconds).toBe(0);
		expect(effectiveDeadlineSeconds('abc').seconds).toBe(8);
		const description = new KountaLoyaltyTrigger().description.properties
			.find((p) => p.name === 'options')
			?.options?.find((o) => o.name === 'replyDeadlineSeconds') as {
			typeOptions?: Record<string, number>;
		};
		expect(description.typeOptions).toEqual({ minValue: 0, maxValue: MAX_DEADLINE_SECONDS });
		// The trigger's guard waits on n8n's sleep (a timer): fake timers show how long it waits.
		jest.useFakeTimers();
		const t = trigger({
			parameters: { options: { replyDeadlineSeconds: 30 * 24 * 3600 } },
			query: { call: 'search', keyword: 'a', token: URL_TOKEN },
		});
		const json = (await t.run()).workflowData?.[0][0].json as {
			received_at: string;
			reply_by: string;
		};
		await jest.advanceTimersByTimeAsync(MAX_DEADLINE_SECONDS * 1000 - 1);
		expect(t.hook.response.body).toBeUndefined();
		await jest.advanceTimersByTimeAsync(1);
		expect(t.hook.response.body).toEqual({ members: {}, error: expect.any(String) });
		expect(Date.parse(json.reply_by) - Date.parse(json.received_at)).toBe(
			MAX_DEADLINE_SECONDS * 1000,
		);
	});

	it("the trigger arms it with the call's error shape", async () => {
		jest.useFakeTimers();
		const t = trigger({
			parameters: { options: { replyDeadlineSeconds: 3, timeoutMessage: 'Too slow' } },
			query: { call: 'search', keyword: 'a', token: URL_TOKEN },
		});
		const result = await t.run();
		expect(result.workflowData).toHaveLength(1);
		await jest.advanceTimersByTimeAsync(3000);
		expect(t.hook.response).toEqual({ status: 200, body: { members: {}, error: 'Too slow' } });
	});
});

describe('Loyalty Reply operations', () => {
	const member = (id: string, first: string, email: string) => ({
		memberId: id,
		firstName: first,
		emailAddress: email,
	});

	it('Search Reply aggregates every item into ONE members object keyed by id, with order_id echoed as sent', async () => {
		const params = [
			{
				resource: 'loyaltyReply',
				operation: 'searchReply',
				...member('M-1', 'Ada', 'ada@example.com'),
				memberFields: { currentPoints: '120', params: '{"Tier":"Gold"}' },
				searchOptions: { orderId: '111' },
			},
			{
				resource: 'loyaltyReply',
				operation: 'searchReply',
				...member('M-2', 'Bob', 'bob@example.com'),
				memberFields: { lastName: 'Smith' },
				searchOptions: { orderId: '111' },
			},
			{
				resource: 'loyaltyReply',
				operation: 'searchReply',
				memberId: '',
				searchOptions: { orderId: '111' },
			},
		];
		const [out] = await run(params, { items: [{}, {}, {}] });
		expect(out).toHaveLength(1);
		expect(out[0].pairedItem).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		expect(out[0].json).toEqual({
			members: {
				'M-1': {
					id: 'M-1',
					first_name: 'Ada',
					email_address: 'ada@example.com',
					current_points: '120',
					points_label: 'Points',
					params: { Tier: 'Gold' },
				},
				'M-2': {
					id: 'M-2',
					first_name: 'Bob',
					last_name: 'Smith',
					email_address: 'bob@example.com',
					points_label: 'Points',
				},
			},
			// The POS sent the text "111": it goes back as the same text, not the number 111.
			order_id: '111',
		});
	});

	it('Search Reply takes order_id from the input item when not given, and names a bad email', async () => {
		const [out] = await run(
			{
				resource: 'loyaltyReply',
				operation: 'searchReply',
				...member('M-1', 'Ada', 'ada@example.com'),
			},
			{ items: [{ order_id: 42 }] },
		);
		expect(out[0].json.order_id).toBe('42');
		await expect(
			run({
				resource: 'loyaltyReply',
				operation: 'searchReply',
				...member('M-1', 'Ada', 'not-an-email'),
			}),
		).rejects.toThrow(
			'Invalid loyalty member on item 1: Email Address (email_address): must be an email address',
		);
	});

	it('Rewards Reply: one member, one reward per item, safe signed redeem_url carrying order_id', async () => {
		const base = {
			resource: 'loyaltyReply',
			operation: 'rewardsReply',
			...member('M-1', 'Ada', 'ada@example.com'),
		};
		const [out] = await run(
			[
				{
					...base,
					rewardId: 'R1',
					rewardTitle: 'Free coffee',
					rewardFields: { pointsRequired: 100 },
				},
				{
					...base,
					rewardId: 'R&2=x?#',
					rewardTitle: '"><script>',
					rewardFields: { variableQuantity: true, actionLabel: 'Use' },
				},
			],
			{
				items: [
					{
						order_id: 111,
						customer_id: 789,
						redeem_base_url: 'https://n8n.test/webhook/abc/loyalty?token=leak',
					},
					{},
				],
			},
		);
		expect(out).toHaveLength(1);
		const reply = out[0].json as {
			members: Record<
				string,
				{ rewards: Array<{ id: string; redeem_url: string; action_label: string }> }
			>;
		};
		const rewards = reply.members['M-1'].rewards;
		expect(rewards.map((r) => r.id)).toEqual(['R1', 'R&2=x?#']);
		expect(rewards[0]).toMatchObject({
			title: 'Free coffee',
			points_required: 100,
			action_label: 'Redeem',
		});
		const url = new URL(rewards[1].redeem_url);
		expect(url.origin + url.pathname).toBe('https://n8n.test/webhook/abc/loyalty');
		expect(url.searchParams.get('reward_id')).toBe('R&2=x?#');
		expect(url.searchParams.get('order_id')).toBe('111');
		expect(url.searchParams.get('token')).toBeNull();
		expect(rewards[1].redeem_url).toMatch(/order_id=111$/);
		expect(verifySignedParams(url.searchParams, url.searchParams.get('sig') ?? '', URL_TOKEN)).toBe(
			true,
		);
	});

	it('Rewards Reply in the obsolete spec layout is {member, rewards} with integer current_points', async () => {
		const [out] = await run({
			resource: 'loyaltyReply',
			operation: 'rewardsReply',
			...member('M-1', 'Ada', 'ada@example.com'),
			memberFields: { currentPoints: '120' },
			rewardId: 'R1',
			rewardTitle: 'Free coffee',
			rewardFields: { pointsRequired: 100, terms: 'One per visit' },
			rewardsOptions: { placement: 'obsolete', orderId: '5', redeemBaseUrl: 'https://n8n.test/l' },
		});
		expect(Object.keys(out[0].json)).toEqual(['member', 'rewards']);
		expect(out[0].json.member).toMatchObject({ id: 'M-1', current_points: 120 });
		expect(obsoleteLookupReplySchema.safeParse(out[0].json).success).toBe(true);
		expect(out[0].json.rewards).toEqual([
			expect.objectContaining({ id: 'R1', points_required: 100, terms: 'One per visit' }),
		]);
		// Workflows saved with the older option value get the same layout.
		const [legacy] = await run({
			resource: 'loyaltyReply',
			operation: 'rewardsReply',
			...member('M-1', 'Ada', 'ada@example.com'),
			rewardId: 'R1',
			rewardTitle: 'Free coffee',
			rewardsOptions: { placement: 'topLevel', orderId: '5', redeemBaseUrl: 'https://n8n.test/l' },
		});
		expect(Object.keys(legacy[0].json)).toEqual(['member', 'rewards']);
	});

	it('Rewards Reply accepts a per-reward points_label, as the loyalty doc lists it', async () => {
		const [out] = await run({
			resource: 'loyaltyReply',
			operation: 'rewardsReply',
			...member('M-1', 'Ada', 'ada@example.com'),
			rewardId: 'R1',
			rewardTitle: 'Free coffee',
			rewardFields: { pointsRequired: 3, pointsLabel: 'Stamps' },
			rewardsOptions: { orderId: '5', redeemBaseUrl: 'https://n8n.test/l' },
		});
		const reply = out[0].json as {
			members: Record<string, { points_label: string; rewards: Array<{ points_label?: string }> }>;
		};
		expect(reply.members['M-1'].points_label).toBe('Points');
		expect(reply.members['M-1'].rewards[0].points_label).toBe('Stamps');
		expect(lookupReplySchema.safeParse(out[0].json).success).toBe(true);
	});

	it('Redeem Reply: {success:true}, or {success:false, error} when any item failed', async () => {
		expect(
			(await run({ resource: 'loyaltyReply', operation: 'redeemReply', success: true }))[0][0].json,
		).toEqual({ success: true });
		const [out] = await run(
			[
				{ resource: 'loyaltyReply', operation: 'redeemReply', success: true },
				{
					resource: 'loyaltyReply',
					operation: 'redeemReply',
					success: false,
					errorMessage: 'Not enough points',
				},
			],
			{ items: [{}, {}] },
		);
		expect(out.map((i) => i.json)).toEqual([{ success: false, error: 'Not enough points' }]);
		await expect(
			run({
				resource: 'loyaltyReply',
				operation: 'redeemReply',
				success: false,
				errorMessage: ' ',
			}),
		).rejects.toThrow(
			'Invalid redeem reply: Error Message (error): must say why the redemption failed',
		);
	});
});
