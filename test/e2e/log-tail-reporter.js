// When an e2e file fails, prints the last lines of every n8n process's log (main, each worker, each
// webhook processor), read from the state files the global setups wrote.
const fs = require('node:fs');

const STATE_ENVS = ['RF_E2E_STATE_FILE', 'RF_E2E_QUEUE_STATE_FILE'];
const LINES = Number(process.env.RF_E2E_LOG_LINES || 40);

class LogTailReporter {
	onTestResult(test, result) {
		if (!result.numFailingTests && !result.testExecError) return;
		const mode = test.context.config.globals?.__RF_E2E_MODE;
		if (!mode) return;
		const file = process.env[mode === 'queue' ? STATE_ENVS[1] : STATE_ENVS[0]];
		if (!file || !fs.existsSync(file)) return;
		const state = JSON.parse(fs.readFileSync(file, 'utf8'));
		const blocks = Object.entries(state.logFiles || { main: state.logFile }).map(([name, log]) => {
			const text = fs.existsSync(log) ? fs.readFileSync(log, 'utf8') : '(no log)';
			return `----- ${name} (${log}) -----\n${text.split('\n').slice(-LINES).join('\n')}`;
		});
		process.stderr.write(
			`\n[e2e-${mode}] ${test.path} failed; n8n log tails:\n${blocks.join('\n')}\n`,
		);
	}
}

module.exports = LogTailReporter;
