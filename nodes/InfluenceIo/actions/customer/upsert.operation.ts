import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { mapItemsConcurrently } from '../../../shared/items';
import { upsertCustomer } from '../../api';
import {
	bodyJsonOption,
	concurrencyOption,
	readConcurrency,
	fullResponseOption,
	withBodyJson,
} from '../../helpers/body';
import { customerIdField, readCustomerId } from './fields';

const properties: INodeProperties[] = [
	{
		displayName:
			"Influence.io publishes what a customer has but not the JSON keys its PUT accepts. This node sends email, firstName, lastName, birthdayMonth and birthdayDay (the names of the customer object's fields); add or correct keys under Options → Body (JSON).",
		name: 'keysNotice',
		type: 'notice',
		default: '',
	},
	// Often a new customer: start in By ID.
	{ ...customerIdField, default: { mode: 'id', value: '' } },
	{
		displayName: 'Email',
		name: 'email',
		type: 'string',
		placeholder: 'name@email.com',
		default: '',
		description: 'Sent as "email". Influence.io probably needs it to create a customer.',
	},
	{
		displayName: 'Additional Fields',
		name: 'additionalFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		options: [
			{
				displayName: 'Birthday Day',
				name: 'birthdayDay',
				type: 'number',
				typeOptions: { minValue: 1, maxValue: 31 },
				default: 1,
				description: 'Sent as "birthdayDay"',
			},
			{
				displayName: 'Birthday Month',
				name: 'birthdayMonth',
				type: 'number',
				typeOptions: { minValue: 1, maxValue: 12 },
				default: 1,
				description: 'Sent as "birthdayMonth" (1 = January)',
			},
			{
				displayName: 'First Name',
				name: 'firstName',
				type: 'string',
				default: '',
				description: 'Sent as "firstName" (inferred key)',
			},
			{
				displayName: 'Last Name',
				name: 'lastName',
				type: 'string',
				default: '',
				description: 'Sent as "lastName" (inferred key)',
			},
		],
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [bodyJsonOption('customer'), concurrencyOption, fullResponseOption],
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['customer'], operation: ['upsert'] } },
	properties,
);

export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
	const concurrency = readConcurrency(this);
	return await mapItemsConcurrently(this, items, concurrency, async (i) => {
		const customerId = readCustomerId(this, i);
		const extra = this.getNodeParameter('additionalFields', i, {}) as IDataObject;
		const body = withBodyJson(
			this,
			{ email: String(this.getNodeParameter('email', i, '') ?? '').trim(), ...extra },
			i,
		);
		const customer = await upsertCustomer.call(this, customerId, body, { itemIndex: i });
		if (this.getNodeParameter('options.fullResponse', i, false)) return customer;
		return {
			customerId,
			upserted: true,
			...(customer.id !== undefined ? { id: customer.id } : {}),
		};
	});
}
