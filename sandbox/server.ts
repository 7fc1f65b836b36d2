import express from 'express';
import type { AddressInfo } from 'node:net';
import { createServer, type Server } from 'node:http';

import { createAdminRouter } from './core/admin';
import { FaultStore, TimerSet, faultInjection } from './core/faults';
import { jsonErrors, loopbackOnly, readBody, recordCalls } from './core/http';
import { CallRecorder } from './core/recorder';
import type { VendorModule } from './core/vendor';
import { createInfluitiveVendor, type InfluitiveInfo, type InfluitiveOptions } from './influitive';
import {
	createInfluenceIoVendor,
	type InfluenceIoInfo,
	type InfluenceIoOptions,
} from './influenceio';
import { createKotisVendor, type KotisInfo, type KotisOptions } from './kotis';
import { createKountaVendor, type KountaInfo, type KountaOptions } from './kounta';
import { createSmtpVendor, type SmtpInfo, type SmtpOptions } from './smtp';
import { createStoreVendor, type StoreInfo, type StoreOptions } from './store';
import { createFulfilmentVendor, type VendorInfo, type VendorOptions } from './vendor';

export type { InfluenceIoOptions } from './influenceio';
export type * from './types';

export interface SandboxOptions {
	/** Interface to listen on. Default `127.0.0.1`. */
	host?: string;
	/** Port; default 0 (a free port chosen by the OS). */
	port?: number;
	kotis?: KotisOptions;
	influitive?: InfluitiveOptions;
	influenceio?: InfluenceIoOptions;
	store?: StoreOptions;
	kounta?: KountaOptions;
	/** The generic fulfilment vendor of the reformat-and-forward templates. */
	vendor?: VendorOptions;
	/** The mail server (its own port) for templates that send email. */
	smtp?: SmtpOptions;
	/** Called with one line per recorded vendor call. Nothing is logged by default. */
	log?: (line: string) => void;
	/** Recorded calls kept in memory (oldest dropped first). Default 10,000. */
	maxCalls?: number;
}

export interface RunningSandbox {
	/** `http://127.0.0.1:PORT` (the host given in options when it is not a wildcard address). */
	url: string;
	port: number;
	/** Stops listening, destroys open connections (including hanging requests) and cancels delays. */
	close(): Promise<void>;
	vendors: {
		kotis: KotisInfo;
		influitive: InfluitiveInfo;
		influenceio: InfluenceIoInfo;
		store: StoreInfo;
		kounta: KountaInfo;
		vendor: VendorInfo;
		smtp: SmtpInfo;
	};
}

function urlHost(host: string): string {
	if (host === '0.0.0.0' || host === '::' || host === '') return '127.0.0.1';
	return host.includes(':') ? `[${host}]` : host;
}

/** The HTTP app: `/__admin`, then every vendor mount behind recording, body reading and fault injection. */
function buildApp(
	vendors: VendorModule[],
	recorder: CallRecorder,
	faults: FaultStore,
	timers: TimerSet,
): express.Express {
	const app = express();
	app.disable('x-powered-by');
	app.disable('etag');
	app.use('/__admin', loopbackOnly(), createAdminRouter({ recorder, faults, vendors }));
	for (const vendor of vendors) {
		for (const mount of vendor.mounts) {
			app.use(
				mount.basePath,
				recordCalls(vendor.name, mount, recorder),
				readBody(),
				faultInjection(faults, timers),
				mount.router,
			);
		}
	}
	app.use((_req, res) => {
		res.status(404).json({ status: 404, error: 'Not Found' });
	});
	app.use(jsonErrors());
	return app;
}

/** Starts the HTTP server, then every vendor with a listener of its own (SMTP); all or none. */
async function listenAll(
	server: Server,
	vendors: VendorModule[],
	host: string,
	port: number,
): Promise<VendorModule[]> {
	await new Promise<void>((resolve, reject) => {
		server.once('error', reject);
		server.listen(port, host, () => {
			server.off('error', reject);
			resolve();
		});
	});
	const listening: VendorModule[] = [];
	try {
		for (const v of vendors) {
			if (!v.listen) continue;
			await v.listen(host);
			listening.push(v);
		}
	} catch (error) {
		for (const v of listening) await v.close?.().catch(() => undefined);
		server.closeAllConnections();
		await new Promise<void>((resolve) => server.close(() => resolve()));
		throw error;
	}
	return listening;
}

/** Starts every vendor stand-in on one HTTP server, plus the `/__admin` API. */
export async function startSandbox(options: SandboxOptions = {}): Promise<RunningSandbox> {
	const host = options.host ?? '127.0.0.1';
	const kotis = createKotisVendor(options.kotis);
	const influitive = createInfluitiveVendor(options.influitive);
	const influenceio = createInfluenceIoVendor(options.influenceio);
	const store = createStoreVendor(options.store);
	const kounta = createKountaVendor(options.kounta);
	const vendor = createFulfilmentVendor(options.vendor);
	const smtp = createSmtpVendor(options.smtp);
	// Later vendors: create them here, add them to this list and to `RunningSandbox.vendors`.
	const vendors: VendorModule[] = [kotis, influitive, influenceio, store, kounta, vendor, smtp];

	const timers = new TimerSet();
	const app = buildApp(
		vendors,
		new CallRecorder(options.maxCalls ?? 10_000, options.log),
		new FaultStore(),
		timers,
	);
	const server = createServer(app);
	const listening = await listenAll(server, vendors, host, options.port ?? 0);
	const port = (server.address() as AddressInfo).port;
	const url = `http://${urlHost(host)}:${port}`;

	let closing: Promise<void> | undefined;
	const close = (): Promise<void> => {
		closing ??= (async () => {
			timers.stop();
			const http = new Promise<void>((resolve, reject) => {
				server.close((err) => (err ? reject(err) : resolve()));
				server.closeAllConnections();
			});
			await Promise.all([http, ...listening.map((v) => v.close?.())]);
		})();
		return closing;
	};

	return {
		url,
		port,
		close,
		vendors: {
			kotis: kotis.info(url),
			influitive: influitive.info(url),
			influenceio: influenceio.info(url),
			store: store.info(url),
			kounta: kounta.info(url),
			vendor: vendor.info(url),
			smtp: smtp.info(url),
		},
	};
}
