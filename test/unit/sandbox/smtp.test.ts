import { createTransport } from 'nodemailer';

import { SandboxClient } from '../../../sandbox/client';
import { startSandbox, type RunningSandbox } from '../../../sandbox/server';

let sandbox: RunningSandbox;
let admin: SandboxClient;

beforeAll(async () => {
	sandbox = await startSandbox();
	admin = new SandboxClient(sandbox.url);
});
afterAll(() => sandbox.close());
beforeEach(() => admin.reset());

/** The transport n8n's Send Email node builds from an SMTP credential with SSL/TLS off and STARTTLS disabled. */
function transport(user = sandbox.vendors.smtp.user, pass = sandbox.vendors.smtp.password) {
	const { host, port } = sandbox.vendors.smtp;
	return createTransport({ host, port, secure: false, ignoreTLS: true, auth: { user, pass } });
}

describe('SMTP stand-in', () => {
	it('listens on its own port and records a message as parsed, never the password', async () => {
		expect(sandbox.vendors.smtp).toEqual({
			host: '127.0.0.1',
			port: expect.any(Number),
			user: 'smtp-user',
			password: 'smtp-test-password',
		});
		const link = 'https://stores.kotisdesign.com/holiday?redemption_code=ABCD-1234';
		await transport().sendMail({
			from: 'Rewards <rewards@example.com>',
			to: 'Ada Lovelace <Ada@Example.com>',
			subject: 'Your gift — pick it here',
			text: `Hello Ada, this is a line long enough to be folded by quoted-printable encoding, and then: ${link}`,
		});
		const [message] = await admin.smtp.messages();
		expect(message).toMatchObject({
			id: expect.any(Number),
			user: 'smtp-user',
			envelope: { from: 'rewards@example.com', to: ['ada@example.com'] },
			from: 'rewards@example.com',
			to: ['ada@example.com'],
			subject: 'Your gift — pick it here',
		});
		expect(message.text).toContain(link);
		expect(JSON.stringify(message)).not.toContain('smtp-test-password');
		expect(await admin.smtp.messages('ada@example.com')).toHaveLength(1);
		expect(await admin.smtp.messages('grace@example.com')).toHaveLength(0);
	});

	it('refuses a wrong password (535) and records nothing', async () => {
		await expect(
			transport('smtp-user', 'wrong').sendMail({
				from: 'a@example.com',
				to: 'b@example.com',
				subject: 'x',
				text: 'x',
			}),
		).rejects.toMatchObject({ responseCode: 535 });
		expect(await admin.smtp.messages()).toEqual([]);
	});

	it('refuses the next messages when told to, then accepts again', async () => {
		await admin.smtp.failNext({ responseCode: 451 });
		const send = () =>
			transport().sendMail({ from: 'a@example.com', to: 'b@example.com', subject: 'x', text: 'x' });
		await expect(send()).rejects.toMatchObject({ responseCode: 451 });
		await send();
		expect(await admin.smtp.messages()).toHaveLength(1);
	});
});
