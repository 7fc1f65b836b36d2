import type { InventoryRow } from '../schemas';

/** Common spellings advocates pick versus the size codes Kotis puts in SKUs. Used only for hints. */
const SIZE_SYNONYMS: Record<string, string> = {
	'extra small': 'XS',
	'x-small': 'XS',
	xsmall: 'XS',
	small: 'S',
	medium: 'M',
	med: 'M',
	large: 'L',
	'extra large': 'XL',
	'x-large': 'XL',
	xlarge: 'XL',
	'2x-large': '2XL',
	xxl: '2XL',
	'xx-large': '2XL',
	'3x-large': '3XL',
	xxxl: '3XL',
	'one size': 'OSFA',
	'one size fits all': 'OSFA',
};

export function joinSku(baseSku: string, size: string, separator: string): string {
	return size ? `${baseSku}${separator}${size}` : baseSku;
}

type StockStatus = 'in_stock' | 'insufficient_stock' | 'unknown_sku' | 'invalid_size';

export interface StockCheckResult {
	sku: string;
	status: StockStatus;
	in_stock: boolean;
	requested_quantity: number;
	available_quantity: number;
	physical_quantity: number;
	valid_sizes: string[];
	suggested_sku?: string;
	message: string;
}

/** Index of the inventory by exact SKU, built once per execution however many items come in. */
export class InventoryIndex {
	private readonly bySku = new Map<string, InventoryRow>();

	constructor(readonly rows: InventoryRow[]) {
		for (const row of rows) this.bySku.set(row.sku, row);
	}

	get(sku: string): InventoryRow | undefined {
		return this.bySku.get(sku);
	}

	/** Sizes sold under a base SKU: the suffixes of `<base><separator><size>` rows. */
	sizesOf(baseSku: string, separator: string): string[] {
		const prefix = `${baseSku}${separator}`;
		return this.rows
			.filter(
				(row) => row.sku.startsWith(prefix) && !row.sku.slice(prefix.length).includes(separator),
			)
			.map((row) => row.sku.slice(prefix.length));
	}

	check(sku: string, quantity: number, separator: string): StockCheckResult {
		const row = this.get(sku);
		if (row) {
			const enough = row.available_quantity >= quantity;
			return {
				sku,
				status: enough ? 'in_stock' : 'insufficient_stock',
				in_stock: enough,
				requested_quantity: quantity,
				available_quantity: row.available_quantity,
				physical_quantity: row.physical_quantity,
				valid_sizes: [],
				message: enough
					? `${sku} is in stock (${row.available_quantity} available)`
					: `${sku} is out of stock (${row.available_quantity} available, ${quantity} requested)`,
			};
		}

		// Not an exact match: was the size wrong (e.g. "Small" where Kotis sells "S")?
		const cut = sku.lastIndexOf(separator);
		const base = cut > 0 ? sku.slice(0, cut) : '';
		const size = cut > 0 ? sku.slice(cut + separator.length) : '';
		const sizes = base ? this.sizesOf(base, separator) : [];
		const empty = {
			in_stock: false,
			requested_quantity: quantity,
			available_quantity: 0,
			physical_quantity: 0,
		};
		if (sizes.length > 0) {
			const suggestion = suggestSize(size, sizes);
			return {
				sku,
				status: 'invalid_size',
				...empty,
				valid_sizes: sizes,
				...(suggestion ? { suggested_sku: joinSku(base, suggestion, separator) } : {}),
				message:
					`Size "${size}" is not a Kotis size for ${base}. Valid sizes: ${sizes.join(', ')}` +
					(suggestion ? ` (did you mean "${suggestion}"?)` : '') +
					'. Kotis matches sizes exactly, e.g. "S", not "Small".',
			};
		}
		return {
			sku,
			status: 'unknown_sku',
			...empty,
			valid_sizes: [],
			message: `SKU ${sku} does not exist in this Kotis program's inventory`,
		};
	}
}

function suggestSize(size: string, validSizes: string[]): string | undefined {
	const wanted = size.trim().toLowerCase();
	const exactIgnoringCase = validSizes.find((s) => s.toLowerCase() === wanted);
	if (exactIgnoringCase) return exactIgnoringCase;
	const synonym = SIZE_SYNONYMS[wanted];
	return synonym && validSizes.includes(synonym) ? synonym : undefined;
}
