// @ts-check
'use strict';
/**
 * The rate limit on demand: a sliding one-second window over the /v2 requests that passed auth.
 * Over the limit a request gets 429 with `Retry-After` (whole seconds, as HTTP has it) until the
 * oldest request in the window leaves it, and does not count itself. Real time (Date.now).
 */
const { errorReply } = require('./common');

/** @param {number | null} [initial] requests per second (null or 0: none) */
function createRateLimit(initial) {
	/** @type {number | null} */
	let perSecond = null;
	/** When the requests let through in the last second were answered (ms), oldest first. */
	/** @type {number[]} */
	const window = [];

	/** @param {unknown} value */
	function set(value) {
		if (value === null || value === undefined || value === 0) {
			perSecond = null;
		} else if (typeof value === 'number' && Number.isInteger(value) && value > 0) {
			perSecond = value;
		} else {
			throw new Error('The rate limit must be a whole number of requests per second, or null.');
		}
		window.length = 0;
	}
	set(initial ?? null);

	return {
		set,
		/** @returns {number | null} */
		get: () => perSecond,
		/** Empties the window (keeps the limit). */
		reset() {
			window.length = 0;
		},
		/**
		 * Lets a request through (it counts), or answers the 429 it gets.
		 * @returns {import('./common').Reply | undefined}
		 */
		admit() {
			if (!perSecond) return undefined;
			const now = Date.now();
			while (window.length && window[0] <= now - 1000) window.shift();
			if (window.length < perSecond) {
				window.push(now);
				return undefined;
			}
			const retryAfter = Math.max(1, Math.ceil((window[0] + 1000 - now) / 1000));
			const message = `Too many requests: at most ${perSecond} per second; retry after ${retryAfter} seconds.`;
			return {
				...errorReply(429, 'RATE_LIMITED', message),
				headers: { 'retry-after': String(retryAfter) },
			};
		},
	};
}

module.exports = { createRateLimit };
