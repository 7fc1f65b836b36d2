import type { AddressInfo } from 'node:net';

import { Router } from 'express';
import { simpleParser } from 'mailparser';
import { SMTPServer, type SMTPServerAddress, type SMTPServerSession } from 'smtp-server';
import { z } from 'zod';

import { parseOr400 } from '../core/admin';
import type { VendorModule } from '../core/vendor';
import type { SmtpMessage } from './types';

/**
 * A local mail server for templates that send email with n8n's Send Email node: it accepts mail from
 * one user (AUTH PLAIN/LOGIN over a plain connection, no STARTTLS, like a dev relay such as MailHog),
 * delivers nothing, and records each message as parsed (`GET /__admin/smtp/messages`). The password
 * is never recorded. A test can make the next messages fail (`POST /__admin/smtp/faults`), as a
 * relay that is down or refuses a recipient would.
 */
export interface SmtpOptions {
	/** Default `smtp-user`. */
	user?: string;
	/** Default `smtp-test-password`. */
	password?: string;
	/** Port of the SMTP listener; default 0 (a free port). */
	port?: number;
	/** Messages kept (oldest dropped first). Default 1,000. */
	maxMessages?: number;
	now?: () => Date;
}

export interface SmtpInfo {
	host: string;
	port: number;
	user: string;
	password: string;
}

const SMTP_DEFAULT_USER = 'smtp-user';
const SMTP_DEFAULT_PASSWORD = 'smtp-test-password';

const faultSchema = z
	.object({
		/** How many messages to refuse (default 1). */
		times: z.number().int().min(1).default(1),
		/** SMTP reply code: 4xx temporary, 5xx permanent. Default 451. */
		responseCode: z.number().int().min(400).max(599).default(451),
		message: z
			.string()
			.min(1)
			.default('Requested action aborted: local error in processing (injected)'),
	})
	.strict();
type SmtpFault = z.output<typeof faultSchema>;

function addresses(list: SMTPServerAddress[]): string[] {
	return list.map((a) => a.address.toLowerCase());
}

function flatAddresses(value: unknown): string[] {
	const groups = Array.isArray(value) ? value : value ? [value] : [];
	return groups.flatMap((g: { value?: Array<{ address?: string }> }) =>
		(g.value ?? []).map((a) => (a.address ?? '').toLowerCase()).filter(Boolean),
	);
}

type ParsedMail = Awaited<ReturnType<typeof simpleParser>>;

/** What the server received, and the faults it still has to inject. */
class Mailbox {
	messages: SmtpMessage[] = [];
	faults: SmtpFault[] = [];
	// Keeps counting across resets, so a test never sees an id twice.
	private nextId = 1;

	constructor(
		private readonly maxMessages: number,
		private readonly now: () => Date,
	) {}

	/** The fault the next message meets, if any (each fault counts down its `times`). */
	takeFault(): SmtpFault | undefined {
		const fault = this.faults[0];
		if (!fault) return undefined;
		fault.times -= 1;
		if (fault.times <= 0) this.faults.shift();
		return fault;
	}

	record(session: SMTPServerSession, mail: ParsedMail): void {
		this.messages.push({
			id: this.nextId++,
			at: this.now().toISOString(),
			user: String(session.user ?? ''),
			envelope: {
				from: session.envelope.mailFrom ? session.envelope.mailFrom.address.toLowerCase() : '',
				to: addresses(session.envelope.rcptTo),
			},
			from: flatAddresses(mail.from)[0] ?? '',
			to: flatAddresses(mail.to),
			cc: flatAddresses(mail.cc),
			subject: mail.subject ?? '',
			text: mail.text ?? '',
			html: typeof mail.html === 'string' ? mail.html : '',
			messageId: mail.messageId ?? '',
		});
		if (this.messages.length > this.maxMessages)
			this.messages = this.messages.slice(-this.maxMessages);
	}

	reset(): void {
		this.messages = [];
		this.faults = [];
	}
}

function createServer(mailbox: Mailbox, user: string, password: string): SMTPServer {
	return new SMTPServer({
		authMethods: ['PLAIN', 'LOGIN'],
		authOptional: false,
		allowInsecureAuth: true,
		disabledCommands: ['STARTTLS'],
		logger: false,
		// close() waits for open sessions this long, then ends them (a test run must not hang on one).
		closeTimeout: 1000,
		banner: 'reward-fulfillment sandbox SMTP',
		size: 5 * 1024 * 1024,
		onAuth(auth, _session, callback) {
			if (auth.username === user && auth.password === password) callback(null, { user });
			else
				callback(Object.assign(new Error('Invalid username or password'), { responseCode: 535 }));
		},
		onData(stream, session, callback) {
			const fault = mailbox.takeFault();
			if (fault) {
				// Drain the message, then refuse it: the client sees the reply to its DATA.
				stream.on('end', () =>
					callback(Object.assign(new Error(fault.message), { responseCode: fault.responseCode })),
				);
				stream.resume();
				return;
			}
			simpleParser(stream)
				.then((mail) => {
					mailbox.record(session, mail);
					callback();
				})
				.catch((error: Error) =>
					callback(
						Object.assign(new Error(`could not parse the message: ${error.message}`), {
							responseCode: 554,
						}),
					),
				);
		},
	});
}

function createAdmin(mailbox: Mailbox): Router {
	const admin = Router();
	admin.get('/messages', (req, res) => {
		const to = typeof req.query.to === 'string' ? req.query.to.toLowerCase() : undefined;
		res.json(to ? mailbox.messages.filter((m) => m.envelope.to.includes(to)) : mailbox.messages);
	});
	admin.delete('/messages', (_req, res) => {
		const cleared = mailbox.messages.length;
		mailbox.messages = [];
		res.json({ cleared });
	});
	admin.post('/faults', (req, res) => {
		const fault = parseOr400(faultSchema, req.body ?? {}, res);
		if (!fault) return;
		mailbox.faults.push(fault);
		res.status(201).json(fault);
	});
	return admin;
}

export function createSmtpVendor(options: SmtpOptions = {}): VendorModule<SmtpInfo> {
	const user = options.user ?? SMTP_DEFAULT_USER;
	const password = options.password ?? SMTP_DEFAULT_PASSWORD;
	const mailbox = new Mailbox(options.maxMessages ?? 1000, options.now ?? (() => new Date()));
	const server = createServer(mailbox, user, password);
	let host = '127.0.0.1';
	let port = 0;
	return {
		name: 'smtp',
		mounts: [],
		adminRouter: createAdmin(mailbox),
		reset: () => mailbox.reset(),
		info: () => ({ host, port, user, password }),
		listen: async (listenHost) => {
			host =
				listenHost === '0.0.0.0' || listenHost === '::' || listenHost === ''
					? '127.0.0.1'
					: listenHost;
			await new Promise<void>((resolve, reject) => {
				server.once('error', reject);
				server.listen(options.port ?? 0, listenHost, () => {
					server.off('error', reject);
					resolve();
				});
			});
			port = (server.server.address() as AddressInfo).port;
		},
		close: () => new Promise<void>((resolve) => server.close(() => resolve())),
	};
}
