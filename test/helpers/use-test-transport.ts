/**
 * Unit-project set-up (jest `setupFiles`): the nodes' process-wide transport forwards to the one
 * test/helpers/transport-seam.ts holds. The seam is required at call time, not here: it imports the
 * transport's index, which imports the module being replaced.
 */
import type { Transport } from '../../nodes/transport';

jest.mock('../../nodes/transport/process-transport', () => {
	const current = (): Transport =>
		(
			jest.requireActual('./transport-seam') as typeof import('./transport-seam')
		).currentTestTransport();
	const processTransport = {
		vendorRequest(this: unknown, ...args: unknown[]) {
			return (current().vendorRequest as (...a: unknown[]) => unknown).apply(this, args);
		},
		vendorPaginate(this: unknown, ...args: unknown[]) {
			return (current().vendorPaginate as (...a: unknown[]) => unknown).apply(this, args);
		},
		vendorCollect(this: unknown, ...args: unknown[]) {
			return (current().vendorCollect as (...a: unknown[]) => unknown).apply(this, args);
		},
	};
	return { processTransport };
});
