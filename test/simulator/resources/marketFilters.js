// @ts-check
'use strict';
/**
 * The market's filters (see ./market.js and ../README.md › Market): the documented keys and their
 * shapes (a wrong one → 422 naming it), and whether a listing matches them — AND over keys, a
 * list means "one of", names compare without case.
 */
const { invalid, isObject } = require('../common');
const { RATES, fromEur } = require('./marketCatalogue');

/** @typedef {import('../common').Reply} Reply */
/** @typedef {import('./marketListings').Listing} Listing */

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

module.exports = {
	SEARCH_FIELDS,
	UUID,
	SORT_FIELDS,
	KNOWN_FILTERS,
	FACET_KEYS,
	isStringList,
	checkFilters,
	matches,
};
