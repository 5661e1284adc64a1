// @ts-check
'use strict';
/**
 * "Lose the first answer of each write": the request is handled as usual (a send is stored, a
 * schedule canceled), then the connection is closed without an answer — the `lost-answer`
 * fault — but chosen by the simulator for the FIRST request of each distinct key, so a batch
 * whose every first answer is lost needs no proxy and no per-request header. Retries of the
 * same key are answered normally.
 *
 * Scopes:
 *  - `keyed-writes`: `POST /v2/outbound/sends` keyed by its `idempotency_key`, and
 *    `DELETE /v2/outbound/schedules/{id}` keyed by the schedule id (the writes a client may
 *    repeat safely).
 *  - `every-request`: every /v2 request, keyed by method, path, query and idempotency_key
 *    (so each distinct GET page loses its first answer too).
 *  - `null`: off.
 */
const { isObject } = require('./common');

/** @typedef {'keyed-writes' | 'every-request' | null} LoseFirstScope */

const SCOPES = ['keyed-writes', 'every-request'];
const CANCEL = /^\/v2\/outbound\/schedules\/([^/]+)$/;

/** @param {unknown} scope @returns {LoseFirstScope} */
function readScope(scope) {
	if (scope === null || scope === undefined || scope === 'off') return null;
	if (typeof scope === 'string' && SCOPES.includes(scope))
		return /** @type {LoseFirstScope} */ (scope);
	throw new Error(
		`The scope must be "keyed-writes", "every-request" or null (got ${JSON.stringify(scope)}).`,
	);
}

/**
 * The key of a request under a scope, or undefined when the scope does not cover it.
 * @param {LoseFirstScope} scope @param {string} method @param {URL} url @param {any} body
 * @returns {string | undefined}
 */
function keyOf(scope, method, url, body) {
	const idempotencyKey =
		isObject(body) && typeof body.idempotency_key === 'string' ? body.idempotency_key : undefined;
	if (scope === 'keyed-writes') {
		if (
			method === 'POST' &&
			url.pathname === '/v2/outbound/sends' &&
			idempotencyKey !== undefined
		) {
			return `send ${idempotencyKey}`;
		}
		const cancel = CANCEL.exec(url.pathname);
		if (method === 'DELETE' && cancel) return `cancel ${cancel[1].toLowerCase()}`;
		return undefined;
	}
	if (scope === 'every-request') {
		const query = [...url.searchParams]
			.map(([k, v]) => `${k}=${v}`)
			.sort()
			.join('&');
		return `${method} ${url.pathname}?${query} ${idempotencyKey ?? ''}`;
	}
	return undefined;
}

/** @param {LoseFirstScope} initial */
function createFirstAnswerLoss(initial) {
	let scope = readScope(initial);
	const start = scope;
	/** @type {Set<string>} keys whose first answer was lost */
	const seen = new Set();
	return {
		scope: () => scope,
		/** @param {unknown} next */
		setScope(next) {
			scope = readScope(next);
			seen.clear();
		},
		/**
		 * Whether this request's answer is to be lost (and remembers its key).
		 * @param {string} method @param {URL} url @param {any} body
		 */
		take(method, url, body) {
			const key = keyOf(scope, method, url, body);
			if (key === undefined || seen.has(key)) return false;
			seen.add(key);
			return true;
		},
		reset() {
			scope = start;
			seen.clear();
		},
	};
}

module.exports = { createFirstAnswerLoss, readScope, LOSE_FIRST_SCOPES: SCOPES };
