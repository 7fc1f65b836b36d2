import axios from 'axios';

import type { SmtpMessage } from '../../sandbox/client';
import type { Execution } from '../../scripts/lib/n8n-api';
import { TEMPLATE_FORM_PASSWORD, TEMPLATE_FORM_USER } from '../../scripts/lib/stack';
import { ledgerEntry } from './ledger-helpers';
import { e2e } from './state';
import { publishTemplate } from './workflows';

const { state, n8n, sandbox } = e2e();
const FILE = 'kotis-redemption-codes-to-recipients.json';
const PORTAL = 'https://stores.kotisdesign.com/your-portal?redemption_code=';

/** The ledger and the Data Table outlive sandbox resets: each test sends its own campaign. */
let campaignSeq = 0;
const newCampaign = () => `e2e-${state.mode}-${Date.now().toString(36)}-${++campaignSeq}`;

describe('template: Kotis redemption codes → each recipient by email, recorded once', () => {
	let workflowId: string;
	let formUrl: string;

	beforeAll(async () => {
		const published = await publishTemplate(n8n, state.credentials, FILE);
		workflowId = published.id;
		const form = published.template.nodes.find((n) => n.name === 'Recipients Form') as unknown as {
			webhookId: string;
		};
		formUrl = `${state.n8nUrl}/form/${form.webhookId}`;
	});

	afterAll(async () => {
		await n8n.unpublish(workflowId).catch(() => undefined);
	});

	beforeEach(async () => {
		await sandbox.reset();
	});

	/** Submits the form as a person would (multipart, Basic Auth) and waits for the execution it starts. */
	async function submit(
		campaign: string,
		recipients: string[],
		password = TEMPLATE_FORM_PASSWORD,
	): Promise<{ status: number; execution?: Execution }> {
		const before = (await n8n.executions(workflowId)).length;
		const body = new FormData();
		body.append('field-0', campaign);
		body.append('field-1', recipients.join('\n'));
		const reply = await axios.post(formUrl, body, {
			auth: { username: TEMPLATE_FORM_USER, password },
			validateStatus: () => true,
		});
		if (reply.status !== 200) return { status: reply.status };
		const executions = await n8n.waitForExecutions(workflowId, before + 1, 120_000);
		return { status: reply.status, execution: executions[executions.length - 1] };
	}

	const codeCalls = async () =>
		await sandbox.calls({ vendor: 'kotis', path: '/redemption_codes/create' });
	const rowsOf = async (campaign: string) =>
		(await n8n.dataTableRows(state.dataTables.kotis_redemption_codes)).filter(
			(r) => r.campaign === campaign,
		);
	/** The claim link in a message, and the code in it. */
	function linkIn(message: SmtpMessage): { url: string; code: string } {
		const match =
			/(https:\/\/stores\.kotisdesign\.com\/your-portal\?redemption_code=([A-Z]{4}-\d{4}))/.exec(
				message.text,
			);
		if (!match)
			throw new Error(`no claim link in the message to ${message.to.join(', ')}: ${message.text}`);
		return { url: match[1], code: match[2] };
	}

	it('creates one code per recipient, emails each their own link, records who got which, and a second submission sends nothing new', async () => {
		const campaign = newCampaign();
		const list = [
			'ada@example.com, Ada Lovelace',
			'Grace Hopper <Grace@Example.com>',
			'alan@example.com',
		];
		const { status, execution } = await submit(campaign, list);
		expect(status).toBe(200);
		expect(execution?.status).toBe('success');

		const batches = await sandbox.kotis.redemptionCodes();
		expect(batches.map((b) => b.codes.length)).toEqual([1, 1, 1]);
		expect(await codeCalls()).toHaveLength(3);
		const issued = batches.flatMap((b) => b.codes);

		const messages = await sandbox.smtp.messages();
		expect(messages.map((m) => m.envelope.to)).toEqual([
			['ada@example.com'],
			['grace@example.com'],
			['alan@example.com'],
		]);
		const links = messages.map(linkIn);
		expect(links.map((l) => l.code)).toEqual(issued);
		expect(new Set(issued).size).toBe(3);
		expect(messages[0]).toMatchObject({
			from: 'rewards@example.com',
			subject: 'Your gift is waiting: pick it with your code',
		});
		expect(messages[0].text).toContain('Hello Ada Lovelace,');
		expect(messages[2].text).toContain('Hello there,');
		expect(messages[0].text).toContain(`Your code: ${issued[0]}`);

		const rows = await rowsOf(campaign);
		expect(
			rows.map((r) => ({ email: r.email, name: r.name, code: r.code, claim_url: r.claim_url })),
		).toEqual([
			{
				email: 'ada@example.com',
				name: 'Ada Lovelace',
				code: issued[0],
				claim_url: `${PORTAL}${issued[0]}`,
			},
			{
				email: 'grace@example.com',
				name: 'Grace Hopper',
				code: issued[1],
				claim_url: `${PORTAL}${issued[1]}`,
			},
			{ email: 'alan@example.com', name: '', code: issued[2], claim_url: `${PORTAL}${issued[2]}` },
		]);
		expect(await ledgerEntry(`kotis-code:${campaign}:grace@example.com`)).toMatchObject({
			state: 'decided',
			vendor_ref: issued[1],
		});

		// The same list again: nothing is created, nobody is emailed twice.
		const again = await submit(campaign, list);
		expect(again.execution?.status).toBe('success');
		expect(await codeCalls()).toHaveLength(3);
		expect(await sandbox.smtp.messages()).toHaveLength(3);
		expect(await rowsOf(campaign)).toHaveLength(3);

		// The list with one more name: only the newcomer gets a code.
		const more = await submit(campaign, [...list, 'linus@example.com, Linus']);
		expect(more.execution?.status).toBe('success');
		expect(await codeCalls()).toHaveLength(4);
		expect((await sandbox.smtp.messages()).slice(3).map((m) => m.envelope.to)).toEqual([
			['linus@example.com'],
		]);
		expect(await rowsOf(campaign)).toHaveLength(4);
	});

	it('stops where Kotis failed, naming who got nothing and what to do; submitting again finishes the list and no one gets two codes', async () => {
		const campaign = newCampaign();
		const list = ['ada@example.com, Ada', 'grace@example.com, Grace', 'alan@example.com, Alan'];
		// The second request: Kotis makes the code, then answers 500 (the code reaches nobody).
		await sandbox.addFault({
			vendor: 'kotis',
			method: 'POST',
			path: '/redemption_codes/create',
			kind: 'afterApply',
			status: 500,
			skip: 1,
		});
		const first = await submit(campaign, list);
		expect(first.execution?.status).toBe('error');
		expect(first.execution?.data?.resultData.lastNodeExecuted).toBe('Stop: Code Not Created');
		expect(first.execution?.data?.resultData.error?.message).toMatch(
			new RegExp(
				`^Kotis did not create a code for grace@example.com \\(campaign ${campaign}\\): .+\\. Nothing was emailed to grace@example.com; recipients listed before it have their codes, grace@example.com and those after it got nothing yet\\. Action: fix the cause .* then submit the same list again: recipients who already have a code are skipped, no one gets a second code\\.$`,
			),
		);
		// One request per recipient until the failure: the transport never re-sends a code creation.
		expect((await codeCalls()).map((c) => c.status)).toEqual([200, 500]);
		expect((await sandbox.smtp.messages()).map((m) => m.envelope.to[0])).toEqual([
			'ada@example.com',
		]);
		expect(await ledgerEntry(`kotis-code:${campaign}:grace@example.com`)).toMatchObject({
			state: 'failed',
		});
		expect(await ledgerEntry(`kotis-code:${campaign}:alan@example.com`)).toBeUndefined();
		const orphan = (await sandbox.kotis.redemptionCodes())[1].codes[0];

		const second = await submit(campaign, list);
		expect(second.execution?.status).toBe('success');
		const messages = await sandbox.smtp.messages();
		// Each recipient: exactly one email, with one code, and never the code Kotis made without answering.
		expect(messages.map((m) => m.envelope.to[0]).sort()).toEqual([
			'ada@example.com',
			'alan@example.com',
			'grace@example.com',
		]);
		const codes = messages.map((m) => linkIn(m).code);
		expect(new Set(codes).size).toBe(3);
		expect(codes).not.toContain(orphan);
		expect((await rowsOf(campaign)).map((r) => r.email)).toEqual([
			'ada@example.com',
			'grace@example.com',
			'alan@example.com',
		]);
	});

	it('re-sends the same code, not a new one, when the email failed', async () => {
		const campaign = newCampaign();
		await sandbox.smtp.failNext({ responseCode: 451 });
		const first = await submit(campaign, ['ada@example.com, Ada']);
		expect(first.execution?.status).toBe('error');
		const [code] = (await sandbox.kotis.redemptionCodes())[0].codes;
		expect(first.execution?.data?.resultData.error?.message).toMatch(
			new RegExp(
				`^The code ${code} for ada@example.com \\(campaign ${campaign}\\) exists, but its email was not sent: .*451.*\\. Action: fix the SMTP credential or the address, then submit the same list again`,
			),
		);
		expect(await sandbox.smtp.messages()).toHaveLength(0);
		// Failed (safe to claim again) but keeping the code: the next submission sends this one.
		expect(await ledgerEntry(`kotis-code:${campaign}:ada@example.com`)).toMatchObject({
			state: 'failed',
			vendor_ref: code,
		});
		expect(await rowsOf(campaign)).toHaveLength(0);

		const second = await submit(campaign, ['ada@example.com, Ada']);
		expect(second.execution?.status).toBe('success');
		expect(await codeCalls()).toHaveLength(1);
		const [message] = await sandbox.smtp.messages();
		expect(linkIn(message).code).toBe(code);
		expect((await rowsOf(campaign)).map((r) => r.code)).toEqual([code]);
		expect(await ledgerEntry(`kotis-code:${campaign}:ada@example.com`)).toMatchObject({
			state: 'decided',
			vendor_ref: code,
		});

		// And once sent, a third submission sends nothing.
		await submit(campaign, ['ada@example.com, Ada']);
		expect(await sandbox.smtp.messages()).toHaveLength(1);
	});

	it('refuses a list with a line that has no email address before creating anything', async () => {
		const { execution } = await submit(newCampaign(), [
			'ada@example.com',
			'Grace Hopper',
			'',
			'alan@example',
		]);
		expect(execution?.status).toBe('error');
		expect(execution?.data?.resultData.error?.message).toContain(
			'Recipients: no email address on line 2 ("Grace Hopper"), line 4 ("alan@example"). Nothing was created',
		);
		expect(await codeCalls()).toHaveLength(0);
		expect(await sandbox.smtp.messages()).toHaveLength(0);
	});

	it('answers a wrong form password with 401 and starts nothing', async () => {
		const before = (await n8n.executions(workflowId)).length;
		const { status } = await submit(newCampaign(), ['ada@example.com'], 'not-the-password');
		expect(status).toBe(401);
		await new Promise((r) => setTimeout(r, 1000));
		expect(await n8n.executions(workflowId)).toHaveLength(before);
		expect(await codeCalls()).toHaveLength(0);
	});
});
