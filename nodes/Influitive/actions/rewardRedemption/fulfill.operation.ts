import { decisionDescription, decisionExecute } from './decide';

export const description = decisionDescription('fulfill');
export const execute = decisionExecute('fulfill');
