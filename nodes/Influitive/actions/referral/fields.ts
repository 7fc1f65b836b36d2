import type { INodeProperties } from 'n8n-workflow';

export const referralIdField: INodeProperties = {
	displayName: 'Referral ID',
	name: 'referralId',
	type: 'string',
	required: true,
	default: '',
	description: 'The referral ID Influitive returned on Create, or from Get Many',
};
