import nock from 'nock';
import { NodeApiError, type ICredentialType } from 'n8n-workflow';

import {
	applyAuthentication,
	fakeExecuteContext,
	fakeHookContext,
	fakeLoadOptionsContext,
	fakePollContext,
} from '../../helpers/fake-context';
import { useNock } from './harness';

useNock();

/** Influitive-style generic block: a template, two headers, one with an underscore name. */
const tokenApi: ICredentialType = {
	name: 'tokenTestApi',
	displayName: 'Token Test API',
	properties: [],
	authenticate: {
		type: 'generic',
		properties: {
			headers: {
				Authorization: '=Token {{$credentials.apiToken}}',
				X_ORG_ID: '={{$credentials["orgId"]}}',
			},
			qs: { shop: '={{$credentials.shop.key}}' },
		},
	},
};

const basicApi: ICredentialType = {
	name: 'basicTestApi',
	displayName: 'Basic Test API',
	properties: [],
	authenticate: {
		type: 'generic',
		properties: {
			auth: { username: '={{$credentials.clientId}}', password: '={{$credentials.clientSecret}}' },
		},
	},
};

const oauthApi: ICredentialType = {
	name: 'oauthTestApi',
	displayName: 'OAuth Test API',
	extends: ['oAuth2Api'],
	properties: [],
};

describe('fake context: authentication as n8n applies it', () => {
	it('resolves templates in headers and qs, from the credential type block', async () => {
		const options = await applyAuthentication(
			'tokenTestApi',
			{ apiToken: 't0k', orgId: 'org-1', shop: { key: 'shop-9' } },
			{ url: 'https://x.test', headers: { Accept: 'application/json' } },
			[tokenApi],
		);
		expect(options.headers).toEqual({
			Accept: 'application/json',
			Authorization: 'Token t0k',
			X_ORG_ID: 'org-1',
		});
		expect(options.qs).toEqual({ shop: 'shop-9' });
	});

	it('sends basic auth and OAuth2 bearer tokens for real (checked by nock)', async () => {
		const scope = nock('https://api.test')
			.get('/basic')
			.basicAuth({ user: 'client', pass: 'secret' })
			.reply(200, { ok: 1 })
			.get('/oauth')
			.matchHeader('authorization', 'Bearer at-1')
			.reply(200, { ok: 2 });
		const fake = fakeExecuteContext({
			credentials: {
				basicTestApi: { clientId: 'client', clientSecret: 'secret' },
				oauthTestApi: { oauthTokenData: { access_token: 'at-1' } },
			},
			credentialTypes: [basicApi, oauthApi],
		});
		const { helpers } = fake.context;

		await expect(
			helpers.httpRequestWithAuthentication.call(fake.context, 'basicTestApi', {
				url: 'https://api.test/basic',
				json: true,
			}),
		).resolves.toEqual({ ok: 1 });
		await expect(
			helpers.httpRequestWithAuthentication.call(fake.context, 'oauthTestApi', {
				url: 'https://api.test/oauth',
				json: true,
			}),
		).resolves.toEqual({ ok: 2 });
		expect(scope.isDone()).toBe(true);
	});

	it('loads the package credential classes (kotisApi) and wraps failures like n8n', async () => {
		const fake = fakeExecuteContext({ credentials: { kotisApi: { apiKey: 'k-123456' } } });

		const error = await fake.context.helpers.httpRequestWithAuthentication
			.call(fake.context, 'kotisApi', { url: 'https://nowhere.test/x' })
			.catch((caught: unknown) => caught);

		// nock refuses the connection; n8n wraps the raw axios error, keeping it as `cause`.
		expect(error).toBeInstanceOf(NodeApiError);
		expect((error as NodeApiError).cause).toBeDefined();
		expect(fake.requests).toEqual([{ method: 'GET', url: 'https://nowhere.test/x' }]);
	});
});

describe('fake context: parameters, items, static data', () => {
	it('getNodeParameter follows n8n: dotted paths, fallback only when undefined, error otherwise', () => {
		const { context } = fakeExecuteContext({
			parameters: [
				{
					operation: 'get',
					options: { limit: 5, flag: false },
					order: { __rl: true, mode: 'id', value: '42' },
				},
				{ operation: 'create' },
			],
		});

		expect(context.getNodeParameter('operation', 0)).toBe('get');
		expect(context.getNodeParameter('operation', 1)).toBe('create');
		expect(context.getNodeParameter('options.limit', 0)).toBe(5);
		expect(context.getNodeParameter('options.flag', 0, true)).toBe(false);
		expect(context.getNodeParameter('options.missing', 0, 'dflt')).toBe('dflt');
		expect(context.getNodeParameter('order', 0, undefined, { extractValue: true })).toBe('42');
		expect(() => context.getNodeParameter('nope', 0)).toThrow('Could not get parameter "nope"');
	});

	it('accepts a parameter function, and trigger contexts take (name, fallback)', () => {
		const parameters = (name: string, itemIndex: number) =>
			name === 'event' ? `e${itemIndex}` : undefined;
		expect(fakeExecuteContext({ parameters }).context.getNodeParameter('event', 3)).toBe('e3');
		expect(fakePollContext({ parameters }).context.getNodeParameter('event')).toBe('e0');
		expect(fakeHookContext({ parameters }).context.getNodeParameter('other', 'x')).toBe('x');
		expect(fakeLoadOptionsContext({ parameters }).context.getCurrentNodeParameter('event')).toBe(
			'e0',
		);
	});

	it('wraps items, keeps static data in place, and uses n8n-core item helpers', () => {
		const staticData = { cursor: 'a' };
		const fake = fakePollContext({ items: [{ a: 1 }], staticData, mode: 'trigger' });
		const data = fake.context.getWorkflowStaticData('node');
		data.cursor = 'b';

		expect(staticData.cursor).toBe('b');
		expect(fake.context.getMode()).toBe('trigger');
		expect(fakeExecuteContext({ items: [{ a: 1 }] }).context.getInputData()).toEqual([
			{ json: { a: 1 } },
		]);

		const { helpers } = fakeExecuteContext().context;
		expect(
			helpers.constructExecutionMetaData(helpers.returnJsonArray([{ x: 1 }]), {
				itemData: { item: 4 },
			}),
		).toEqual([{ json: { x: 1 }, pairedItem: { item: 4 } }]);
	});

	it('gives the node credential ids for each credential, overridable', () => {
		const fake = fakeExecuteContext({
			credentials: { kotisApi: { apiKey: 'k' } },
			node: { name: 'Kotis', typeVersion: 2 },
			continueOnFail: true,
		});
		expect(fake.context.getNode()).toMatchObject({
			name: 'Kotis',
			typeVersion: 2,
			credentials: { kotisApi: { id: 'cred-kotisApi', name: 'kotisApi account' } },
		});
		expect(fake.context.continueOnFail()).toBe(true);
	});
});
