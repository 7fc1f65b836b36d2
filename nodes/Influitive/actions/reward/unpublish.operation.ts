import { publicationOperation } from './publication';

export const { description, execute } = publicationOperation('unpublish');
