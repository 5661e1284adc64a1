// @ts-check
'use strict';
/**
 * Saved views: POST /v2/views/{view_id}/preview [REF]. The filters of a view are defined in
 * WatchCollect's web app; the simulator seeds a few views with fixed ids.
 *
 * Assumptions (see ../README.md): a message view's items are MessageCards (contract); the item
 * shapes of `market_listing_card` and `contact_profile_card` views are not documented, so the
 * simulator invents plain ones (each with an `id`); views are ordered like the feed (the list
 * order setting); a listing item carries its message's three times.
 */
const { errorReply, invalid, validate } = require('../common');
const { readPaging, sortDescending } = require('../paging');

/** @typedef {import('../common').Reply} Reply */
/**
 * @typedef {object} SavedView
 * @property {string} id
 * @property {string} name
 * @property {'message_card' | 'market_listing_card' | 'contact_profile_card'} projection
 * @property {Record<string, any>} filters same names and meaning as the feed's query
 */

/** @type {SavedView[]} */
const VIEWS = [
	{
		id: '9b2d7c4e-1a3f-4e5d-8c6b-7a8f9e0d1c01',
		name: 'Rolex for sale',
		projection: 'message_card',
		filters: { q: 'rolex', intent: ['selling'] },
	},
	{
		id: '9b2d7c4e-1a3f-4e5d-8c6b-7a8f9e0d1c02',
		name: 'Buyers',
		projection: 'message_card',
		filters: { intent: ['buying'] },
	},
	{
		id: '9b2d7c4e-1a3f-4e5d-8c6b-7a8f9e0d1c03',
		name: 'Market listings',
		projection: 'market_listing_card',
		filters: { intent: ['selling'] },
	},
	{
		id: '9b2d7c4e-1a3f-4e5d-8c6b-7a8f9e0d1c04',
		name: 'Dealers',
		projection: 'contact_profile_card',
		filters: {},
	},
];
const PREVIEW = /^\/v2\/views\/([^/]+)\/preview$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** @typedef {import('./messages').StoredMessage} StoredMessage */

/**
 * @param {{ paging: ReturnType<typeof import('../paging').createPaging>, messages: ReturnType<typeof import('./messages').createMessagesResource> }} options
 */
function createViewsResource(options) {
	const { paging, messages } = options;
	const views = new Map(VIEWS.map((v) => [v.id, v]));

	/** The sort key of an item carrying the message times, in the list order in force. @param {any} c */
	const timeKey = (c) => [messages.timeOf(c), c.id];

	/** @param {SavedView} view @returns {{ items: Record<string, any>[], key: (item: any) => any[] }} */
	function itemsOf(view) {
		const matched = messages.sorted().filter((m) => messages.matches(m, view.filters));
		if (view.projection === 'message_card') {
			return { items: matched.map((m) => m.card), key: timeKey };
		}
		if (view.projection === 'market_listing_card') {
			const items = matched
				.filter((m) => m.listing.brand)
				.map((m) => ({
					id: m.card.id,
					message_id: m.card.id,
					brand: m.listing.brand,
					reference: m.listing.reference,
					price: m.listing.price_minor
						? { amount_minor: m.listing.price_minor, currency: m.listing.currency }
						: null,
					price_eur_minor: m.listing.currency === 'EUR' ? (m.listing.price_minor ?? null) : null,
					seller_display_name: m.card.sender.display_name,
					group_names: m.card.group_names,
					first_seen_at_ms: m.card.first_seen_at_ms,
					last_seen_at_ms: m.card.last_seen_at_ms,
					message_timestamp_ms: m.card.message_timestamp_ms,
				}));
			return { items, key: timeKey };
		}
		/** @type {Map<string, Record<string, any>>} */
		const contacts = new Map();
		for (const m of matched) {
			const s = m.card.sender;
			const c = contacts.get(s.contact_id) ?? {
				id: s.contact_id,
				display_name: s.display_name,
				phone_number: s.phone_number,
				message_count: 0,
				last_seen_at_ms: 0,
				order_time: 0,
			};
			c.message_count++;
			c.last_seen_at_ms = Math.max(c.last_seen_at_ms, m.card.last_seen_at_ms);
			c.order_time = Math.max(c.order_time, messages.timeOf(m.card));
			contacts.set(s.contact_id, c);
		}
		// a contact sorts by the newest of its messages in the list order (order_time, not shown)
		const items = [...contacts.values()];
		const times = new Map(items.map((c) => [c.id, c.order_time]));
		for (const c of items) delete c.order_time;
		return { items, key: (c) => [times.get(c.id), c.id] };
	}

	/** @param {string} id @param {any} body @returns {Reply} */
	function preview(id, body) {
		if (!UUID.test(id)) return invalid('view_id', 'The path parameter view_id must be a UUID.');
		const view = views.get(id.toLowerCase());
		if (!view)
			return errorReply(404, 'VIEW_NOT_FOUND', `No saved view has the id ${id}.`, 'view_id');
		const bad = validate(body ?? {}, ['cursor', 'page_size'], []);
		if (bad) return bad;
		const p = readPaging(body?.page_size, body?.cursor);
		if (!p.ok) return p.reply;
		const { items, key } = itemsOf(view);
		return { status: 200, body: paging.page(sortDescending(items, key), key, p) };
	}

	const resource = {
		views,
		/** @param {string} id */
		find: (id) => views.get(id),
		reset() {},
		/**
		 * @param {string} method @param {URL} url @param {any} body
		 * @returns {Reply | undefined}
		 */
		route(method, url, body) {
			const m = PREVIEW.exec(url.pathname);
			if (m && method === 'POST') return preview(m[1], body);
			return undefined;
		},
		/** GET /__sim/views → the seeded views. @param {string} method @param {string} path */
		control(method, path) {
			if (path === '/__sim/views' && method === 'GET') return { status: 200, body: VIEWS };
			return undefined;
		},
	};
	messages.useViews(resource);
	return resource;
}

module.exports = { createViewsResource, VIEWS };
