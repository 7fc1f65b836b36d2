import type { INodeProperties } from 'n8n-workflow';

import { DEFAULT_WEBHOOKS_PATH } from '../../api';

export const webhooksPathOption: INodeProperties = {
	displayName: 'Webhooks API Path',
	name: 'webhooksPath',
	type: 'string',
	default: DEFAULT_WEBHOOKS_PATH,
	description:
		'Influence.io has webhook endpoints but does not publish their path; /v1/webhooks is the best guess',
};
