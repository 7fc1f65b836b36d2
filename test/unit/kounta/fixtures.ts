import nock from 'nock';
import type { INodeExecutionData } from 'n8n-workflow';

import { Kounta } from '../../../nodes/Kounta/Kounta.node';
import { fakeExecuteContext, type FakeContextOptions } from '../../helpers/fake-context';
import { catchError } from '../../helpers/http-testing';

export const HOST = 'https://api.kounta.test';
export const BASE = `${HOST}/v1`;
export const ACCESS_TOKEN = 'kounta-access-TOKEN-4e1f9a';
export const CLIENT_SECRET = 'kounta-client-SECRET-77aa';
export const URL_TOKEN = 'loyalty-url-TOKEN-0c2d5e';

export const credentials = {
	kountaOAuth2Api: {
		clientId: 'kounta-test-client',
		clientSecret: CLIENT_SECRET,
		baseUrl: BASE,
		loyaltyUrlToken: URL_TOKEN,
		oauthTokenData: { access_token: ACCESS_TOKEN, refresh_token: 'refresh-xyz' },
	},
	kountaApi: {
		clientId: 'kounta-test-client',
		clientSecret: CLIENT_SECRET,
		baseUrl: BASE,
		loyaltyUrlToken: URL_TOKEN,
	},
};

export const api = () => nock(HOST, { reqheaders: { accept: 'application/json' } });

function context(
	parameters: FakeContextOptions['parameters'],
	extra: Partial<FakeContextOptions> = {},
) {
	return fakeExecuteContext({ credentials, parameters, ...extra });
}

export async function run(
	parameters: FakeContextOptions['parameters'],
	extra: Partial<FakeContextOptions> = {},
): Promise<INodeExecutionData[][]> {
	return await new Kounta().execute.call(context(parameters, extra).context);
}

export async function fails(
	parameters: FakeContextOptions['parameters'],
	extra: Partial<FakeContextOptions> = {},
) {
	return await catchError(run(parameters, extra));
}
