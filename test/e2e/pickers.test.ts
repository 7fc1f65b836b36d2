import axios, { type AxiosInstance } from 'axios';

import { OWNER } from '../../scripts/lib/n8n-instance';
import { e2e } from './state';
import { PKG } from './workflows';

/**
 * The searchable pickers as the editor uses them: n8n's own `POST /rest/dynamic-node-parameters/
 * resource-locator-results` runs each node's `listSearch` method with the bound credential against
 * the sandbox, and what it lists is what the sandbox holds.
 */
const { state, sandbox } = e2e();

let rest: AxiosInstance;
beforeAll(async () => {
	const login = await axios.post(`${state.n8nUrl}/rest/login`, {
		emailOrLdapLoginId: OWNER.email,
		password: OWNER.password,
	});
	const cookie = (login.headers['set-cookie'] ?? []).map((c) => c.split(';')[0]).join('; ');
	rest = axios.create({ baseURL: `${state.n8nUrl}/rest`, headers: { cookie } });
});

interface Results {
	results: Array<{ name: string; value: string | number }>;
	paginationToken?: string;
}

async function pick(
	node: string,
	methodName: string,
	parameter: string,
	parameters: Record<string, unknown>,
	credentialType: string,
	filter?: string,
	paginationToken?: string,
): Promise<Results> {
	const { data } = await rest.post('/dynamic-node-parameters/resource-locator-results', {
		nodeTypeAndVersion: { name: `${PKG}.${node}`, version: 1 },
		path: `parameters.${parameter}`,
		methodName,
		currentNodeParameters: parameters,
		credentials: { [credentialType]: state.credentials[credentialType] },
		...(filter === undefined ? {} : { filter }),
		...(paginationToken === undefined ? {} : { paginationToken }),
	});
	return (data as { data: Results }).data;
}

const values = (results: Results) => results.results.map((r) => String(r.value));

describe('pickers inside n8n, against the sandbox', () => {
	it('Kotis: every full SKU of the inventory, one per size; the filter narrows to a base SKU', async () => {
		const inventory = await sandbox.kotis.getInventory();
		expect(inventory.length).toBeGreaterThan(1);
		const params = { resource: 'stock', operation: 'check', skuInput: 'sku' };
		const all = await pick('kotis', 'searchSkus', 'sku', params, 'kotisApi');
		expect(values(all)).toEqual(inventory.slice(0, 50).map((row) => row.sku));
		const base = inventory[0].sku.replace(/-[^-]+$/, '');
		const narrowed = await pick('kotis', 'searchSkus', 'sku', params, 'kotisApi', base);
		expect(values(narrowed)).toEqual(
			inventory.filter((row) => row.sku.includes(base)).map((row) => row.sku),
		);
	});

	it('Influitive: members by email and rewards by name', async () => {
		const [member] = await sandbox.influitive.members();
		const members = await pick(
			'influitive',
			'searchMembers',
			'memberId',
			{ resource: 'member', operation: 'get' },
			'influitiveApi',
			member.email,
		);
		expect(values(members)).toEqual([String(member.id)]);
		const [reward] = await sandbox.influitive.rewards();
		const rewards = await pick(
			'influitive',
			'searchRewards',
			'rewardId',
			{ resource: 'reward', operation: 'publish' },
			'influitiveApi',
			reward.name,
		);
		expect(values(rewards)).toContain(reward.uuid);
	});

	it('Influence.io: customers by email, the value being your own ID', async () => {
		const { customers } = await sandbox.influenceio.customers({ limit: 1 });
		const found = await pick(
			'influenceIo',
			'searchCustomers',
			'customerId',
			{ resource: 'customer', operation: 'get' },
			'influenceIoApi',
			customers[0].email,
		);
		expect(values(found)).toEqual([customers[0].externalId]);
	});

	it('Kounta: products for Order → Update → Add Line, named with their code, found by name or barcode', async () => {
		const { products } = await sandbox.kounta.state();
		expect(products.length).toBeGreaterThan(1);
		const params = {
			authentication: 'basic',
			resource: 'order',
			operation: 'update',
			change: 'addLine',
			companyId: '',
		};
		const all = await pick('kounta', 'searchProducts', 'productId', params, 'kountaApi');
		expect(all.results).toEqual(
			products.slice(0, 50).map((p) => ({ name: `${p.name} (${p.code})`, value: String(p.id) })),
		);
		const last = products[products.length - 1];
		expect(
			values(
				await pick(
					'kounta',
					'searchProducts',
					'productId',
					params,
					'kountaApi',
					last.name.toUpperCase(),
				),
			),
		).toEqual([String(last.id)]);
		expect(
			values(
				await pick('kounta', 'searchProducts', 'productId', params, 'kountaApi', last.barcode),
			),
		).toEqual([String(last.id)]);
	});

	it('Kounta (Basic and OAuth2): sites and customers of the company', async () => {
		const kounta = await sandbox.kounta.state();
		expect(kounta.sites.length).toBeGreaterThan(0);
		expect(kounta.customers.length).toBeGreaterThan(0);
		for (const [authentication, credentialType] of [
			['basic', 'kountaApi'],
			['oAuth2', 'kountaOAuth2Api'],
		]) {
			const sites = await pick(
				'kounta',
				'searchSites',
				'siteId',
				{ authentication, resource: 'product', operation: 'getAll', companyId: '' },
				credentialType,
			);
			expect(values(sites)).toEqual(kounta.sites.slice(0, 50).map((site) => String(site.id)));
			const customer = kounta.customers[0];
			const customers = await pick(
				'kounta',
				'searchCustomers',
				'customerId',
				{ authentication, resource: 'customer', operation: 'get', companyId: '' },
				credentialType,
				customer.primary_email_address,
			);
			expect(values(customers)).toEqual(
				kounta.customers
					.filter((c) =>
						c.primary_email_address
							.toLowerCase()
							.includes(customer.primary_email_address.toLowerCase()),
					)
					.map((c) => String(c.id)),
			);
		}
	});
});
