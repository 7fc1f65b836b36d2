import type { INodeProperties } from 'n8n-workflow';

import * as claim from './claim.operation';
import * as get from './get.operation';
import * as getAll from './getAll.operation';
import * as markReported from './markReported.operation';
import * as prune from './prune.operation';
import * as record from './record.operation';
import * as release from './release.operation';
import * as takeOver from './takeOver.operation';

export { claim, get, getAll, markReported, prune, record, release, takeOver };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['entry'] } },
		options: [
			{
				name: 'Claim',
				value: 'claim',
				description: 'Take a key for this execution, first writer wins',
				action: 'Claim a key',
			},
			{ name: 'Get', value: 'get', description: 'Read one entry', action: 'Get an entry' },
			{
				name: 'Get Many',
				value: 'getAll',
				description: 'List entries by state, e.g. stuck ones',
				action: 'Get many entries',
			},
			{
				name: 'Mark Reported',
				value: 'markReported',
				description:
					'Note that a person was told about an entry, so a reconciler reports it once (for alerts)',
				action: 'Mark an entry as reported',
			},
			{
				name: 'Prune',
				value: 'prune',
				description: 'Delete old finished entries and old delivery rows, keeping the tables small',
				action: 'Prune old entries',
			},
			{
				name: 'Record',
				value: 'record',
				description: 'Move a claimed entry to its next state',
				action: 'Record a state',
			},
			{
				name: 'Release',
				value: 'release',
				description: 'Give a claim back untouched',
				action: 'Release a claim',
			},
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
	...markReported.description,
	...prune.description,
];
