import { decisionDescription, decisionExecute } from './decide';

export const description = decisionDescription('refuse');
export const execute = decisionExecute('refuse');
