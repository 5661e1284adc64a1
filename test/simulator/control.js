// @ts-check
'use strict';
/**
 * The control endpoints under /__sim (no auth, never recorded): health, recorded requests,
 * reset, faults, rate limit, answer style, losing first answers, the Clerk stand-in's controls,
 * and each resource's own (feed, paging, list order, outbound, sessions, market…).
 */
const { errorReply, isObject, routeNotFound } = require('./common');

/** @typedef {import('./common').Reply} Reply */
/**
 * @typedef {object} ControlContext
 * @property {() => string} url the simulator's base URL
 * @property {ReturnType<typeof import('./clerk').createClerk>} clerk
 * @property {ReturnType<typeof import('./faults').createFaults>} faults
 * @property {ReturnType<typeof import('./rateLimit').createRateLimit>} rateLimit
 * @property {ReturnType<typeof import('./answers').createAnswerStyle>} answers
 * @property {ReturnType<typeof import('./recording').createRecorder>} recorder
 * @property {ReturnType<typeof import('./paging').createPaging>} paging
 * @property {import('./common').Resource[]} resources
 * @property {() => void} reset
 */

/**
 * Applies a JSON body setting; a body that is not JSON or that `apply` refuses (it throws) is a
 * 400 with `code` naming `field`.
 * @param {string} raw @param {string} code @param {string} field
 * @param {(parsed: any) => any} apply returns the answer body
 * @returns {Reply}
 */
function setting(raw, code, field, apply) {
	try {
		return { status: 200, body: apply(JSON.parse(raw)) };
	} catch (error) {
		const message = error instanceof Error ? error.message : String(error);
		return errorReply(400, code, message, field);
	}
}

/** @param {ControlContext} ctx @returns {(method: string, path: string, raw: string) => Reply} */
function createControl(ctx) {
	const { clerk, faults, rateLimit, answers, recorder, paging } = ctx;
	return function control(method, path, raw) {
		if (path === '/__sim/clerk' || path.startsWith('/__sim/clerk/')) {
			return clerk.control(method, path, raw, ctx.url()) ?? routeNotFound(method, path);
		}
		switch (`${method} ${path}`) {
			case 'GET /__sim/health':
				return {
					status: 200,
					body: {
						ok: true,
						queuedFaults: [...faults.queue],
						rateLimit: rateLimit.get(),
						answers: answers.get(),
						loseFirstAnswers: faults.firstAnswerLoss.scope(),
						listOrder: paging.settings.order,
						listCursor: paging.settings.cursor,
					},
				};
			case 'GET /__sim/answers':
				return { status: 200, body: { style: answers.get() } };
			case 'POST /__sim/answers':
			case 'PUT /__sim/answers':
				return setting(raw, 'INVALID_ANSWER_STYLE', 'style', (parsed) => {
					answers.set(isObject(parsed) ? parsed.style : undefined);
					return { style: answers.get() };
				});
			case 'GET /__sim/lose-first-answers':
				return { status: 200, body: { scope: faults.firstAnswerLoss.scope() } };
			case 'POST /__sim/lose-first-answers':
			case 'PUT /__sim/lose-first-answers':
				return setting(raw, 'INVALID_SCOPE', 'scope', (parsed) => {
					if (!isObject(parsed) || !('scope' in parsed)) {
						throw new Error('The body must be {"scope": "keyed-writes" | "every-request" | null}.');
					}
					faults.firstAnswerLoss.setScope(parsed.scope);
					return { scope: faults.firstAnswerLoss.scope() };
				});
			case 'POST /__sim/rate-limit':
				return setting(raw, 'INVALID_RATE_LIMIT', 'perSecond', (parsed) => {
					if (!isObject(parsed) || !('perSecond' in parsed)) {
						throw new Error('The body must be {"perSecond": N} (null or 0: no limit).');
					}
					rateLimit.set(parsed.perSecond);
					return { rateLimit: rateLimit.get() };
				});
			case 'GET /__sim/requests':
				return { status: 200, body: recorder.requests };
			case 'DELETE /__sim/requests':
				recorder.clear();
				return { status: 204, body: null };
			case 'POST /__sim/reset':
				ctx.reset();
				return { status: 204, body: null };
			case 'POST /__sim/faults':
				return setting(raw, 'INVALID_FAULTS', 'faults', (parsed) => {
					if (!isObject(parsed) || !Array.isArray(parsed.faults)) {
						throw new Error('The body must be {"faults": ["429", …]}.');
					}
					faults.enqueue(...parsed.faults.map(String));
					return { queued: [...faults.queue] };
				});
			default: {
				/** @type {any} */
				let parsed = null;
				try {
					parsed = raw === '' ? null : JSON.parse(raw);
				} catch {
					return errorReply(400, 'INVALID_JSON', 'The body is not valid JSON.', 'body');
				}
				for (const resource of ctx.resources) {
					const reply = resource.control?.(method, path, parsed);
					if (reply) return reply;
				}
				return routeNotFound(method, path);
			}
		}
	};
}

module.exports = { createControl };
