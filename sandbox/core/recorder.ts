import type { CallFilter, RecordedCall } from '../types';

export type NewCall = Omit<RecordedCall, 'seq'>;

/** In-memory call log. `seq` keeps increasing across `clear()` so `since` cursors stay valid. */
export class CallRecorder {
	private calls: RecordedCall[] = [];

	private lastSeq = 0;

	constructor(
		private readonly maxCalls: number,
		private readonly log?: (line: string) => void,
	) {}

	record(call: NewCall): RecordedCall {
		const recorded: RecordedCall = { seq: ++this.lastSeq, ...call };
		this.calls.push(recorded);
		if (this.calls.length > this.maxCalls) this.calls.splice(0, this.calls.length - this.maxCalls);
		if (this.log) {
			const fault = recorded.fault ? ` [fault:${recorded.fault}]` : '';
			this.log(
				`#${recorded.seq} ${recorded.vendor} ${recorded.method} ${recorded.path} -> ${recorded.status} (${recorded.durationMs}ms)${fault}`,
			);
		}
		return recorded;
	}

	/**
	 * Calls matching the filter, oldest first. `pathMatches` decides whether a recorded full path
	 * matches the filter's path (which may be relative to a vendor base URL).
	 */
	list(
		filter: CallFilter,
		pathMatches: (call: RecordedCall, path: string) => boolean,
	): RecordedCall[] {
		const method = filter.method?.toUpperCase();
		return this.calls.filter(
			(c) =>
				(filter.vendor === undefined || c.vendor === filter.vendor) &&
				(filter.since === undefined || c.seq > filter.since) &&
				(method === undefined || c.method === method) &&
				(filter.path === undefined || pathMatches(c, filter.path)),
		);
	}

	clear(): number {
		const n = this.calls.length;
		this.calls = [];
		return n;
	}
}
