// @ts-check
'use strict';
/**
 * The market's aggregates (see ./market.js and ../README.md › Market): per-reference aggregates
 * (POST /v2/market/references/search) and cross-filtered facets (POST /v2/market/facets).
 */
const { invalid } = require('../common');
const { fromEur, median } = require('./marketCatalogue');
const { FACET_KEYS, matches } = require('./marketFilters');
const { readSearch } = require('./marketSearch');

/** @typedef {import('../common').Reply} Reply */
/** @typedef {import('./marketListings').Listing} Listing */
/** @typedef {import('./marketSearch').MarketContext} MarketContext */

/** @param {Array<{ value: string | number, count: number }>} buckets */
const bucketOrder = (buckets) =>
	buckets.sort((a, b) => b.count - a.count || (a.value < b.value ? -1 : a.value > b.value ? 1 : 0));

/**
 * Per-reference aggregates. Counts over every matching listing; prices over its for-sale
 * listings with a price whose source is neither hidden, duplicate nor revoked (the comparables). Ordered by listing_count (descending), then brand and reference.
 * @param {MarketContext} ctx @param {any} body @returns {Reply}
 */
function searchReferences(ctx, body) {
	const r = readSearch(ctx, '/v2/market/references/search', body);
	if (!r.ok) return r.reply;
	const list = ctx.all().filter((l) => r.filters.every((f) => matches(l, f)));
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
	const size = Math.min(r.size, ctx.paging.settings.maxPageSize);
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
 * @param {MarketContext} ctx @param {any} body @returns {Reply}
 */
function facets(ctx, body) {
	const r = readSearch(ctx, '/v2/market/facets', body);
	if (!r.ok) return r.reply;
	const list = ctx.all();
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

module.exports = { searchReferences, facets };
