import type { INodeProperties } from 'n8n-workflow';

import * as claim from './claim.operation';
import * as get from './get.operation';
import * as getAll from './getAll.operation';
import * as record from './record.operation';
import * as release from './release.operation';
import * as takeOver from './takeOver.operation';

export { claim, get, getAll, record, release, takeOver };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['entry'] } },
		options: [
			{ name: 'Claim', value: 'claim', description: 'Take a key for this execution, first writer wins', action: 'Claim a key' },
			{ name: 'Get', value: 'get', description: 'Read one entry', action: 'Get an entry' },
			{ name: 'Get Many', value: 'getAll', description: 'List entries by state, e.g. stuck ones', action: 'Get many entries' },
			{ name: 'Record', value: 'record', description: 'Move a claimed entry to its next state', action: 'Record a state' },
			{ name: 'Release', value: 'release', description: 'Give a claim back untouched', action: 'Release a claim' },
			{
				name: 'Take Over',
				value: 'takeOver',
				description: 'Take a stuck entry for this execution, keeping its state (for a reconciler)',
				action: 'Take over a stuck entry',
			},
		],
		default: 'claim',
	},
	...claim.description,
	...record.description,
	...get.description,
	...getAll.description,
	...release.description,
	...takeOver.description,
];
