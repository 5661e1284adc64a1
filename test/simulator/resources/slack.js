'use strict';
/**
 * A stand-in for Slack's incoming webhooks, so an example that posts to Slack (the saved-view
 * alert) runs green in `npm run dev` without leaving the machine. Not part of WatchCollect's API:
 * a control endpoint, never recorded with the API requests.
 *
 *   POST /__sim/slack/<anything>  {text, …} → 200 "ok" (as Slack answers); the post is kept
 *   GET  /__sim/slack                        → every post so far, oldest first: {path, body, at_ms}
 *   DELETE /__sim/slack                      → forget them
 */

/** @typedef {import('../common').Reply} Reply */
/** @typedef {{ path: string, body: any, at_ms: number }} SlackPost */

const PREFIX = '/__sim/slack';

function createSlackResource() {
	/** @type {SlackPost[]} */
	const posts = [];
	return {
		posts,
		/** Never an API route. @returns {undefined} */
		route() {
			return undefined;
		},
		reset() {
			posts.length = 0;
		},
		/** @param {string} method @param {string} path @param {any} body @returns {Reply | undefined} */
		control(method, path, body) {
			if (path !== PREFIX && !path.startsWith(`${PREFIX}/`)) return undefined;
			if (method === 'POST' && path !== PREFIX) {
				posts.push({ path: path.slice(PREFIX.length), body, at_ms: Date.now() });
				return { status: 200, body: 'ok' };
			}
			if (method === 'GET' && path === PREFIX) return { status: 200, body: posts };
			if (method === 'DELETE' && path === PREFIX) {
				posts.length = 0;
				return { status: 204, body: null };
			}
			return undefined;
		},
	};
}

module.exports = { createSlackResource };
