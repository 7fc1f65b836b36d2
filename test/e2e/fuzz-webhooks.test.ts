/**
 * Fuzzes every inbound webhook of the package (the four vendor webhook triggers) and of the
 * templates' Authenticated Webhook Trigger nodes: seeded, so a failure replays exactly. Every request is one that
 * must be refused (a bad or missing secret, or a body/query that cannot be a valid event), and each
 * must get a 4xx, start no execution and send nothing to a vendor; n8n must still be up afterwards.
 *
 * Some classes are answered by n8n before the package's code runs (see N8N_OWNED below); for those
 * the test checks the 4xx and prints what n8n sent, since the body is n8n's, not ours.
 */
import fs from 'node:fs';
import http from 'node:http';
import { randomUUID } from 'node:crypto';

import axios, { type AxiosResponse } from 'axios';

import { buildRedeemUrl } from '../../nodes/Kounta/helpers/loyalty/redeemUrl';
import { VERIFY_HEADER_NAME } from '../../nodes/Kounta/helpers/webhookDelivery';
import {
	INFLUENCEIO_WEBHOOK_SECRET,
	INFLUITIVE_WEBHOOK_SECRET,
	KOUNTA_LOYALTY_URL_TOKEN,
	TEMPLATE_WEBHOOK_HEADER,
	TEMPLATE_WEBHOOK_SECRET,
	TEMPLATE_WEBHOOK_VALUE,
} from '../../scripts/lib/stack';
import { e2e, e2eMode } from './state';
import { PKG, publishTemplate, toNode } from './workflows';

const { state, n8n, sandbox } = e2e();

const SEED = 0x5eed_2026;
// Full depth in single mode; queue mode runs the same node code on webhook processors, so a
// sample of the same seeded stream proves it there at a third of the CI time.
const PER_TARGET = Number(process.env.RF_FUZZ_PER_TARGET) || (e2eMode() === 'queue' ? 150 : 500);
const CONCURRENCY = 8;
const FIVE_MB = 5 * 1024 * 1024;
const DEPTH = 10_000;

type Category =
	| 'malformedJson'
	| 'wrongTypes'
	| 'missingFields'
	| 'extraFields'
	| 'hugeBody'
	| 'deepNesting'
	| 'unicode'
	| 'protoKeys'
	| 'emptyBody'
	| 'wrongContentType'
	| 'wrongMethod'
	| 'forgedSecret'
	| 'replayedSecret';

const CATEGORIES: Category[] = [
	'malformedJson',
	'wrongTypes',
	'missingFields',
	'extraFields',
	'hugeBody',
	'deepNesting',
	'unicode',
	'protoKeys',
	'emptyBody',
	'wrongContentType',
	'wrongMethod',
	'forgedSecret',
	'replayedSecret',
];

/** mulberry32: tiny, seeded, good enough to pick cases. */
function rng(seed: number): () => number {
	let a = seed >>> 0;
	return () => {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

interface Auth {
	query?: Record<string, string | string[] | undefined>;
	headers?: Record<string, string | undefined>;
}

interface Target {
	name: string;
	/** Production URL without query. */
	url: string;
	methods: string[];
	/**
	 * The classes in which a request carrying the right secret must still be refused (all when
	 * absent). The templates' trigger only knows "a JSON object", so a well-formed object with the
	 * secret is a valid request there: those classes are sent without the secret only.
	 */
	authenticatedCategories?: Category[];
	/** The correct credentials (query/headers). */
	good(): Auth;
	/** Wrong, missing, misplaced or replayed credentials; `replay` picks the replay-style ones. */
	forged(r: () => number, replay: boolean): Auth;
	/** A body that is valid apart from the credentials. */
	validBody(r: () => number): Record<string, unknown>;
	/** A body that can never be a valid event (changed by `category`). */
	invalidBody(r: () => number, category: Category): unknown;
	/** Extra query making an authenticated call invalid whatever the body (query-driven webhooks). */
	invalidQuery?(r: () => number): Record<string, string | undefined>;
	workflowId: string;
}

interface FuzzRequest {
	target: string;
	category: Category;
	method: string;
	url: string;
	headers: Record<string, string>;
	body?: string | Buffer;
	authenticated: boolean;
}

const defined = <T>(record: Record<string, T | undefined>): Record<string, T> =>
	Object.fromEntries(Object.entries(record).filter((e): e is [string, T] => e[1] !== undefined));

const pick = <T>(r: () => number, items: readonly T[]): T => items[Math.floor(r() * items.length)];

const WEIRD_STRINGS = [
	'\u0000\u0001\u0002\u001f',
	'\u202e\u202dreversed',
	'😀🙃🧨'.repeat(50),
	'\ud800lone-surrogate',
	'é\u0301 combining',
	'𝕳𝖊𝖑𝖑𝖔',
	'\r\nInjected-Header: x',
	'<script>alert(1)</script>',
	"'; DROP TABLE orders; --",
	'{{ $env.N8N_ENCRYPTION_KEY }}',
	'={{ $secrets }}',
	'../../etc/passwd',
];

function deepJson(depth: number, kind: 'array' | 'object'): string {
	return kind === 'array'
		? '['.repeat(depth) + ']'.repeat(depth)
		: '{"a":'.repeat(depth) + '1' + '}'.repeat(depth);
}

function protoJson(inner: unknown): string {
	// Written by hand: JSON.stringify would not emit a literal "__proto__" key from an object literal.
	return `{"__proto__":{"polluted":"yes","isAdmin":true},"constructor":{"prototype":{"polluted":"yes"}},"prototype":{"x":1},"payload":${JSON.stringify(inner)}}`;
}

function malformed(r: () => number): string {
	return pick(r, [
		'{',
		'{"id": 1,',
		'{"id": 1}}',
		"{'id': 1}",
		'{"id": 01}',
		'[1, 2',
		'nul',
		'{"a":"\u0000',
		'\u00ff\u00fe{}',
		'{"id": NaN}',
		'{"a": undefined}',
	]);
}

/** Builds one request of `category` for `target`: authenticated (but invalid) or not (forged). */
function buildRequest(target: Target, category: Category, r: () => number): FuzzRequest {
	const forgedCategory = category === 'forgedSecret' || category === 'replayedSecret';
	// Half of the other classes carry the right secret (the body/query must then be refused), half carry none.
	const authenticated =
		!forgedCategory && (target.authenticatedCategories?.includes(category) ?? true) && r() < 0.5;
	const auth: Auth = authenticated
		? target.good()
		: forgedCategory
			? target.forged(r, category === 'replayedSecret')
			: r() < 0.5
				? {}
				: target.forged(r, false);
	const query: Record<string, string | string[]> = defined({
		...auth.query,
		...(authenticated && target.invalidQuery ? target.invalidQuery(r) : {}),
	});
	const headers: Record<string, string> = defined({ ...auth.headers });
	let method = target.methods.includes('POST') ? 'POST' : target.methods[0];
	let body: string | Buffer | undefined;
	let contentType: string | undefined = 'application/json';
	const invalid = () => (authenticated ? target.invalidBody(r, category) : target.validBody(r));
	switch (category) {
		case 'malformedJson':
			body = malformed(r);
			break;
		case 'wrongTypes':
		case 'missingFields':
		case 'extraFields':
		case 'forgedSecret':
		case 'replayedSecret':
			body = JSON.stringify(
				category === 'forgedSecret' || category === 'replayedSecret'
					? target.validBody(r)
					: invalid(),
			);
			break;
		case 'hugeBody': {
			const filler = 'A'.repeat(FIVE_MB);
			body = JSON.stringify({ ...(invalid() as object), filler });
			break;
		}
		case 'deepNesting':
			body = authenticated
				? `{"id":${pick(r, ['{}', '"x"', 'null'])},"parameters":${deepJson(DEPTH, 'array')},"data":${deepJson(DEPTH, 'object')}}`
				: `{"deep":${deepJson(DEPTH, r() < 0.5 ? 'array' : 'object')},"body":${JSON.stringify(target.validBody(r))}}`;
			break;
		case 'unicode': {
			const s = pick(r, WEIRD_STRINGS);
			const value = invalid() as Record<string, unknown>;
			body = JSON.stringify({ ...value, [s]: s, note: s, email: s });
			if (!authenticated && r() < 0.3) query[pick(r, ['keyword', 'x', 'token'])] = s;
			break;
		}
		case 'protoKeys':
			body = protoJson(invalid());
			break;
		case 'emptyBody':
			body = r() < 0.5 ? '' : undefined;
			contentType = r() < 0.5 ? 'application/json' : undefined;
			break;
		case 'wrongContentType':
			contentType = pick(r, [
				'text/plain',
				'application/xml',
				'application/x-www-form-urlencoded',
				'application/octet-stream',
				'text/html',
				'application/json; charset=utf-16',
			]);
			body =
				contentType === 'application/xml'
					? '<event><id>1</id><type>x</type></event>'
					: contentType === 'application/x-www-form-urlencoded'
						? 'id=&type=&parameters=x'
						: JSON.stringify(invalid());
			break;
		case 'wrongMethod':
			method = pick(r, [
				'PUT',
				'PATCH',
				'DELETE',
				...(target.methods.includes('GET') ? [] : ['GET']),
			]);
			body = JSON.stringify(target.validBody(r));
			break;
	}
	if (contentType) headers['Content-Type'] = contentType;
	const url = new URL(target.url);
	for (const [name, value] of Object.entries(query)) {
		for (const v of Array.isArray(value) ? value : [value]) url.searchParams.append(name, v);
	}
	return {
		target: target.name,
		category,
		method,
		url: url.toString(),
		headers,
		body,
		authenticated,
	};
}

/** Classes n8n answers before the package's code runs, with the status n8n uses. */
function n8nOwned(req: FuzzRequest): string | undefined {
	if (req.category === 'wrongMethod') return 'unregistered method (n8n webhook router)';
	if (req.headers['Content-Type']?.includes('charset=utf-16'))
		return 'undecodable charset (n8n body parser)';
	if (req.category === 'malformedJson' && req.headers['Content-Type'] === 'application/json')
		return 'malformed JSON (n8n body parser)';
	return undefined;
}

interface Outcome {
	req: FuzzRequest;
	status: number;
	contentType: string;
	reason?: string;
	text: string;
	owner?: string;
}

const agent = new http.Agent({ keepAlive: true, maxSockets: CONCURRENCY });

async function send(req: FuzzRequest): Promise<AxiosResponse<string>> {
	return await axios.request<string>({
		method: req.method,
		url: req.url,
		headers: req.headers,
		data: req.body,
		// The bytes as built: axios would re-encode a string that is not valid JSON as a JSON string.
		transformRequest: [(data: unknown) => data],
		httpAgent: agent,
		responseType: 'text',
		transformResponse: (x: string) => x,
		validateStatus: () => true,
		maxBodyLength: Infinity,
		maxContentLength: Infinity,
		timeout: 30_000,
	});
}

async function pool<T, R>(items: T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
	const results: R[] = new Array(items.length);
	let next = 0;
	await Promise.all(
		Array.from({ length: limit }, async () => {
			while (next < items.length) {
				const i = next++;
				results[i] = await fn(items[i]);
			}
		}),
	);
	return results;
}

/** n8n's main process (not its task runner): the one whose environment has this instance's port. */
function n8nPid(): number | undefined {
	const port = new URL(state.n8nUrl).port;
	for (const entry of fs.readdirSync('/proc')) {
		if (!/^\d+$/.test(entry)) continue;
		try {
			const cmdline = fs.readFileSync(`/proc/${entry}/cmdline`, 'utf8');
			if (!cmdline.includes('n8n') || !cmdline.split('\0').includes('start')) continue;
			const env = fs.readFileSync(`/proc/${entry}/environ`, 'utf8').split('\0');
			if (env.includes(`N8N_PORT=${port}`)) return Number(entry);
		} catch {
			// A process that ended meanwhile, or one we may not read.
		}
	}
	return undefined;
}

function rssMb(pid: number | undefined): number | undefined {
	if (!pid) return undefined;
	const line = fs
		.readFileSync(`/proc/${pid}/status`, 'utf8')
		.split('\n')
		.find((l) => l.startsWith('VmRSS:'));
	return line ? Number(line.replace(/\D+/g, '')) / 1024 : undefined;
}

describe('fuzzing every inbound webhook', () => {
	const targets: Target[] = [];
	const workflowIds: string[] = [];
	const creds = state.credentials;

	async function deploy(
		name: string,
		trigger: ReturnType<typeof toNode> & { webhookId: string },
	): Promise<string> {
		const noop = toNode(
			{ name: 'Received', type: 'n8n-nodes-base.noOp', parameters: {} },
			1,
			creds,
		);
		const { id } = await n8n.createWorkflow({
			name,
			nodes: [trigger, noop],
			connections: { [trigger.name]: { main: [[{ node: 'Received', type: 'main', index: 0 }]] } },
			settings: { executionOrder: 'v1' },
		});
		await n8n.publish(id);
		workflowIds.push(id);
		return id;
	}

	const trigger = (
		name: string,
		type: string,
		credential: string,
		parameters: Record<string, unknown>,
	) => ({
		...toNode({ name, type: `${PKG}.${type}`, credentials: [credential], parameters }, 0, creds),
		webhookId: randomUUID(),
	});

	const otherSecrets = [
		INFLUITIVE_WEBHOOK_SECRET,
		INFLUENCEIO_WEBHOOK_SECRET,
		KOUNTA_LOYALTY_URL_TOKEN,
		TEMPLATE_WEBHOOK_SECRET,
	];
	const near = (secret: string, r: () => number, inQuery = false) =>
		pick(r, [
			'',
			`${secret}x`,
			secret.slice(0, -1),
			secret.toUpperCase(),
			encodeURIComponent(`${secret}/`),
			Buffer.from(secret).toString('base64'),
			'x'.repeat(secret.length),
			// In the query only: in a header, Node's HTTP parser drops a trailing NUL, which makes it the real secret.
			...(inQuery ? [`${secret}\u0000`] : []),
			...otherSecrets.filter((s) => s !== secret),
		]);

	beforeAll(async () => {
		await sandbox.reset();

		// Influitive Trigger: secret in ?token=.
		const influitive = trigger('Influitive', 'influitiveTrigger', 'influitiveApi', {
			events: ['reward_redemption_requested'],
			options: {},
		});
		const redemption = (r: () => number) => ({
			id: Math.floor(r() * 1e9),
			type: 'reward_redemption_requested',
			parameters: { reward_redemption: { id: Math.floor(r() * 1e6) }, reward: { name: 'T-shirt' } },
		});
		targets.push({
			name: 'Influitive Trigger',
			url: n8n.webhookUrl(`${influitive.webhookId}/webhook`),
			methods: ['POST'],
			workflowId: await deploy('fuzz Influitive', influitive),
			good: () => ({ query: { token: INFLUITIVE_WEBHOOK_SECRET } }),
			forged: (r, replay) =>
				replay
					? pick(r, [
							{ headers: { token: INFLUITIVE_WEBHOOK_SECRET } },
							{ query: { token: [INFLUITIVE_WEBHOOK_SECRET, INFLUITIVE_WEBHOOK_SECRET] } },
							{ query: { Token: INFLUITIVE_WEBHOOK_SECRET } },
							{ query: { token: INFLUENCEIO_WEBHOOK_SECRET } },
						])
					: { query: { token: near(INFLUITIVE_WEBHOOK_SECRET, r, true) } },
			validBody: redemption,
			invalidBody: (r, category) => {
				const body: Record<string, unknown> = redemption(r);
				if (category === 'wrongTypes')
					body[pick(r, ['id', 'parameters', 'type'])] = pick(r, [{}, [], true, '', -1.5]);
				else if (category === 'extraFields')
					Object.assign(body, { extra: 1, admin: true, parameters: 'x' });
				else delete body[pick(r, ['id', 'type', 'parameters'])];
				if (
					body.id !== undefined &&
					body.type !== undefined &&
					typeof body.parameters === 'object' &&
					!Array.isArray(body.parameters)
				)
					body.parameters = 'x';
				return body;
			},
		});

		// Influence.io Trigger, pasted URL (no registration): secret in ?token=, topic in a header.
		const influenceio = trigger('Influence.io', 'influenceIoTrigger', 'influenceIoApi', {
			register: false,
			topics: ['points/redeemed'],
			options: {},
		});
		const redeemed = (r: () => number) => ({
			id: `pt-${Math.floor(r() * 1e9)}`,
			customer: { id: 'c1', email: 'ada@example.com' },
			action: 'redeem',
			points: 500,
			type: 'redeem',
			ruleId: 'rr-1',
			couponCode: 'LOYAL-1',
			rewardType: 'fixed_amount',
		});
		targets.push({
			name: 'Influence.io Trigger',
			url: n8n.webhookUrl(`${influenceio.webhookId}/webhook`),
			methods: ['POST'],
			workflowId: await deploy('fuzz Influence.io', influenceio),
			good: () => ({
				query: { token: INFLUENCEIO_WEBHOOK_SECRET },
				headers: { 'X-Webhook-Topic': 'points/redeemed', 'X-Webhook-Id': 'sub-1' },
			}),
			forged: (r, replay) => ({
				headers: { 'X-Webhook-Topic': 'points/redeemed' },
				...(replay
					? pick(r, [
							{
								headers: {
									'X-Webhook-Topic': 'points/redeemed',
									token: INFLUENCEIO_WEBHOOK_SECRET,
								},
							},
							{ query: { token: [INFLUENCEIO_WEBHOOK_SECRET, 'x'] } },
							{ query: { TOKEN: INFLUENCEIO_WEBHOOK_SECRET } },
						])
					: { query: { token: near(INFLUENCEIO_WEBHOOK_SECRET, r, true) } }),
			}),
			validBody: redeemed,
			invalidBody: (r, category) => {
				const body: Record<string, unknown> = redeemed(r);
				if (category === 'wrongTypes')
					body[pick(r, ['points', 'customer', 'couponCode'])] = pick(r, [
						{ $gt: '' },
						'many',
						true,
					]);
				else if (category === 'extraFields') Object.assign(body, { extra: [1, 2], couponCode: '' });
				else delete body.couponCode;
				if (typeof body.couponCode === 'string' && body.couponCode) body.couponCode = '';
				return body;
			},
		});

		// Kounta Trigger: registers with the sandbox; the secret header value is read back from there.
		const kounta = trigger('Kounta', 'kountaTrigger', 'kountaApi', {
			authentication: 'basic',
			topics: ['orders/completed'],
			options: {},
		});
		const kountaWorkflow = await deploy('fuzz Kounta', kounta);
		const hook = (await sandbox.kounta.state()).webhooks.find(
			(h) => h.address === n8n.webhookUrl(`${kounta.webhookId}/webhook`),
		);
		if (!hook) throw new Error('the Kounta Trigger did not register its webhook in the sandbox');
		const kountaSecret = String(hook.headers[VERIFY_HEADER_NAME]);
		targets.push({
			name: 'Kounta Trigger',
			url: n8n.webhookUrl(`${kounta.webhookId}/webhook`),
			methods: ['POST'],
			workflowId: kountaWorkflow,
			good: () => ({
				headers: { [VERIFY_HEADER_NAME]: kountaSecret, 'X-N8n-Topic': 'orders/completed' },
			}),
			forged: (r, replay) =>
				replay
					? pick(r, [
							{ query: { [VERIFY_HEADER_NAME]: kountaSecret } },
							{ headers: { Authorization: `Bearer ${kountaSecret}` } },
							{ headers: { 'X-Kounta-Signature': kountaSecret } },
						])
					: { headers: { [VERIFY_HEADER_NAME]: near(kountaSecret, r) || 'x' } },
			validBody: (r) => ({ id: Math.floor(r() * 1e9), status: 'COMPLETE' }),
			invalidBody: (r, category) => {
				if (category === 'wrongTypes') return { id: pick(r, ['abc', -1, 1.5, {}, [], true]) };
				if (category === 'extraFields')
					return { data: { id: 'x' }, topic: 'orders/completed', extra: 1 };
				return pick(r, [{ status: 'COMPLETE' }, [], { data: {} }]);
			},
		});

		// Kounta Loyalty Trigger: GET and POST; token in the query, or a signed redeem URL.
		const loyalty = trigger('Loyalty', 'kountaLoyaltyTrigger', 'kountaApi', {
			authentication: 'basic',
			options: { replyDeadlineSeconds: 5 },
		});
		const loyaltyUrl = n8n.webhookUrl(`${loyalty.webhookId}/loyalty`);
		const signed = Object.fromEntries(
			new URL(
				buildRedeemUrl({
					baseUrl: loyaltyUrl,
					orderId: '1234',
					rewardId: 'R1',
					memberId: 'M-1',
					customerId: '789',
					secret: KOUNTA_LOYALTY_URL_TOKEN,
				}),
			).searchParams,
		);
		targets.push({
			name: 'Kounta Loyalty Trigger',
			url: loyaltyUrl,
			methods: ['GET', 'POST'],
			workflowId: await deploy('fuzz Kounta loyalty', loyalty),
			good: () => ({ query: { token: KOUNTA_LOYALTY_URL_TOKEN } }),
			forged: (r, replay) =>
				replay
					? pick(r, [
							{ query: { ...signed, reward_id: 'R2' } },
							{ query: { ...signed, customer_id: '790' } },
							{ query: { ...signed, extra: ['a', 'b'] } },
							{ query: { ...signed, call: 'search', keyword: 'ada' } },
							{ query: { ...signed, sig: signed.sig.toUpperCase() } },
							{ query: { call: 'search', keyword: 'ada', sig: signed.sig } },
						])
					: {
							query: {
								call: pick(r, ['search', 'rewards', 'redeem']),
								keyword: 'ada',
								customer_id: '789',
								reward_id: 'R1',
								order_id: '1',
								token: near(KOUNTA_LOYALTY_URL_TOKEN, r, true),
							},
						},
			validBody: () => ({ call: 'search', keyword: 'ada' }),
			invalidBody: (r) =>
				pick(r, [
					{ site_id: { $ne: 1 } },
					{ keyword: 'x'.repeat(300) },
					{ quantity: -1 },
					['a'],
					'x',
				]),
			// With the right token, the query alone makes the call invalid (the URL wins over the body).
			invalidQuery: (r) =>
				pick(r, [
					{ call: 'search', keyword: 'ada', site_id: 'abc' },
					{ call: 'search' },
					{ call: 'redeem', order_id: '1' },
					{ call: 'rewards' },
					{ call: 'search', keyword: 'x'.repeat(201) },
					{ call: 'redeem', reward_id: 'R1', order_id: '1', quantity: '0' },
					{ call: 'nonsense', company_id: '-1' },
				]),
		});

		// Template webhooks (Authenticated Webhook Trigger, the credential's Shared Secret as a Bearer token).
		const templateBodies: Record<string, (r: () => number) => Record<string, unknown>> = {
			'kotis-order-from-webhook.json': () => ({
				sku: '107529-1',
				size: 'M',
				email: 'x@example.com',
				name: 'X',
				address1: '1 A St',
				city: 'C',
				state: 'VA',
				zip: '22201',
				reference: 'fuzz',
			}),
			'influenceio-store-orders-to-points.json': (r) => ({
				event: 'order.paid',
				order: {
					id: `o-${Math.floor(r() * 1e6)}`,
					customer: { id: '1', email: 'ada@example.com' },
					total: 10,
					currency: 'USD',
					line_items: [],
				},
			}),
			'influenceio-order-marks-coupon-used.json': () => ({
				id: 'order-1',
				discount_codes: ['LOYAL-1'],
			}),
			'kotis-cancelled-restore-points.json': () => ({}),
			'kounta-loyalty-customer-index.json': () => ({}),
		};
		const webhookNodes: Record<string, string> = {
			'kotis-order-from-webhook.json': 'Order Request',
			'influenceio-store-orders-to-points.json': 'Store Order Event',
			'influenceio-order-marks-coupon-used.json': 'Store Order Placed',
			'kotis-cancelled-restore-points.json': 'Check Now',
			'kounta-loyalty-customer-index.json': 'Resync Now',
		};
		// Refused by the trigger itself even with the secret: not JSON, not an object, too deep, "__proto__" keys, no body.
		const refusedWithSecret: Category[] = [
			'wrongTypes',
			'missingFields',
			'extraFields',
			'wrongContentType',
			'deepNesting',
			'protoKeys',
			'emptyBody',
		];
		const notAnObject = (r: () => number) => pick(r, [[], ['x'], 'order', 42, null, true]);
		for (const [file, node] of Object.entries(webhookNodes)) {
			const published = await publishTemplate(n8n, creds, file);
			workflowIds.push(published.id);
			targets.push({
				name: `template ${file} → ${node}`,
				url: n8n.webhookUrl(published.webhookPath(node)),
				methods: ['POST'],
				// Check Now and Resync Now allow an empty body ("run now" URLs).
				authenticatedCategories: refusedWithSecret.filter(
					(c) => !(c === 'emptyBody' && node.endsWith(' Now')),
				),
				workflowId: published.id,
				good: () => ({ headers: { [TEMPLATE_WEBHOOK_HEADER]: TEMPLATE_WEBHOOK_VALUE } }),
				forged: (r, replay) =>
					replay
						? pick(r, [
								{ query: { [TEMPLATE_WEBHOOK_HEADER]: TEMPLATE_WEBHOOK_VALUE } },
								{ headers: { [TEMPLATE_WEBHOOK_HEADER]: TEMPLATE_WEBHOOK_SECRET } },
								{ headers: { 'X-Webhook-Secret': TEMPLATE_WEBHOOK_VALUE } },
								{
									headers: {
										[TEMPLATE_WEBHOOK_HEADER]: `Basic ${Buffer.from(`user:${TEMPLATE_WEBHOOK_SECRET}`).toString('base64')}`,
									},
								},
								{ headers: { [TEMPLATE_WEBHOOK_HEADER]: `Bearer${TEMPLATE_WEBHOOK_SECRET}` } },
								{ headers: { [TEMPLATE_WEBHOOK_HEADER]: `Token ${TEMPLATE_WEBHOOK_SECRET}` } },
							])
						: {
								headers: {
									[TEMPLATE_WEBHOOK_HEADER]: `Bearer ${near(TEMPLATE_WEBHOOK_SECRET, r) || 'x'}`,
								},
							},
				validBody: templateBodies[file],
				// Only sent with the secret in the classes above: the body must not be a JSON object there.
				invalidBody: (r) => notAnObject(r),
			});
		}
		// Registration calls are done: from here on nothing may reach a vendor.
		await sandbox.clearCalls();
	}, 180_000);

	afterAll(async () => {
		agent.destroy();
		for (const id of workflowIds) {
			await n8n.unpublish(id).catch(() => undefined);
			await n8n.deleteWorkflow(id).catch(() => undefined);
		}
	});

	it(
		`answers ${PER_TARGET} generated bad requests per webhook with a 4xx, starts nothing, calls no vendor, and n8n stays up`,
		async () => {
			const r = rng(SEED);
			const requests: Array<{ req: FuzzRequest; target: Target }> = [];
			for (const target of targets) {
				let huge = 0;
				for (let i = 0; i < PER_TARGET; i++) {
					let category = CATEGORIES[i % CATEGORIES.length];
					// 5 MB bodies: a few per webhook are enough to show the limit handling, and keep the run short.
					if (category === 'hugeBody' && huge++ >= 3) category = 'deepNesting';
					requests.push({ req: buildRequest(target, category, r), target });
				}
			}

			const pid = n8nPid();
			const rssBefore = rssMb(pid);
			const started = Date.now();
			let done = 0;
			const latency: Record<string, number> = {};
			const slow: string[] = [];
			const outcomes: Outcome[] = await pool(requests, CONCURRENCY, async ({ req }) => {
				const t0 = Date.now();
				const res = await send(req).catch(
					(error: Error) =>
						({
							status: 0,
							data: String(error.message),
							headers: {},
						}) as unknown as AxiosResponse<string>,
				);
				const ms = Date.now() - t0;
				latency[req.target] = (latency[req.target] ?? 0) + ms;
				if (ms > 2000)
					slow.push(`${ms} ms ${req.target} ${req.category} ${req.method} → ${res.status}`);
				if (++done % 250 === 0)
					process.stderr.write(
						`[fuzz] ${done}/${requests.length} after ${((Date.now() - started) / 1000).toFixed(0)} s\n`,
					);
				const text = typeof res.data === 'string' ? res.data : String(res.data);
				let reason: string | undefined;
				try {
					const json = JSON.parse(text) as { reason?: unknown; message?: unknown };
					reason =
						typeof json.reason === 'string'
							? json.reason
							: typeof json.message === 'string'
								? json.message
								: undefined;
				} catch {
					reason = undefined;
				}
				return {
					req,
					status: res.status,
					contentType: String(res.headers['content-type'] ?? ''),
					reason,
					text: text.slice(0, 200),
					owner: n8nOwned(req),
				};
			});
			const elapsed = Date.now() - started;
			const rssAfter = rssMb(pid);

			// What n8n itself answered, per class: printed for the report, asserted 4xx below.
			const owned = new Map<string, Set<string>>();
			for (const o of outcomes.filter((x) => x.owner)) {
				const key = `${o.owner}`;
				const set = owned.get(key) ?? new Set<string>();
				set.add(`${o.status} ${o.contentType.split(';')[0] || '-'} ${o.text.slice(0, 80)}`);
				owned.set(key, set);
			}
			const statusCounts: Record<string, number> = {};
			for (const o of outcomes) statusCounts[o.status] = (statusCounts[o.status] ?? 0) + 1;
			console.log(
				[
					`[fuzz] ${outcomes.length} requests to ${targets.length} webhooks (seed ${SEED}, concurrency ${CONCURRENCY}) in ${(elapsed / 1000).toFixed(1)} s`,
					`[fuzz] statuses: ${JSON.stringify(statusCounts)}`,
					`[fuzz] mean latency per webhook: ${Object.entries(latency)
						.map(([t, ms]) => `${t} ${(ms / PER_TARGET).toFixed(0)} ms`)
						.join('; ')}`,
					`[fuzz] slowest (> 2 s): ${slow.length} ${slow.slice(0, 8).join('; ')}`,
					`[fuzz] n8n RSS ${rssBefore?.toFixed(0) ?? '?'} MB → ${rssAfter?.toFixed(0) ?? '?'} MB (growth ${rssBefore && rssAfter ? (rssAfter - rssBefore).toFixed(0) : '?'} MB)`,
					...[...owned].map(
						([owner, shapes]) =>
							`[fuzz] answered by n8n — ${owner}: ${[...shapes].slice(0, 4).join(' | ')}`,
					),
				].join('\n'),
			);

			const describe = (o: Outcome) =>
				`${o.req.target} ${o.req.category} ${o.req.method} ${o.req.url.slice(0, 160)} ${JSON.stringify(o.req.headers)} → ${o.status} ${o.text}`;
			const not4xx = outcomes.filter((o) => o.status < 400 || o.status > 499);
			expect(not4xx.map(describe).slice(0, 10)).toEqual([]);
			// Every refusal the package's code gives is JSON with a reason.
			const ours = outcomes.filter((o) => !o.owner);
			expect(ours.length).toBeGreaterThan(PER_TARGET * 2);
			const unexplained = ours.filter((o) => !o.contentType.includes('json') || !o.reason);
			expect(unexplained.map(describe).slice(0, 10)).toEqual([]);
			// Forged or missing secrets are refused as such (401), never as a body problem.
			const forged = outcomes.filter((o) => !o.req.authenticated && !o.owner);
			expect(
				forged
					.filter((o) => o.status !== 401)
					.map(describe)
					.slice(0, 10),
			).toEqual([]);

			// No execution started, nothing sent to any vendor, n8n still healthy.
			await new Promise((resolve) => setTimeout(resolve, 1000));
			// Only executions a request started: the cancellation template also runs on its 15-minute schedule.
			const requestStarted = async (workflowId: string) =>
				(await n8n.executions(workflowId)).filter((e) => e.mode !== 'trigger').length;
			for (const target of targets)
				expect({
					target: target.name,
					executions: await requestStarted(target.workflowId),
				}).toEqual({ target: target.name, executions: 0 });
			expect((await sandbox.calls()).map((c) => `${c.vendor} ${c.method} ${c.path}`)).toEqual([]);
			expect((await axios.get(`${state.n8nUrl}/healthz`)).status).toBe(200);
			expect(n8nPid()).toBe(pid);
		},
		40 * 60_000,
	);
});
