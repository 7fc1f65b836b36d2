// Alphabetical order, except that the file checking n8n's log for secrets runs last.
const Sequencer = require('@jest/test-sequencer').default;

const LAST = 'credentials-and-logs.test.ts';

class E2eSequencer extends Sequencer {
	sort(tests) {
		const rank = (t) => (t.path.endsWith(LAST) ? 1 : 0);
		return [...tests].sort((a, b) => rank(a) - rank(b) || a.path.localeCompare(b.path));
	}
}

module.exports = E2eSequencer;
