// @ts-check
'use strict';
/**
 * The simulator's clock: `now()` moves the resources' state (sends, schedules, the feed; a test
 * may pass its own `now` to move time by hand), and `wait(ms)` is a real delay (the `slow`
 * fault) that close() can end at once. The rate limit keeps real time (Date.now), as a server's
 * would.
 */

/** @param {() => number} [now] epoch ms (default Date.now) */
function createClock(now) {
	/** @type {Set<() => void>} pending waits; calling one ends it at once */
	const waits = new Set();
	return {
		/** @type {() => number} */
		now: now ?? Date.now,
		/** @param {number} ms @returns {Promise<boolean>} false when cancelAll() cut the wait short */
		wait(ms) {
			return new Promise((resolve) => {
				const end = (/** @type {boolean} */ finished) => {
					clearTimeout(timer);
					waits.delete(cancel);
					resolve(finished);
				};
				const cancel = () => end(false);
				const timer = setTimeout(() => end(true), ms);
				waits.add(cancel);
			});
		},
		/** Ends every pending wait (they resolve false). */
		cancelAll() {
			for (const cancel of [...waits]) cancel();
		},
	};
}

module.exports = { createClock };
