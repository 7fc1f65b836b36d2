import { createRouter } from '../../shared/router';
import * as entry from './entry';

export const router = createRouter({
	entry: { claim: entry.claim, record: entry.record, get: entry.get, getAll: entry.getAll, release: entry.release, takeOver: entry.takeOver, markReported: entry.markReported, prune: entry.prune },
});
