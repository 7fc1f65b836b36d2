import nock from 'nock';
import type { INodeExecutionData } from 'n8n-workflow';

import { Influitive } from '../../../nodes/Influitive/Influitive.node';
import { fakeExecuteContext, type FakeContextOptions } from '../../helpers/fake-context';

export const BASE = 'https://api.influitive.test';
export const TOKEN = 'influitive-secret-token-9';
export const ORG = '3f1c1f7e-0000-4000-8000-000000000001';
export const credentials = {
	influitiveApi: { apiToken: TOKEN, orgId: ORG, baseUrl: BASE, webhookSecret: '' },
};

type Options = Omit<FakeContextOptions, 'parameters'> & {
	parameters?: FakeContextOptions['parameters'];
};

/** A nock scope that only matches requests carrying both Influitive auth headers, X_ORG_ID with its underscores. */
export const api = () =>
	nock(BASE).matchHeader('authorization', `Token ${TOKEN}`).matchHeader('x_org_id', ORG);

/** The action node on a fake execute context; `fake` exposes its logs and requests. */
export function node(parameters: Record<string, unknown>, options: Options = {}) {
	const fake = fakeExecuteContext({ credentials, parameters, ...options });
	return {
		fake,
		run: async (): Promise<INodeExecutionData[][]> =>
			await new Influitive().execute.call(fake.context),
	};
}

export const run = async (parameters: Record<string, unknown>, options: Options = {}) =>
	await node(parameters, options).run();

/** The error the node fails with (the test fails if it succeeds). */
export const fails = async (parameters: Record<string, unknown>, options: Options = {}) =>
	(await run(parameters, options).then(
		() => {
			throw new Error('expected the node to fail');
		},
		(error: unknown) => error,
	)) as Error & { description?: string };
