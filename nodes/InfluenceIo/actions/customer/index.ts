import type { INodeProperties } from 'n8n-workflow';

import * as awardPoints from './awardPoints.operation';
import * as deductPoints from './deductPoints.operation';
import * as enrollMembership from './enrollMembership.operation';
import * as get from './get.operation';
import * as getAll from './getAll.operation';
import * as removeMembership from './removeMembership.operation';
import * as upsert from './upsert.operation';

export { awardPoints, deductPoints, enrollMembership, get, getAll, removeMembership, upsert };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['customer'] } },
		options: [
			{
				name: 'Award Points',
				value: 'awardPoints',
				description: 'Give a customer points, directly or through an earn rule',
				action: 'Award points to a customer',
			},
			{
				name: 'Create or Update',
				value: 'upsert',
				description:
					'Create a new customer, or update the current one if it already exists (upsert)',
				action: 'Create or update a customer',
			},
			{
				name: 'Deduct Points',
				value: 'deductPoints',
				description: "Take points off a customer's balance",
				action: 'Deduct points from a customer',
			},
			{
				name: 'Enroll in Membership',
				value: 'enrollMembership',
				description: 'Enroll a customer in a membership',
				action: 'Enroll a customer in a membership',
			},
			{
				name: 'Get',
				value: 'get',
				description: 'Get a customer by your own customer ID',
				action: 'Get a customer',
			},
			{
				name: 'Get Many',
				value: 'getAll',
				description: 'List customers, optionally filtered',
				action: 'Get many customers',
			},
			{
				name: 'Remove From Membership',
				value: 'removeMembership',
				description: 'Remove a customer from their membership',
				action: 'Remove a customer from a membership',
			},
		],
		default: 'upsert',
	},
	...upsert.description,
	...get.description,
	...getAll.description,
	...awardPoints.description,
	...deductPoints.description,
	...enrollMembership.description,
	...removeMembership.description,
];
