import nock from 'nock';
import type { INodeExecutionData } from 'n8n-workflow';

import { InfluenceIo } from '../../../nodes/InfluenceIo/InfluenceIo.node';
import { fakeExecuteContext, type FakeContextOptions } from '../../helpers/fake-context';

export const BASE = 'https://platform.influenceio.test';
export const API_KEY = 'influenceio-secret-key-7f3a';
export const credentials = {
	influenceIoApi: { apiKey: API_KEY, baseUrl: BASE, webhookSecret: '' },
};

type Options = Omit<FakeContextOptions, 'parameters'>;

/** A nock scope that only matches requests carrying the key in `x-api-key`. */
export const api = () => nock(BASE).matchHeader('x-api-key', API_KEY);

export function node(parameters: FakeContextOptions['parameters'], options: Options = {}) {
	const fake = fakeExecuteContext({ credentials, parameters, ...options });
	return {
		fake,
		run: async (): Promise<INodeExecutionData[][]> =>
			await new InfluenceIo().execute.call(fake.context),
	};
}

export const run = async (parameters: FakeContextOptions['parameters'], options: Options = {}) =>
	await node(parameters, options).run();

export const fails = async (parameters: FakeContextOptions['parameters'], options: Options = {}) =>
	(await run(parameters, options).then(
		() => {
			throw new Error('expected the node to fail');
		},
		(error: unknown) => error,
	)) as Error & { description?: string; httpCode?: string };
