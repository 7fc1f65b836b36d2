import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { returnAllOrLimit } from '../../../shared/descriptions';
import { mapItems } from '../../../shared/items';
import { requiredText } from '../../../shared/params';
import { vendorRequest } from '../../../transport';
import { influitiveVendor } from '../../api';

const show = (operation: string) => ({ show: { resource: ['referral'], operation: [operation] } });
const referralId: INodeProperties = { displayName: 'Referral ID', name: 'referralId', type: 'string', required: true, default: '' };
const person = (prefix: string): INodeProperties[] => [
	{ displayName: `${prefix} First Name`, name: `${prefix.toLowerCase()}FirstName`, type: 'string', default: '' },
	{ displayName: `${prefix} Last Name`, name: `${prefix.toLowerCase()}LastName`, type: 'string', default: '' },
	{ displayName: `${prefix} Email`, name: `${prefix.toLowerCase()}Email`, type: 'string', placeholder: 'name@email.com', required: true, default: '' },
];

const body = (ctx: IExecuteFunctions, prefix: string, i: number) => ({
	first_name: ctx.getNodeParameter(`${prefix}FirstName`, i, '') as string,
	last_name: ctx.getNodeParameter(`${prefix}LastName`, i, '') as string,
	email: requiredText(ctx, `${prefix}Email`, i, `${prefix === 'prospect' ? 'Prospect' : 'Advocate'} Email`),
});

const call = async (ctx: IExecuteFunctions, i: number, spec: Parameters<typeof vendorRequest>[1]) =>
	(await vendorRequest.call(ctx, influitiveVendor, { ...spec, itemIndex: i })).body;

export const create = {
	description: updateDisplayOptions(show('create'), [
		{ displayName: 'Campaign ID', name: 'campaignId', type: 'string', required: true, default: '', description: 'UUID of the referral campaign' },
		...person('Prospect'),
		...person('Advocate'),
	]),
	async execute(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
		return await mapItems(this, items, async (i) => {
			const referral = {
				prospect: body(this, 'prospect', i),
				contact: body(this, 'advocate', i),
				campaign_id: requiredText(this, 'campaignId', i, 'Campaign ID'),
			};
			return (await call(this, i, { method: 'POST', url: '/referrals', body: { referral } })) as IDataObject;
		});
	},
};

export const get = {
	description: updateDisplayOptions(show('get'), [referralId]),
	async execute(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
		return await mapItems(this, items, async (i) => {
			const id = requiredText(this, 'referralId', i, 'Referral ID');
			return (await call(this, i, { method: 'GET', url: `/referrals/${encodeURIComponent(id)}` })) as IDataObject;
		});
	},
};

export const getAll = {
	description: updateDisplayOptions(show('getAll'), [
		...returnAllOrLimit,
		{ displayName: 'Status Type', name: 'statusType', type: 'string', default: '', placeholder: 'e.g. qualified', description: 'Sent as status_type' },
	]),
	async execute(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
		return await mapItems(this, items, async (i) => {
			const statusType = (this.getNodeParameter('statusType', i, '') as string).trim();
			const found = await call(this, i, { method: 'GET', url: '/referrals', qs: statusType ? { status_type: statusType } : {} });
			// Response shape unpublished: an array, or an object holding `referrals`.
			const list = (Array.isArray(found) ? found : ((found as { referrals?: IDataObject[] })?.referrals ?? [])) as IDataObject[];
			return this.getNodeParameter('returnAll', i) ? list : list.slice(0, this.getNodeParameter('limit', i) as number);
		});
	},
};

export const advance = {
	description: updateDisplayOptions(show('advance'), [
		referralId,
		{ displayName: 'Milestone', name: 'milestone', type: 'string', required: true, default: 'won', placeholder: 'e.g. won' },
		{ displayName: 'Feedback', name: 'feedback', type: 'string', default: '' },
	]),
	async execute(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
		return await mapItems(this, items, async (i) => {
			const id = requiredText(this, 'referralId', i, 'Referral ID');
			const milestone = requiredText(this, 'milestone', i, 'Milestone', 'e.g. won');
			const response = await call(this, i, {
				method: 'PUT',
				url: `/referrals/${encodeURIComponent(id)}/milestones/${encodeURIComponent(milestone)}`,
				body: { feedback: this.getNodeParameter('feedback', i, '') as string },
			});
			return { referral_id: id, milestone, ...((response ?? {}) as IDataObject) };
		});
	},
};

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['referral'] } },
		options: [
			{ name: 'Advance', value: 'advance', description: 'Move a referral to a milestone, e.g. won', action: 'Advance a referral' },
			{ name: 'Create', value: 'create', description: 'Create a referral at any milestone', action: 'Create a referral' },
			{ name: 'Get', value: 'get', description: 'Get a referral', action: 'Get a referral' },
			{ name: 'Get Many', value: 'getAll', description: 'Get many referrals', action: 'Get many referrals' },
		],
		default: 'create',
	},
	...advance.description,
	...create.description,
	...get.description,
	...getAll.description,
];
