/**
 * The one request-body builder of every market search (Market Listing › Search and Search Cheap
 * Listings, Market Reference › Search, Market Facet › Get, and the trigger's New Market Listing /
 * New Cheap Listing events): the Filters collection of descriptions/marketFilters.ts, as a panel
 * or expressions set it, checked value by value and turned into a MarketSearchRequest.
 *
 * The API accepts and silently ignores filter keys it does not know [REF], so every key sent is
 * written out below, once; nothing a user types becomes a key. One spelling per dimension where
 * the contract shows two (condition/conditions, …): the singular the examples fill.
 * Pure: no n8n context, so the WatchCollect node and the trigger both call it.
 */
import type { IDataObject } from 'n8n-workflow';

import { UUID_REGEX } from './common';
import { normalisePhoneNumber } from './session';

/** Side values [UNKNOWN spelling]: `for_sale` is the contract's example; `want_to_buy` follows the aggregates' `want_to_buy_count`. */
export const MARKET_SIDES = ['for_sale', 'want_to_buy'] as const;

/** Parameter name → the label a user sees, for messages that name the field. */
export const MARKET_FILTER_LABELS: Record<string, string> = {
	viewId: 'Filters › Saved View ID',
	text: 'Filters › Text',
	side: 'Filters › Side',
	brand: 'Filters › Brand Names or IDs',
	model: 'Filters › Model',
	reference: 'Filters › Reference Names or IDs',
	yearFrom: 'Filters › Year From',
	yearTo: 'Filters › Year To',
	priceFrom: 'Filters › Price From',
	priceTo: 'Filters › Price To',
	priceCurrency: 'Filters › Price Currency',
	condition: 'Filters › Condition Names or IDs',
	dialType: 'Filters › Dial Names or IDs',
	variant: 'Filters › Variant Names or IDs',
	fullSetStatus: 'Filters › Full Set Names or IDs',
	countryCodesInclude: 'Filters › Country Codes',
	countryCodesExclude: 'Filters › Exclude Country Codes',
	phoneNumbersInclude: 'Filters › Phone Numbers',
	phoneNumbersExclude: 'Filters › Exclude Phone Numbers',
	groupIds: 'Filters › Group Names or IDs',
	displayCurrency: 'Options › Display Currency',
	sort: 'Options › Sort',
};

/** Sort items the contract shows [REF, saved-view page]: this field, this direction. */
export const MARKET_SORT_FIELDS = ['message_timestamp_ms'] as const;
export const MARKET_SORT_DIRECTIONS = ['desc'] as const;

const MAX_TEXT = 500;
const UUID = new RegExp(UUID_REGEX);
const CURRENCY = /^[A-Za-z]{3}$/;

/** What the builder is given: the Filters collection and the operation's own options. */
export interface MarketSearchInput {
	filters?: IDataObject;
	displayCurrency?: unknown;
	sort?: { field?: unknown; direction?: unknown } | null;
}

export type MarketSearchResult =
	| { ok: true; body: IDataObject }
	| { ok: false; message: string; problems: Array<{ parameter: string; message: string }> };

const isEmpty = (v: unknown) =>
	v === undefined ||
	v === null ||
	(typeof v === 'string' && v.trim() === '') ||
	(Array.isArray(v) && v.length === 0);

/** A list from a multi-select, an array an expression gave, or comma/newline separated text. */
function listOf(value: unknown): unknown[] {
	if (Array.isArray(value)) return value.filter((v) => !isEmpty(v));
	if (typeof value === 'string')
		return value
			.split(/[,\n]/)
			.map((s) => s.trim())
			.filter((s) => s !== '');
	return [value];
}

/** Digits of a currency's minor unit (EUR 2, JPY 0, BHD 3), or undefined for an invalid code. */
export function minorDigits(currency: string): number | undefined {
	try {
		return new Intl.NumberFormat('en-US', { style: 'currency', currency }).resolvedOptions()
			.maximumFractionDigits;
	} catch {
		return undefined;
	}
}

/** A price as typed: a number, or text such as "12 950", "12'950" or "12950.50" (a dot for decimals). */
function readAmount(value: unknown): number | string {
	if (typeof value === 'number') return Number.isFinite(value) ? value : 'is not a number';
	if (typeof value !== 'string') return 'must be a number, e.g. 12950';
	let compact = value.trim().replace(/[\s'_\u00a0\u202f]/g, '');
	// "12,950.50": commas between groups of three digits before a decimal dot cannot be decimals
	if (/^\d{1,3}(,\d{3})+\.\d+$/.test(compact)) compact = compact.replace(/,/g, '');
	if (/,/.test(compact))
		return `'${value}' is not a number: write it without commas, with a dot for decimals (e.g. 12950 or 12950.50)`;
	if (!/^\d+(\.\d+)?$/.test(compact)) return `'${value}' is not a number, e.g. 12950`;
	return Number(compact);
}

/**
 * The MarketSearchRequest of one item: `view_id`, `filters`, `sort`, `display_currency`, each only
 * when set (`{}` when nothing is). Paging (`page_size`, `cursor`) is added by the caller.
 */
export function buildMarketSearchBody(input: MarketSearchInput): MarketSearchResult {
	const f = input.filters ?? {};
	const problems: Array<{ parameter: string; message: string }> = [];
	const issue = (parameter: string, message: string) => problems.push({ parameter, message });
	const body: IDataObject = {};
	const filters: IDataObject = {};

	for (const key of Object.keys(f)) {
		if (!(key in MARKET_FILTER_LABELS) || key === 'displayCurrency' || key === 'sort')
			issue(key, 'is not a market filter this node knows');
	}

	const texts = (
		name: string,
		check?: (s: string) => string | undefined,
		normalise: (s: string) => string = (s) => s,
	): string[] | undefined => {
		if (isEmpty(f[name])) return undefined;
		const out: string[] = [];
		for (const raw of listOf(f[name])) {
			if (typeof raw !== 'string' && typeof raw !== 'number') {
				issue(name, `${JSON.stringify(raw)} is not text`);
				continue;
			}
			const value = normalise(String(raw).trim());
			if (value.length > MAX_TEXT) {
				issue(name, `a value is longer than ${MAX_TEXT} characters`);
				continue;
			}
			const problem = check?.(value);
			if (problem) issue(name, problem);
			else if (!out.includes(value)) out.push(value);
		}
		return out.length ? out : undefined;
	};
	const integer = (name: string, min: number, max: number): number | undefined => {
		const raw = f[name];
		if (isEmpty(raw)) return undefined;
		const n = typeof raw === 'string' && /^\s*\d+\s*$/.test(raw) ? Number(raw) : raw;
		if (typeof n !== 'number' || !Number.isInteger(n) || n < min || n > max) {
			issue(name, `${JSON.stringify(raw)} is not a year from ${min} to ${max}`);
			return undefined;
		}
		return n;
	};

	if (!isEmpty(f.viewId)) {
		const id = String(f.viewId).trim();
		if (typeof f.viewId !== 'string' || !UUID.test(id))
			issue(
				'viewId',
				`${JSON.stringify(f.viewId)} is not a saved view ID (a UUID such as 6f1c9a52-3b8e-4d7a-9c1e-2f4b5a6d7e8f)`,
			);
		else body.view_id = id;
	}
	if (!isEmpty(f.text)) {
		if (typeof f.text !== 'string' && typeof f.text !== 'number')
			issue('text', `${JSON.stringify(f.text)} is not text`);
		else if (String(f.text).trim().length > MAX_TEXT)
			issue('text', `is longer than ${MAX_TEXT} characters`);
		else filters.q = String(f.text).trim();
	}

	// "For Sale", "FOR_SALE" or "want to buy" (a sheet's cell, an agent's words) mean the values
	const side = texts(
		'side',
		(s) =>
			(MARKET_SIDES as readonly string[]).includes(s)
				? undefined
				: `'${s}' is not allowed; allowed: ${MARKET_SIDES.map((v) => `'${v}'`).join(', ')}`,
		(s) => s.toLowerCase().replace(/[\s-]+/g, '_'),
	);
	if (side) filters.side = side;
	for (const [name, key] of [
		['brand', 'brand'],
		['model', 'model'],
		['reference', 'reference'],
		['condition', 'condition'],
		['dialType', 'dial_type'],
		['variant', 'variant'],
		['fullSetStatus', 'full_set_status'],
	] as const) {
		const values = texts(name);
		if (values) filters[key] = values;
	}

	const yearFrom = integer('yearFrom', 1800, 2200);
	const yearTo = integer('yearTo', 1800, 2200);
	if (yearFrom !== undefined && yearTo !== undefined && yearFrom > yearTo)
		issue('yearTo', `${yearTo} is before Year From (${yearFrom})`);
	else if (yearFrom !== undefined || yearTo !== undefined)
		filters.year = {
			...(yearFrom !== undefined ? { gte: yearFrom } : {}),
			...(yearTo !== undefined ? { lte: yearTo } : {}),
		};

	// Price range: entered in major units, sent in minor units of its currency
	const currency = isEmpty(f.priceCurrency) ? 'EUR' : String(f.priceCurrency).trim().toUpperCase();
	const digits = CURRENCY.test(currency) ? minorDigits(currency) : undefined;
	const bound = (name: string): number | undefined => {
		if (isEmpty(f[name])) return undefined;
		const amount = readAmount(f[name]);
		if (typeof amount === 'string') return void issue(name, amount);
		if (amount < 0) return void issue(name, `${amount} is negative`);
		if (digits === undefined) return undefined; // the currency's own issue says why
		const minor = Math.round(amount * 10 ** digits);
		if (Math.abs(minor - amount * 10 ** digits) > 1e-6 * Math.max(1, minor))
			return void issue(name, `${amount} has more decimals than ${currency} has (${digits})`);
		if (!Number.isSafeInteger(minor)) return void issue(name, `${amount} is too large`);
		return minor;
	};
	const priceFrom = bound('priceFrom');
	const priceTo = bound('priceTo');
	if (
		digits === undefined &&
		(!isEmpty(f.priceFrom) || !isEmpty(f.priceTo) || !isEmpty(f.priceCurrency))
	)
		issue(
			'priceCurrency',
			`${JSON.stringify(f.priceCurrency)} is not a currency code of 3 letters such as EUR, USD or HKD`,
		);
	if (priceFrom !== undefined && priceTo !== undefined && priceFrom > priceTo)
		issue('priceTo', `is below Price From`);
	else if (priceFrom !== undefined || priceTo !== undefined)
		filters.price = {
			...(priceFrom !== undefined ? { gte: priceFrom } : {}),
			...(priceTo !== undefined ? { lte: priceTo } : {}),
			currency,
		};

	const countryCode = (s: string) =>
		/^\+?\d{1,4}$/.test(s)
			? undefined
			: `'${s}' is not a country calling code: 1 to 4 digits such as 31 or 852`;
	const stripPlus = (list?: string[]) => list?.map((s) => s.replace(/^\+/, ''));
	const countryInclude = stripPlus(texts('countryCodesInclude', countryCode));
	const countryExclude = stripPlus(texts('countryCodesExclude', countryCode));
	if (countryInclude || countryExclude)
		filters.country_codes = {
			...(countryInclude ? { include: countryInclude } : {}),
			...(countryExclude ? { exclude: countryExclude } : {}),
		};
	const phones = (name: string): string[] | undefined => {
		const list = texts(name, (s) => {
			const phone = normalisePhoneNumber(s);
			return phone.ok ? undefined : `'${s}' is not a phone number: ${phone.reason}`;
		});
		return list?.map((s) => (normalisePhoneNumber(s) as { digits: string }).digits);
	};
	const phoneInclude = phones('phoneNumbersInclude');
	const phoneExclude = phones('phoneNumbersExclude');
	if (phoneInclude || phoneExclude)
		filters.phone_numbers = {
			...(phoneInclude ? { include: phoneInclude } : {}),
			...(phoneExclude ? { exclude: phoneExclude } : {}),
		};
	const groups = texts('groupIds', (s) =>
		UUID.test(s)
			? undefined
			: `'${s}' is not a group ID (a UUID, as in a listing's source.group_ids)`,
	);
	if (groups) filters.group_ids = groups;

	if (!isEmpty(input.displayCurrency)) {
		const code = String(input.displayCurrency).trim();
		if (typeof input.displayCurrency !== 'string' || !CURRENCY.test(code))
			issue(
				'displayCurrency',
				`${JSON.stringify(input.displayCurrency)} is not a currency code of 3 letters such as USD`,
			);
		else body.display_currency = code.toUpperCase();
	}
	if (input.sort && (!isEmpty(input.sort.field) || !isEmpty(input.sort.direction))) {
		const field = isEmpty(input.sort.field) ? MARKET_SORT_FIELDS[0] : String(input.sort.field);
		const direction = isEmpty(input.sort.direction)
			? MARKET_SORT_DIRECTIONS[0]
			: String(input.sort.direction);
		if (!(MARKET_SORT_FIELDS as readonly string[]).includes(field))
			issue(
				'sort',
				`field '${field}' is not one WatchCollect documents; allowed: 'message_timestamp_ms'`,
			);
		else if (!(MARKET_SORT_DIRECTIONS as readonly string[]).includes(direction))
			issue('sort', `direction '${direction}' is not one WatchCollect documents; allowed: 'desc'`);
		else body.sort = [{ field, direction }];
	}

	if (problems.length) {
		const message = problems
			.map(
				({ parameter, message: m }) =>
					`${MARKET_FILTER_LABELS[parameter] ?? `Filters › ${parameter}`} (${parameter}): ${m}`,
			)
			.join('; ');
		return { ok: false, message, problems };
	}
	if (Object.keys(filters).length) body.filters = filters;
	return { ok: true, body };
}
