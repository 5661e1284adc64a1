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
const crypto = require('node:crypto');

const { errorReply, invalid, isObject } = require('../common');
const { readPaging, sortDescending } = require('../paging');

/** @typedef {import('../common').Reply} Reply */
/** @typedef {import('./sessions').SessionRecord} SessionRecord */
/**
 * @typedef {object} MessageCard
 * @property {string} id
 * @property {string} primary_occurrence_id
 * @property {number} message_timestamp_ms
 * @property {number} first_seen_at_ms
 * @property {number} last_seen_at_ms
 * @property {{ contact_id: string, phone_number: string, lid: string | null, display_name: string, country_prefix: string }} sender
 * @property {string[]} group_names
 * @property {string[]} group_ids
 * @property {number} group_count
 * @property {number} occurrence_count
 * @property {boolean} has_media
 * @property {boolean} is_edited
 * @property {boolean} is_revoked
 * @property {string} message_text
 * @property {string | null} primary_media_asset_id
 * @property {string | null} primary_media_url
 */
/**
 * @typedef {object} StoredMessage
 * @property {MessageCard} card
 * @property {string} intent selling | buying | personal | unknown
 * @property {string} classification_status pending | completed | skipped | failed
 * @property {{ brand?: string, reference?: string, price_minor?: number, currency?: string }} listing
 * @property {Record<string, any>[]} occurrences
 */
/**
 * What `POST /__sim/messages` (and addMessages) accept; every field optional.
 * @typedef {object} NewMessage
 * @property {string} [text]
 * @property {string} [intent]
 * @property {string} [classification_status]
 * @property {string[]} [group_ids] internal group ids (default: one seeded group)
 * @property {number} [first_seen_at_ms] default: now (always after the newest message)
 * @property {number} [late_by_ms] first seen this long before the newest message (arrives out of order)
 * @property {number} [message_age_ms] how much older the WhatsApp timestamp is than first_seen
 * @property {boolean} [has_media]
 */

/** How many groups a new message is in. @param {NewMessage} spec */
const groupCount = (spec) => spec.group_ids?.length ?? 1;

/** Groups the seeded sessions are in: [internal id, name, WAHA group id]. Fixed ids, so example workflows can name them. */
const GROUPS = [
	['3f6c2a10-8d4e-4b7a-9f1e-0a1b2c3d4e01', 'Rolex Dealers NL', '120363025246125001@g.us'],
	['3f6c2a10-8d4e-4b7a-9f1e-0a1b2c3d4e02', 'Patek & AP Trade', '120363025246125002@g.us'],
	['3f6c2a10-8d4e-4b7a-9f1e-0a1b2c3d4e03', 'Vintage Watches EU', '120363025246125003@g.us'],
	['3f6c2a10-8d4e-4b7a-9f1e-0a1b2c3d4e04', 'Closed Group (sends fail)', '120363025246125004@g.us'],
];
/** A group every send to fails (the sending session is not a participant any more). */
const FAILING_GROUP_ID = GROUPS[3][0];

const SENDERS = [
	['Jan de Vries', '31612345678', '31'],
	['Marco Rossi', '393471234567', '39'],
	['Lena Schmidt', '4915112345678', '49'],
	['Ahmed Al Mansouri', '971501234567', '971'],
];

/** @type {Array<{ intent: string, text: string, brand?: string, reference?: string, price_minor?: number, currency?: string }>} */
const TEMPLATES = [
	{
		intent: 'selling',
		text: 'WTS Rolex Submariner 126610LN full set 2023, EUR 11.900',
		brand: 'Rolex',
		reference: '126610LN',
		price_minor: 1190000,
		currency: 'EUR',
	},
	{
		intent: 'buying',
		text: 'WTB Patek Philippe 5711/1A, cash ready',
		brand: 'Patek Philippe',
		reference: '5711/1A',
	},
	{
		intent: 'selling',
		text: 'FS Audemars Piguet Royal Oak 15500ST blue, EUR 38.500',
		brand: 'Audemars Piguet',
		reference: '15500ST',
		price_minor: 3850000,
		currency: 'EUR',
	},
	{ intent: 'personal', text: 'Good morning everyone, have a great day' },
	{
		intent: 'selling',
		text: 'Rolex Daytona 116500LN white dial, box and papers, EUR 26.000',
		brand: 'Rolex',
		reference: '116500LN',
		price_minor: 2600000,
		currency: 'EUR',
	},
	{
		intent: 'buying',
		text: 'Looking for Omega Speedmaster 310.30.42.50.01.001',
		brand: 'Omega',
		reference: '310.30.42.50.01.001',
	},
	{ intent: 'unknown', text: 'Who is at the Geneva fair next week?' },
	{
		intent: 'selling',
		text: 'Tudor Black Bay 58 79030N, like new, EUR 3.200',
		brand: 'Tudor',
		reference: '79030N',
		price_minor: 320000,
		currency: 'EUR',
	},
];
const INTENTS = ['selling', 'buying', 'personal', 'unknown'];
const CLASSIFICATION_STATUSES = ['pending', 'completed', 'skipped', 'failed'];
const SEARCH_MODES = ['broad', 'exact', 'exact_light'];
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
 * The time a list order sorts a message (or an item carrying the three times) by, newest first:
 * `collected` first_seen_at_ms, `activity` last_seen_at_ms, `whatsapp` message_timestamp_ms.
 * @param {{ first_seen_at_ms: number, last_seen_at_ms?: number, message_timestamp_ms?: number }} card
 * @param {import('../paging').ListOrder} order
 */
function timeOf(card, order) {
	if (order === 'activity') return card.last_seen_at_ms ?? card.first_seen_at_ms;
	if (order === 'whatsapp') return card.message_timestamp_ms ?? card.first_seen_at_ms;
	return card.first_seen_at_ms;
}
/** @param {string} text */
const light = (text) =>
	text
		.toLowerCase()
		.replace(/[^\p{L}\p{N}]+/gu, ' ')
		.trim();

/**
 * Whether a message matches a text search.
 * @param {string} text @param {string} q @param {string} mode
 */
function matchesSearch(text, q, mode) {
	if (mode === 'exact') return text.includes(q);
	if (mode === 'exact_light') return ` ${light(text)} `.includes(` ${light(q)} `);
	const haystack = text.toLowerCase();
	return q
		.toLowerCase()
		.split(/\s+/)
		.filter(Boolean)
		.every((word) => haystack.includes(word));
}

/**
 * The feed's filters as validated values, or the 422 for the first bad one. Also used by the
 * saved views (their stored filters have the same names).
 * @param {Record<string, string | undefined>} q
 * @returns {{ ok: true, filters: Filters } | { ok: false, reply: Reply }}
 */
function readFilters(q) {
	/** @type {Filters} */
	const filters = {};
	if (q.q !== undefined) {
		if (q.q.trim().length < 3)
			return { ok: false, reply: invalid('q', 'q must have at least 3 characters.') };
		filters.q = q.q.trim();
	}
	if (q.search_mode !== undefined) {
		if (!SEARCH_MODES.includes(q.search_mode)) {
			return {
				ok: false,
				reply: invalid('search_mode', `search_mode must be one of ${SEARCH_MODES.join(', ')}.`),
			};
		}
		filters.search_mode = q.search_mode;
	}
	for (const [field, allowed] of /** @type {const} */ ([
		['classification_status', CLASSIFICATION_STATUSES],
		['intent', INTENTS],
	])) {
		const raw = q[field];
		if (raw === undefined) continue;
		const list = raw.split(',').map((s) => s.trim());
		const bad = list.find((v) => !allowed.includes(v));
		if (bad !== undefined) {
			return {
				ok: false,
				reply: invalid(
					field,
					`${field} "${bad}" is not one of ${allowed.join(', ')} (comma-separated).`,
				),
			};
		}
		filters[field] = list;
	}
	if (q.group_id !== undefined) {
		if (!UUID.test(q.group_id))
			return { ok: false, reply: invalid('group_id', 'group_id must be a UUID.') };
		filters.group_id = q.group_id.toLowerCase();
	}
	return { ok: true, filters };
}

/**
 * @typedef {object} Filters
 * @property {string} [q]
 * @property {string} [search_mode]
 * @property {string[]} [classification_status]
 * @property {string[]} [intent]
 * @property {string} [group_id]
 */

/** @param {StoredMessage} m @param {Filters} f */
function matches(m, f) {
	if (f.q !== undefined && !matchesSearch(m.card.message_text, f.q, f.search_mode ?? 'broad'))
		return false;
	if (f.classification_status && !f.classification_status.includes(m.classification_status))
		return false;
	if (f.intent && !f.intent.includes(m.intent)) return false;
	if (f.group_id && !m.card.group_ids.includes(f.group_id)) return false;
	return true;
}

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
		const template = TEMPLATES[counter % TEMPLATES.length];
		const sender = SENDERS[counter % SENDERS.length];
		counter++;
		const newest = Math.max(0, ...[...messages.values()].map((m) => m.card.first_seen_at_ms));
		const firstSeen =
			spec.first_seen_at_ms ?? (spec.late_by_ms !== undefined ? newest - spec.late_by_ms : stamp());
		lastStamp = Math.max(lastStamp, firstSeen + groupCount(spec) - 1);
		const timestamp = firstSeen - (spec.message_age_ms ?? 2000);
		const groupIds = (spec.group_ids ?? [GROUPS[counter % 3][0]]).map((g) => g.toLowerCase());
		const groups = groupIds.map(
			(id) =>
				GROUPS.find(([gid]) => gid === id) ?? [
					id,
					`Group ${id.slice(0, 8)}`,
					`${id.slice(0, 8)}@g.us`,
				],
		);
		const session = receivingSession();
		const id = crypto.randomUUID();
		const hasMedia = spec.has_media ?? counter % 5 === 0;
		const mediaAsset = hasMedia ? crypto.randomUUID() : null;
		const occurrences = groups.map(([groupId, groupName, wahaGroupId], i) => ({
			id: crypto.randomUUID(),
			canonical_message_id: id,
			waha_message_id: `false_${wahaGroupId}_3EB0${crypto.randomBytes(8).toString('hex').toUpperCase()}`,
			session_id: session?.session_id ?? null,
			waha_session_name: session?.waha_session_name ?? null,
			session_label: session?.label ?? null,
			group_id: groupId,
			waha_group_id: wahaGroupId,
			group_name: groupName,
			sender: { phone_number: sender[1], display_name: sender[0] },
			sender_raw_id: `${sender[1]}@c.us`,
			message_timestamp_ms: timestamp,
			has_media: hasMedia,
			media_asset_ids: mediaAsset ? [mediaAsset] : [],
			is_edited: false,
			is_revoked: false,
			source_event_id: crypto.randomUUID(),
			created_at_ms: firstSeen + i,
			updated_at_ms: firstSeen + i,
			message_text: spec.text ?? template.text,
		}));
		/** @type {MessageCard} */
		const card = {
			id,
			primary_occurrence_id: occurrences[0].id,
			message_timestamp_ms: timestamp,
			first_seen_at_ms: firstSeen,
			last_seen_at_ms: firstSeen + groups.length - 1,
			sender: {
				contact_id: `contact_${sender[1]}`,
				phone_number: sender[1],
				lid: null,
				display_name: sender[0],
				country_prefix: sender[2],
			},
			group_names: groups.map(([, name]) => name),
			group_ids: groups.map(([gid]) => gid),
			group_count: groups.length,
			occurrence_count: occurrences.length,
			has_media: hasMedia,
			is_edited: false,
			is_revoked: false,
			message_text: spec.text ?? template.text,
			primary_media_asset_id: mediaAsset,
			primary_media_url: mediaAsset ? `https://media.watchcollect.test/${mediaAsset}.jpg` : null,
		};
		const intent = spec.intent ?? (spec.text !== undefined ? 'unknown' : template.intent);
		messages.set(id, {
			card,
			intent,
			classification_status:
				spec.classification_status ?? (counter % 7 === 0 ? 'pending' : 'completed'),
			listing:
				spec.text === undefined
					? {
							brand: template.brand,
							reference: template.reference,
							price_minor: template.price_minor,
							currency: template.currency,
						}
					: {},
			occurrences,
		});
		return card;
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
		return found.map((m) => {
			const at = stamp();
			const { card } = m;
			const nextGroup = GROUPS.slice(0, 3).find(([gid]) => !card.group_ids.includes(gid));
			const [groupId, groupName, wahaGroupId] = nextGroup ?? [
				card.group_ids[0],
				card.group_names[0],
				m.occurrences[0].waha_group_id,
			];
			if (nextGroup) {
				card.group_ids.push(groupId);
				card.group_names.push(groupName);
				card.group_count = card.group_ids.length;
			}
			m.occurrences.push({
				...m.occurrences[0],
				id: crypto.randomUUID(),
				waha_message_id: `false_${wahaGroupId}_3EB0${crypto.randomBytes(8).toString('hex').toUpperCase()}`,
				group_id: groupId,
				waha_group_id: wahaGroupId,
				group_name: groupName,
				source_event_id: crypto.randomUUID(),
				created_at_ms: at,
				updated_at_ms: at,
			});
			card.occurrence_count = m.occurrences.length;
			card.last_seen_at_ms = at;
			return card;
		});
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
