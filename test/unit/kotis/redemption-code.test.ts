import nock from 'nock';

import { Kotis } from '../../../nodes/Kotis/Kotis.node';
import { fakeExecuteContext } from '../../helpers/fake-context';
import { useFakeTiming, useNock } from '../../helpers/http-testing';
import { API_KEY, STORES, credentials } from './fixtures';

useNock();
beforeEach(() => useFakeTiming());

describe('Kotis Redemption Code', () => {
	it('sends the configured body to the stores host, with the key in a named body field when asked', async () => {
		const scope = nock(STORES)
			.post('/redemption_codes/create', { quantity: 2, portal: 'hf22', API_KEY })
			.reply(200, { status: 'success', redemption_codes: ['AB-1', 'AB-2'] });
		const fake = fakeExecuteContext({
			credentials,
			parameters: {
				resource: 'redemptionCode',
				operation: 'create',
				requestBody: '{"quantity": 2, "portal": "hf22"}',
				options: { credentialBodyField: 'API_KEY' },
			},
		});
		const [out] = await new Kotis().execute.call(fake.context);
		scope.done();
		expect(out[0].json).toEqual({ status: 'success', redemption_codes: ['AB-1', 'AB-2'] });
		expect(JSON.stringify(out)).not.toContain(API_KEY);
	});

	it('rejects a body that is not a JSON object', async () => {
		const fake = fakeExecuteContext({
			credentials,
			parameters: {
				resource: 'redemptionCode',
				operation: 'create',
				requestBody: '[1,2]',
				options: {},
			},
		});
		await expect(new Kotis().execute.call(fake.context)).rejects.toThrow(
			'Request Body (JSON) must be a JSON object',
		);
	});

	it('builds URL-encoded claim links in both styles without calling Kotis', async () => {
		const fake = fakeExecuteContext({
			items: [{}, {}],
			parameters: [
				{
					resource: 'redemptionCode',
					operation: 'buildClaimLink',
					portalSlug: '/hf22/',
					code: 'A B&C',
					style: 'query',
					portalBaseUrl: 'https://stores.kotisdesign.com/',
				},
				{
					resource: 'redemptionCode',
					operation: 'buildClaimLink',
					portalSlug: 'cascadiajs2020',
					code: 'x/y?',
					style: 'path',
					portalBaseUrl: 'https://stores.kotisdesign.com',
				},
			],
		});
		const [out] = await new Kotis().execute.call(fake.context);
		expect(out.map((i) => i.json.claim_url)).toEqual([
			'https://stores.kotisdesign.com/hf22?redemption_code=A%20B%26C',
			'https://stores.kotisdesign.com/cascadiajs2020/x%2Fy%3F',
		]);
	});
});
