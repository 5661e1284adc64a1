// @ts-check
'use strict';
/**
 * The answer style: `examples` (the default) answers like the contract's examples; `loose`
 * answers the way many JSON frameworks do by default and the contract still allows: documented
 * optional fields written as `null`, extra fields everywhere, enum values the contract does not
 * list where a client has no need to branch, another envelope and `id` for the session list (in
 * cursor pages of one item), `{ value }` for the QR, 204 without a body for start and sync, and
 * fields a client need not read of another type than the contract shows (a count as a text, a
 * flag as 0/1, a list as one text, a time as an ISO text, a name as an object: OTHER_TYPES).
 * Only 2xx JSON answers of the /v2 routes change; errors and faults stay as they are. Every
 * choice is listed in ./README.md ("Loose answers"); change both together.
 */
const { invalid, isObject, otherType: to, retyped } = require('./common');
const { looseMarketAnswer } = require('./resources/market');

/** @typedef {import('./common').Reply} Reply */
/** @typedef {'examples' | 'loose'} AnswerStyle */

const ANSWER_STYLES = /** @type {const} */ (['examples', 'loose']);

/** Extra fields: every object of a loose answer gets the first, its envelope also the second. */
const EXTRA_FIELD = 'x_unknown_field';
const EXTRA_ENVELOPE_FIELD = 'x_unknown_object';
const EXTRA_VALUE = 'not in the contract (simulator, loose answers)';

/** The enum values the contract does not list, per field (README.md, "Loose answers"). */
const ODD = {
	engine: 'GOWS_NEXT',
	auth_method: 'passkey',
	intent: 'swap',
	classification_status: 'reprocessing',
	send_status_in_answer: 'enqueued',
	source_type: 'api_v2',
	schedule_status: 'waiting',
};

/**
 * Fields of another type than the contract shows, per answer (README "Loose answers" › Other
 * types): only fields a client need not read to page, branch, order or draw. Ids, statuses,
 * `next_cursor`, the QR value, the pairing code and the server times the trigger orders on
 * (`first_seen_at_ms`, `last_seen_at_ms`, `created_at_ms`, `updated_at_ms`, a send's times) stay.
 */
const OTHER_TYPES = {
	createSession: {
		created: to.flag,
		started: to.flag,
		webhook_configured: to.flag,
		sync_requested: to.flag,
	},
	requestCode: { phone_number: to.number },
	card: {
		occurrence_count: to.text,
		group_count: to.text,
		group_names: to.joined,
		has_media: to.flag,
		is_edited: to.text,
	},
	occurrence: {
		has_media: to.flag,
		media_asset_ids: to.joined,
		is_edited: to.text,
	},
	listingViewItem: { group_names: to.joined },
	contactViewItem: { message_count: to.text },
	send: {
		text_length: to.text,
		media_count: to.text,
		recipient_count: to.text,
		media_urls: to.joined,
	},
	sendAnswerResult: { ok: to.text },
	schedule: {
		interval_ms: to.text,
		max_occurrences: to.text,
		run_count: to.text,
		failed_run_count: to.text,
		group_ids: to.joined,
		next_run_at_ms: to.isoTime,
	},
};

/** An occurrence's group as an expanded object `{ id, name }` where the contract has a name. */
const looseOccurrence = (/** @type {Record<string, any>} */ o) => ({
	...retyped(nullify({ ...o }, ['session_label', 'waha_session_name']), OTHER_TYPES.occurrence),
	...(typeof o.group_name === 'string'
		? { group_name: { id: o.group_id ?? null, name: o.group_name } }
		: {}),
});

const SESSION_QR = /^\/v2\/sessions\/[^/]+\/auth\/qr$/;
const SESSION_CODE = /^\/v2\/sessions\/[^/]+\/auth\/request-code$/;
const SESSION_START_SYNC = /^\/v2\/sessions\/[^/]+\/(start|sync)$/;
const OCCURRENCES = /^\/v2\/messages\/[^/]+\/occurrences$/;
const PREVIEW = /^\/v2\/views\/[^/]+\/preview$/;
const SEND = /^\/v2\/outbound\/sends\/[^/]+$/;
const SCHEDULE = /^\/v2\/outbound\/schedules\/[^/]+$/;

/** @param {unknown} style @returns {AnswerStyle} */
function readAnswerStyle(style) {
	if (
		typeof style === 'string' &&
		/** @type {readonly string[]} */ (ANSWER_STYLES).includes(style)
	) {
		return /** @type {AnswerStyle} */ (style);
	}
	throw new Error(
		`The answer style must be one of ${ANSWER_STYLES.join(', ')} (got ${JSON.stringify(style)}).`,
	);
}

/**
 * Adds EXTRA_FIELD to every object in a value (deep), and EXTRA_ENVELOPE_FIELD to the top one.
 * @param {any} value @param {boolean} [top]
 * @returns {any}
 */
function withExtras(value, top = true) {
	if (Array.isArray(value)) return value.map((v) => withExtras(v, false));
	if (!isObject(value)) return value;
	/** @type {Record<string, any>} */
	const out = {};
	for (const [k, v] of Object.entries(value)) out[k] = withExtras(v, false);
	out[EXTRA_FIELD] = EXTRA_VALUE;
	if (top) out[EXTRA_ENVELOPE_FIELD] = { note: EXTRA_VALUE, since: '2026-12-01' };
	return out;
}

/**
 * Sets the fields to null (present or not).
 * @param {Record<string, any>} obj @param {string[]} fields
 */
function nullify(obj, fields) {
	for (const f of fields) obj[f] = null;
	return obj;
}
/**
 * Writes null for the fields that are absent (or undefined).
 * @param {Record<string, any>} obj @param {string[]} fields
 */
function nullIfAbsent(obj, fields) {
	for (const f of fields) if (obj[f] === undefined) obj[f] = null;
	return obj;
}

/** @param {Record<string, any>} card a MessageCard (copy) */
function looseCard(card) {
	const sender = isObject(card.sender)
		? { ...card.sender, lid: null, country_prefix: null }
		: card.sender;
	return {
		...retyped(card, OTHER_TYPES.card),
		sender,
		primary_media_asset_id: card.primary_media_asset_id ?? null,
		primary_media_url: card.primary_media_url ?? null,
		intent: ODD.intent,
		classification_status: ODD.classification_status,
	};
}

/** @param {Record<string, any>} send a Send (copy): status kept, the trigger branches on it */
function looseSend(send) {
	const recipients = Array.isArray(send.recipients)
		? send.recipients.map((/** @type {Record<string, any>} */ r) =>
				nullify({ ...r }, ['recipient_id', 'recipient_label']),
			)
		: send.recipients;
	return {
		...retyped(
			nullify({ ...send }, ['text', 'client_idempotency_key', 'completed_at_ms', 'session_label']),
			OTHER_TYPES.send,
		),
		source_type: ODD.source_type,
		recipients,
	};
}

/** @param {Record<string, any>} schedule a Schedule (copy) */
function looseSchedule(schedule) {
	return {
		...retyped(nullify({ ...schedule }, ['session_label']), OTHER_TYPES.schedule),
		status: schedule.status === 'scheduled' ? ODD.schedule_status : schedule.status,
	};
}

/** @param {Record<string, any>} page a cursor page @param {(item: any) => any} item */
const mapItems = (page, item) => ({
	...page,
	items: Array.isArray(page.items) ? page.items.map(item) : page.items,
});

/**
 * The session list in cursor pages of ONE item under `items`, each with `id` for `session_id`.
 * The cursor is the position after an item (base64url JSON `{"after": "<session_id>"}`); a
 * page whose item sits at an even position (0, 2, …) carries `has_more`, an odd one has none.
 * @param {Record<string, any>[]} list @param {URLSearchParams} query @param {string} requestId
 * @returns {Reply}
 */
function sessionPage(list, query, requestId) {
	const cursor = query.get('cursor');
	let start = 0;
	if (cursor !== null && cursor !== '') {
		/** @type {any} */
		let after;
		try {
			after = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')).after;
		} catch {
			after = undefined;
		}
		const i = list.findIndex((s) => s.session_id === after);
		if (i === -1) return invalid('cursor', 'cursor is not a cursor this API gave out.');
		start = i + 1;
	}
	const items = list.slice(start, start + 1).map(({ session_id, label, engine, ...rest }) => ({
		id: session_id,
		...rest,
		engine: ODD.engine,
		label: label ?? null,
	}));
	const more = start + 1 < list.length;
	/** @type {Record<string, any>} */
	const body = { items };
	if (start % 2 === 0) body.has_more = more;
	body.next_cursor = more
		? Buffer.from(JSON.stringify({ after: list[start].session_id })).toString('base64url')
		: null;
	body.request_id = requestId;
	return { status: 200, body };
}

/**
 * The loose form of a reply. Only 2xx answers with a JSON object or array body change.
 * @param {string} method @param {URL} url @param {Reply} reply @param {string} requestId
 * @returns {Reply}
 */
function loosen(method, url, reply, requestId) {
	if (reply.status < 200 || reply.status > 299) return reply;
	const path = url.pathname;
	if (method === 'POST' && SESSION_START_SYNC.test(path)) return { status: 204, body: null };
	if (!isObject(reply.body) && !Array.isArray(reply.body)) return reply;
	/** @type {any} */
	const body = reply.body;
	/** @type {any} */
	let out = body;
	if (path === '/v2/sessions' && method === 'GET') {
		const list = Array.isArray(body) ? body : Array.isArray(body.sessions) ? body.sessions : [];
		const paged = sessionPage(list, url.searchParams, requestId);
		if (paged.status !== 200) return paged;
		out = paged.body;
	} else if (path === '/v2/sessions' && method === 'POST') {
		out = nullIfAbsent({ ...body }, ['label', 'qr', 'otp', 'sync_request_event_ids']);
		out.event_ids = null;
		out.engine = ODD.engine;
		out.auth_method = ODD.auth_method;
		out = retyped(out, OTHER_TYPES.createSession);
	} else if (SESSION_QR.test(path)) {
		out = {
			value: body.qr?.value ?? null,
			session_id: body.session_id,
			request_id: body.request_id,
		};
	} else if (SESSION_CODE.test(path)) {
		out = retyped({ ...body, method: null }, OTHER_TYPES.requestCode);
	} else if (path === '/v2/messages' && method === 'GET') {
		out = mapItems(body, looseCard);
	} else if (OCCURRENCES.test(path)) {
		out = mapItems(body, looseOccurrence);
	} else if (PREVIEW.test(path)) {
		out = mapItems(body, (item) => {
			if ('message_text' in item) return looseCard(item);
			if ('brand' in item)
				return retyped(
					nullify({ ...item }, ['reference', 'price', 'price_eur_minor', 'seller_display_name']),
					OTHER_TYPES.listingViewItem,
				);
			return retyped(nullify({ ...item }, ['phone_number']), OTHER_TYPES.contactViewItem);
		});
	} else if (path === '/v2/outbound/sends' && method === 'POST') {
		out = nullIfAbsent({ ...body }, ['send', 'schedule']);
		if (isObject(out.send)) {
			out.send = {
				...out.send,
				status: ODD.send_status_in_answer,
				event_ids: null,
				results: Array.isArray(out.send.results)
					? out.send.results.map((/** @type {any} */ r) => ({
							...retyped(r, OTHER_TYPES.sendAnswerResult),
							status: ODD.send_status_in_answer,
						}))
					: out.send.results,
			};
		}
		if (isObject(out.schedule)) out.schedule = looseSchedule(out.schedule);
	} else if (path === '/v2/outbound/sends' && method === 'GET') {
		out = mapItems(body, looseSend);
	} else if (SEND.test(path) && method === 'GET') {
		out = looseSend(body);
	} else if (path === '/v2/outbound/schedules' && method === 'GET') {
		out = mapItems(body, looseSchedule);
	} else if (SCHEDULE.test(path) && method === 'GET') {
		out = looseSchedule(body);
	} else if (SCHEDULE.test(path) && method === 'DELETE') {
		out = { ...body, event_ids: null };
	} else {
		// market and classifications: resources/market.js (README "Market and classifications")
		out = looseMarketAnswer(method, path, body) ?? body;
	}
	return { ...reply, body: withExtras(out) };
}

/**
 * The answer style in force: set at start, flipped at runtime, restored by reset().
 * @param {AnswerStyle} [initial] default 'examples'
 */
function createAnswerStyle(initial) {
	const start = readAnswerStyle(initial ?? 'examples');
	let style = start;
	return {
		get: () => style,
		/** @param {unknown} next throws on an unknown style */
		set(next) {
			style = readAnswerStyle(next);
		},
		reset() {
			style = start;
		},
		/** The reply in the style in force. @param {string} method @param {URL} url @param {Reply} reply @param {string} requestId */
		apply: (method, url, reply, requestId) =>
			style === 'loose' ? loosen(method, url, reply, requestId) : reply,
	};
}

module.exports = {
	createAnswerStyle,
	ANSWER_STYLES,
	EXTRA_FIELD,
	EXTRA_ENVELOPE_FIELD,
	ODD_VALUES: ODD,
	OTHER_TYPES,
	readAnswerStyle,
	loosen,
};
