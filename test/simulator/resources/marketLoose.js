// @ts-check
'use strict';
/**
 * The loose form of market and classification answers (simulator option `answers: 'loose'`; see
 * ../README.md › Market and "Loose answers"): documented fields null, an enum value the contract
 * does not list, totals left out. ../answers.js adds the extra fields on top.
 */
const { isObject } = require('../common');

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

module.exports = { looseMarketAnswer };
