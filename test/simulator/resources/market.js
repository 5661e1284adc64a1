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
 *
 * This module keeps the state, routes and controls; the rest is split by concern (../README.md,
 * module table): ./marketCatalogue, Extract, Listings, Filters, Search, Aggregates, Loose.
 */
const { invalid, isObject } = require('../common');
const { sortDescending } = require('../paging');
const { CATALOGUE, DEALERS, HOUR, RATES, SEED } = require('./marketCatalogue');
const { fromEur, median, uuidFrom } = require('./marketCatalogue');
const { extractWatches } = require('./marketExtract');
const { deriveMessage, isCheap, present } = require('./marketListings');
const { storedMessage, withPriceIndicators } = require('./marketListings');
const { getListing, searchListings, sortKey } = require('./marketSearch');
const { facets, searchReferences } = require('./marketAggregates');
const { looseMarketAnswer } = require('./marketLoose');

/** @typedef {import('../common').Reply} Reply */
/** @typedef {import('./marketListings').Listing} Listing */

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
		const stored = storedMessage(spec, dealer, firstSeen);
		const id = stored.card.id;
		store.set(id, stored);
		flags.set(id, { is_hidden: Boolean(spec.is_hidden), is_duplicate: Boolean(spec.is_duplicate) });
		return stored.card;
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
			const f = flags.get(m.card.id) ?? { is_hidden: false, is_duplicate: false };
			derived.set(m.card.id, deriveMessage(m, f));
		}
	}

	/** Every listing, price indicators computed against the current data. @returns {Listing[]} */
	function all() {
		sync();
		return withPriceIndicators([...derived.values()].flatMap((d) => d.listings));
	}

	/** Whether a listing is in the live (cheap) feed now. @param {Listing} l */
	const isCheapNow = (l) => isCheap(l, settings.cheapThresholdPct);

	/** What the searches read. @type {import('./marketSearch').MarketContext} */
	const ctx = { all, isCheap: isCheapNow, paging, ignoredFilterKeys, views: options.views };

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
			sortDescending(all().filter(isCheapNow), (l) => sortKey(l, null)).map((l) =>
				present(l, 'EUR'),
			),
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
				return searchListings(ctx, p, body, false);
			if (method === 'POST' && p === '/v2/market/live-feed/search')
				return searchListings(ctx, p, body, true);
			if (method === 'POST' && p === '/v2/market/references/search')
				return searchReferences(ctx, body);
			if (method === 'POST' && p === '/v2/market/facets') return facets(ctx, body);
			const m = /^\/v2\/market\/listings\/([^/]+)$/.exec(p);
			if (m && method === 'GET') return getListing(ctx, decodeURIComponent(m[1]), url.searchParams);
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

module.exports = {
	looseMarketAnswer,
	createMarketResource,
	extractWatches,
	CATALOGUE,
	RATES,
	DEALERS,
	SEED,
};
