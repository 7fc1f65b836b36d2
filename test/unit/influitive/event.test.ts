import nock from 'nock';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { expectNoSecret, useFakeTiming, useNock } from '../../helpers/http-testing';
import { api, fails, run, TOKEN } from './fixtures';

useNock();
let clock: ReturnType<typeof useFakeTiming>;
beforeEach(() => {
	clock = useFakeTiming();
});

const base = {
	resource: 'event',
	operation: 'log',
	eventType: 'attended_webinar',
	contactBy: 'email',
	contactValue: 'ada@example.com',
	points: '500',
	additionalFields: {},
};

describe('Event → Log', () => {
	it('sends points as a string, as published, and returns the created event', async () => {
		const scope = api()
			.post('/events', (body: Record<string, unknown>) => {
				expect(body).toEqual({
					type: 'attended_webinar',
					contact: { email: 'ada@example.com' },
					points: '500',
				});
				return typeof body.points === 'string';
			})
			.reply(201, {
				id: 536,
				event_type_code: 'attended_webinar',
				points: 500,
				contact: { id: 7 },
				parameters: {},
			});
		const [out] = await run(base);
		scope.done();
		expect(out[0].json).toMatchObject({ id: 536, points: 500 });
	});

	it('turns a numeric Points value from an expression into a string too', async () => {
		const scope = api()
			.post('/events', {
				type: 'attended_webinar',
				contact: { email: 'ada@example.com' },
				points: '25',
			})
			.reply(201, {});
		await run({ ...base, points: 25 });
		scope.done();
	});

	it('parses the 201 body Influitive documents as text/plain', async () => {
		api()
			.post('/events')
			.reply(201, JSON.stringify({ id: 1, points: 500 }), { 'Content-Type': 'text/plain' });
		const [out] = await run(base);
		expect(out[0].json).toEqual({ id: 1, points: 500 });
	});

	it('is never retried on a 500, and says the points may have been awarded', async () => {
		const scope = api().post('/events').once().reply(500, '');
		const error = (await fails(base)) as NodeApiError;
		scope.done();
		expect(error).toBeInstanceOf(NodeApiError);
		expect(error.message).toBe(
			'Influitive is temporarily unavailable (HTTP 500); gave up after 1 attempt. It may have been applied: check Influitive before retrying.',
		);
		expect(error.description).toMatch(/may have been processed/);
		expect(clock.sleeps).toEqual([]);
		expectNoSecret(error, TOKEN);
	});

	it('identifies the advocate by member ID or CRM contact ID, and sends a stage code', async () => {
		const byId = api()
			.post('/events', {
				type: 'attended_webinar',
				contact: { id: '7' },
				stage: { code: 'webinar-stage' },
			})
			.reply(201, {});
		await run({
			...base,
			contactBy: 'id',
			contactValue: '7',
			points: '',
			additionalFields: { stageCode: 'webinar-stage' },
		});
		byId.done();
		const byCrm = api()
			.post('/events', {
				type: 'attended_webinar',
				contact: { crm_contact_id: '0036100000ghjj3AAA' },
				points: '10',
			})
			.reply(201, {});
		await run({
			...base,
			contactBy: 'crm_contact_id',
			contactValue: '0036100000ghjj3AAA',
			points: '10',
		});
		byCrm.done();
	});

	it('sends an act of advocacy with the published keys', async () => {
		const scope = api()
			.post('/events', {
				type: 'attended_webinar',
				contact: { email: 'ada@example.com' },
				points: '500',
				advocacy: {
					advocacy_type: 'review',
					content: 'Five stars',
					source_title: 'G2',
					source_url: 'https://g2.test/review/1',
					occurred_at: '2026-11-20',
				},
			})
			.reply(201, {});
		await run({
			...base,
			additionalFields: {
				advocacyType: 'review',
				content: 'Five stars',
				sourceTitle: 'G2',
				sourceUrl: 'https://g2.test/review/1',
				occurredAt: '2026-11-20',
			},
		});
		scope.done();
	});

	const advocacy = {
		advocacyType: 'review',
		content: 'c',
		sourceTitle: 't',
		sourceUrl: 'https://x.test',
	};
	it.each([
		[{ eventType: ' ' }, 'Event Type (type): Event Type is empty'],
		[{ points: 'five hundred' }, 'Points (points): must be a whole number, e.g. 500'],
		[{ points: '12.5' }, 'Points (points): must be a whole number, e.g. 500'],
		[{ contactValue: 'not-an-email' }, 'Advocate (contact.email): is not a valid email address'],
		[
			{ contactValue: '' },
			'Advocate (contact): is empty: identify the advocate by member ID, email or CRM contact ID',
		],
		[
			{ additionalFields: { stageCode: 's1', ...advocacy } },
			'Stage Code and the Advocacy fields (Advocacy Type, Advocacy Content, Advocacy Source Title, Advocacy Source URL) cannot be sent together',
		],
		[
			{ additionalFields: { ...advocacy, sourceUrl: 'x.test' } },
			'Advocacy Source URL (advocacy.source_url): Advocacy Source URL must be a full URL including https://',
		],
		[
			{ additionalFields: { ...advocacy, content: '' } },
			'Advocacy Content (advocacy.content): Advocacy Content is empty',
		],
		[
			{ additionalFields: { ...advocacy, occurredAt: '20/11/2026' } },
			'Advocacy Date (advocacy.occurred_at): Advocacy Date must be YYYY-MM-DD',
		],
	])('names the bad field and sends nothing: %j', async (override, message) => {
		const error = await fails({ ...base, ...override });
		expect(error).toBeInstanceOf(NodeOperationError);
		expect(error.message).toContain('Invalid Influitive event: ');
		expect(error.message).toContain(message);
		expect(nock.pendingMocks()).toEqual([]);
	});
});
