import fs from 'node:fs';
import path from 'node:path';

type Node = { name: string; type: string; parameters: Record<string, unknown> };
const load = (file: string) =>
	JSON.parse(
		fs.readFileSync(path.join(__dirname, '..', '..', '..', 'workflows', file), 'utf8'),
	) as { nodes: Node[] };
const node = (file: string, name: string) => {
	const found = load(file).nodes.find((n) => n.name === name);
	if (!found) throw new Error(`${file} has no node ${name}`);
	return found;
};
/** The JavaScript inside `={{ ... }}`. */
const body = (expression: string) => /^=\{\{([\s\S]*)\}\}$/.exec(expression)?.[1] ?? '';

/**
 * The loyalty search and the index must normalise names the same way, or `zoe` would not find the
 * `zoe` the index stored for `Zoë`. Both expressions are evaluated here as n8n would.
 */
describe('Kounta customer index: search and index normalise alike', () => {
	const assignments = (
		node('kounta-loyalty-customer-index.json', 'Customer Row').parameters.assignments as {
			assignments: Array<{ name: string; value: string }>;
		}
	).assignments;
	const indexed = (customer: Record<string, unknown>) => {
		const row: Record<string, unknown> = {};
		for (const a of assignments)
			row[a.name] = new Function('$json', `return (${body(a.value)});`)(customer);
		return row;
	};
	const conditions = (
		node('kounta-loyalty-influenceio-points.json', 'Search Index').parameters.filters as {
			conditions: Array<{ keyName: string; condition: string; keyValue: string }>;
		}
	).conditions;
	const searched = (keyword: string) =>
		Object.fromEntries(
			conditions.map((c) => [
				`${c.keyName} ${c.condition}`,
				new Function('$', `return (${body(c.keyValue)});`)(() => ({
					first: () => ({ json: { keyword } }),
				})),
			]),
		);

	it('stores lower-case email and accent-free lower-case name; the search asks for the same', () => {
		const row = indexed({
			externalId: ' 2001 ',
			email: 'Zoe.Quinn@Example.com',
			firstName: 'Zoë',
			lastName: 'Ångström  Quinn',
		});
		expect(row).toEqual({
			external_id: '2001',
			email: 'zoe.quinn@example.com',
			first_name: 'Zoë',
			last_name: 'Ångström  Quinn',
			name_search: 'zoe angstrom quinn',
		});
		expect(searched(' ZOË ÅNG ')).toEqual({
			'email eq': 'zoë ång',
			'external_id eq': 'ZOË ÅNG',
			'name_search ilike': 'zoe ang',
		});
		expect(String(row.name_search)).toContain(searched('zoe')['name_search ilike']);
		expect(searched('Zoe.Quinn@Example.com')['email eq']).toBe(row.email);
	});

	it('falls back to the single name field and drops % from the keyword (a LIKE wildcard)', () => {
		expect(indexed({ externalId: '7', email: '', name: 'Renée Zellweger' })).toMatchObject({
			first_name: 'Renée',
			name_search: 'renee zellweger',
		});
		expect(searched('50%')['name_search ilike']).toBe('50');
	});

	it('the event path builds its rows with the same expressions as the resync path', () => {
		const event = (
			node('kounta-loyalty-customer-index.json', 'Member Row').parameters.assignments as {
				assignments: Array<{ name: string; value: string }>;
			}
		).assignments;
		expect(
			event.map((a) => [a.name, a.value.split('($json.customer ?? $json)').join('$json')]),
		).toEqual(assignments.map((a) => [a.name, a.value]));
	});
});
