// @ts-check
'use strict';
/**
 * The session endpoints: POST /v2/sessions (the OpenAPI contract) and GET /v2/sessions,
 * …/auth/qr, …/auth/request-code, …/start, …/sync (the public guide).
 */
const crypto = require('node:crypto');

const { randomString, errorReply, invalid, validate, isObject } = require('../common');
const {
	ROLES,
	CREATE_FIELDS,
	CREATE_RULES,
	phoneProblem,
	otpMethodProblem,
} = require('./sessionRules');

/** @typedef {import('../common').Reply} Reply */
/** @typedef {import('../common').Rule} Rule */
/** @typedef {'receiving' | 'sending'} Role */
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
const SEED_USER = 'user-user_35eh25qkkIVwab803vgofO1uSsl';
/** @type {Array<[string, Role, string, string]>} name, role, engine, status of the seeded sessions */
const SEEDED_SESSIONS = [
	[`${SEED_USER}-receiving`, 'receiving', 'WEBJS', 'SCAN_QR_CODE'],
	[`${SEED_USER}-receiving-paired`, 'receiving', 'WEBJS', 'WORKING'],
	[`${SEED_USER}-sending`, 'sending', 'NOWEB', 'SCAN_QR_CODE'],
];
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const SESSION_ACTION = /^\/v2\/sessions\/([^/]+)\/(auth\/qr|auth\/request-code|start|sync)$/;
const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const CODE_CHARS = 'ABCDEFGHJKLMNPQRSTVWXYZ0123456789';

/** @param {Role} role */
const newSessionName = (role) => `user-user_${randomString(27, ALNUM)}-${role}`;
/** @param {number} bytes */
const base64 = (bytes) => crypto.randomBytes(bytes).toString('base64');
/** WAHA's raw QR `2@<ref>,<noise key>,<identity key>,<adv secret>`: 2+120+1+44+1+44+1+24 chars. */
const newQrValue = () => `2@${base64(90)},${base64(32)},${base64(32)},${base64(16)}`;
/** A WhatsApp pairing code such as `ABCD-EFGH`. */
const newPairingCode = () => `${randomString(4, CODE_CHARS)}-${randomString(4, CODE_CHARS)}`;

/**
 * The sessions resource: its state and its routes.
 * @param {{ listShape?: 'object' | 'array' }} [options]
 */
function createSessionsResource(options = {}) {
	const listShape = options.listShape ?? 'object';
	/** @type {Map<string, SessionRecord>} */
	const sessions = new Map();
	const seedIds = SEEDED_SESSIONS.map(() => crypto.randomUUID());

	function seed() {
		sessions.clear();
		SEEDED_SESSIONS.forEach(([name, role, engine, status], i) => {
			const base = { session_id: seedIds[i], waha_session_name: name, role, engine };
			sessions.set(seedIds[i], { ...base, session_status: status, seeded: true });
		});
	}
	seed();

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

	return {
		sessions,
		createSession,
		reset: seed,
		/**
		 * A reply when the path is a session route, else undefined.
		 * @param {string} method @param {URL} url @param {any} body @param {string} requestId
		 * @param {boolean} dryRun @returns {Reply | undefined}
		 */
		route(method, url, body, requestId, dryRun) {
			const path = url.pathname;
			if (path === '/v2/sessions' && method === 'GET')
				return listSessions(url.searchParams, requestId);
			if (path === '/v2/sessions' && method === 'POST')
				return createSession(body, requestId, dryRun);
			const m = SESSION_ACTION.exec(path);
			if (m && method === (m[2] === 'auth/qr' ? 'GET' : 'POST')) {
				return sessionAction(m[2], m[1], body, requestId, dryRun);
			}
			return undefined;
		},
		/**
		 * PUT /__sim/sessions/{session_id or waha_session_name} {session_status} → a session's
		 * status (e.g. WORKING: pair it).
		 * @param {string} method @param {string} path @param {any} body @returns {Reply | undefined}
		 */
		control(method, path, body) {
			const m = /^\/__sim\/sessions\/([^/]+)$/.exec(path);
			if (m && method === 'PUT') {
				const session =
					sessions.get(m[1].toLowerCase()) ??
					[...sessions.values()].find((s) => s.waha_session_name === m[1]);
				if (!session)
					return errorReply(404, 'SESSION_NOT_FOUND', `No session ${m[1]}.`, 'session_id');
				const status = isObject(body) ? body.session_status : undefined;
				if (typeof status !== 'string' || status === '')
					return invalid('session_status', 'session_status must be a non-empty string.');
				session.session_status = status;
				const { seeded, ...item } = session;
				return { status: 200, body: item };
			}
			return undefined;
		},
	};
}

const SEEDED_SESSION_NAMES = SEEDED_SESSIONS.map(([name]) => name);

module.exports = { createSessionsResource, SEEDED_SESSION_NAMES };
