// @ts-check
'use strict';
/**
 * One request's way through the simulator: control endpoints (/__sim) aside, every request is
 * recorded, then — on /v2 — checked in this order: auth (401/403), body size (413), rate limit
 * (429), fault, JSON syntax (400), then the first resource that knows the route answers (404
 * otherwise), a fault may lose or mark the answer, and the answer style shapes it. The Clerk
 * Frontend API (/clerk/…) is answered by clerk.js.
 */
const { newRequestId, errorReply, routeNotFound } = require('./common');
const { FAPI_PREFIX } = require('./clerk');
const { send, readBody, parseBody } = require('./http');

/** @typedef {import('./common').Reply} Reply */
/**
 * @typedef {object} RouterContext
 * @property {() => string} url the simulator's base URL
 * @property {ReturnType<typeof import('./auth').createAuth>} auth
 * @property {ReturnType<typeof import('./clerk').createClerk>} clerk
 * @property {ReturnType<typeof import('./recording').createRecorder>} recorder
 * @property {ReturnType<typeof import('./rateLimit').createRateLimit>} rateLimit
 * @property {ReturnType<typeof import('./faults').createFaults>} faults
 * @property {ReturnType<typeof import('./answers').createAnswerStyle>} answers
 * @property {import('./common').Resource[]} resources in the order they are asked
 * @property {(method: string, path: string, raw: string) => Reply} control
 */

/** @param {RouterContext} ctx */
function createRouter(ctx) {
	const { auth, clerk, recorder, rateLimit, faults, answers, resources } = ctx;

	/**
	 * @param {import('node:http').IncomingMessage} req @param {import('node:http').ServerResponse} res
	 */
	return async function handle(req, res) {
		const requestId = newRequestId();
		res.setHeader('x-request-id', requestId);
		const url = new URL(req.url ?? '/', 'http://simulator.local');
		const method = (req.method ?? 'GET').toUpperCase();
		const { raw, tooLarge } = await readBody(req);
		if (url.pathname.startsWith('/__sim/')) {
			return send(res, ctx.control(method, url.pathname, raw), requestId);
		}

		const who = auth.identify(url.pathname, req.headers.authorization);
		const { body, notJson } = parseBody(raw);
		const record = recorder.record({
			method,
			url,
			headers: req.headers,
			authOk: who.authOk,
			authReason: who.authReason,
			body,
			fapi: who.fapi,
			secrets: auth.secrets(who.token),
			requestId,
		});
		/** @param {Reply} reply */
		const answer = (reply) => {
			record.status = reply.status;
			send(res, reply, requestId);
			recorder.done(record);
		};
		/** The connection closes without an answer (status stays 0). */
		const hangUp = () => {
			recorder.done(record);
			req.socket.destroy();
		};

		if (who.fapi) {
			const path = url.pathname.slice(FAPI_PREFIX.length);
			return answer(clerk.handleFapi(method, path, url.searchParams, req.headers, ctx.url()));
		}
		if (!url.pathname.startsWith('/v2/')) return answer(routeNotFound(method, url.pathname));
		const refused = auth.refusal(who.authOk, who.authReason);
		if (refused) return answer(refused);
		if (tooLarge) {
			return answer(errorReply(413, 'PAYLOAD_TOO_LARGE', 'The body is over 1 MB.', 'body'));
		}
		const limited = rateLimit.admit();
		if (limited) {
			record.rateLimited = true;
			return answer(limited);
		}

		const { fault, error } = faults.choose(req.headers, body, method, url);
		if (error) return answer(error);
		if (fault !== undefined) record.fault = fault;
		const early = await faults.before(fault, body, requestId);
		if (early === 'drop') return hangUp();
		if (early === 'closed') return; // close() ended a `slow` wait
		if (early) return answer(early);

		if (notJson) {
			return answer(errorReply(400, 'INVALID_JSON', 'The body is not valid JSON.', 'body'));
		}
		const dryRun = fault === 'rejected';
		const reply =
			resources
				.map((resource) => resource.route(method, url, body, requestId, dryRun))
				.find((r) => r !== undefined) ?? routeNotFound(method, url.pathname);
		// lost-answer: done as usual (a send is stored), but the answer never arrives
		if (faults.after(fault, reply) === 'lost') return hangUp();
		answer(answers.apply(method, url, reply, requestId));
	};
}

module.exports = { createRouter };
