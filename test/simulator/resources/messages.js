// @ts-check
'use strict';
/**
 * The message feed: GET /v2/messages and GET /v2/messages/{canonical_message_id}/occurrences
 * [REF in WatchCollect's API reference]. The feed gains messages on demand
 * (`POST /__sim/messages`) and, when switched on, over time (`PUT /__sim/messages/auto`).
 *
 * Assumptions (the contract does not give them; see ../README.md): the order is the list
 * setting (newest collected first by default: `first_seen_at_ms`, then `id`, descending); `q` matches `message_text` (broad: every word,
 * exact: the phrase, exact_light: the phrase ignoring case, punctuation and spacing); a message
 * carries an intent and a classification status that the card does not show.
 */
const { errorReply, invalid, isObject } = require('../common');
const { readPaging, sortDescending } = require('../paging');
const { GROUPS, FAILING_GROUP_ID, INTENTS, CLASSIFICATION_STATUSES } = require('./messageData');
const { timeOf, readFilters, matches } = require('./messageFilters');
const { buildMessage, repostMessage } = require('./messageFactory');

/** @typedef {import('../common').Reply} Reply */
/** @typedef {import('./sessions').SessionRecord} SessionRecord */
/** @typedef {import('./messageData').MessageCard} MessageCard */
/** @typedef {import('./messageData').StoredMessage} StoredMessage */
/** @typedef {import('./messageData').NewMessage} NewMessage */
/** @typedef {import('./messageFilters').Filters} Filters */

/** How many groups a new message is in. @param {NewMessage} spec */
const groupCount = (spec) => spec.group_ids?.length ?? 1;

const FEED_QUERY = [
	'view_id',
	'q',
	'search_mode',
	'classification_status',
	'intent',
	'group_id',
	'cursor',
	'page_size',
];
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const OCCURRENCES = /^\/v2\/messages\/([^/]+)\/occurrences$/;
const SEEDED_MESSAGES = 30;
/** Seeded messages were first seen one every 4 minutes, the newest a minute before start. */
const SEED_SPACING_MS = 4 * 60_000;

/**
 * The messages resource: the feed's state and routes.
 * @param {{ paging: ReturnType<typeof import('../paging').createPaging>, sessions: Map<string, SessionRecord>, now?: () => number, feedEveryMs?: number, seedMessages?: number, views?: { find: (id: string) => { filters: Record<string, any> } | undefined } }} options
 */
function createMessagesResource(options) {
	const now = options.now ?? Date.now;
	const { paging, sessions } = options;
	const seedCount = options.seedMessages ?? SEEDED_MESSAGES;
	/** The sort key of a message in the list order in force. @param {StoredMessage} m */
	const feedKey = (m) => [timeOf(m.card, paging.settings.order), m.card.id];
	/** The latest time the feed has stamped (first seen or re-posted): new stamps come after it. */
	let lastStamp = 0;
	/** A time after every earlier stamp (the clock, or 1 ms after the last stamp). */
	const stamp = () => {
		lastStamp = Math.max(now(), lastStamp + 1);
		return lastStamp;
	};
	/** @type {Map<string, StoredMessage>} */
	const messages = new Map();
	const startedAt = now();
	/** @type {{ everyMs: number, last: number }} */
	const auto = { everyMs: options.feedEveryMs ?? 0, last: startedAt };
	let counter = 0;
	/** @type {{ find: (id: string) => { filters: Record<string, any> } | undefined } | undefined} */
	let views = options.views;

	/** The receiving session that "collected" a message (occurrences name one). */
	function receivingSession() {
		const all = [...sessions.values()].filter((s) => s.role === 'receiving');
		return all.find((s) => s.session_status === 'WORKING') ?? all[0];
	}

	/** @param {NewMessage} spec @returns {MessageCard} */
	function addMessage(spec = {}) {
		counter++;
		const newest = Math.max(0, ...[...messages.values()].map((m) => m.card.first_seen_at_ms));
		const firstSeen =
			spec.first_seen_at_ms ?? (spec.late_by_ms !== undefined ? newest - spec.late_by_ms : stamp());
		lastStamp = Math.max(lastStamp, firstSeen + groupCount(spec) - 1);
		const stored = buildMessage({ spec, counter, firstSeen, session: receivingSession() });
		messages.set(stored.card.id, stored);
		return stored.card;
	}

	/**
	 * Re-posts existing messages, in the order given (the last one ends up newest): as
	 * WatchCollect keeps one canonical message per offer, each gets a new occurrence (in the next
	 * seeded group it is not in yet, else again in its first group), `last_seen_at_ms` bumped to a
	 * new stamp and `occurrence_count` + 1; `first_seen_at_ms`, `message_timestamp_ms` and the id
	 * stay. A number instead of ids re-posts that many of the oldest collected messages (oldest
	 * first). Unknown ids throw.
	 * @param {string[] | number} idsOrCount @returns {MessageCard[]}
	 */
	function repost(idsOrCount) {
		const ids =
			typeof idsOrCount === 'number'
				? sortDescending([...messages.values()], (m) => [m.card.first_seen_at_ms, m.card.id])
						.slice(-idsOrCount)
						.reverse()
						.map((m) => m.card.id)
				: idsOrCount;
		const found = ids.map((id) => {
			const m = messages.get(String(id).toLowerCase());
			if (!m) throw new Error(`No message has the id ${id}.`);
			return m;
		});
		return found.map((m) => repostMessage(m, stamp()));
	}

	function seed() {
		messages.clear();
		counter = 0;
		lastStamp = 0;
		for (let i = seedCount - 1; i >= 0; i--) {
			addMessage({ first_seen_at_ms: startedAt - 60_000 - i * SEED_SPACING_MS });
		}
		auto.everyMs = options.feedEveryMs ?? 0;
		auto.last = now();
	}

	/** The feed gains one message per `everyMs` elapsed (when switched on), on each read. */
	function grow() {
		if (!(auto.everyMs > 0)) return;
		const due = Math.floor((now() - auto.last) / auto.everyMs);
		for (let i = 0; i < due; i++) addMessage();
		auto.last += due * auto.everyMs;
	}

	/** Every stored message, newest first. */
	function sorted() {
		grow();
		return sortDescending([...messages.values()], feedKey);
	}

	/** @param {URLSearchParams} params @returns {Reply} */
	function listFeed(params) {
		/** @type {Record<string, string | undefined>} */
		const q = {};
		for (const key of new Set(params.keys())) {
			if (!FEED_QUERY.includes(key)) return invalid(key, `Unknown query parameter ${key}.`);
			const values = params.getAll(key);
			if (values.length > 1) return invalid(key, `${key} may be given once.`);
			q[key] = values[0];
		}
		const read = readFilters(q);
		if (!read.ok) return read.reply;
		/** @type {Filters[]} */
		const all = [read.filters];
		if (q.view_id !== undefined) {
			if (!UUID.test(q.view_id)) return invalid('view_id', 'view_id must be a UUID.');
			const view = views?.find(q.view_id.toLowerCase());
			if (!view)
				return errorReply(
					404,
					'VIEW_NOT_FOUND',
					`No saved view has the id ${q.view_id}.`,
					'view_id',
				);
			all.push(view.filters);
		}
		const p = readPaging(q.page_size, q.cursor);
		if (!p.ok) return p.reply;
		const list = sorted().filter((m) => all.every((f) => matches(m, f)));
		const result = paging.page(list, feedKey, p);
		return { status: 200, body: { ...result, items: result.items.map((m) => m.card) } };
	}

	/** @param {string} id @param {URLSearchParams} params @returns {Reply} */
	function listOccurrences(id, params) {
		if (!UUID.test(id))
			return invalid(
				'canonical_message_id',
				'The path parameter canonical_message_id must be a UUID.',
			);
		const message = messages.get(id.toLowerCase());
		if (!message)
			return errorReply(
				404,
				'MESSAGE_NOT_FOUND',
				`No message has the id ${id}.`,
				'canonical_message_id',
			);
		const p = readPaging(params.get('page_size') ?? undefined, params.get('cursor') ?? undefined);
		if (!p.ok) return p.reply;
		const list = sortDescending(message.occurrences, (o) => [o.created_at_ms, o.id]);
		return { status: 200, body: paging.page(list, (o) => [o.created_at_ms, o.id], p) };
	}

	seed();

	return {
		messages,
		addMessage,
		/** @param {number} count @param {NewMessage} [spec] @returns {MessageCard[]} */
		addMessages(count, spec = {}) {
			return Array.from({ length: count }, () => addMessage(spec));
		},
		repost,
		/** @param {{ first_seen_at_ms: number, last_seen_at_ms?: number, message_timestamp_ms?: number }} card */
		timeOf: (card) => timeOf(card, paging.settings.order),
		sorted,
		matches,
		readFilters,
		/** @param {{ find: (id: string) => { filters: Record<string, any> } | undefined }} v */
		useViews(v) {
			views = v;
		},
		reset: seed,
		/**
		 * @param {string} method @param {URL} url @param {any} _body @param {string} _requestId
		 * @returns {Reply | undefined}
		 */
		route(method, url, _body, _requestId) {
			if (url.pathname === '/v2/messages' && method === 'GET') return listFeed(url.searchParams);
			const m = OCCURRENCES.exec(url.pathname);
			if (m && method === 'GET') return listOccurrences(m[1], url.searchParams);
			return undefined;
		},
		/**
		 * POST /__sim/messages {count?, ...NewMessage} → { added: MessageCard[] };
		 * GET /__sim/messages → every card, newest first;
		 * PUT /__sim/messages/auto {every_ms} → the feed gains a message every every_ms (0: off).
		 * @param {string} method @param {string} path @param {any} body @returns {Reply | undefined}
		 */
		control(method, path, body) {
			if (path === '/__sim/messages' && method === 'GET') {
				return { status: 200, body: sorted().map((m) => m.card) };
			}
			if (path === '/__sim/messages' && method === 'POST') {
				const spec = isObject(body) ? body : {};
				const count = spec.count ?? 1;
				if (!Number.isInteger(count) || count < 1 || count > 1000) {
					return invalid('count', 'count must be a whole number from 1 to 1000.');
				}
				const { count: _count, ...rest } = spec;
				const added = [];
				for (let i = 0; i < count; i++) added.push(addMessage(rest));
				return { status: 200, body: { added } };
			}
			if (path === '/__sim/messages/repost' && method === 'POST') {
				const ids = isObject(body) ? body.ids : undefined;
				const count = isObject(body) ? body.count : undefined;
				if (ids !== undefined && !(Array.isArray(ids) && ids.every((i) => typeof i === 'string'))) {
					return invalid('ids', 'ids must be an array of message ids.');
				}
				if (ids === undefined && !(Number.isInteger(count) && count >= 1)) {
					return invalid('count', 'Give ids (message ids) or count (a whole number ≥ 1).');
				}
				try {
					return { status: 200, body: { reposted: repost(ids ?? Math.min(count, messages.size)) } };
				} catch (error) {
					return errorReply(
						404,
						'MESSAGE_NOT_FOUND',
						String(error instanceof Error ? error.message : error),
						'ids',
					);
				}
			}
			if (path === '/__sim/messages/auto' && method === 'PUT') {
				const every = isObject(body) ? body.every_ms : undefined;
				if (typeof every !== 'number' || every < 0)
					return invalid('every_ms', 'every_ms must be a number ≥ 0 (0 switches it off).');
				grow();
				auto.everyMs = every;
				auto.last = now();
				return { status: 200, body: { every_ms: every } };
			}
			return undefined;
		},
	};
}

module.exports = {
	createMessagesResource,
	timeOf,
	GROUPS,
	FAILING_GROUP_ID,
	INTENTS,
	CLASSIFICATION_STATUSES,
};
