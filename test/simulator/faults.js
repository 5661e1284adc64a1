// @ts-check
'use strict';
/**
 * Faults on demand (README "Faults", "Lost answers"). A request's fault is, first match wins:
 * the `x-sim-fault` header, a JSON body `label` starting with `sim-fault:<fault>`, the next
 * queued fault, or `lost-answer` when the "lose the first answer" switch covers the request.
 */
const { errorReply, isObject } = require('./common');
const { createFirstAnswerLoss } = require('./lostAnswers');

/** @typedef {import('./common').Reply} Reply */

/** Every fault name, for the x-sim-fault header, a "sim-fault:" label or the queue. */
const FAULTS = [
	'rejected',
	'401',
	'403',
	'404',
	'409',
	'422',
	'429',
	'500',
	'502',
	'slow',
	'non-json',
	'bad-schema',
	'drop',
	'lost-answer',
	'pass',
];
const FAULT_HEADER = 'x-sim-fault';
const LABEL_FAULT = /^sim-fault:([a-z0-9-]+)/;
const PROXY_502 = [
	'<html>',
	'<head><title>502 Bad Gateway</title></head>',
	'<body>',
	'<center><h1>502 Bad Gateway</h1></center>',
	'<hr><center>nginx</center>',
	'</body>',
	'</html>',
	'',
].join('\r\n');
const SIGN_IN_PAGE =
	'<html><head><title>WatchCollect</title></head><body>Please sign in.</body></html>';
/** @type {Record<string, [number, string, string]>} status, code and message of the error faults */
const ERROR_FAULTS = {
	401: [401, 'UNAUTHORIZED', 'The bearer token (authorization) has expired (simulated).'],
	403: [403, 'FORBIDDEN', 'This operation is not allowed for this account (simulated).'],
	404: [404, 'NOT_FOUND', 'The session was not found (simulated).'],
	409: [409, 'CONFLICT', 'The session is busy with another operation (simulated).'],
	422: [422, 'VALIDATION_ERROR', 'The field role is invalid (simulated).'],
	429: [429, 'RATE_LIMITED', 'Too many requests: retry after 30 seconds (simulated).'],
	500: [500, 'INTERNAL_ERROR', 'An unexpected error occurred (simulated).'],
};

/** @param {string[]} faults @returns {string | undefined} the first unknown name */
const unknownFault = (faults) => faults.find((f) => !FAULTS.includes(f));

/**
 * @param {{ slowMs: number, clock: ReturnType<typeof import('./clock').createClock>,
 *   loseFirstAnswers?: import('./lostAnswers').LoseFirstScope,
 *   badSchema: (body: any, requestId: string) => Reply }} options
 *   badSchema: the answer of the `bad-schema` fault (a create answer without session_id)
 */
function createFaults(options) {
	/** @type {string[]} */
	const queue = [];
	const firstAnswerLoss = createFirstAnswerLoss(options.loseFirstAnswers ?? null);

	return {
		queue,
		firstAnswerLoss,
		/** @param {string[]} faults throws on an unknown name */
		enqueue(...faults) {
			const unknown = unknownFault(faults);
			if (unknown !== undefined) {
				throw new Error(`Unknown simulator fault "${unknown}"; known: ${FAULTS.join(', ')}`);
			}
			queue.push(...faults);
		},
		reset() {
			queue.length = 0;
			firstAnswerLoss.reset();
		},
		/**
		 * The fault of a request (consumes a queued one), or the 400 for an unknown name.
		 * @param {import('node:http').IncomingHttpHeaders} headers @param {any} body
		 * @param {string} method @param {URL} url
		 * @returns {{ fault?: string, error?: Reply }}
		 */
		choose(headers, body, method, url) {
			const header = headers[FAULT_HEADER];
			const label = isObject(body) && typeof body.label === 'string' ? body.label : '';
			const labelFault = LABEL_FAULT.exec(label)?.[1];
			let fault = typeof header === 'string' ? header.trim() || undefined : undefined;
			const source = fault ? FAULT_HEADER : labelFault ? 'label' : 'queue';
			fault = fault ?? labelFault ?? queue.shift();
			if (fault === undefined && firstAnswerLoss.take(method, url, body)) fault = 'lost-answer';
			if (fault !== undefined && !FAULTS.includes(fault)) {
				const message = `Unknown simulator fault "${fault}"; known: ${FAULTS.join(', ')}.`;
				return { error: errorReply(400, 'UNKNOWN_SIM_FAULT', message, source) };
			}
			return { fault };
		},
		/**
		 * What a fault does before the route: an answer in place of the route's, 'drop' (destroy
		 * the socket), 'closed' (close() ended a `slow` wait), or undefined (go on to the route).
		 * @param {string | undefined} fault @param {any} body @param {string} requestId
		 * @returns {Promise<Reply | 'drop' | 'closed' | undefined>}
		 */
		async before(fault, body, requestId) {
			if (fault === undefined) return undefined;
			if (fault === 'drop') return 'drop';
			if (ERROR_FAULTS[fault]) {
				const [status, code, message] = ERROR_FAULTS[fault];
				const retryAfter = fault === '429' ? { 'retry-after': '30' } : undefined;
				return { ...errorReply(status, code, message), headers: retryAfter };
			}
			if (fault === '502') {
				return { status: 502, body: PROXY_502, headers: { 'content-type': 'text/html' } };
			}
			if (fault === 'non-json') {
				const headers = { 'content-type': 'text/html; charset=utf-8' };
				return { status: 200, body: SIGN_IN_PAGE, headers };
			}
			if (fault === 'bad-schema') return options.badSchema(body, requestId);
			if (fault === 'slow' && !(await options.clock.wait(options.slowMs))) return 'closed';
			return undefined;
		},
		/**
		 * What a fault does to the route's answer: `lost-answer` → 'lost' (destroy the socket),
		 * `rejected` marks a 200 answer as rejected (the route stored nothing: a dry run).
		 * @param {string | undefined} fault @param {Reply} reply @returns {'lost' | undefined}
		 */
		after(fault, reply) {
			if (fault === 'lost-answer') return 'lost';
			if (fault === 'rejected' && reply.status === 200 && isObject(reply.body)) {
				reply.body.status = 'rejected';
				if ('session_status' in reply.body) reply.body.session_status = 'FAILED';
			}
			return undefined;
		},
	};
}

module.exports = { createFaults, FAULTS, FAULT_HEADER };
