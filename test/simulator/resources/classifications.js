// @ts-check
'use strict';
/**
 * Classifications: GET /v2/classifications, GET /v2/classifications/{id} and
 * POST /v2/classifications/{id}/corrections (the API contract's market and classification pages).
 * A classification is the extraction of one completed message of the feed (./market.js derives
 * it together with the message's listings).
 *
 * Assumptions (see ../README.md › Market): the list takes `cursor` and `page_size` only (any other
 * query parameter → 422), is ordered by `completed_at_ms` then `id`, newest first, and answers
 * `{ items, next_cursor }` — no `has_more`, no `total`, as the contract's example; `next_cursor`
 * is null on the last page. A correction is appended (never replaces anything, never changes the
 * listings) and answered with a WriteAck `accepted`; the same body twice is appended twice.
 */
const crypto = require('node:crypto');

const { errorReply, invalid, isObject } = require('../common');
const { readPaging, sortDescending } = require('../paging');

/** @typedef {import('../common').Reply} Reply */

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const ONE = /^\/v2\/classifications\/([^/]+)$/;
const CORRECTIONS = /^\/v2\/classifications\/([^/]+)\/corrections$/;

/**
 * @param {{ paging: ReturnType<typeof import('../paging').createPaging>, market: ReturnType<typeof import('./market').createMarketResource>, now?: () => number }} options
 */
function createClassificationsResource(options) {
	const { paging, market } = options;
	const now = options.now ?? Date.now;
	/** @type {Array<{ classification_id: string, output: Record<string, any>, created_at_ms: number, request_id: string, event_id: string }>} */
	const corrections = [];

	/** @param {Record<string, any>} c */
	const key = (c) => [c.completed_at_ms, c.id];

	/** @param {URLSearchParams} params @returns {Reply} */
	function list(params) {
		for (const k of new Set(params.keys())) {
			if (k !== 'cursor' && k !== 'page_size') return invalid(k, `Unknown query parameter ${k}.`);
			if (params.getAll(k).length > 1) return invalid(k, `${k} may be given once.`);
		}
		const p = readPaging(params.get('page_size') ?? undefined, params.get('cursor') ?? undefined);
		if (!p.ok) return p.reply;
		const result = paging.page(sortDescending(market.classifications(), key), key, p);
		return { status: 200, body: { items: result.items, next_cursor: result.next_cursor } };
	}

	/** @param {string} id */
	function find(id) {
		if (!UUID.test(id))
			return {
				reply: invalid('classification_id', 'The path parameter classification_id must be a UUID.'),
			};
		const found = market.classifications().find((c) => c.id === id.toLowerCase());
		if (!found)
			return {
				reply: errorReply(
					404,
					'CLASSIFICATION_NOT_FOUND',
					`No classification has the id ${id}.`,
					'classification_id',
				),
			};
		return { found };
	}

	/**
	 * `output` is required and an object; when it has `watches`, that is a list of objects.
	 * @param {string} id @param {any} body @param {string} requestId @param {boolean} dryRun
	 * @returns {Reply}
	 */
	function correct(id, body, requestId, dryRun) {
		const { found, reply } = find(id);
		if (!found) return /** @type {Reply} */ (reply);
		if (!isObject(body)) return invalid('body', 'The request body must be a JSON object.');
		const unknown = Object.keys(body).find((k) => k !== 'output');
		if (unknown !== undefined) return invalid(unknown, `Unknown field ${unknown} is not allowed.`);
		if (!isObject(body.output))
			return invalid('output', 'output is required and must be an object.');
		const watches = body.output.watches;
		if (watches !== undefined && !(Array.isArray(watches) && watches.every(isObject)))
			return invalid('output.watches', 'output.watches must be a list of objects.');
		const eventId = crypto.randomUUID();
		if (!dryRun) {
			corrections.push({
				classification_id: found.id,
				output: body.output,
				created_at_ms: now(),
				request_id: requestId,
				event_id: eventId,
			});
		}
		return {
			status: 200,
			body: {
				status: 'accepted',
				event_ids: [eventId],
				request_id: requestId,
				resource_id: found.id,
			},
		};
	}

	return {
		/** Every correction received, oldest first (not shown by the API). */
		corrections,
		reset() {
			corrections.length = 0;
		},
		/**
		 * @param {string} method @param {URL} url @param {any} body @param {string} requestId @param {boolean} [dryRun]
		 * @returns {Reply | undefined}
		 */
		route(method, url, body, requestId, dryRun = false) {
			if (url.pathname === '/v2/classifications' && method === 'GET') return list(url.searchParams);
			const c = CORRECTIONS.exec(url.pathname);
			if (c && method === 'POST') return correct(decodeURIComponent(c[1]), body, requestId, dryRun);
			const one = ONE.exec(url.pathname);
			if (one && method === 'GET') {
				const { found, reply } = find(decodeURIComponent(one[1]));
				return found ? { status: 200, body: found } : reply;
			}
			return undefined;
		},
		/**
		 * GET /__sim/classifications → every classification; GET|DELETE /__sim/classifications/corrections.
		 * @param {string} method @param {string} path @returns {Reply | undefined}
		 */
		control(method, path) {
			if (method === 'GET' && path === '/__sim/classifications')
				return { status: 200, body: sortDescending(market.classifications(), key) };
			if (method === 'GET' && path === '/__sim/classifications/corrections')
				return { status: 200, body: corrections };
			if (method === 'DELETE' && path === '/__sim/classifications/corrections') {
				corrections.length = 0;
				return { status: 204, body: null };
			}
			return undefined;
		},
	};
}

module.exports = { createClassificationsResource };
