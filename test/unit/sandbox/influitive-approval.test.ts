import axios, { type AxiosInstance } from 'axios';

import { SandboxClient } from '../../../sandbox/client';
import { startSandbox, type RunningSandbox } from '../../../sandbox/server';

/**
 * Rewards with "Administrator Approval Required" and rewards without the Shipping Information
 * question, as the Kotis Design support article describes them
 * (https://support.influitive.com/article/49964).
 */
let sandbox: RunningSandbox;
let admin: SandboxClient;
let hub: AxiosInstance;

beforeAll(async () => {
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
afterAll(() => sandbox.close());
beforeEach(() => admin.reset());

const queue = async () =>
	(await hub.get('/reward_redemptions')).data.reward_redemptions as Array<{
		id: number;
		status: string;
		shipping_address: unknown;
	}>;

describe('Influitive stand-in: administrator approval', () => {
	it('queues a redemption of an approval-required reward as awaiting_approval; "Approve Without Fulfilling" makes it approved, still waiting for a decision', async () => {
		const reward = await admin.influitive.addReward({
			name: 'Jacket',
			points: 400,
			metadata: { provider: 'Kotis', sku: '300-1' },
			approvalRequired: true,
		});
		const { redemption, event } = await admin.influitive.createRedemption({
			member: 7,
			reward: reward.id,
		});
		const plain = (await admin.influitive.createRedemption({ member: 7, reward: 78 })).redemption;
		expect(redemption.status).toBe('awaiting_approval');
		expect(event.parameters.reward_redemption.status).toBe('awaiting_approval');
		expect(plain.status).toBe('pending');
		// Both are outstanding: each still needs a fulfilment or a refusal.
		expect((await queue()).map((r) => [r.id, r.status])).toEqual([
			[redemption.id, 'awaiting_approval'],
			[plain.id, 'pending'],
		]);

		const approved = await admin.influitive.approveRedemption(redemption.id);
		expect(approved).toMatchObject({
			id: redemption.id,
			status: 'approved',
			approved_at: expect.any(String),
		});
		expect((await queue()).find((r) => r.id === redemption.id)?.status).toBe('approved');
		// Approving is not fulfilling: the points stay spent and nothing is decided yet.
		expect((await admin.influitive.member(7)).current_points).toBe(5000 - 400 - 300);
		expect((await admin.influitive.redemption(redemption.id)).decision).toBeUndefined();

		// Only a redemption awaiting approval can be approved.
		await expect(admin.influitive.approveRedemption(redemption.id)).rejects.toMatchObject({
			response: { status: 409 },
		});
		await expect(admin.influitive.approveRedemption(plain.id)).rejects.toMatchObject({
			response: { status: 409 },
		});
		await expect(admin.influitive.approveRedemption(999999)).rejects.toMatchObject({
			response: { status: 404 },
		});

		// Then the integration fulfils it through the API as usual.
		expect(
			(
				await hub.post(`/reward_redemptions/${redemption.id}/decision/fulfill`, {
					message: 'ordered',
				})
			).status,
		).toBe(200);
		expect((await queue()).map((r) => r.id)).toEqual([plain.id]);
	});

	it('lets a redemption awaiting approval be refused (Decline Redemption), points back', async () => {
		const reward = await admin.influitive.addReward({
			name: 'Jacket',
			points: 400,
			approvalRequired: true,
		});
		const { redemption } = await admin.influitive.createRedemption({
			member: 7,
			reward: reward.id,
		});
		expect(
			(await hub.post(`/reward_redemptions/${redemption.id}/decision/refuse`, { message: 'no' }))
				.status,
		).toBe(200);
		expect((await admin.influitive.member(7)).current_points).toBe(5000);
		await expect(admin.influitive.approveRedemption(redemption.id)).rejects.toMatchObject({
			response: { status: 409 },
		});
	});
});

describe('Influitive stand-in: Shipping Information question off', () => {
	it('carries no shipping address (null) in the queue item and the webhook event', async () => {
		const reward = await admin.influitive.addReward({
			name: 'Poster',
			points: 100,
			metadata: { provider: 'Kotis', sku: '400-1' },
			shippingInformation: false,
		});
		const { redemption, event } = await admin.influitive.createRedemption({
			member: 7,
			reward: reward.id,
		});
		expect(redemption.shipping_address).toBeNull();
		expect(event.parameters.reward_redemption.shipping_address).toBeNull();
		expect((await queue()).find((r) => r.id === redemption.id)?.shipping_address).toBeNull();
		// A reward with the question on still gets the advocate's address.
		const shirt = await admin.influitive.createRedemption({ member: 7, reward: 78 });
		expect(shirt.redemption.shipping_address).toMatchObject({
			address: '7 Analytical Way',
			city: 'Seattle',
		});
	});
});
