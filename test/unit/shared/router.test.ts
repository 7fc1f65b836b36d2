import type { INodeProperties, INodeType } from 'n8n-workflow';

import { InfluenceIo } from '../../../nodes/InfluenceIo/InfluenceIo.node';
import { resources as influenceIoResources } from '../../../nodes/InfluenceIo/actions/router';
import { Influitive } from '../../../nodes/Influitive/Influitive.node';
import { resources as influitiveResources } from '../../../nodes/Influitive/actions/router';
import { Kotis } from '../../../nodes/Kotis/Kotis.node';
import { resources as kotisResources } from '../../../nodes/Kotis/actions/router';
import { Kounta } from '../../../nodes/Kounta/Kounta.node';
import { resources as kountaResources } from '../../../nodes/Kounta/actions/router';
import { RewardLedger } from '../../../nodes/RewardLedger/RewardLedger.node';
import { resources as rewardLedgerResources } from '../../../nodes/RewardLedger/actions/router';
import { findOperation } from '../../../nodes/shared/router';

/** Every Resource × Operation value the node offers in the editor. */
function offered(node: INodeType): Array<[string, string]> {
	const properties = node.description.properties as INodeProperties[];
	const resource = properties.find((p) => p.name === 'resource');
	const pairs: Array<[string, string]> = [];
	for (const { value } of (resource?.options ?? []) as Array<{ value: string }>) {
		const operation = properties.find(
			(p) => p.name === 'operation' && p.displayOptions?.show?.resource?.includes(value),
		);
		for (const option of (operation?.options ?? []) as Array<{ value: string }>)
			pairs.push([value, option.value]);
	}
	return pairs;
}

describe.each([
	['Influitive', new Influitive(), influitiveResources],
	['Kotis', new Kotis(), kotisResources],
	['Influence.io', new InfluenceIo(), influenceIoResources],
	['Kounta', new Kounta(), kountaResources],
	['Reward Ledger', new RewardLedger(), rewardLedgerResources],
])('%s router', (_name, node, resources) => {
	const pairs = offered(node);

	it('offers operations', () => {
		expect(pairs.length).toBeGreaterThan(1);
	});

	it.each(pairs)(
		'routes %s → %s to an operation module of the same name',
		(resource, operation) => {
			expect(findOperation(resources, resource, operation)).toBeDefined();
		},
	);

	it('routes nothing the editor does not offer', () => {
		expect(findOperation(resources, pairs[0][0], 'description')).toBeUndefined();
		expect(findOperation(resources, 'toString', 'call')).toBeUndefined();
		expect(findOperation(resources, pairs[0][0], 'noSuchOperation')).toBeUndefined();
	});
});
