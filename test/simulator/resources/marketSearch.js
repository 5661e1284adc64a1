// @ts-check
'use strict';
/**
 * The market's searches (see ./market.js and ../README.md › Market): reading a
 * MarketSearchRequest (a saved view's filters added, unknown filter keys and sort fields recorded),
 * the listing searches (filters with AND, sort, cursor pages) and one listing by id.
 */
const { errorReply, invalid, isObject } = require('../common');
const { readPaging, sortDescending } = require('../paging');
const { RATES } = require('./marketCatalogue');
const {
	KNOWN_FILTERS,
	SEARCH_FIELDS,
	SORT_FIELDS,
	UUID,
	checkFilters,
	isStringList,
	matches,
} = require('./marketFilters');
const { present } = require('./marketListings');

/** @typedef {import('../common').Reply} Reply */
/** @typedef {import('./marketListings').Listing} Listing */

/**
 * What the searches read from the market's state (./market.js).
 * @typedef {object} MarketContext
 * @property {() => Listing[]} all every listing, price indicators computed against the current data
 * @property {(l: Listing) => boolean} isCheap whether a listing is in the live (cheap) feed
 * @property {ReturnType<typeof import('../paging').createPaging>} paging
 * @property {Array<{ path: string, keys: string[] }>} ignoredFilterKeys unknown keys received
 * @property {{ find: (id: string) => { filters: Record<string, any> } | undefined } | undefined} views
 */

/**
 * Reads a MarketSearchRequest: 422 for a wrong shape, the view's filters added, unknown filter
 * keys recorded.
 * @param {MarketContext} ctx @param {string} path @param {any} rawBody
 * @returns {{ ok: true, filters: Record<string, any>[], size: number, after: import('../paging').Position | null, currency: string, sort: { field: string, direction: string } | null } | { ok: false, reply: Reply }}
 */
function readSearch(ctx, path, rawBody) {
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
	if (ignored.length) ctx.ignoredFilterKeys.push({ path, keys: ignored });
	/** @type {Record<string, any>[]} */
	const filters = [f];
	if (body.view_id !== undefined && body.view_id !== null) {
		if (typeof body.view_id !== 'string' || !UUID.test(body.view_id))
			return { ok: false, reply: invalid('view_id', 'view_id must be a UUID.') };
		const view = ctx.views?.find(body.view_id.toLowerCase());
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
		else if (first) ctx.ignoredFilterKeys.push({ path, keys: [`sort:${first.field}`] });
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

/**
 * @param {MarketContext} ctx @param {string} path @param {any} body @param {boolean} cheapOnly
 * @returns {Reply}
 */
function searchListings(ctx, path, body, cheapOnly) {
	const r = readSearch(ctx, path, body);
	if (!r.ok) return r.reply;
	const list = ctx
		.all()
		.filter((l) => (!cheapOnly || ctx.isCheap(l)) && r.filters.every((f) => matches(l, f)));
	const key = (/** @type {Listing} */ l) => sortKey(l, r.sort);
	const result = ctx.paging.page(sortDescending(list, key), key, r);
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

/** @param {MarketContext} ctx @param {string} id @param {URLSearchParams} params @returns {Reply} */
function getListing(ctx, id, params) {
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
	if (!UUID.test(id)) return invalid('listing_id', 'The path parameter listing_id must be a UUID.');
	const listing = ctx.all().find((l) => l.data.id === id.toLowerCase());
	if (!listing)
		return errorReply(
			404,
			'LISTING_NOT_FOUND',
			`No market listing has the id ${id}.`,
			'listing_id',
		);
	return { status: 200, body: present(listing, currency) };
}

module.exports = { readSearch, sortKey, searchListings, getListing };
