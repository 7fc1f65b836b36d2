import type { INodeProperties } from 'n8n-workflow';

import { locator } from '../../../shared/listSearch';

export const rewardIdField: INodeProperties = locator({
	displayName: 'Reward',
	name: 'rewardId',
	searchListMethod: 'searchRewards',
	required: true,
	idDisplayName: 'By ID or UUID',
	idPlaceholder: 'e.g. 12',
	description: "Search by name, or enter the reward's ID or UUID",
});
