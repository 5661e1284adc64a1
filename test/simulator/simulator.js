'use strict';
/**
 * WatchCollect API v2 simulator for tests: a local HTTP server that follows the contract in
 * /work/shared/contract (POST /v2/sessions plus the neighbouring session endpoints of the public
 * guide) and injects faults on demand. Node's standard library only; runs on Node 20 and 24.
 * What it assumes where the contract is silent (error body, list shape, …) is in ./README.md.
 */
const http = require('node:http');
const crypto = require('node:crypto');

/** @typedef {'receiving' | 'sending'} Role */
/** @typedef {'valid' | 'other-tenant' | 'invalid' | 'missing'} AuthOutcome */
/**
 * @typedef {object} RecordedRequest
 * @property {string} method
 * @property {string} path
 * @property {Record<string, string | string[]>} query
 * @property {Record<string, string | string[] | undefined>} headers lower-cased; authorization is "Bearer <redacted>"
 * @property {AuthOutcome} authOk
 * @property {any} body parsed JSON, the raw string when it is not JSON, or null when empty
 * @property {string} [fault] the fault applied to this request
 * @property {number} status HTTP status sent; 0 while pending and for a dropped connection
 * @property {string} requestId the request_id (and x-request-id) of the answer
 */
/**
 * @typedef {object} SessionRecord
 * @property {string} session_id
 * @property {string} waha_session_name
 * @property {Role} role
 * @property {string} engine
 * @property {string} session_status
 * @property {string} [label]
 * @property {boolean} seeded
 */
/**
 * @typedef {object} SimulatorOptions
 * @property {string} [host] default 127.0.0.1
 * @property {number} [port] default 0 (a free port)
 * @property {{ valid?: string[], otherTenant?: string[] }} [tokens]
 * @property {number} [slowMs] delay of the `slow` fault, default 15000
 * @property {'object' | 'array'} [listShape] shape of GET /v2/sessions, default 'object'
 * @property {(record: RecordedRequest) => void} [onRequest] called once a recorded request is answered
 */
/**
 * @typedef {object} Simulator
 * @property {string} url http://127.0.0.1:PORT, no trailing slash
 * @property {number} port
 * @property {RecordedRequest[]} requests every request except the /__sim control ones, oldest first
 * @property {Map<string, SessionRecord>} sessions internal state by session_id (read-only use)
 * @property {() => void} reset clears requests, queued faults and created sessions; re-seeds
 * @property {(...faults: string[]) => void} queueFaults throws on an unknown fault name
 * @property {() => Promise<void>} close also destroys open sockets and ends `slow` waits
 */
/** @typedef {{ status: number, body: any, headers?: Record<string, string> }} Reply */
/**
 * A validation rule: the field it is about and a check returning the message of its violation
 * (a sentence naming the field), or a falsy value when the body keeps the rule.
 * @typedef {[string, (body: Record<string, any>) => string | false | null | undefined]} Rule
 */

const ROLES = ['receiving', 'sending'];
const ENGINES = ['WEBJS', 'NOWEB', 'GOWS'];
const AUTH_METHODS = ['qr', 'otp'];
const OTP_METHODS = ['', 'sms', 'voice'];
const CREATE_FIELDS = [
	'role',
	'engine',
	'auth_method',
	'waha_session_name',
	'phone_number',
	'otp_method',
	'label',
];
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
];
const FAULT_HEADER = 'x-sim-fault';
const LABEL_FAULT = /^sim-fault:([a-z0-9-]+)/;
const DEFAULT_TOKENS = { valid: ['sim-valid-token'], otherTenant: ['sim-other-tenant-token'] };
const SEED_USER = 'user-user_35eh25qkkIVwab803vgofO1uSsl';
/** @type {Array<[string, Role, string, string]>} name, role, engine, status of the seeded sessions */
const SEEDED_SESSIONS = [
	[`${SEED_USER}-receiving`, 'receiving', 'WEBJS', 'SCAN_QR_CODE'],
	[`${SEED_USER}-receiving-paired`, 'receiving', 'WEBJS', 'WORKING'],
	[`${SEED_USER}-sending`, 'sending', 'NOWEB', 'SCAN_QR_CODE'],
];
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const SESSION_ACTION = /^\/v2\/sessions\/([^/]+)\/(auth\/qr|auth\/request-code|start|sync)$/;
const MAX_BODY_BYTES = 1024 * 1024;
const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const CODE_CHARS = 'ABCDEFGHJKLMNPQRSTVWXYZ0123456789';
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

// ---------------------------------------------------------------- random values

/** @param {number} length @param {string} alphabet */
function randomString(length, alphabet) {
	let out = '';
	for (let i = 0; i < length; i++) out += alphabet[crypto.randomInt(alphabet.length)];
	return out;
}
const newRequestId = () => `req_${crypto.randomBytes(12).toString('hex')}`;
/** @param {Role} role */
const newSessionName = (role) => `user-user_${randomString(27, ALNUM)}-${role}`;
/** @param {number} bytes */
const base64 = (bytes) => crypto.randomBytes(bytes).toString('base64');
/** WAHA's raw QR `2@<ref>,<noise key>,<identity key>,<adv secret>`: 2+120+1+44+1+44+1+24 chars. */
const newQrValue = () => `2@${base64(90)},${base64(32)},${base64(32)},${base64(16)}`;
/** A WhatsApp pairing code such as `ABCD-EFGH`. */
const newPairingCode = () => `${randomString(4, CODE_CHARS)}-${randomString(4, CODE_CHARS)}`;

// ---------------------------------------------------------------- validation

/** @param {unknown} value @returns {value is Record<string, any>} */
const isObject = (value) => typeof value === 'object' && value !== null && !Array.isArray(value);

/** @param {unknown} phone @returns {string | null} */
function phoneProblem(phone) {
	if (phone === undefined || phone === null || phone === '') {
		return 'phone_number is required for a pairing code (auth_method "otp").';
	}
	if (typeof phone !== 'string') return 'phone_number must be a string.';
	if (!/^[0-9]+$/.test(phone)) return 'phone_number must be digits only (no "+", no spaces).';
	if (phone.startsWith('0')) return 'phone_number must start with the country code, not 0.';
	if (phone.length < 7 || phone.length > 15) return 'phone_number must have 7 to 15 digits.';
	return null;
}

/** @param {unknown} otp @param {unknown} engine @returns {string | null} */
function otpMethodProblem(otp, engine) {
	if (typeof otp !== 'string' || !OTP_METHODS.includes(otp)) {
		return 'otp_method must be omitted, "" (web pairing), "sms" or "voice".';
	}
	if (otp !== '' && engine === 'NOWEB') return 'otp_method must be empty for the NOWEB engine.';
	return null;
}

/** @param {unknown} value */
const isNonEmptyString = (value) => typeof value === 'string' && value.trim() !== '';

/** @type {Rule[]} every rule of CreateSessionRequest (contract README), checked in this order */
const CREATE_RULES = [
	['role', (b) => b.role === undefined && 'role is required: "receiving" or "sending".'],
	['role', (b) => !ROLES.includes(b.role) && 'role must be "receiving" or "sending".'],
	[
		'engine',
		(b) =>
			b.engine !== undefined &&
			!ENGINES.includes(b.engine) &&
			'engine must be WEBJS, NOWEB or GOWS.',
	],
	[
		'engine',
		(b) =>
			b.role === 'sending' &&
			b.engine !== 'NOWEB' &&
			'engine must be "NOWEB" for a sending session.',
	],
	[
		'engine',
		(b) =>
			b.role === 'receiving' &&
			b.engine === 'NOWEB' &&
			'engine NOWEB is only for sending sessions.',
	],
	[
		'waha_session_name',
		(b) =>
			b.waha_session_name !== undefined &&
			!isNonEmptyString(b.waha_session_name) &&
			'waha_session_name must be a non-empty string.',
	],
	[
		'auth_method',
		(b) =>
			b.auth_method !== undefined &&
			!AUTH_METHODS.includes(b.auth_method) &&
			'auth_method must be "qr" or "otp".',
	],
	[
		'auth_method',
		(b) =>
			b.auth_method === undefined &&
			b.waha_session_name === undefined &&
			'auth_method is required to create a new session (without waha_session_name).',
	],
	[
		'phone_number',
		(b) =>
			b.phone_number !== undefined &&
			b.auth_method !== 'otp' &&
			'phone_number is only allowed with auth_method "otp".',
	],
	['phone_number', (b) => b.auth_method === 'otp' && phoneProblem(b.phone_number)],
	[
		'otp_method',
		(b) =>
			b.otp_method !== undefined &&
			b.auth_method !== 'otp' &&
			'otp_method is only allowed with auth_method "otp".',
	],
	['otp_method', (b) => b.otp_method !== undefined && otpMethodProblem(b.otp_method, b.engine)],
	[
		'label',
		(b) => b.label !== undefined && typeof b.label !== 'string' && 'label must be a string.',
	],
];

/**
 * Checks a JSON body: an object, no unknown field, then the rules in order.
 * @param {unknown} body @param {string[]} allowed @param {Rule[]} rules
 * @returns {Reply | null} the 422 reply for the first violation
 */
function validate(body, allowed, rules) {
	if (!isObject(body)) return invalid('body', 'The request body must be a JSON object.');
	const unknown = Object.keys(body).find((key) => !allowed.includes(key));
	if (unknown !== undefined) return invalid(unknown, `Unknown field ${unknown} is not allowed.`);
	for (const [field, check] of rules) {
		const message = check(body);
		if (message) return invalid(field, message);
	}
	return null;
}

// ---------------------------------------------------------------- HTTP helpers

/**
 * The one error body shape (README.md); send() adds the request_id.
 * @param {number} status @param {string} code @param {string} message @param {string} [field]
 * @returns {Reply}
 */
function errorReply(status, code, message, field) {
	return { status, body: { error: { code, message, status, ...(field ? { field } : {}) } } };
}
/** @param {string} field @param {string} message */
const invalid = (field, message) => errorReply(422, 'VALIDATION_ERROR', message, field);
/** @param {string} method @param {string} path */
const routeNotFound = (method, path) =>
	errorReply(404, 'ROUTE_NOT_FOUND', `No route for ${method} ${path}.`);

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
	const listShape = options.listShape ?? 'object';
	const validTokens = options.tokens?.valid ?? DEFAULT_TOKENS.valid;
	const otherTenantTokens = options.tokens?.otherTenant ?? DEFAULT_TOKENS.otherTenant;
	const knownTokens = [...validTokens, ...otherTenantTokens].filter((t) => t.length > 0);

	/** @type {RecordedRequest[]} */
	const requests = [];
	/** @type {Map<string, SessionRecord>} */
	const sessions = new Map();
	/** @type {string[]} */
	const faultQueue = [];
	/** @type {Set<import('node:net').Socket>} */
	const sockets = new Set();
	/** @type {Set<() => void>} pending `slow` waits; calling one ends it at once */
	const waits = new Set();
	const seedIds = SEEDED_SESSIONS.map(() => crypto.randomUUID());
	let closed = false;

	function seed() {
		sessions.clear();
		SEEDED_SESSIONS.forEach(([name, role, engine, status], i) => {
			const base = { session_id: seedIds[i], waha_session_name: name, role, engine };
			sessions.set(seedIds[i], { ...base, session_status: status, seeded: true });
		});
	}
	seed();

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

	// ------------------------------------------------------------ route handlers

	/**
	 * POST /v2/sessions: create (no waha_session_name) or link. A dry run (faults `rejected`,
	 * `bad-schema`) answers without storing anything.
	 * @param {any} body @param {string} requestId @param {boolean} dryRun @returns {Reply}
	 */
	function createSession(body, requestId, dryRun) {
		const bad = validate(body, CREATE_FIELDS, CREATE_RULES);
		if (bad) return bad;
		/** @type {Role} */
		const role = body.role;
		const linkName = body.waha_session_name;
		const existing = [...sessions.values()].find(
			(s) => linkName !== undefined && s.waha_session_name === linkName && s.role === role,
		);
		if (linkName !== undefined && !existing) {
			const message = `No ${role} session has the waha_session_name "${linkName}".`;
			return errorReply(404, 'SESSION_NOT_FOUND', message, 'waha_session_name');
		}
		const engine = body.engine ?? existing?.engine ?? 'WEBJS';
		const needsPairing = !existing || existing.session_status !== 'WORKING';
		/** @type {string | undefined} auth to start; none for a paired session linked without one */
		const auth = body.auth_method ?? (needsPairing ? 'qr' : undefined);
		const sessionId = existing?.session_id ?? crypto.randomUUID();
		const name = existing?.waha_session_name ?? newSessionName(role);
		const sessionStatus = auth ? 'SCAN_QR_CODE' : (existing?.session_status ?? 'WORKING');
		const syncEventIds = role === 'receiving' ? [crypto.randomUUID()] : [];

		/** @type {Record<string, any>} */
		const reply = {
			status: 'accepted',
			session_id: sessionId,
			waha_session_name: name,
			role,
			engine,
			session_status: sessionStatus,
			created: !existing,
			started: true,
			auth_method: auth ?? 'qr', // required by the contract even when no auth starts
			webhook_configured: true,
			sync_requested: role === 'receiving',
			request_id: requestId,
			event_ids: [crypto.randomUUID(), ...syncEventIds],
		};
		if (body.label !== undefined) reply.label = body.label;
		if (auth === 'qr') reply.qr = { value: newQrValue(), request_id: requestId };
		if (auth === 'otp') {
			const method = body.otp_method ?? '';
			const code = newPairingCode();
			reply.otp = { phone_number: body.phone_number, method, code, request_id: requestId };
		}
		if (syncEventIds.length > 0) reply.sync_request_event_ids = syncEventIds;

		if (!dryRun) {
			const base = { session_id: sessionId, waha_session_name: name, role, seeded: false };
			/** @type {SessionRecord} */
			const stored = existing ?? { ...base, engine, session_status: sessionStatus };
			stored.engine = engine;
			stored.session_status = sessionStatus;
			if (body.label !== undefined) stored.label = body.label;
			sessions.set(sessionId, stored);
		}
		return { status: 200, body: reply };
	}

	/** GET /v2/sessions?role= @param {URLSearchParams} query @param {string} requestId @returns {Reply} */
	function listSessions(query, requestId) {
		const roles = query.getAll('role');
		if (roles.length !== 1 || !ROLES.includes(roles[0])) {
			return invalid('role', 'The query parameter role is required: "receiving" or "sending".');
		}
		const list = [...sessions.values()]
			.filter((s) => s.role === roles[0])
			.map(({ seeded, ...item }) => item);
		return {
			status: 200,
			body: listShape === 'array' ? list : { sessions: list, request_id: requestId },
		};
	}

	/**
	 * /v2/sessions/{id}/auth/qr | auth/request-code | start | sync
	 * @param {string} action @param {string} id @param {any} body @param {string} requestId
	 * @param {boolean} dryRun @returns {Reply}
	 */
	function sessionAction(action, id, body, requestId, dryRun) {
		if (!UUID.test(id)) {
			return invalid('session_id', 'The path parameter session_id must be a UUID.');
		}
		const session = sessions.get(id.toLowerCase());
		if (!session) {
			return errorReply(
				404,
				'SESSION_NOT_FOUND',
				`No session has the session_id ${id}.`,
				'session_id',
			);
		}
		const session_id = session.session_id;
		if (action === 'auth/qr') {
			const qr = { value: newQrValue(), request_id: requestId };
			return { status: 200, body: { qr, session_id, request_id: requestId } };
		}
		if (action === 'auth/request-code') {
			const otpRule = (/** @type {any} */ b) =>
				b.otp_method !== undefined && otpMethodProblem(b.otp_method, session.engine);
			/** @type {Rule[]} */
			const rules = [
				['phone_number', (b) => phoneProblem(b.phone_number)],
				['otp_method', otpRule],
			];
			const bad = validate(body, ['phone_number', 'otp_method'], rules);
			if (bad) return bad;
			const { phone_number } = body;
			const reply = { phone_number, method: body.otp_method ?? '', code: newPairingCode() };
			return { status: 200, body: { ...reply, request_id: requestId } };
		}
		if (action === 'start') {
			if (!dryRun) session.session_status = 'STARTING';
			const reply = { session_id, session_status: 'STARTING', started: true };
			return { status: 200, body: { ...reply, request_id: requestId } };
		}
		if (session.role !== 'receiving') {
			return invalid('role', 'Manual sync needs a session whose role is receiving.');
		}
		const reply = {
			session_id,
			sync_requested: true,
			sync_request_event_ids: [crypto.randomUUID()],
		};
		return { status: 200, body: { ...reply, request_id: requestId } };
	}

	/**
	 * Routes a /v2 request that passed auth.
	 * @param {string} method @param {URL} url @param {any} body @param {string} requestId
	 * @param {boolean} dryRun @returns {Reply}
	 */
	function route(method, url, body, requestId, dryRun) {
		const path = url.pathname;
		if (path === '/v2/sessions' && method === 'GET') {
			return listSessions(url.searchParams, requestId);
		}
		if (path === '/v2/sessions' && method === 'POST') return createSession(body, requestId, dryRun);
		const m = SESSION_ACTION.exec(path);
		if (m && method === (m[2] === 'auth/qr' ? 'GET' : 'POST')) {
			return sessionAction(m[2], m[1], body, requestId, dryRun);
		}
		return routeNotFound(method, path);
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
		const secrets = token ? [...knownTokens, token] : knownTokens;
		const recordedHeaders = { ...req.headers };
		if (authHeader !== undefined) recordedHeaders.authorization = 'Bearer <redacted>';
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
		record.status = 0;
		record.requestId = requestId;
		requests.push(record);

		/** @param {Reply} reply */
		const answer = (reply) => {
			record.status = reply.status;
			send(res, reply, requestId);
			options.onRequest?.(record);
		};

		if (!url.pathname.startsWith('/v2/')) return answer(routeNotFound(method, url.pathname));
		if (authOk === 'missing' || authOk === 'invalid') {
			const message = 'The authorization header must be "Bearer <token>" with a valid token.';
			return answer(errorReply(401, 'UNAUTHORIZED', message, 'authorization'));
		}
		if (authOk === 'other-tenant') {
			const message = 'The token (authorization) belongs to another tenant.';
			return answer(errorReply(403, 'FORBIDDEN', message, 'authorization'));
		}
		if (tooLarge) {
			return answer(errorReply(413, 'PAYLOAD_TOO_LARGE', 'The body is over 1 MB.', 'body'));
		}

		// The fault of this request: the header, else a label "sim-fault:<fault>", else the queue.
		const headerFault = req.headers[FAULT_HEADER];
		const label = isObject(body) && typeof body.label === 'string' ? body.label : '';
		const labelFault = LABEL_FAULT.exec(label)?.[1];
		let fault = typeof headerFault === 'string' ? headerFault.trim() || undefined : undefined;
		const faultSource = fault ? FAULT_HEADER : labelFault ? 'label' : 'queue';
		fault = fault ?? labelFault ?? faultQueue.shift();
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
			let made = createSession(body, requestId, true);
			if (made.status !== 200) {
				made = createSession({ role: 'receiving', auth_method: 'qr' }, requestId, true);
			}
			const { session_id, ...rest } = made.body;
			return answer({ status: 200, body: { ...rest, created: 'yes' } });
		}
		if (fault === 'slow' && !(await wait(slowMs))) return; // close() ended the wait

		if (notJson) {
			return answer(errorReply(400, 'INVALID_JSON', 'The body is not valid JSON.', 'body'));
		}
		const reply = route(method, url, body, requestId, fault === 'rejected');
		if (fault === 'rejected' && reply.status === 200 && isObject(reply.body)) {
			reply.body.status = 'rejected';
			if ('session_status' in reply.body) reply.body.session_status = 'FAILED';
		}
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
		switch (`${method} ${path}`) {
			case 'GET /__sim/health':
				return respond({ status: 200, body: { ok: true, queuedFaults: [...faultQueue] } });
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
			default:
				return respond(routeNotFound(method, path));
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
		sessions,
		reset() {
			requests.length = 0;
			faultQueue.length = 0;
			seed();
		},
		queueFaults(...faults) {
			const unknown = faults.find((f) => !FAULTS.includes(f));
			if (unknown !== undefined) {
				throw new Error(`Unknown simulator fault "${unknown}"; known: ${FAULTS.join(', ')}`);
			}
			faultQueue.push(...faults);
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

const SEEDED_SESSION_NAMES = SEEDED_SESSIONS.map(([name]) => name);

module.exports = { startSimulator, FAULTS, DEFAULT_TOKENS, SEEDED_SESSION_NAMES };
