import type { IDataObject, INodeProperties } from 'n8n-workflow';

/** Customer fields Kounta accepts on create and update (the documented list is partial). */
export const customerFieldOptions: INodeProperties[] = [
	{ displayName: 'Description', name: 'description', type: 'string', default: '' },
	{
		displayName: 'Email',
		name: 'email',
		type: 'string',
		placeholder: 'name@email.com',
		default: '',
	},
	{ displayName: 'First Name', name: 'first_name', type: 'string', default: '' },
	{ displayName: 'Last Name', name: 'last_name', type: 'string', default: '' },
	{ displayName: 'Mobile', name: 'mobile', type: 'string', default: '' },
	{ displayName: 'Phone', name: 'phone', type: 'string', default: '' },
	{
		displayName: 'Reference ID',
		name: 'reference_id',
		type: 'string',
		default: '',
		description:
			'Your loyalty member ID. App-scoped: only this add-on sees it; it links the customer to your loyalty program.',
	},
	{
		displayName: 'Tags',
		name: 'tags',
		type: 'string',
		default: '',
		description: 'Comma-separated',
	},
];

/** Drops empty strings; splits tags. */
export function cleanCustomerFields(raw: IDataObject): IDataObject {
	const out: IDataObject = {};
	for (const [key, value] of Object.entries(raw)) {
		if (value === undefined || value === null || value === '') continue;
		if (key === 'tags') {
			const tags = String(value)
				.split(',')
				.map((tag) => tag.trim())
				.filter(Boolean);
			if (tags.length) out.tags = tags;
			continue;
		}
		out[key] = typeof value === 'string' ? value.trim() : value;
	}
	return out;
}
