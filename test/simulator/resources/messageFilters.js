// @ts-check
'use strict';
/**
 * What the feed and the saved views filter and sort messages by: the list order's time, text
 * search (`q`: broad — every word; exact — the phrase; exact_light — the phrase ignoring case,
 * punctuation and spacing), intent, classification status, group.
 */
const { invalid } = require('../common');
const { INTENTS, CLASSIFICATION_STATUSES } = require('./messageData');

/** @typedef {import('../common').Reply} Reply */
/** @typedef {import('./messageData').StoredMessage} StoredMessage */

const SEARCH_MODES = ['broad', 'exact', 'exact_light'];
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

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

module.exports = { timeOf, readFilters, matches, SEARCH_MODES };
