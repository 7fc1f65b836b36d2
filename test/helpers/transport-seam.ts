/**
 * The transport the nodes use in unit tests. Production nodes share one transport per n8n process
 * (`nodes/transport/process-transport.ts`); the unit project replaces that module (jest `setupFiles`:
 * test/helpers/use-test-transport.ts) with one that forwards to the transport made here, so a test
 * can give the nodes a fake clock and start every test with empty rate-limit windows, without the
 * production code carrying anything for tests.
 */
import {
	createTransport,
	defaultTransportTuning,
	type Transport,
	type TransportTuning,
} from '../../nodes/transport';

export type TestTiming = Pick<TransportTuning, 'now' | 'sleep' | 'random'>;

const realTiming: TestTiming = {
	now: defaultTransportTuning.now,
	sleep: defaultTransportTuning.sleep,
	random: defaultTransportTuning.random,
};
let timing: TestTiming = realTiming;
/** Reads `timing` at each call, so a test can switch the clock of a transport already in use. */
const switchable: TestTiming = {
	now: () => timing.now(),
	sleep: async (ms, signal) => await timing.sleep(ms, signal),
	random: () => timing.random(),
};
let transport: Transport = createTransport(switchable);

/** The transport the nodes' calls go to in this test. */
export function currentTestTransport(): Transport {
	return transport;
}

/** The nodes' transport runs on this clock (real where a part is not given) until `resetTestTransport`. */
export function setTestTiming(next: Partial<TestTiming>): void {
	timing = { ...realTiming, ...next };
}

/** Forgets every rate-limit window (a fresh transport on the same clock). */
export function resetTestPacing(): void {
	transport = createTransport(switchable);
}

/** Real clock and empty rate-limit windows: what each test starts from. */
export function resetTestTransport(): void {
	timing = realTiming;
	resetTestPacing();
}
