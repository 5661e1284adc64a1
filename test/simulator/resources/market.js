// @ts-check
'use strict';
/**
 * The market: POST /v2/market/listings/search, POST /v2/market/live-feed/search,
 * POST /v2/market/references/search, POST /v2/market/facets and GET /v2/market/listings/{id}
 * (the API contract's market and classification pages). Written from the contract only.
 *
 * Every listing is extracted from a message of the simulator's feed (./messages.js): a message
 * whose classification is `completed` is read line by line, and every reference of the catalogue
 * below that appears in it becomes one listing (several per message are possible). The market
 * seeds its own messages (older than the feed's 30, from dealers in NL, HK, UK, CH, US, CN, IT,
 * several currencies), and the feed's own template messages become listings too.
 *
 * Assumptions (the contract does not give them; see ../README.md › Market):
 * - `price_indicator` compares a listing's `price_eur_minor` with the median of its comparables:
 *   the OTHER for-sale listings of the same reference that have a price and whose source message is
 *   neither hidden, duplicate nor revoked. `delta_eur_minor = price_eur_minor − median`, so a
 *   NEGATIVE delta means CHEAPER than the market; `delta_percent = delta / median × 100`, one
 *   decimal. Without comparables there is no indicator (`null`). An even count's median is the
 *   mean of the two middle values, rounded to a whole minor unit.
 * - The live (cheap) feed holds the for-sale listings whose `delta_percent` is at or below
 *   −cheapThresholdPct (default 10).
 * - Filters combine with AND; a list means "one of"; brand / model / reference / condition / dial /
 *   variant compare without case; keys the simulator does not know are ignored (as the API says it
 *   does) and written to `ignoredFilterKeys` so a test can assert the node sent none.
 * - Fixed exchange rates (EUR per unit): EUR 1, USD 0.92, GBP 1.17, CHF 1.05, HKD 0.118.
 */
const crypto = require('node:crypto');

const { errorReply, invalid, isObject } = require('../common');
const { readPaging, sortDescending } = require('../paging');
const { GROUPS } = require('./messages');

/** @typedef {import('../common').Reply} Reply */

/** EUR per unit of each currency the simulator knows (all have two decimals). */
const RATES = { EUR: 1, USD: 0.92, GBP: 1.17, CHF: 1.05, HKD: 0.118 };
/** @type {Record<string, string>} */
const CURRENCY_SIGNS = { '€': 'EUR', $: 'USD', '£': 'GBP' };

/**
 * Known references: [brand, model, default dial, default variant].
 * @type {Record<string, [string, string, string | null, string | null]>}
 */
const CATALOGUE = {
	'126610LN': ['Rolex', 'Submariner Date', 'Black', null],
	'126610LV': ['Rolex', 'Submariner Date', 'Black', 'Starbucks'],
	124060: ['Rolex', 'Submariner', 'Black', null],
	'126710BLRO': ['Rolex', 'GMT-Master II', 'Black', 'Pepsi'],
	'126710BLNR': ['Rolex', 'GMT-Master II', 'Black', 'Batman'],
	'116500LN': ['Rolex', 'Cosmograph Daytona', null, null],
	'126500LN': ['Rolex', 'Cosmograph Daytona', null, null],
	126334: ['Rolex', 'Datejust 41', null, null],
	'5711/1A': ['Patek Philippe', 'Nautilus', 'Blue', null],
	'5726/1A': ['Patek Philippe', 'Nautilus Annual Calendar', 'Blue', null],
	'5167A': ['Patek Philippe', 'Aquanaut', 'Black', null],
	'15500ST': ['Audemars Piguet', 'Royal Oak', null, null],
	'15510ST': ['Audemars Piguet', 'Royal Oak', null, null],
	'26240ST': ['Audemars Piguet', 'Royal Oak Chronograph', null, null],
	'310.30.42.50.01.001': ['Omega', 'Speedmaster Moonwatch Professional', 'Black', null],
	'210.30.42.20.03.001': ['Omega', 'Seamaster Diver 300M', 'Blue', null],
	'79030N': ['Tudor', 'Black Bay 58', 'Black', null],
};
const REFERENCE_PATTERN = new RegExp(
	`(?<![\\w./])(${Object.keys(CATALOGUE)
		.sort((a, b) => b.length - a.length)
		.map((r) => r.replace(/[./]/g, (c) => `\\${c}`))
		.join('|')})(?![\\w/])`,
	'gi',
);
const DIALS = ['black', 'white', 'blue', 'green', 'grey', 'silver', 'wimbledon', 'meteorite'];

/** Dealers of the market's seeded messages: [name, phone, country prefix]. */
const DEALERS = [
	['Jan de Vries', '31612345678', '31'],
	['Wong Ka Ho', '85291234567', '852'],
	['James Carter', '447700900123', '44'],
	['Luca Bernasconi', '41791234567', '41'],
	['Mike Johnson', '12125550123', '1'],
	['Li Wei', '8613812345678', '86'],
	['Marco Rossi', '393471234567', '39'],
];
const [NL, HK, UK, CH, US, CN, IT] = DEALERS.map((d) => d[1]);
const [G_ROLEX, G_PATEK, G_VINTAGE] = GROUPS.map((g) => g[0]);
const HOUR = 3_600_000;

/**
 * The market's seeded messages, oldest first: `hours` before start (always older than the feed's
 * seeded messages, which span two hours), sender phone, groups, text, message intent, flags.
 * @type {Array<{ hours: number, phone: string, groups: string[], text: string, intent: string, is_hidden?: boolean, is_duplicate?: boolean, is_revoked?: boolean, has_media?: boolean }>}
 */
const SEED = [
	{
		hours: 240,
		phone: HK,
		groups: [G_PATEK],
		intent: 'selling',
		has_media: true,
		text: 'WTS\n5711/1A 2021 full set HKD 1,080,000\n5167A 2022 full set HKD 420,000\n15500ST blue dial 2021 watch only HKD 330,000',
	},
	{
		hours: 220,
		phone: NL,
		groups: [G_ROLEX],
		intent: 'selling',
		text: 'WTS Rolex Submariner 126610LN 2024 full set, unworn, EUR 12.950',
	},
	{
		hours: 200,
		phone: UK,
		groups: [G_ROLEX],
		intent: 'selling',
		text: 'FS 126710BLRO Pepsi jubilee 2023 full set GBP 16,500',
	},
	{
		hours: 190,
		phone: CH,
		groups: [G_ROLEX, G_VINTAGE],
		intent: 'selling',
		text: 'WTS 116500LN white dial 2019 box and papers, like new, CHF 27,500',
	},
	{
		hours: 170,
		phone: US,
		groups: [G_ROLEX],
		intent: 'selling',
		has_media: true,
		text: 'Available today:\n126610LN 2023 watch only USD 12,800\n126710BLRO 2022 full set USD 21,900',
	},
	{
		hours: 150,
		phone: CN,
		groups: [G_ROLEX],
		intent: 'selling',
		text: 'WTS 126610LN new 2024 full set HKD 98,000',
	},
	{
		hours: 140,
		phone: NL,
		groups: [G_PATEK],
		intent: 'buying',
		text: 'WTB Patek 5711/1A, budget EUR 115.000',
	},
	{
		hours: 130,
		phone: CH,
		groups: [G_PATEK],
		intent: 'selling',
		text: 'WTS Patek Aquanaut 5167A 2020 full set CHF 41,000',
	},
	{
		hours: 120,
		phone: UK,
		groups: [G_PATEK],
		intent: 'selling',
		text: 'FS AP 15500ST black dial 2020 watch only GBP 30,500',
	},
	{
		hours: 110,
		phone: US,
		groups: [G_VINTAGE],
		intent: 'selling',
		text: 'Omega Speedmaster 310.30.42.50.01.001 2023 full set USD 6,900',
	},
	{
		hours: 100,
		phone: HK,
		groups: [G_ROLEX],
		intent: 'selling',
		has_media: true,
		text: 'WTS\n126610LN 2023 full set HKD 105,000\n116500LN black dial 2022 full set HKD 268,000',
	},
	{
		hours: 90,
		phone: IT,
		groups: [G_ROLEX, G_VINTAGE],
		intent: 'selling',
		text: 'Vendo Rolex 126610LN 2022 full set EUR 11.600',
	},
	{
		hours: 80,
		phone: UK,
		groups: [G_ROLEX],
		intent: 'buying',
		text: 'WTB 116500LN white dial, up to GBP 24,000',
	},
	{
		hours: 70,
		phone: CH,
		groups: [G_ROLEX],
		intent: 'selling',
		is_hidden: true,
		text: 'WTS 126710BLRO 2023 full set CHF 17,000',
	},
	{
		hours: 60,
		phone: NL,
		groups: [G_ROLEX],
		intent: 'selling',
		is_duplicate: true,
		text: 'WTS Rolex Submariner 126610LN 2024 full set, unworn, EUR 12.950',
	},
	{
		hours: 50,
		phone: US,
		groups: [G_PATEK],
		intent: 'selling',
		text: 'WTS 15500ST blue dial 2022 full set USD 36,500',
	},
	{
		hours: 40,
		phone: IT,
		groups: [G_VINTAGE],
		intent: 'selling',
		text: 'Vendo Omega Seamaster 210.30.42.20.03.001 2022 full set EUR 4.600\nTudor 79030N 2021 watch only EUR 2.950',
	},
	{
		hours: 30,
		phone: CH,
		groups: [G_ROLEX],
		intent: 'selling',
		is_revoked: true,
		text: 'WTS 116500LN white dial 2023 full set EUR 21.500',
	},
	{
		hours: 20,
		phone: HK,
		groups: [G_PATEK],
		intent: 'selling',
		text: 'WTS 5711/1A 2020 full set HKD 860,000',
	},
	{
		hours: 10,
		phone: NL,
		groups: [G_ROLEX],
		intent: 'selling',
		has_media: true,
		text: 'WTS 126610LN 2024 full set EUR 10.400, first come first served',
	},
];

// ---------------------------------------------------------------- extraction

/** A UUID derived from a name, so ids stay the same for the same message (seeded ones: always). */
function uuidFrom(/** @type {string} */ name) {
	const h = crypto.createHash('sha1').update(name).digest('hex');
	return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-${((parseInt(h[16], 16) & 3) | 8).toString(16)}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/**
 * A written amount in major units: "11.900" and "11,900" are eleven thousand nine hundred,
 * "1,080,000" a million and eighty thousand, "12.5k" twelve thousand five hundred.
 * @param {string} digits @param {string} [k]
 */
function readAmount(digits, k) {
	let n;
	if (/^\d{1,3}([.,]\d{3})+$/.test(digits)) n = Number(digits.replace(/[.,]/g, ''));
	else n = Number(digits.replace(',', '.'));
	return k ? n * 1000 : n;
}

const PRICE_BEFORE = /(EUR|USD|HKD|GBP|CHF|HK\$|€|\$|£)\s?(\d[\d.,]*\d|\d)(k)?\b/i;
const PRICE_AFTER = /\b(\d[\d.,]*\d|\d)(k)?\s?(EUR|USD|HKD|GBP|CHF|€)\b/i;

/** @param {string} text @returns {{ amount_minor: number, currency: string, match: string } | null} */
function readPrice(text) {
	const before = PRICE_BEFORE.exec(text);
	if (before) {
		const sign = before[1].toUpperCase();
		const currency = sign === 'HK$' ? 'HKD' : (CURRENCY_SIGNS[sign] ?? sign);
		const major = readAmount(before[2], before[3]);
		return { amount_minor: Math.round(major * 100), currency, match: before[0] };
	}
	const after = PRICE_AFTER.exec(text);
	if (after) {
		const sign = after[3].toUpperCase();
		const major = readAmount(after[1], after[2]);
		return {
			amount_minor: Math.round(major * 100),
			currency: CURRENCY_SIGNS[sign] ?? sign,
			match: after[0],
		};
	}
	return null;
}

/** @param {string} line @param {string | null} inherited */
function sideOf(line, inherited) {
	if (/^\s*(WTB|LF|looking for|wanted|buying|cerco)\b/i.test(line)) return 'want_to_buy';
	if (/^\s*(WTS|FS|for sale|selling|vendo|available)\b/i.test(line)) return 'for_sale';
	return inherited;
}

/**
 * @typedef {object} ExtractedWatch
 * @property {number} watch_index
 * @property {string} brand
 * @property {string} model
 * @property {string} reference
 * @property {number | null} year
 * @property {{ amount_minor: number, currency: string } | null} price
 * @property {string | null} dial_type
 * @property {string | null} variant
 * @property {string[]} full_set_status
 * @property {string | null} condition
 * @property {string} side
 * @property {string} raw_text
 * @property {number} line
 * @property {Record<string, string>} field_sources
 * @property {Record<string, string>} inherited_context
 */

/**
 * Reads the watches of a message text: every catalogue reference is one watch; its price, year,
 * dial, set and condition are read from the text between it and the next reference on its line.
 * A line's side comes from its own WTS/WTB prefix, else from a header line above, else from the
 * message's intent (buying → want to buy, anything else → for sale).
 * @param {string} text @param {string} intent @returns {ExtractedWatch[]}
 */
function extractWatches(text, intent) {
	/** @type {ExtractedWatch[]} */
	const watches = [];
	let side = intent === 'buying' ? 'want_to_buy' : 'for_sale';
	text.split('\n').forEach((line, lineIndex) => {
		const refs = [...line.matchAll(REFERENCE_PATTERN)];
		if (refs.length === 0) {
			side = sideOf(line, side) ?? side;
			return;
		}
		const lineSide = sideOf(line, side) ?? side;
		refs.forEach((m, i) => {
			const start = i === 0 ? 0 : /** @type {number} */ (m.index);
			const end = i + 1 < refs.length ? refs[i + 1].index : line.length;
			let segment = line.slice(start, end).replace(m[0], ' ');
			const key =
				Object.keys(CATALOGUE).find((r) => r.toLowerCase() === m[1].toLowerCase()) ?? m[1];
			const [brand, model, dial, variant] = CATALOGUE[/** @type {keyof typeof CATALOGUE} */ (key)];
			/** @type {Record<string, string>} */
			const sources = { reference: 'text', brand: 'catalogue', model: 'catalogue' };
			const price = readPrice(segment);
			if (price) {
				segment = segment.replace(price.match, ' ');
				sources.price = 'text';
			}
			const rest = segment;
			const year = /\b(19[5-9]\d|20[0-4]\d)\b/.exec(rest);
			const dialMatch = new RegExp(`\\b(${DIALS.join('|')})(\\s+dial)?\\b`, 'i').exec(rest);
			let dialType = dial;
			if (dialMatch && (dialMatch[2] || !dial)) {
				dialType = dialMatch[1][0].toUpperCase() + dialMatch[1].slice(1).toLowerCase();
				sources.dial_type = 'text';
			}
			let variantValue = variant;
			const bracelet = /\b(jubilee|oyster)\b/i.exec(rest);
			if (bracelet && !variant)
				variantValue = bracelet[1][0].toUpperCase() + bracelet[1].slice(1).toLowerCase();
			/** @type {string[]} */
			let fullSet = [];
			if (/full set|box and papers|box & papers|b&p/i.test(rest)) fullSet = ['FULL_SET'];
			else if (/watch only|naked/i.test(rest)) fullSet = ['WATCH_ONLY'];
			let condition = null;
			if (/like new|mint/i.test(rest)) condition = 'LIKE_NEW';
			else if (/\b(unworn|new|bnib)\b/i.test(rest)) condition = 'NEW';
			else if (/\b(used|worn|pre-owned)\b/i.test(rest)) condition = 'USED';
			/** @type {Record<string, string>} */
			const inherited = lineSide === sideOf(line, null) ? {} : { side: 'message' };
			watches.push({
				watch_index: watches.length,
				brand,
				model,
				reference: key,
				year: year ? Number(year[1]) : null,
				price: price ? { amount_minor: price.amount_minor, currency: price.currency } : null,
				dial_type: dialType,
				variant: variantValue,
				full_set_status: fullSet,
				condition,
				side: lineSide,
				raw_text: line.slice(start, end).trim(),
				line: lineIndex,
				field_sources: sources,
				inherited_context: inherited,
			});
		});
	});
	return watches;
}

/** @param {number} eurMinor @param {string} currency */
const fromEur = (eurMinor, currency) =>
	Math.round(eurMinor / RATES[/** @type {keyof typeof RATES} */ (currency)]);
/** @param {{ amount_minor: number, currency: string }} money */
const toEur = (money) =>
	Math.round(money.amount_minor * RATES[/** @type {keyof typeof RATES} */ (money.currency)]);

/** @param {number[]} values sorted ascending, at least one */
function median(values) {
	const mid = Math.floor(values.length / 2);
	return values.length % 2 ? values[mid] : Math.round((values[mid - 1] + values[mid]) / 2);
}

// ---------------------------------------------------------------- request reading

const SEARCH_FIELDS = [
	'view_id',
	'filters',
	'sort',
	'page_size',
	'cursor',
	'display_currency',
	'include',
];
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Sortable listing fields (the contract's example is message_timestamp_ms; the rest assumed). */
const SORT_FIELDS = [
	'message_timestamp_ms',
	'created_at_ms',
	'updated_at_ms',
	'price_eur_minor',
	'year',
];
const STRING_LISTS = [
	'side',
	'brand',
	'model',
	'reference',
	'condition',
	'conditions',
	'dial_type',
	'dial_types',
	'variant',
	'variants',
	'full_set_status',
	'full_set_options',
	'phone_numbers_include',
	'phone_numbers_exclude',
	'group_ids',
	'message_type',
];
const KNOWN_FILTERS = [
	...STRING_LISTS,
	'q',
	'text_search',
	'year',
	'years',
	'price',
	'country_codes',
	'phone_numbers',
	'message_timestamp_ms',
];
/** Which facet each filter key belongs to (a facet's counts ignore its own keys). */
const FACET_KEYS = {
	brands: ['brand'],
	conditions: ['condition', 'conditions'],
	dial_types: ['dial_type', 'dial_types'],
	variants: ['variant', 'variants'],
	full_set_status: ['full_set_status', 'full_set_options'],
	country_codes: ['country_codes'],
	groups: ['group_ids'],
	years: ['year', 'years'],
};

const isStringList = (/** @type {unknown} */ v) =>
	Array.isArray(v) && v.every((s) => typeof s === 'string');
const isIntList = (/** @type {unknown} */ v) =>
	Array.isArray(v) && v.every((n) => Number.isInteger(n));
const isInt = (/** @type {unknown} */ v) => Number.isInteger(v);

/**
 * Checks the documented filter keys' shapes; the first wrong one → 422 naming it.
 * @param {Record<string, any>} f @returns {Reply | null}
 */
function checkFilters(f) {
	for (const key of STRING_LISTS) {
		if (f[key] !== undefined && !isStringList(f[key]))
			return invalid(`filters.${key}`, `filters.${key} must be a list of strings.`);
	}
	if (f.q !== undefined && typeof f.q !== 'string')
		return invalid('filters.q', 'filters.q must be a string.');
	if (
		f.text_search !== undefined &&
		!(isObject(f.text_search) && typeof f.text_search.query === 'string')
	)
		return invalid('filters.text_search', 'filters.text_search must be { "query": string }.');
	if (f.years !== undefined && !isIntList(f.years))
		return invalid('filters.years', 'filters.years must be a list of whole numbers.');
	if (f.year !== undefined) {
		const y = f.year;
		if (
			!isObject(y) ||
			(y.values !== undefined && !isIntList(y.values)) ||
			(y.gte !== undefined && !isInt(y.gte)) ||
			(y.lte !== undefined && !isInt(y.lte))
		)
			return invalid(
				'filters.year',
				'filters.year must be { values?: integer[], gte?: integer, lte?: integer }.',
			);
	}
	if (f.price !== undefined) {
		const p = f.price;
		if (
			!isObject(p) ||
			(p.gte !== undefined && !isInt(p.gte)) ||
			(p.lte !== undefined && !isInt(p.lte))
		)
			return invalid(
				'filters.price',
				'filters.price must be { gte?: integer, lte?: integer, currency?: string } in minor units.',
			);
		if (
			p.currency !== undefined &&
			!(typeof p.currency === 'string' && p.currency.toUpperCase() in RATES)
		)
			return invalid(
				'filters.price.currency',
				`filters.price.currency must be one of ${Object.keys(RATES).join(', ')}.`,
			);
	}
	for (const key of ['country_codes', 'phone_numbers']) {
		const v = f[key];
		if (v === undefined) continue;
		if (
			!isObject(v) ||
			(v.include !== undefined && !isStringList(v.include)) ||
			(v.exclude !== undefined && !isStringList(v.exclude))
		)
			return invalid(
				`filters.${key}`,
				`filters.${key} must be { include?: string[], exclude?: string[] }.`,
			);
	}
	if (f.message_timestamp_ms !== undefined) {
		const t = f.message_timestamp_ms;
		if (
			!isObject(t) ||
			(t.gte !== undefined && !isInt(t.gte)) ||
			(t.lte !== undefined && !isInt(t.lte))
		)
			return invalid(
				'filters.message_timestamp_ms',
				'filters.message_timestamp_ms must be { gte?: integer, lte?: integer }.',
			);
	}
	return null;
}

/**
 * @typedef {object} Listing internal: the public answer plus what it is filtered on
 * @property {Record<string, any>} data the MarketListing (in EUR display; see present())
 * @property {string} side
 * @property {string | null} condition
 * @property {boolean} flagged the source is hidden, duplicate or revoked
 */

/** @param {string[] | undefined} list @param {string | null | undefined} value */
const oneOf = (list, value) =>
	list === undefined ||
	(value !== null &&
		value !== undefined &&
		list.some((v) => v.toLowerCase() === String(value).toLowerCase()));
/** @param {string[] | undefined} list @param {string[]} values */
const anyOf = (list, values) => list === undefined || values.some((value) => oneOf(list, value));

/**
 * Whether a listing matches the filters (AND over keys), leaving out the keys in `skip`.
 * @param {Listing} l @param {Record<string, any>} f @param {string[]} [skip]
 */
function matches(l, f, skip = []) {
	const d = l.data;
	/** @param {string} key */
	const has = (key) => f[key] !== undefined && !skip.includes(key);
	for (const q of [
		has('q') ? f.q : undefined,
		has('text_search') ? f.text_search.query : undefined,
	]) {
		if (q === undefined) continue;
		const hay = [d.source.message_text, d.brand, d.model, d.reference].join(' ').toLowerCase();
		if (
			!String(q)
				.toLowerCase()
				.split(/\s+/)
				.filter(Boolean)
				.every((w) => hay.includes(w))
		)
			return false;
	}
	if (has('side') && !oneOf(f.side, l.side)) return false;
	for (const [key, value] of /** @type {Array<[string, any]>} */ ([
		['brand', d.brand],
		['model', d.model],
		['reference', d.reference],
		['condition', l.condition],
		['conditions', l.condition],
		['dial_type', d.dial_type],
		['dial_types', d.dial_type],
		['variant', d.variant],
		['variants', d.variant],
	])) {
		if (has(key) && !oneOf(f[key], value)) return false;
	}
	for (const key of ['full_set_status', 'full_set_options']) {
		if (has(key) && !anyOf(f[key], d.full_set_status)) return false;
	}
	if (has('year')) {
		const y = f.year;
		if (d.year === null) return false;
		if (y.values !== undefined && y.values.length > 0 && !y.values.includes(d.year)) return false;
		if (y.gte !== undefined && d.year < y.gte) return false;
		if (y.lte !== undefined && d.year > y.lte) return false;
	}
	if (has('years') && f.years.length > 0 && !f.years.includes(d.year)) return false;
	if (has('price')) {
		const p = f.price;
		if (d.price_eur_minor === null) return false;
		const currency = (p.currency ?? 'EUR').toUpperCase();
		const amount =
			d.price?.currency === currency ? d.price.amount_minor : fromEur(d.price_eur_minor, currency);
		if (p.gte !== undefined && amount < p.gte) return false;
		if (p.lte !== undefined && amount > p.lte) return false;
	}
	if (has('country_codes')) {
		const c = f.country_codes;
		if (c.include?.length && !c.include.includes(d.sender.country_prefix)) return false;
		if (c.exclude?.includes(d.sender.country_prefix)) return false;
	}
	const phone = d.sender.phone_number;
	if (
		has('phone_numbers_include') &&
		f.phone_numbers_include.length &&
		!f.phone_numbers_include.includes(phone)
	)
		return false;
	if (has('phone_numbers_exclude') && f.phone_numbers_exclude.includes(phone)) return false;
	if (has('phone_numbers')) {
		const p = f.phone_numbers;
		if (p.include?.length && !p.include.includes(phone)) return false;
		if (p.exclude?.includes(phone)) return false;
	}
	if (has('group_ids') && !anyOf(f.group_ids, d.source.group_ids)) return false;
	if (has('message_timestamp_ms')) {
		const t = f.message_timestamp_ms;
		if (t.gte !== undefined && d.source.message_timestamp_ms < t.gte) return false;
		if (t.lte !== undefined && d.source.message_timestamp_ms > t.lte) return false;
	}
	return true;
}

/** @param {Array<{ value: string | number, count: number }>} buckets */
const bucketOrder = (buckets) =>
	buckets.sort((a, b) => b.count - a.count || (a.value < b.value ? -1 : a.value > b.value ? 1 : 0));

// ---------------------------------------------------------------- the resource

/**
 * @param {{ paging: ReturnType<typeof import('../paging').createPaging>, messages: ReturnType<typeof import('./messages').createMessagesResource>, views?: { find: (id: string) => { filters: Record<string, any> } | undefined }, now?: () => number, cheapThresholdPct?: number, sessions?: unknown }} options
 */
function createMarketResource(options) {
	const now = options.now ?? Date.now;
	const { paging, messages } = options;
	const initialThreshold = options.cheapThresholdPct ?? 10;
	const settings = { cheapThresholdPct: initialThreshold };
	/**
	 * Unknown filter keys received (ignored, as the API does): one entry per request that had any.
	 * @type {Array<{ path: string, keys: string[] }>}
	 */
	const ignoredFilterKeys = [];
	/**
	 * What the Slack-style webhook stand-in received (POST /__sim/webhooks/...), oldest first: the
	 * alert examples post here in `npm run dev` and in the e2e tests.
	 * @type {Array<{ path: string, body: any, received_at_ms: number }>}
	 */
	const webhooks = [];
	/** Market-only facts of a message (not on its card): hidden / duplicate flags. */
	/** @type {Map<string, { is_hidden: boolean, is_duplicate: boolean }>} */
	const flags = new Map();
	/** Derived per message id, cached so ids and times stay put. */
	/** @type {Map<string, { classification: Record<string, any>, listings: Listing[] }>} */
	const derived = new Map();
	let added = 0;

	/**
	 * Puts a message into the feed's store (the same card and occurrence shapes as ./messages.js)
	 * with the market's own sender and flags.
	 * @param {{ text: string, intent?: string, phone?: string, group_ids?: string[], first_seen_at_ms?: number, has_media?: boolean, is_hidden?: boolean, is_duplicate?: boolean, is_revoked?: boolean, id?: string }} spec
	 */
	function insertMessage(spec) {
		const dealer = DEALERS.find((d) => d[1] === spec.phone) ?? DEALERS[added % DEALERS.length];
		added++;
		const store = messages.messages;
		const newest = Math.max(0, ...[...store.values()].map((m) => m.card.first_seen_at_ms));
		const firstSeen = spec.first_seen_at_ms ?? Math.max(now(), newest + 1);
		const id = spec.id ?? crypto.randomUUID();
		const groupIds = (spec.group_ids ?? [G_ROLEX]).map((g) => g.toLowerCase());
		const groups = groupIds.map(
			(gid) =>
				GROUPS.find(([g]) => g === gid) ?? [
					gid,
					`Group ${gid.slice(0, 8)}`,
					`${gid.slice(0, 8)}@g.us`,
				],
		);
		const media = spec.has_media ? uuidFrom(`media:${id}`) : null;
		const timestamp = firstSeen - 2000;
		const occurrences = groups.map(([groupId, groupName, wahaGroupId], i) => ({
			id: uuidFrom(`occurrence:${id}:${i}`),
			canonical_message_id: id,
			waha_message_id: `false_${wahaGroupId}_3EB0${uuidFrom(`waha:${id}:${i}`).replace(/-/g, '').slice(0, 16).toUpperCase()}`,
			session_id: null,
			waha_session_name: null,
			session_label: null,
			group_id: groupId,
			waha_group_id: wahaGroupId,
			group_name: groupName,
			sender: { phone_number: dealer[1], display_name: dealer[0] },
			sender_raw_id: `${dealer[1]}@c.us`,
			message_timestamp_ms: timestamp,
			has_media: Boolean(media),
			media_asset_ids: media ? [media] : [],
			is_edited: false,
			is_revoked: Boolean(spec.is_revoked),
			source_event_id: uuidFrom(`event:${id}:${i}`),
			created_at_ms: firstSeen + i,
			updated_at_ms: firstSeen + i,
			message_text: spec.text,
		}));
		const card = {
			id,
			primary_occurrence_id: occurrences[0].id,
			message_timestamp_ms: timestamp,
			first_seen_at_ms: firstSeen,
			last_seen_at_ms: firstSeen + groups.length - 1,
			sender: {
				contact_id: `contact_${dealer[1]}`,
				phone_number: dealer[1],
				lid: null,
				display_name: dealer[0],
				country_prefix: dealer[2],
			},
			group_names: groups.map(([, name]) => name),
			group_ids: groups.map(([gid]) => gid),
			group_count: groups.length,
			occurrence_count: occurrences.length,
			has_media: Boolean(media),
			is_edited: false,
			is_revoked: Boolean(spec.is_revoked),
			message_text: spec.text,
			primary_media_asset_id: media,
			primary_media_url: media ? `https://media.watchcollect.test/${media}.jpg` : null,
		};
		store.set(id, {
			card,
			intent: spec.intent ?? 'selling',
			classification_status: 'completed',
			listing: {},
			occurrences,
		});
		flags.set(id, { is_hidden: Boolean(spec.is_hidden), is_duplicate: Boolean(spec.is_duplicate) });
		return card;
	}

	function seed() {
		flags.clear();
		derived.clear();
		added = 0;
		const oldest = Math.min(
			now(),
			...[...messages.messages.values()].map((m) => m.card.first_seen_at_ms),
		);
		SEED.forEach((s, i) => {
			insertMessage({
				...s,
				group_ids: s.groups,
				id: uuidFrom(`market-seed:${i}`),
				first_seen_at_ms: oldest - s.hours * HOUR,
			});
		});
	}

	/** Derives the classification and listings of every completed message not derived yet. */
	function sync() {
		const store = messages.sorted(); // also lets the feed grow when it is on a timer
		const ids = new Set(store.map((m) => m.card.id));
		for (const id of [...derived.keys()]) if (!ids.has(id)) derived.delete(id);
		for (const m of store) {
			if (m.classification_status !== 'completed' || derived.has(m.card.id)) continue;
			derive(m);
		}
	}

	/** @param {import('./messages').StoredMessage} m */
	function derive(m) {
		const card = m.card;
		const f = flags.get(card.id) ?? { is_hidden: false, is_duplicate: false };
		const watches = extractWatches(card.message_text, m.intent);
		const classificationId = uuidFrom(`classification:${card.id}`);
		const completedAt = card.first_seen_at_ms + 800;
		/** @param {ExtractedWatch} w */
		const watchOut = (w) => ({
			brand: w.brand,
			model: w.model,
			reference: w.reference,
			year: w.year === null ? null : String(w.year),
			price_amount: w.price ? w.price.amount_minor / 100 : null,
			currency_code: w.price?.currency ?? null,
			expected_price_usd: w.price ? Math.round(toEur(w.price) / RATES.USD) / 100 : null,
			full_set_status: w.full_set_status,
			variant: w.variant,
			dial_type: w.dial_type,
		});
		const out = watches.map(watchOut);
		const inputTokens = 350 + card.message_text.length;
		const outputTokens = 40 + 90 * watches.length;
		const classification = {
			id: classificationId,
			canonical_message_id: card.id,
			classification_job_id: uuidFrom(`job:${card.id}`),
			watches: out,
			legacy_output: { watches: out.map((w) => ({ ...w })) },
			normalized_output: { watches: out.map((w) => ({ ...w })) },
			completed_at_ms: completedAt,
			created_at_ms: card.first_seen_at_ms + 100,
			extraction_output: {
				candidates: watches.map((w) => ({ raw_text: w.raw_text, line: w.line })),
			},
			raw_model_response: { finish_reason: 'stop' },
			model_profile_id: 'default',
			model_id: 'sim-extractor-1',
			prompt_bundle_version: '2026-11-01',
			latency_ms: 700,
			input_tokens: inputTokens,
			output_tokens: outputTokens,
			total_tokens: inputTokens + outputTokens,
		};
		const listings = watches.map((w) => {
			const listingId = uuidFrom(`listing:${card.id}:${w.watch_index}`);
			const lines = card.message_text.split('\n');
			/** @type {Listing} */
			const listing = {
				side: w.side,
				condition: w.condition,
				flagged: f.is_hidden || f.is_duplicate || card.is_revoked,
				data: {
					id: listingId,
					classified_watch_id: uuidFrom(`watch:${card.id}:${w.watch_index}`),
					classification_id: classificationId,
					watch_index: w.watch_index,
					full_set_status: w.full_set_status,
					sender: { ...card.sender },
					source: {
						canonical_message_id: card.id,
						message_timestamp_ms: card.message_timestamp_ms,
						group_ids: [...card.group_ids],
						group_names: [...card.group_names],
						occurrence_count: card.occurrence_count,
						first_seen_at_ms: card.first_seen_at_ms,
						last_seen_at_ms: card.last_seen_at_ms,
						has_media: card.has_media,
						is_duplicate: f.is_duplicate,
						is_hidden: f.is_hidden,
						is_revoked: card.is_revoked,
						message_text: card.message_text,
						media_asset_id: card.primary_media_asset_id,
						media_url: card.primary_media_url,
					},
					created_at_ms: completedAt + w.watch_index,
					updated_at_ms: completedAt + w.watch_index,
					brand: w.brand,
					model: w.model,
					reference: w.reference,
					year: w.year,
					price: w.price,
					display_price: w.price,
					price_eur_minor: w.price ? toEur(w.price) : null,
					dial_type: w.dial_type,
					variant: w.variant,
					price_indicator: null,
					extraction_context: {
						candidate_id: `cand_${w.watch_index + 1}`,
						raw_text: w.raw_text,
						source_lines: [w.line],
						source_line_start: w.line,
						source_line_end: w.line,
						intent: w.side,
						confidence: w.price ? 0.93 : 0.81,
						field_sources: w.field_sources,
						inherited_context: w.inherited_context,
						global_context: { line_count: lines.length, watch_count: watches.length },
					},
				},
			};
			return listing;
		});
		derived.set(card.id, { classification, listings });
	}

	/** Every listing, price indicators computed against the current data. @returns {Listing[]} */
	function all() {
		sync();
		const list = [...derived.values()].flatMap((d) => d.listings);
		/** @type {Map<string, Listing[]>} */
		const byReference = new Map();
		for (const l of list) {
			if (l.side !== 'for_sale' || l.data.price_eur_minor === null || l.flagged) continue;
			const key = `${l.data.brand}|${l.data.reference}`.toUpperCase();
			byReference.set(key, [...(byReference.get(key) ?? []), l]);
		}
		for (const l of list) {
			if (l.data.price_eur_minor === null) {
				l.data.price_indicator = null;
				continue;
			}
			const key = `${l.data.brand}|${l.data.reference}`.toUpperCase();
			const others = (byReference.get(key) ?? [])
				.filter((o) => o !== l)
				.map((o) => /** @type {number} */ (o.data.price_eur_minor))
				.sort((a, b) => a - b);
			if (others.length === 0) {
				l.data.price_indicator = null;
				continue;
			}
			const med = median(others);
			const delta = l.data.price_eur_minor - med;
			l.data.price_indicator = {
				comparable_count: others.length,
				median_price_eur_minor: med,
				delta_eur_minor: delta,
				delta_percent: Math.round((delta / med) * 1000) / 10,
			};
		}
		return list;
	}

	/** Whether a listing is in the live (cheap) feed. @param {Listing} l */
	const isCheap = (l) =>
		l.side === 'for_sale' &&
		l.data.price_indicator !== null &&
		l.data.price_indicator.delta_percent <= -settings.cheapThresholdPct;

	/** The answer object of a listing in a display currency. @param {Listing} l @param {string} currency */
	function present(l, currency) {
		const d = l.data;
		/** @type {Record<string, any>} */
		const out = JSON.parse(JSON.stringify(d));
		out.display_price =
			d.price === null
				? null
				: d.price.currency === currency
					? { ...d.price }
					: { amount_minor: fromEur(d.price_eur_minor, currency), currency };
		return out;
	}

	/**
	 * Reads a MarketSearchRequest: 422 for a wrong shape, the view's filters added, unknown filter
	 * keys recorded.
	 * @param {string} path @param {any} rawBody
	 * @returns {{ ok: true, filters: Record<string, any>[], size: number, after: import('../paging').Position | null, currency: string, sort: { field: string, direction: string } | null } | { ok: false, reply: Reply }}
	 */
	function readSearch(path, rawBody) {
		const body = rawBody ?? {};
		if (!isObject(body))
			return { ok: false, reply: invalid('body', 'The request body must be a JSON object.') };
		const unknown = Object.keys(body).find((k) => !SEARCH_FIELDS.includes(k));
		if (unknown !== undefined)
			return { ok: false, reply: invalid(unknown, `Unknown field ${unknown} is not allowed.`) };
		const f = body.filters ?? {};
		if (!isObject(f)) return { ok: false, reply: invalid('filters', 'filters must be an object.') };
		const bad = checkFilters(f);
		if (bad) return { ok: false, reply: bad };
		const ignored = Object.keys(f).filter((k) => !KNOWN_FILTERS.includes(k));
		if (ignored.length) ignoredFilterKeys.push({ path, keys: ignored });
		/** @type {Record<string, any>[]} */
		const filters = [f];
		if (body.view_id !== undefined && body.view_id !== null) {
			if (typeof body.view_id !== 'string' || !UUID.test(body.view_id))
				return { ok: false, reply: invalid('view_id', 'view_id must be a UUID.') };
			const view = options.views?.find(body.view_id.toLowerCase());
			if (!view)
				return {
					ok: false,
					reply: errorReply(
						404,
						'VIEW_NOT_FOUND',
						`No saved view has the id ${body.view_id}.`,
						'view_id',
					),
				};
			filters.push(viewFilters(view.filters));
		}
		let currency = 'EUR';
		if (body.display_currency !== undefined && body.display_currency !== null) {
			if (typeof body.display_currency !== 'string' || body.display_currency.length !== 3)
				return {
					ok: false,
					reply: invalid('display_currency', 'display_currency must be exactly 3 characters.'),
				};
			currency = body.display_currency.toUpperCase();
			if (!(currency in RATES))
				return {
					ok: false,
					reply: invalid(
						'display_currency',
						`display_currency ${body.display_currency} is not supported (${Object.keys(RATES).join(', ')}).`,
					),
				};
		}
		if (
			body.include !== undefined &&
			!(
				isStringList(body.include) &&
				body.include.every((/** @type {string} */ i) => ['summary', 'facets'].includes(i))
			)
		)
			return {
				ok: false,
				reply: invalid('include', 'include must be a list of "summary", "facets".'),
			};
		let sort = null;
		if (body.sort !== undefined && body.sort !== null) {
			if (
				!Array.isArray(body.sort) ||
				!body.sort.every(
					(/** @type {any} */ s) =>
						isObject(s) &&
						typeof s.field === 'string' &&
						(s.direction === undefined || ['asc', 'desc'].includes(s.direction)),
				)
			)
				return {
					ok: false,
					reply: invalid(
						'sort',
						'sort must be a list of { field: string, direction: "asc" | "desc" }.',
					),
				};
			const first = body.sort[0];
			if (first && SORT_FIELDS.includes(first.field))
				sort = { field: first.field, direction: first.direction ?? 'desc' };
			else if (first) ignoredFilterKeys.push({ path, keys: [`sort:${first.field}`] });
		}
		const p = readPaging(body.page_size, body.cursor);
		if (!p.ok) return p;
		return { ok: true, filters, size: p.size, after: p.after, currency, sort };
	}

	/** A saved view's filters (the feed's names) as market filters. @param {Record<string, any>} vf */
	function viewFilters(vf) {
		/** @type {Record<string, any>} */
		const out = {};
		if (vf.q) out.q = vf.q;
		if (vf.intent)
			out.side = vf.intent.flatMap((/** @type {string} */ i) =>
				i === 'selling' ? ['for_sale'] : i === 'buying' ? ['want_to_buy'] : ['none'],
			);
		if (vf.group_id) out.group_ids = [vf.group_id];
		return out;
	}

	/** @param {Listing} l @param {{ field: string, direction: string } | null} sort */
	function sortKey(l, sort) {
		const d = l.data;
		const tail = [d.created_at_ms, d.id];
		if (!sort) return tail;
		const value =
			sort.field === 'message_timestamp_ms' ? d.source.message_timestamp_ms : d[sort.field];
		if (value === null || value === undefined) return [-9e15, ...tail];
		return [sort.direction === 'asc' ? -value : value, ...tail];
	}

	/** @param {string} path @param {any} body @param {boolean} cheapOnly @returns {Reply} */
	function searchListings(path, body, cheapOnly) {
		const r = readSearch(path, body);
		if (!r.ok) return r.reply;
		const list = all().filter(
			(l) => (!cheapOnly || isCheap(l)) && r.filters.every((f) => matches(l, f)),
		);
		const key = (/** @type {Listing} */ l) => sortKey(l, r.sort);
		const result = paging.page(sortDescending(list, key), key, r);
		return {
			status: 200,
			body: {
				items: result.items.map((l) => present(l, r.currency)),
				has_more: result.has_more,
				total: list.length,
				next_cursor: result.next_cursor,
			},
		};
	}

	/**
	 * Per-reference aggregates. Counts over every matching listing; prices over its for-sale
	 * listings with a price whose source is neither hidden, duplicate nor revoked (the comparables). Ordered by listing_count (descending), then brand and reference.
	 * @param {any} body @returns {Reply}
	 */
	function searchReferences(body) {
		const r = readSearch('/v2/market/references/search', body);
		if (!r.ok) return r.reply;
		const list = all().filter((l) => r.filters.every((f) => matches(l, f)));
		/** @type {Map<string, Listing[]>} */
		const groups = new Map();
		for (const l of list) {
			const k = `${l.data.brand}|${l.data.reference}`;
			groups.set(k, [...(groups.get(k) ?? []), l]);
		}
		/** @param {number | null} eur */
		const money = (eur) =>
			eur === null ? null : { amount_minor: fromEur(eur, r.currency), currency: r.currency };
		const items = [...groups.values()].map((ls) => {
			const d = ls[0].data;
			const prices = ls
				.filter((l) => l.side === 'for_sale' && l.data.price_eur_minor !== null && !l.flagged)
				.map((l) => /** @type {number} */ (l.data.price_eur_minor))
				.sort((a, b) => a - b);
			const distinct = (/** @type {Array<string | null>} */ values) =>
				[...new Set(values.filter((v) => v !== null))].sort();
			const min = prices.length ? prices[0] : null;
			const max = prices.length ? prices[prices.length - 1] : null;
			const avg = prices.length
				? Math.round(prices.reduce((a, b) => a + b, 0) / prices.length)
				: null;
			const med = prices.length ? median(prices) : null;
			const withMedia = ls.find((l) => l.data.source.media_asset_id);
			return {
				brand: d.brand,
				reference: d.reference,
				listing_count: ls.length,
				for_sale_count: ls.filter((l) => l.side === 'for_sale').length,
				want_to_buy_count: ls.filter((l) => l.side === 'want_to_buy').length,
				conditions: distinct(ls.map((l) => l.condition)),
				dial_types: distinct(ls.map((l) => l.data.dial_type)),
				variants: distinct(ls.map((l) => l.data.variant)),
				model: d.model,
				min_price_eur_minor: min,
				max_price_eur_minor: max,
				avg_price_eur_minor: avg,
				median_price_eur_minor: med,
				display_min_price: money(min),
				display_max_price: money(max),
				display_avg_price: money(avg),
				display_median_price: money(med),
				sample_media_asset_id: withMedia ? withMedia.data.source.media_asset_id : null,
				first_seen_at_ms: Math.min(...ls.map((l) => l.data.source.first_seen_at_ms)),
				last_seen_at_ms: Math.max(...ls.map((l) => l.data.source.last_seen_at_ms)),
			};
		});
		items.sort(
			(a, b) =>
				b.listing_count - a.listing_count ||
				a.brand.localeCompare(b.brand) ||
				a.reference.localeCompare(b.reference),
		);
		let start = 0;
		if (r.after !== null) {
			const after = /** @type {any} */ (r.after); // this list's own ['offset', n] cursor
			if (after[0] !== 'offset' || !Number.isInteger(after[1]))
				return invalid('cursor', 'cursor is not a cursor this API gave out.');
			start = after[1];
		}
		const size = Math.min(r.size, paging.settings.maxPageSize);
		const pageItems = items.slice(start, start + size);
		const hasMore = start + size < items.length;
		return {
			status: 200,
			body: {
				items: pageItems,
				has_more: hasMore,
				total: items.length,
				next_cursor: hasMore
					? Buffer.from(JSON.stringify(['offset', start + size])).toString('base64url')
					: null,
			},
		};
	}

	/**
	 * Cross-filtered facets: each dimension counts the listings that match every filter except
	 * its own keys. A group's value is its id; the extra `label` is its name (assumption).
	 * @param {any} body @returns {Reply}
	 */
	function facets(body) {
		const r = readSearch('/v2/market/facets', body);
		if (!r.ok) return r.reply;
		const list = all();
		/** @param {string[]} skip */
		const matching = (skip) => list.filter((l) => r.filters.every((f) => matches(l, f, skip)));
		/**
		 * @param {string} facet @param {(l: Listing) => Array<string | number | null>} values
		 * @param {(value: any) => Record<string, any>} [extra]
		 */
		const count = (facet, values, extra) => {
			/** @type {Map<string | number, number>} */
			const counts = new Map();
			for (const l of matching(FACET_KEYS[/** @type {keyof typeof FACET_KEYS} */ (facet)])) {
				for (const v of new Set(values(l))) {
					if (v === null || v === undefined) continue;
					counts.set(v, (counts.get(v) ?? 0) + 1);
				}
			}
			return bucketOrder(
				[...counts].map(([value, n]) => ({ value, count: n, ...(extra ? extra(value) : {}) })),
			);
		};
		const priced = matching(['price'])
			.map((l) => l.data)
			.filter((d) => d.price_eur_minor !== null)
			.map((d) =>
				d.price.currency === r.currency
					? d.price.amount_minor
					: fromEur(d.price_eur_minor, r.currency),
			);
		const groupName = (/** @type {string} */ id) => {
			const l = list.find((x) => x.data.source.group_ids.includes(id));
			return l ? l.data.source.group_names[l.data.source.group_ids.indexOf(id)] : id;
		};
		return {
			status: 200,
			body: {
				brands: count('brands', (l) => [l.data.brand]),
				conditions: count('conditions', (l) => [l.condition]),
				dial_types: count('dial_types', (l) => [l.data.dial_type]),
				variants: count('variants', (l) => [l.data.variant]),
				full_set_status: count('full_set_status', (l) => l.data.full_set_status),
				country_codes: count('country_codes', (l) => [l.data.sender.country_prefix]),
				groups: count(
					'groups',
					(l) => l.data.source.group_ids,
					(id) => ({ label: groupName(id) }),
				),
				years: count('years', (l) => [l.data.year]),
				price_range: {
					currency: r.currency,
					min_minor: priced.length ? Math.min(...priced) : null,
					max_minor: priced.length ? Math.max(...priced) : null,
				},
			},
		};
	}

	/** @param {string} id @param {URLSearchParams} params @returns {Reply} */
	function getListing(id, params) {
		for (const key of params.keys()) {
			if (key !== 'display_currency') return invalid(key, `Unknown query parameter ${key}.`);
		}
		let currency = 'EUR';
		const asked = params.get('display_currency');
		if (asked !== null) {
			currency = asked.toUpperCase();
			if (asked.length !== 3 || !(currency in RATES))
				return invalid(
					'display_currency',
					`display_currency must be one of ${Object.keys(RATES).join(', ')}.`,
				);
		}
		if (!UUID.test(id))
			return invalid('listing_id', 'The path parameter listing_id must be a UUID.');
		const listing = all().find((l) => l.data.id === id.toLowerCase());
		if (!listing)
			return errorReply(
				404,
				'LISTING_NOT_FOUND',
				`No market listing has the id ${id}.`,
				'listing_id',
			);
		return { status: 200, body: present(listing, currency) };
	}

	/**
	 * Adds a message with a listing priced `percent_below` % under the current median of the
	 * reference's comparables (the cheap feed shows it when that is at least the threshold).
	 * @param {{ reference?: string, percent_below?: number, currency?: string, phone?: string, group_ids?: string[], is_hidden?: boolean, is_duplicate?: boolean, is_revoked?: boolean }} spec
	 */
	function addCheapListing(spec = {}) {
		const reference = spec.reference ?? '126610LN';
		const entry = CATALOGUE[/** @type {keyof typeof CATALOGUE} */ (reference)];
		if (!entry) throw new Error(`unknown reference ${reference}`);
		const currency = (spec.currency ?? 'EUR').toUpperCase();
		if (!(currency in RATES)) throw new Error(`unknown currency ${currency}`);
		const prices = all()
			.filter(
				(l) =>
					l.side === 'for_sale' &&
					!l.flagged &&
					l.data.reference === reference &&
					l.data.price_eur_minor !== null,
			)
			.map((l) => /** @type {number} */ (l.data.price_eur_minor))
			.sort((a, b) => a - b);
		if (prices.length === 0) throw new Error(`no comparable listings of ${reference}`);
		const target = median(prices) * (1 - (spec.percent_below ?? 20) / 100);
		const major = Math.round(fromEur(target, currency) / 100);
		return addListingMessage({
			...spec,
			text: `WTS ${entry[0]} ${entry[1]} ${reference} full set 2024, ${currency} ${major}`,
			intent: 'selling',
		});
	}

	/**
	 * Adds a message to the feed and returns it with the listings extracted from it.
	 * @param {Parameters<typeof insertMessage>[0]} spec
	 */
	function addListingMessage(spec) {
		if (typeof spec?.text !== 'string' || spec.text.trim() === '')
			throw new Error('text is required');
		const card = insertMessage(spec);
		const listings = all()
			.filter((l) => l.data.source.canonical_message_id === card.id)
			.map((l) => present(l, 'EUR'));
		return { message: card, listings };
	}

	seed();

	return {
		settings,
		ignoredFilterKeys,
		webhooks,
		/** Every listing as the API shows it (EUR display), newest first. */
		listings: () => sortDescending(all(), (l) => sortKey(l, null)).map((l) => present(l, 'EUR')),
		/** The listings the cheap feed shows now. */
		cheapListings: () =>
			sortDescending(all().filter(isCheap), (l) => sortKey(l, null)).map((l) => present(l, 'EUR')),
		/** Every completed classification (derived from the feed), as stored. */
		classifications: () => {
			sync();
			return [...derived.values()].map((d) => d.classification);
		},
		addListingMessage,
		addCheapListing,
		extractWatches,
		reset() {
			settings.cheapThresholdPct = initialThreshold;
			ignoredFilterKeys.length = 0;
			webhooks.length = 0;
			seed();
		},
		/**
		 * @param {string} method @param {URL} url @param {any} body
		 * @returns {Reply | undefined}
		 */
		route(method, url, body) {
			const p = url.pathname;
			if (method === 'POST' && p === '/v2/market/listings/search')
				return searchListings(p, body, false);
			if (method === 'POST' && p === '/v2/market/live-feed/search')
				return searchListings(p, body, true);
			if (method === 'POST' && p === '/v2/market/references/search') return searchReferences(body);
			if (method === 'POST' && p === '/v2/market/facets') return facets(body);
			const m = /^\/v2\/market\/listings\/([^/]+)$/.exec(p);
			if (m && method === 'GET') return getListing(decodeURIComponent(m[1]), url.searchParams);
			return undefined;
		},
		/**
		 * GET /__sim/market → settings, rates, ignored filter keys;
		 * PUT /__sim/market {cheap_threshold_pct};
		 * GET|DELETE /__sim/market/ignored-filter-keys;
		 * GET /__sim/market/listings → every listing (EUR), newest first;
		 * POST /__sim/market/messages {text, intent?, phone?, group_ids?, has_media?, is_hidden?, is_duplicate?, is_revoked?} → { message, listings };
		 * POST /__sim/market/cheap-listing {reference?, percent_below?, currency?, phone?, group_ids?, …flags} → { message, listings }.
		 * @param {string} method @param {string} path @param {any} body @returns {Reply | undefined}
		 */
		control(method, path, body) {
			const b = isObject(body) ? body : {};
			if (method === 'POST' && path.startsWith('/__sim/webhooks/')) {
				webhooks.push({ path, body, received_at_ms: Date.now() });
				return {
					status: 200,
					body: 'ok',
					headers: { 'content-type': 'text/plain; charset=utf-8' },
				};
			}
			switch (`${method} ${path}`) {
				case 'GET /__sim/webhooks':
					return { status: 200, body: webhooks };
				case 'DELETE /__sim/webhooks':
					webhooks.length = 0;
					return { status: 204, body: null };
				case 'GET /__sim/market':
					return {
						status: 200,
						body: {
							cheap_threshold_pct: settings.cheapThresholdPct,
							rates_eur_per_unit: RATES,
							ignored_filter_keys: ignoredFilterKeys,
						},
					};
				case 'PUT /__sim/market': {
					const pct = b.cheap_threshold_pct;
					if (typeof pct !== 'number' || pct < 0 || pct > 100)
						return invalid(
							'cheap_threshold_pct',
							'cheap_threshold_pct must be a number from 0 to 100.',
						);
					settings.cheapThresholdPct = pct;
					return { status: 200, body: { cheap_threshold_pct: pct } };
				}
				case 'GET /__sim/market/ignored-filter-keys':
					return { status: 200, body: ignoredFilterKeys };
				case 'DELETE /__sim/market/ignored-filter-keys':
					ignoredFilterKeys.length = 0;
					return { status: 204, body: null };
				case 'GET /__sim/market/listings':
					return {
						status: 200,
						body: sortDescending(all(), (l) => sortKey(l, null)).map((l) => present(l, 'EUR')),
					};
				case 'POST /__sim/market/messages':
				case 'POST /__sim/market/cheap-listing':
					try {
						const result = path.endsWith('messages')
							? addListingMessage(/** @type {any} */ (b))
							: addCheapListing(/** @type {any} */ (b));
						return { status: 200, body: result };
					} catch (error) {
						return invalid('body', error instanceof Error ? error.message : String(error));
					}
				default:
					return undefined;
			}
		},
	};
}

// ---------------------------------------------------------------- loose answers

/** The enum value the contract does not list that loose answers use (README › Market). */
const LOOSE_INTENT = 'trade';
/** @param {Record<string, any>} obj @param {string[]} fields */
const nulled = (obj, fields) => {
	const out = { ...obj };
	for (const f of fields) out[f] = null;
	return out;
};
/** @param {any} l a MarketListing */
function looseListing(l) {
	if (!isObject(l)) return l;
	return {
		...nulled(l, ['model', 'year', 'dial_type', 'variant', 'display_price']),
		sender: isObject(l.sender) ? nulled(l.sender, ['lid', 'country_prefix']) : l.sender,
		source: isObject(l.source) ? nulled(l.source, ['media_asset_id', 'media_url']) : l.source,
		extraction_context: isObject(l.extraction_context)
			? { ...nulled(l.extraction_context, ['global_context']), intent: LOOSE_INTENT }
			: l.extraction_context,
	};
}
/** @param {any} c a Classification */
const looseClassification = (c) =>
	isObject(c)
		? nulled(c, [
				'extraction_output',
				'raw_model_response',
				'model_profile_id',
				'prompt_bundle_version',
				'latency_ms',
				'input_tokens',
				'output_tokens',
				'total_tokens',
			])
		: c;

/**
 * The loose form (simulator option `answers: 'loose'`) of a 2xx market or classification answer,
 * or undefined for any other path. ../answers.js adds the extra fields on top.
 * @param {string} method @param {string} path @param {any} body
 */
function looseMarketAnswer(method, path, body) {
	if (!isObject(body)) return undefined;
	/** @param {(item: any) => any} item */
	const items = (item) => (Array.isArray(body.items) ? body.items.map(item) : body.items);
	if (path === '/v2/market/listings/search' || path === '/v2/market/live-feed/search')
		return { ...body, items: items(looseListing), total: null };
	if (/^\/v2\/market\/listings\/[^/]+$/.test(path)) return looseListing(body);
	if (path === '/v2/market/references/search')
		return {
			...body,
			total: null,
			items: items((a) =>
				nulled(a, ['model', 'sample_media_asset_id', 'display_avg_price', 'first_seen_at_ms']),
			),
		};
	if (path === '/v2/market/facets') return { ...body, price_range: null };
	if (path === '/v2/classifications' && method === 'GET') {
		const { next_cursor, ...rest } = body;
		// the last page has no next_cursor at all (the contract allows absent, null or empty)
		return { ...rest, items: items(looseClassification), ...(next_cursor ? { next_cursor } : {}) };
	}
	if (/^\/v2\/classifications\/[^/]+\/corrections$/.test(path))
		return { ...body, resource_id: null };
	if (/^\/v2\/classifications\/[^/]+$/.test(path)) return looseClassification(body);
	return undefined;
}

module.exports = {
	looseMarketAnswer,
	createMarketResource,
	extractWatches,
	CATALOGUE,
	RATES,
	DEALERS,
	SEED,
};
