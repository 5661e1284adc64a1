// @ts-check
'use strict';
/**
 * The loose form of market and classification answers (simulator option `answers: 'loose'`; see
 * ../README.md › Market and "Loose answers"): documented fields null, an enum value the contract
 * does not list, totals left out, and fields a client need not read of another type (a Money
 * `amount_minor` as a text, a count as a text, a list as one text, a time as an ISO text).
 * The trigger's times (`created_at_ms`, `updated_at_ms`, `source.first_seen_at_ms`,
 * `source.last_seen_at_ms`), the `source.is_*` flags and every id stay as documented.
 * ../answers.js adds the extra fields on top.
 */
const { isObject, otherType: to, retyped } = require('../common');

/** The enum value the contract does not list that loose answers use (README › Market). */
const LOOSE_INTENT = 'trade';
/** @param {Record<string, any>} obj @param {string[]} fields */
const nulled = (obj, fields) => {
	const out = { ...obj };
	for (const f of fields) out[f] = null;
	return out;
};
/** A Money `{ amount_minor, currency }` with `amount_minor` as a text ("1295000"). */
const looseMoney = (/** @type {any} */ m) => retyped(m, { amount_minor: to.text });
/** @param {any} l a MarketListing */
function looseListing(l) {
	if (!isObject(l)) return l;
	return {
		...retyped(nulled(l, ['model', 'year', 'dial_type', 'variant', 'display_price']), {
			watch_index: to.text,
			full_set_status: to.joined,
			price: looseMoney,
		}),
		sender: isObject(l.sender) ? nulled(l.sender, ['lid', 'country_prefix']) : l.sender,
		source: isObject(l.source)
			? retyped(nulled(l.source, ['media_asset_id', 'media_url']), {
					occurrence_count: to.text,
					group_names: to.joined,
					has_media: to.flag,
				})
			: l.source,
		extraction_context: isObject(l.extraction_context)
			? {
					...retyped(nulled(l.extraction_context, ['global_context']), {
						confidence: to.text,
						source_lines: to.joined,
					}),
					intent: LOOSE_INTENT,
				}
			: l.extraction_context,
	};
}
/** @param {any} c a Classification */
const looseClassification = (c) =>
	isObject(c)
		? retyped(
				nulled(c, [
					'extraction_output',
					'raw_model_response',
					'model_profile_id',
					'prompt_bundle_version',
					'latency_ms',
					'input_tokens',
					'output_tokens',
					'total_tokens',
				]),
				{
					created_at_ms: to.isoTime,
					completed_at_ms: to.text,
					watches: (/** @type {any} */ w) =>
						Array.isArray(w) ? w.map((x) => retyped(x, { full_set_status: to.joined })) : w,
				},
			)
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
				retyped(
					nulled(a, ['model', 'sample_media_asset_id', 'display_avg_price', 'first_seen_at_ms']),
					{
						listing_count: to.text,
						for_sale_count: to.text,
						conditions: to.joined,
						display_min_price: looseMoney,
						last_seen_at_ms: to.isoTime,
					},
				),
			),
		};
	if (path === '/v2/market/facets') {
		/** @type {Record<string, any>} */
		const out = { ...body, price_range: null };
		// every bucket's `count` as a text ("21")
		for (const [k, v] of Object.entries(out))
			if (Array.isArray(v)) out[k] = v.map((b) => retyped(b, { count: to.text }));
		return out;
	}
	if (path === '/v2/classifications' && method === 'GET') {
		const { next_cursor, ...rest } = body;
		// the last page has no next_cursor at all (the contract allows absent, null or empty)
		return { ...rest, items: items(looseClassification), ...(next_cursor ? { next_cursor } : {}) };
	}
	if (/^\/v2\/classifications\/[^/]+\/corrections$/.test(path))
		return retyped({ ...body, resource_id: null }, { event_ids: to.joined });
	if (/^\/v2\/classifications\/[^/]+$/.test(path)) return looseClassification(body);
	return undefined;
}

module.exports = { looseMarketAnswer };
