import { updateDisplayOptions } from 'n8n-workflow';

import { publishing, rewardIdField } from './fields';

export const description = updateDisplayOptions({ show: { resource: ['reward'], operation: ['publish'] } }, [rewardIdField]);

export const execute = publishing('publish');
