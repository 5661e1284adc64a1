'use strict';
/**
 * WatchCollect API v2 simulator for tests: a local HTTP server that follows the
 * WatchCollect API v2 contract and injects faults on demand. This file is the core (HTTP, auth, faults,
 * recording, control endpoints, the Clerk stand-in of ./clerk.js); each resource's routes and
 * state are a module in ./resources. Node's standard library only; runs on Node 20 and 24.
 * What it assumes where the contract is silent (error body, list shape, …) is in ./README.md.
 */
const http = require('node:http');

const { newRequestId, isObject, errorReply, routeNotFound } = require('./common');
const { createSessionsResource, SEEDED_SESSION_NAMES } = require('./resources/sessions');
const { createClerk, FAPI_PREFIX } = require('./clerk');
const { createPaging } = require('./paging');
const { createMessagesResource } = require('./resources/messages');
const { createViewsResource } = require('./resources/views');
const { createOutboundResource } = require('./resources/outbound');
const { createMarketResource } = require('./resources/market');
const { createClassificationsResource } = require('./resources/classifications');
const { loosen, readAnswerStyle, ANSWER_STYLES } = require('./answers');
const { createFirstAnswerLoss } = require('./lostAnswers');

/** @typedef {'valid' | 'other-tenant' | 'invalid' | 'missing' | 'clerk'} AuthOutcome 'clerk': a Frontend API request */
/**
 * @typedef {object} RecordedRequest
 * @property {string} method
 * @property {string} path
 * @property {Record<string, string | string[]>} query
 * @property {Record<string, string | string[] | undefined>} headers lower-cased; authorization is "Bearer <redacted>"
 * @property {AuthOutcome} authOk
 * @property {'expired' | 'bad-signature' | 'malformed' | 'not-yet-valid'} [authReason] why a session JWT was refused
 * @property {any} body parsed JSON, the raw string when it is not JSON, or null when empty
 * @property {string} [fault] the fault applied to this request
 * @property {number} status HTTP status sent; 0 while pending and for a dropped connection
 * @property {string} requestId the request_id (and x-request-id) of the answer
 * @property {boolean} [rateLimited] answered 429 by the rate limit (setRateLimit), not by a fault
 */
/**
 * @typedef {object} SimulatorOptions
 * @property {string} [host] default 127.0.0.1
 * @property {number} [port] default 0 (a free port)
 * @property {{ valid?: string[], otherTenant?: string[] }} [tokens]
 * @property {number} [slowMs] delay of the `slow` fault, default 15000
 * @property {'object' | 'array'} [listShape] shape of GET /v2/sessions, default 'object'
 * @property {(record: RecordedRequest) => void} [onRequest] called once a recorded request is answered
 * @property {number} [jwtTtlSeconds] lifetime of the session JWTs the Clerk stand-in mints, default 60
 * @property {string} [clientToken] the Clerk stand-in's initial client token (default: random)
 * @property {number | null} [rateLimit] requests per second on /v2 (after auth); over it: 429 with Retry-After
 * @property {number} [pageSize] most items per list page the simulator answers (default 200)
 * @property {number} [feedEveryMs] the feed gains a message this often (default 0: only on demand)
 * @property {number} [sendStepMs] a send stays queued, then sending, this long each (default 1000)
 * @property {() => number} [now] the clock, epoch ms (default Date.now)
 * @property {import('./paging').ListOrder} [listOrder] order of /v2/messages, view previews, sends: 'collected' (default), 'activity', 'whatsapp'
 * @property {import('./paging').CursorKind} [listCursor] 'keyset' (default) or 'offset' (README "List orders")
 * @property {number} [seedMessages] how many messages the feed is seeded with (default 30)
 * @property {number} [cheapThresholdPct] the live feed holds listings this many % under their median (default 10)
 * @property {import('./answers').AnswerStyle} [answers] 'examples' (default) or 'loose' (README "Loose answers")
 * @property {import('./lostAnswers').LoseFirstScope} [loseFirstAnswers] lose the first answer per write key (README "Lost answers")
 */
/**
 * @typedef {object} Simulator
 * @property {string} url http://127.0.0.1:PORT, no trailing slash
 * @property {number} port
 * @property {RecordedRequest[]} requests every request except the /__sim control ones, oldest first
 * @property {Map<string, SessionRecord>} sessions internal state by session_id (read-only use)
 * @property {ReturnType<typeof createMessagesResource>} messages the feed (addMessage, sorted, …)
 * @property {ReturnType<typeof createViewsResource>} views the saved views
 * @property {ReturnType<typeof createOutboundResource>} outbound sends and schedules
 * @property {ReturnType<typeof createPaging>} paging the page-size cap (settings.maxPageSize)
 * @property {ReturnType<typeof createMarketResource>} market listings, references, facets (README › Market)
 * @property {ReturnType<typeof createClassificationsResource>} classifications classifications and corrections
 * @property {() => void} reset clears requests, queued faults and created sessions; re-seeds
 * @property {(...faults: string[]) => void} queueFaults throws on an unknown fault name
 * @property {(perSecond: number | null) => void} setRateLimit N requests per second (null or 0: none)
 * @property {() => number | null} rateLimit the requests per second in force, or null
 * @property {() => Promise<void>} close also destroys open sockets and ends `slow` waits
 * @property {SimulatorClerk} clerk the Clerk stand-in (./clerk.js): session JWTs and Frontend API
 * @property {(order: import('./paging').ListOrder) => void} setListOrder from the next request on
 * @property {(kind: import('./paging').CursorKind) => void} setListCursor the kind of cursor given out from now on
 * @property {(style: import('./answers').AnswerStyle) => void} setAnswers 'examples' or 'loose', from the next request on
 * @property {() => import('./answers').AnswerStyle} answers the answer style in force
 * @property {(scope: import('./lostAnswers').LoseFirstScope) => void} loseFirstAnswers null: off
 */
/**
 * @typedef {object} SimulatorClerk
 * @property {string} frontendApiUrl `<url>/clerk`, the `iss` of its session JWTs
 * @property {() => import('./clerk').ClerkState} state
 * @property {() => string} rotate a new current client token (the previous stays valid until revoked)
 * @property {(which: 'previous' | 'all') => void} revoke
 * @property {() => void} endSession
 * @property {(seconds: number) => void} setTtl
 * @property {() => string} mint a fresh session JWT (as FAPI would hand out)
 * @property {() => string[]} clientTokens every client token handed out so far (for leak checks)
 */
/** @typedef {import('./common').Reply} Reply */
/** @typedef {import('./resources/sessions').SessionRecord} SessionRecord */

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
const DEFAULT_TOKENS = { valid: ['sim-valid-token'], otherTenant: ['sim-other-tenant-token'] };
const MAX_BODY_BYTES = 1024 * 1024;
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

// ---------------------------------------------------------------- HTTP helpers

/**
 * Writes a reply: a string body as is, anything else as JSON; an error body gets the request_id
 * that the x-request-id header carries.
 * @param {http.ServerResponse} res @param {Reply} reply @param {string} requestId
 */
function send(res, reply, requestId) {
	if (res.destroyed || res.writableEnded) return;
	/** @type {Record<string, string>} */
	const headers = { ...reply.headers, 'x-request-id': requestId };
	let payload = '';
	if (typeof reply.body === 'string') {
		payload = reply.body;
	} else if (reply.body !== null) {
		const isError = isObject(reply.body) && 'error' in reply.body;
		payload = JSON.stringify(isError ? { ...reply.body, request_id: requestId } : reply.body);
		headers['content-type'] = 'application/json; charset=utf-8';
	}
	res.writeHead(reply.status, { ...headers, 'content-length': String(Buffer.byteLength(payload)) });
	res.end(payload);
}

/**
 * Reads the whole body as UTF-8 text, keeping at most MAX_BODY_BYTES.
 * @param {http.IncomingMessage} req @returns {Promise<{ raw: string, tooLarge: boolean }>}
 */
function readBody(req) {
	return new Promise((resolve) => {
		/** @type {Buffer[]} */
		const chunks = [];
		let size = 0;
		req.on('data', (/** @type {Buffer} */ chunk) => {
			size += chunk.length;
			if (size <= MAX_BODY_BYTES) chunks.push(chunk);
		});
		const done = () => {
			const tooLarge = size > MAX_BODY_BYTES;
			resolve({ raw: tooLarge ? '' : Buffer.concat(chunks).toString('utf8'), tooLarge });
		};
		req.on('end', done);
		req.on('error', done);
		req.on('close', done);
	});
}

/**
 * Replaces every secret in the strings of a value by "<redacted>" (recorded requests never hold
 * a token, even one copied into a label or a query parameter).
 * @param {any} value @param {string[]} secrets @returns {any}
 */
function redact(value, secrets) {
	if (typeof value === 'string') {
		return secrets.reduce((v, s) => v.split(s).join('<redacted>'), value);
	}
	if (Array.isArray(value)) return value.map((v) => redact(v, secrets));
	if (!isObject(value)) return value;
	return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, redact(v, secrets)]));
}

/** @param {URLSearchParams} params @returns {Record<string, string | string[]>} */
function queryObject(params) {
	/** @type {Record<string, string | string[]>} */
	const query = {};
	for (const [k, v] of params) {
		const prev = query[k];
		query[k] = prev === undefined ? v : [...(Array.isArray(prev) ? prev : [prev]), v];
	}
	return query;
}

// ---------------------------------------------------------------- the server

/**
 * Starts the simulator on 127.0.0.1 (a free port unless `port` is given).
 * @param {SimulatorOptions} [options]
 * @returns {Promise<Simulator>}
 */
async function startSimulator(options = {}) {
	const host = options.host ?? '127.0.0.1';
	const slowMs = options.slowMs ?? 15000;
	const validTokens = options.tokens?.valid ?? DEFAULT_TOKENS.valid;
	const otherTenantTokens = options.tokens?.otherTenant ?? DEFAULT_TOKENS.otherTenant;
	const knownTokens = [...validTokens, ...otherTenantTokens].filter((t) => t.length > 0);
	const clerk = createClerk({
		ttlSeconds: options.jwtTtlSeconds,
		clientToken: options.clientToken,
	});

	/** @type {RecordedRequest[]} */
	const requests = [];
	const sessionsResource = createSessionsResource({ listShape: options.listShape });
	/** One module per resource (./resources); each answers the routes it knows. */
	const paging = createPaging({
		pageSize: options.pageSize,
		listOrder: options.listOrder,
		listCursor: options.listCursor,
	});
	const clock = { now: options.now };
	const shared = { paging, sessions: sessionsResource.sessions, now: clock.now };
	const messagesResource = createMessagesResource({
		...shared,
		feedEveryMs: options.feedEveryMs,
		seedMessages: options.seedMessages,
	});
	const viewsResource = createViewsResource({ paging, messages: messagesResource });
	const outboundResource = createOutboundResource({ ...shared, sendStepMs: options.sendStepMs });
	const marketResource = createMarketResource({
		...shared,
		messages: messagesResource,
		views: viewsResource,
		cheapThresholdPct: options.cheapThresholdPct,
	});
	const classificationsResource = createClassificationsResource({
		...shared,
		market: marketResource,
	});
	/** @type {Array<{ route: Function, reset: () => void, control?: (method: string, path: string, body: any) => Reply | undefined }>} */
	const resources = [
		sessionsResource,
		paging,
		messagesResource,
		viewsResource,
		outboundResource,
		marketResource, // after messagesResource: its reset re-adds the market's messages to the feed
		classificationsResource,
	];
	/** @type {string[]} */
	const faultQueue = [];
	/** @type {Set<import('node:net').Socket>} */
	const sockets = new Set();
	/** @type {Set<() => void>} pending `slow` waits; calling one ends it at once */
	const waits = new Set();
	let closed = false;
	/** @type {number | null} */
	let rateLimit = null;
	/** When the requests let through in the last second were answered (ms), oldest first. */
	/** @type {number[]} */
	const window = [];

	/**
	 * The rate limit: a sliding one-second window over the /v2 requests that passed auth. Over the
	 * limit a request gets 429 with `Retry-After` (whole seconds, as HTTP has it) until the oldest
	 * request in the window leaves it, and does not count itself.
	 * @returns {number | undefined} the seconds to wait, or undefined when the request may pass
	 */
	function rateLimited() {
		if (!rateLimit) return undefined;
		const now = Date.now();
		while (window.length && window[0] <= now - 1000) window.shift();
		if (window.length < rateLimit) {
			window.push(now);
			return undefined;
		}
		return Math.max(1, Math.ceil((window[0] + 1000 - now) / 1000));
	}

	/** @param {unknown} perSecond */
	function setRateLimit(perSecond) {
		if (perSecond === null || perSecond === undefined || perSecond === 0) {
			rateLimit = null;
		} else if (typeof perSecond === 'number' && Number.isInteger(perSecond) && perSecond > 0) {
			rateLimit = perSecond;
		} else {
			throw new Error('The rate limit must be a whole number of requests per second, or null.');
		}
		window.length = 0;
	}
	setRateLimit(options.rateLimit ?? null);
	const initialAnswers = readAnswerStyle(options.answers ?? 'examples');
	let answerStyle = initialAnswers;
	const firstAnswerLoss = createFirstAnswerLoss(options.loseFirstAnswers ?? null);

	/** @param {number} ms @returns {Promise<boolean>} false when close() cut the wait short */
	function wait(ms) {
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
	}

	// ------------------------------------------------------------ request handling

	/** @param {http.IncomingMessage} req @param {http.ServerResponse} res */
	async function handle(req, res) {
		const requestId = newRequestId();
		res.setHeader('x-request-id', requestId);
		const url = new URL(req.url ?? '/', 'http://simulator.local');
		const method = (req.method ?? 'GET').toUpperCase();
		const { raw, tooLarge } = await readBody(req);
		if (url.pathname.startsWith('/__sim/')) {
			return control(method, url.pathname, raw, res, requestId);
		}

		const authHeader = req.headers.authorization;
		const bearer = /^Bearer +(\S+) *$/i.exec(authHeader ?? '');
		const token = bearer ? bearer[1] : undefined;
		/** @type {AuthOutcome} */
		let authOk = 'invalid';
		if (!authHeader) authOk = 'missing';
		else if (token && validTokens.includes(token)) authOk = 'valid';
		else if (token && otherTenantTokens.includes(token)) authOk = 'other-tenant';
		/** @type {RecordedRequest['authReason']} */
		let authReason;
		const fapi = url.pathname.startsWith(`${FAPI_PREFIX}/`);
		if (fapi) authOk = 'clerk';
		else if (authOk === 'invalid' && token && token.split('.').length === 3) {
			// A session JWT, as Clerk mints them (./clerk.js): valid until its exp, if signed by us.
			const check = clerk.verifySessionJwt(token);
			if (check.ok) authOk = 'valid';
			else authReason = check.reason;
		}

		/** @type {any} */
		let body = null;
		let notJson = false;
		if (raw.length > 0) {
			try {
				body = JSON.parse(raw);
			} catch {
				body = raw;
				notJson = true;
			}
		}
		const secrets = [...knownTokens, ...clerk.secrets(), ...(token ? [token] : [])];
		const recordedHeaders = { ...req.headers };
		if (authHeader !== undefined) {
			recordedHeaders.authorization = fapi ? '<redacted>' : 'Bearer <redacted>';
		}
		if (recordedHeaders.cookie !== undefined) recordedHeaders.cookie = '<redacted>';
		/** @type {RecordedRequest} */
		const record = redact(
			{
				method,
				path: url.pathname,
				query: queryObject(url.searchParams),
				headers: recordedHeaders,
				authOk,
				body,
			},
			secrets,
		);
		if (authReason) record.authReason = authReason;
		record.status = 0;
		record.requestId = requestId;
		requests.push(record);

		/** @param {Reply} reply */
		const answer = (reply) => {
			record.status = reply.status;
			send(res, reply, requestId);
			options.onRequest?.(record);
		};

		if (fapi) {
			const path = url.pathname.slice(FAPI_PREFIX.length);
			return answer(clerk.handleFapi(method, path, url.searchParams, req.headers, simulator.url));
		}
		if (!url.pathname.startsWith('/v2/')) return answer(routeNotFound(method, url.pathname));
		if (authOk === 'missing' || authOk === 'invalid') {
			const message =
				authReason === 'expired'
					? 'The session token (authorization) has expired.'
					: authReason
						? 'The session token (authorization) is not one WatchCollect issued.'
						: 'The authorization header must be "Bearer <token>" with a valid token.';
			return answer(errorReply(401, 'UNAUTHORIZED', message, 'authorization'));
		}
		if (authOk === 'other-tenant') {
			const message = 'The token (authorization) belongs to another tenant.';
			return answer(errorReply(403, 'FORBIDDEN', message, 'authorization'));
		}
		if (tooLarge) {
			return answer(errorReply(413, 'PAYLOAD_TOO_LARGE', 'The body is over 1 MB.', 'body'));
		}

		const retryAfter = rateLimited();
		if (retryAfter !== undefined) {
			record.rateLimited = true;
			const message = `Too many requests: at most ${rateLimit} per second; retry after ${retryAfter} seconds.`;
			return answer({
				...errorReply(429, 'RATE_LIMITED', message),
				headers: { 'retry-after': String(retryAfter) },
			});
		}

		// The fault of this request: the header, else a label "sim-fault:<fault>", else the queue.
		const headerFault = req.headers[FAULT_HEADER];
		const label = isObject(body) && typeof body.label === 'string' ? body.label : '';
		const labelFault = LABEL_FAULT.exec(label)?.[1];
		let fault = typeof headerFault === 'string' ? headerFault.trim() || undefined : undefined;
		const faultSource = fault ? FAULT_HEADER : labelFault ? 'label' : 'queue';
		fault = fault ?? labelFault ?? faultQueue.shift();
		if (fault === undefined && firstAnswerLoss.take(method, url, body)) fault = 'lost-answer';
		if (fault !== undefined && !FAULTS.includes(fault)) {
			const message = `Unknown simulator fault "${fault}"; known: ${FAULTS.join(', ')}.`;
			return answer(errorReply(400, 'UNKNOWN_SIM_FAULT', message, faultSource));
		}
		if (fault !== undefined) record.fault = fault;

		if (fault === 'drop') {
			options.onRequest?.(record);
			req.socket.destroy();
			return;
		}
		if (fault && ERROR_FAULTS[fault]) {
			const [status, code, message] = ERROR_FAULTS[fault];
			const retryAfter = fault === '429' ? { 'retry-after': '30' } : undefined;
			return answer({ ...errorReply(status, code, message), headers: retryAfter });
		}
		if (fault === '502') {
			return answer({ status: 502, body: PROXY_502, headers: { 'content-type': 'text/html' } });
		}
		if (fault === 'non-json') {
			const headers = { 'content-type': 'text/html; charset=utf-8' };
			return answer({ status: 200, body: SIGN_IN_PAGE, headers });
		}
		if (fault === 'bad-schema') {
			let made = sessionsResource.createSession(body, requestId, true);
			if (made.status !== 200) {
				made = sessionsResource.createSession(
					{ role: 'receiving', auth_method: 'qr' },
					requestId,
					true,
				);
			}
			const { session_id, ...rest } = made.body;
			return answer({ status: 200, body: { ...rest, created: 'yes' } });
		}
		if (fault === 'slow' && !(await wait(slowMs))) return; // close() ended the wait

		if (notJson) {
			return answer(errorReply(400, 'INVALID_JSON', 'The body is not valid JSON.', 'body'));
		}
		const dryRun = fault === 'rejected';
		let reply =
			resources
				.map((resource) => resource.route(method, url, body, requestId, dryRun))
				.find((r) => r !== undefined) ?? routeNotFound(method, url.pathname);
		if (fault === 'lost-answer') {
			// Done as usual (a send is stored), but the answer never arrives: the client must retry.
			record.status = 0;
			options.onRequest?.(record);
			req.socket.destroy();
			return;
		}
		if (fault === 'rejected' && reply.status === 200 && isObject(reply.body)) {
			reply.body.status = 'rejected';
			if ('session_status' in reply.body) reply.body.session_status = 'FAILED';
		}
		if (answerStyle === 'loose') reply = loosen(method, url, reply, requestId);
		answer(reply);
	}

	/**
	 * Control endpoints: no auth, never recorded.
	 * @param {string} method @param {string} path @param {string} raw
	 * @param {http.ServerResponse} res @param {string} requestId
	 */
	function control(method, path, raw, res, requestId) {
		/** @param {Reply} reply */
		const respond = (reply) => send(res, reply, requestId);
		if (path === '/__sim/clerk' || path.startsWith('/__sim/clerk/')) {
			return respond(
				clerk.control(method, path, raw, simulator.url) ?? routeNotFound(method, path),
			);
		}
		switch (`${method} ${path}`) {
			case 'GET /__sim/health':
				return respond({
					status: 200,
					body: {
						ok: true,
						queuedFaults: [...faultQueue],
						rateLimit,
						answers: answerStyle,
						loseFirstAnswers: firstAnswerLoss.scope(),
						listOrder: paging.settings.order,
						listCursor: paging.settings.cursor,
					},
				});
			case 'GET /__sim/answers':
				return respond({ status: 200, body: { style: answerStyle } });
			case 'POST /__sim/answers':
			case 'PUT /__sim/answers':
				try {
					const parsed = JSON.parse(raw);
					answerStyle = readAnswerStyle(isObject(parsed) ? parsed.style : undefined);
					return respond({ status: 200, body: { style: answerStyle } });
				} catch (error) {
					const message = error instanceof Error ? error.message : String(error);
					return respond(errorReply(400, 'INVALID_ANSWER_STYLE', message, 'style'));
				}
			case 'GET /__sim/lose-first-answers':
				return respond({ status: 200, body: { scope: firstAnswerLoss.scope() } });
			case 'POST /__sim/lose-first-answers':
			case 'PUT /__sim/lose-first-answers':
				try {
					const parsed = JSON.parse(raw);
					if (!isObject(parsed) || !('scope' in parsed)) {
						throw new Error('The body must be {"scope": "keyed-writes" | "every-request" | null}.');
					}
					firstAnswerLoss.setScope(parsed.scope);
					return respond({ status: 200, body: { scope: firstAnswerLoss.scope() } });
				} catch (error) {
					const message = error instanceof Error ? error.message : String(error);
					return respond(errorReply(400, 'INVALID_SCOPE', message, 'scope'));
				}
			case 'POST /__sim/rate-limit':
				try {
					const parsed = JSON.parse(raw);
					if (!isObject(parsed) || !('perSecond' in parsed)) {
						throw new Error('The body must be {"perSecond": N} (null or 0: no limit).');
					}
					setRateLimit(parsed.perSecond);
					return respond({ status: 200, body: { rateLimit } });
				} catch (error) {
					const message = error instanceof Error ? error.message : String(error);
					return respond(errorReply(400, 'INVALID_RATE_LIMIT', message, 'perSecond'));
				}
			case 'GET /__sim/requests':
				return respond({ status: 200, body: requests });
			case 'DELETE /__sim/requests':
				requests.length = 0;
				return respond({ status: 204, body: null });
			case 'POST /__sim/reset':
				simulator.reset();
				return respond({ status: 204, body: null });
			case 'POST /__sim/faults':
				try {
					const parsed = JSON.parse(raw);
					if (!isObject(parsed) || !Array.isArray(parsed.faults)) {
						throw new Error('The body must be {"faults": ["429", …]}.');
					}
					simulator.queueFaults(...parsed.faults.map(String));
					return respond({ status: 200, body: { queued: [...faultQueue] } });
				} catch (error) {
					const message = error instanceof Error ? error.message : String(error);
					return respond(errorReply(400, 'INVALID_FAULTS', message, 'faults'));
				}
			default: {
				/** @type {any} */
				let parsed = null;
				try {
					parsed = raw === '' ? null : JSON.parse(raw);
				} catch {
					return respond(errorReply(400, 'INVALID_JSON', 'The body is not valid JSON.', 'body'));
				}
				for (const resource of resources) {
					const reply = resource.control?.(method, path, parsed);
					if (reply) return respond(reply);
				}
				return respond(routeNotFound(method, path));
			}
		}
	}

	const server = http.createServer((req, res) => {
		handle(req, res).catch((error) => {
			const requestId = String(res.getHeader('x-request-id') ?? newRequestId());
			send(res, errorReply(500, 'INTERNAL_ERROR', `Simulator error: ${error}`), requestId);
		});
	});
	server.on('connection', (socket) => {
		sockets.add(socket);
		socket.on('close', () => sockets.delete(socket));
	});
	await new Promise((resolve, reject) => {
		server.once('error', reject);
		server.listen(options.port ?? 0, host, () => {
			server.off('error', reject);
			resolve(undefined);
		});
	});
	const address = server.address();
	const port = typeof address === 'object' && address ? address.port : 0;

	/** @type {Simulator} */
	const simulator = {
		url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
		port,
		requests,
		sessions: sessionsResource.sessions,
		messages: messagesResource,
		views: viewsResource,
		outbound: outboundResource,
		paging,
		market: marketResource,
		classifications: classificationsResource,
		reset() {
			requests.length = 0;
			faultQueue.length = 0;
			window.length = 0;
			answerStyle = initialAnswers;
			firstAnswerLoss.reset();
			for (const resource of resources) resource.reset();
			clerk.reset();
		},
		setRateLimit,
		rateLimit: () => rateLimit,
		setAnswers(style) {
			answerStyle = readAnswerStyle(style);
		},
		answers: () => answerStyle,
		loseFirstAnswers: (scope) => firstAnswerLoss.setScope(scope),
		setListOrder: (order) => paging.setOrder(order),
		setListCursor: (kind) => paging.setCursor(kind),
		queueFaults(...faults) {
			const unknown = faults.find((f) => !FAULTS.includes(f));
			if (unknown !== undefined) {
				throw new Error(`Unknown simulator fault "${unknown}"; known: ${FAULTS.join(', ')}`);
			}
			faultQueue.push(...faults);
		},
		clerk: {
			get frontendApiUrl() {
				return `${simulator.url}${FAPI_PREFIX}`;
			},
			state: clerk.state,
			rotate: clerk.rotate,
			revoke: clerk.revoke,
			endSession: clerk.endSession,
			setTtl: clerk.setTtl,
			mint: () => clerk.mint(`${simulator.url}${FAPI_PREFIX}`),
			clientTokens: clerk.secrets,
		},
		close() {
			if (closed) return Promise.resolve();
			closed = true;
			for (const cancel of [...waits]) cancel();
			return new Promise((resolve) => {
				server.close(() => resolve());
				for (const socket of sockets) socket.destroy();
			});
		},
	};
	return simulator;
}

module.exports = { startSimulator, FAULTS, DEFAULT_TOKENS, SEEDED_SESSION_NAMES, ANSWER_STYLES };
