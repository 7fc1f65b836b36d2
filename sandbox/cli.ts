/**
 * Standalone sandbox: `npx tsx sandbox/cli.ts [--port 5680] [--host 127.0.0.1] [--kotis-api-key KEY]
 *   [--influitive-token TOKEN] [--influitive-org-id ID] [--influenceio-api-key KEY] [--store-token TOKEN] [--log]`.
 * Prints the vendor base URLs, keys and the admin URL, then runs until SIGINT/SIGTERM.
 */
import { parseArgs } from 'node:util';

import { startSandbox, type RunningSandbox } from './server';

function readArgs() {
	return parseArgs({
		options: {
			port: { type: 'string', default: '0' },
			host: { type: 'string', default: '127.0.0.1' },
			'kotis-api-key': { type: 'string' },
			'influitive-token': { type: 'string' },
			'influitive-org-id': { type: 'string' },
			'influenceio-api-key': { type: 'string' },
			'store-token': { type: 'string' },
			log: { type: 'boolean', default: false },
			help: { type: 'boolean', short: 'h', default: false },
		},
	}).values;
}

async function main(): Promise<void> {
	const values = readArgs();
	if (values.help) {
		process.stdout.write(
			'Usage: tsx sandbox/cli.ts [--port 5680] [--host 127.0.0.1] [--kotis-api-key KEY] [--influitive-token TOKEN] [--influitive-org-id ID] [--influenceio-api-key KEY] [--store-token TOKEN] [--log]\n',
		);
		return;
	}
	const port = Number(values.port);
	if (!Number.isInteger(port) || port < 0 || port > 65535)
		throw new Error(`invalid --port ${values.port}`);

	const sandbox = await startSandbox({
		host: values.host,
		port,
		kotis: values['kotis-api-key'] ? { apiKey: values['kotis-api-key'] } : undefined,
		influitive: {
			...(values['influitive-token'] ? { token: values['influitive-token'] } : {}),
			...(values['influitive-org-id'] ? { orgId: values['influitive-org-id'] } : {}),
		},
		influenceio: values['influenceio-api-key']
			? { apiKey: values['influenceio-api-key'] }
			: undefined,
		store: values['store-token'] ? { token: values['store-token'] } : undefined,
		log: values.log ? (line) => process.stdout.write(`${line}\n`) : undefined,
	});
	process.stdout.write(banner(sandbox));
	stopOnSignals(sandbox);
}

/** The base URLs, keys and admin URLs of every stand-in. */
function banner(sandbox: RunningSandbox): string {
	const { kotis, influitive, influenceio, store, kounta, vendor, smtp } = sandbox.vendors;
	return [
		`Vendor sandbox listening on ${sandbox.url}`,
		`  admin:           ${sandbox.url}/__admin (health: ${sandbox.url}/__admin/health)`,
		'  Kotis Design',
		`    baseUrl:       ${kotis.baseUrl}`,
		`    storesBaseUrl: ${kotis.storesBaseUrl}`,
		`    apiKey:        ${kotis.apiKey}`,
		'  Influitive AdvocateHub',
		`    baseUrl:       ${influitive.baseUrl}`,
		`    apiToken:      ${influitive.token}`,
		`    X_ORG_ID:      ${influitive.orgId}`,
		`    admin:         ${sandbox.url}/__admin/influitive`,
		'  Influence.io Platform API',
		`    baseUrl:       ${influenceio.baseUrl}`,
		`    x-api-key:     ${influenceio.apiKey}`,
		`    admin:         ${sandbox.url}/__admin/influenceio`,
		'  Store (generic coupons)',
		`    baseUrl:       ${store.baseUrl}`,
		`    bearer token:  ${store.token}`,
		'  Kounta (Lightspeed O-Series)',
		`    baseUrl:       ${kounta.baseUrl}`,
		`    authorizeUrl:  ${kounta.authorizeUrl}`,
		`    tokenUrl:      ${kounta.tokenUrl}`,
		`    clientId:      ${kounta.clientId}`,
		`    clientSecret:  ${kounta.clientSecret}`,
		`    admin:         ${sandbox.url}/__admin/kounta`,
		'  Fulfilment vendor (generic order API)',
		`    baseUrl:       ${vendor.baseUrl}`,
		`    ${vendor.apiKeyHeader}:     ${vendor.apiKey}`,
		`    admin:         ${sandbox.url}/__admin/vendor`,
		'  SMTP (records messages)',
		`    smtp:          ${smtp.host}:${smtp.port} (${smtp.user} / ${smtp.password}, no TLS)`,
		`    admin:         ${sandbox.url}/__admin/smtp`,
		'Press Ctrl+C to stop.',
		'',
	].join('\n');
}

function stopOnSignals(sandbox: RunningSandbox): void {
	const stop = (signal: string): void => {
		process.stdout.write(`\n${signal}: stopping sandbox\n`);
		sandbox.close().then(
			() => process.exit(0),
			(err: unknown) => {
				process.stderr.write(`${String(err)}\n`);
				process.exit(1);
			},
		);
	};
	process.once('SIGINT', () => stop('SIGINT'));
	process.once('SIGTERM', () => stop('SIGTERM'));
}

main().catch((err: unknown) => {
	process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
	process.exit(1);
});
